import type { Timers } from '../timers.ts';

/** Timers driven by the test: nothing fires until `advance()` moves the manual clock. */
export interface ManualTimers {
  readonly timers: Timers;
  /** Milliseconds since the manual clock started. */
  now(): number;
  /** Timers scheduled and not yet fired or cancelled. */
  readonly pending: number;
  /**
   * Moves the clock forward by `ms`, firing due timers in order. Before and after each timer it lets pending
   * I/O callbacks, promise jobs and `process.nextTick`s run (MockBinding and streams use those), so a whole
   * request/response exchange completes between two timers.
   */
  advance(ms: number): Promise<void>;
  /** Only lets pending I/O, promise jobs and ticks run; the clock does not move. */
  flush(): Promise<void>;
}

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

const FLUSH_ROUNDS = 20;

export function createManualTimers(): ManualTimers {
  let clock = 0;
  let seq = 0;
  const entries = new Set<Entry>();

  const flush = async (): Promise<void> => {
    for (let round = 0; round < FLUSH_ROUNDS; round += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const nextDue = (until: number): Entry | undefined => {
    let best: Entry | undefined;
    for (const entry of entries) {
      if (entry.at > until) continue;
      if (!best || entry.at < best.at || (entry.at === best.at && entry.seq < best.seq)) best = entry;
    }
    return best;
  };

  return {
    timers: {
      set(callback, ms) {
        const entry: Entry = { at: clock + Math.max(0, ms), seq: seq++, callback };
        entries.add(entry);
        return () => {
          entries.delete(entry);
        };
      },
    },
    now: () => clock,
    get pending() {
      return entries.size;
    },
    async advance(ms) {
      const until = clock + ms;
      await flush();
      for (let entry = nextDue(until); entry; entry = nextDue(until)) {
        entries.delete(entry);
        clock = entry.at;
        entry.callback();
        await flush();
      }
      clock = until;
    },
    flush,
  };
}
