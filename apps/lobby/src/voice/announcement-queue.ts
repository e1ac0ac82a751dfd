import type { Announcement } from './announcement.ts';

/**
 * The announcement queue. Calls are said in the order they arrive, one at a time, never dropped; a recall of a
 * call that is still waiting to be said, or was said moments ago, is not said again.
 *
 * `queueTransition` is pure (state, event) → (state, effects); `createAnnouncementQueue` runs it against a
 * player and a clock.
 */
export interface QueueSettings {
  /** A recall of a ticket at the same window said (started) less than this long ago is a duplicate. */
  readonly dedupeMs: number;
  /**
   * Pending announcements beyond this are not kept (the oldest go, logged as `overflow`). At ~8 s each, the
   * default 1000 is over two hours of speech: a safety bound for a screen that runs for weeks, not a policy.
   */
  readonly maxPending: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { dedupeMs: 10_000, maxPending: 1000 };

interface Said {
  readonly id: string;
  /** `ticketId@windowId`: a recall is a duplicate of anything said for the same ticket at the same window. */
  readonly target: string;
  readonly startedAt: number;
}

export interface QueueState {
  readonly pending: readonly Announcement[];
  readonly playing: { readonly announcement: Announcement; readonly startedAt: number } | null;
  /** Announcements started within `dedupeMs`, newest last. */
  readonly recent: readonly Said[];
}

export const initialQueueState: QueueState = { pending: [], playing: null, recent: [] };

export type QueueEvent =
  | { readonly type: 'enqueue'; readonly announcement: Announcement; readonly now: number }
  | {
      readonly type: 'finished';
      readonly id: string;
      readonly now: number;
      readonly outcome: 'said' | 'failed' | 'timeout';
    };

export type QueueOutcome = 'queued' | 'duplicate' | 'overflow' | 'started' | 'said' | 'failed' | 'timeout';

export type QueueEffect =
  | { readonly type: 'play'; readonly announcement: Announcement }
  | {
      readonly type: 'record';
      readonly announcement: Announcement;
      readonly outcome: QueueOutcome;
      readonly at: number;
    };

const targetOf = (a: Announcement) => `${a.call.ticketId}@${a.call.windowId}`;

function startNext(state: QueueState, now: number, effects: QueueEffect[]): QueueState {
  if (state.playing !== null) return state;
  const [next, ...rest] = state.pending;
  if (next === undefined) return state;
  effects.push(
    { type: 'play', announcement: next },
    { type: 'record', announcement: next, outcome: 'started', at: now },
  );
  return {
    pending: rest,
    playing: { announcement: next, startedAt: now },
    recent: [...state.recent, { id: next.id, target: targetOf(next), startedAt: now }],
  };
}

/** Why an announcement need not be said; null when it must be. */
function duplicateOf(state: QueueState, a: Announcement, now: number, settings: QueueSettings): boolean {
  const sameId = (x: Announcement) => x.id === a.id;
  if (state.pending.some(sameId) || state.playing?.announcement.id === a.id) return true;
  if (state.recent.some((s) => s.id === a.id)) return true;
  if (!a.call.recall) return false;
  const target = targetOf(a);
  if (state.pending.some((x) => targetOf(x) === target)) return true;
  return state.recent.some((s) => s.target === target && now - s.startedAt < settings.dedupeMs);
}

export function queueTransition(
  state: QueueState,
  event: QueueEvent,
  settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
): { state: QueueState; effects: QueueEffect[] } {
  const effects: QueueEffect[] = [];
  const { now } = event;
  const fresh = { ...state, recent: state.recent.filter((s) => now - s.startedAt < settings.dedupeMs) };
  switch (event.type) {
    case 'enqueue': {
      const { announcement } = event;
      if (duplicateOf(fresh, announcement, now, settings)) {
        effects.push({ type: 'record', announcement, outcome: 'duplicate', at: now });
        return { state: fresh, effects };
      }
      let pending = [...fresh.pending, announcement];
      effects.push({ type: 'record', announcement, outcome: 'queued', at: now });
      while (pending.length > settings.maxPending) {
        const [dropped, ...rest] = pending;
        effects.push({ type: 'record', announcement: dropped!, outcome: 'overflow', at: now });
        pending = rest;
      }
      return { state: startNext({ ...fresh, pending }, now, effects), effects };
    }
    case 'finished': {
      if (fresh.playing?.announcement.id !== event.id) return { state: fresh, effects };
      effects.push({
        type: 'record',
        announcement: fresh.playing.announcement,
        outcome: event.outcome,
        at: now,
      });
      return { state: startNext({ ...fresh, playing: null }, now, effects), effects };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown queue event ${JSON.stringify(unknown)}`);
    }
  }
}

// ---- runner ----------------------------------------------------------------------------------------------

/** Says one announcement. The queue calls it only after the previous `play` settled: never two at once. */
export interface AnnouncementPlayer {
  play(announcement: Announcement): Promise<void>;
}

export interface QueueTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface QueueLogEntry {
  readonly id: string;
  readonly text: string;
  readonly ticketNumber: string;
  readonly windowNumber: number;
  readonly recall: boolean;
  readonly outcome: QueueOutcome;
  readonly at: number;
}

export interface AnnouncementQueue {
  enqueue(announcement: Announcement): void;
  /** The announcement being said now, or null. */
  current(): Announcement | null;
  pending(): readonly Announcement[];
  /** The newest `logLimit` decisions (queued, duplicate, started, said, …), oldest first. */
  log(): readonly QueueLogEntry[];
  /** How many announcements ended each way since the start (constant memory, unlike the log). */
  counts(): Readonly<Record<QueueOutcome, number>>;
  /** Called after every change of `current`, `pending` or `log`. */
  subscribe(listener: () => void): () => void;
  /** Stops: nothing more is started; the player's current announcement is left to finish. */
  dispose(): void;
}

export interface AnnouncementQueueOptions {
  readonly player: AnnouncementPlayer;
  readonly clock: () => number;
  readonly timers: QueueTimers;
  readonly settings?: Partial<QueueSettings>;
  /** A `play` that has not settled after this long is given up (`timeout`) so the queue never stalls. */
  readonly maxPlayMs?: number;
  readonly logLimit?: number;
  /** Told about an announcement the player failed on (it is logged either way). */
  readonly onError?: (announcement: Announcement, error: unknown) => void;
}

export function createAnnouncementQueue(options: AnnouncementQueueOptions): AnnouncementQueue {
  const settings = { ...DEFAULT_QUEUE_SETTINGS, ...options.settings };
  const maxPlayMs = options.maxPlayMs ?? 60_000;
  const logLimit = options.logLimit ?? 500;
  let state = initialQueueState;
  let disposed = false;
  const entries: QueueLogEntry[] = [];
  const counts: Record<QueueOutcome, number> = {
    queued: 0,
    duplicate: 0,
    overflow: 0,
    started: 0,
    said: 0,
    failed: 0,
    timeout: 0,
  };
  const listeners = new Set<() => void>();
  let watchdog: unknown = null;

  const dispatch = (event: QueueEvent) => {
    if (disposed) return;
    const result = queueTransition(state, event, settings);
    state = result.state;
    for (const effect of result.effects) {
      if (effect.type === 'record') record(effect.announcement, effect.outcome, effect.at);
      else play(effect.announcement);
    }
    for (const listener of [...listeners]) listener();
  };

  const record = (a: Announcement, outcome: QueueOutcome, at: number) => {
    counts[outcome] += 1;
    entries.push({
      id: a.id,
      text: a.text,
      ticketNumber: a.call.ticketNumber,
      windowNumber: a.call.windowNumber,
      recall: a.call.recall,
      outcome,
      at,
    });
    if (entries.length > logLimit) entries.splice(0, entries.length - logLimit);
  };

  const play = (a: Announcement) => {
    let settled = false;
    const finish = (outcome: 'said' | 'failed' | 'timeout') => {
      if (settled) return;
      settled = true;
      options.timers.clearTimeout(timer);
      if (watchdog === timer) watchdog = null;
      dispatch({ type: 'finished', id: a.id, now: options.clock(), outcome });
    };
    const timer = options.timers.setTimeout(() => finish('timeout'), maxPlayMs);
    watchdog = timer;
    let playing: Promise<void>;
    try {
      playing = options.player.play(a);
    } catch (error) {
      playing = Promise.reject(error);
    }
    playing.then(
      () => finish('said'),
      (error: unknown) => {
        options.onError?.(a, error);
        finish('failed');
      },
    );
  };

  return {
    enqueue: (announcement) => dispatch({ type: 'enqueue', announcement, now: options.clock() }),
    current: () => state.playing?.announcement ?? null,
    pending: () => state.pending,
    log: () => entries.slice(),
    counts: () => ({ ...counts }),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispose() {
      disposed = true;
      listeners.clear();
      if (watchdog !== null) options.timers.clearTimeout(watchdog);
      watchdog = null;
    },
  };
}
