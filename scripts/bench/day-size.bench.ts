/**
 * Day size: does a long, busy day slow a command? The same cycle of commands (issue, call-next, finish) runs on
 * two real hubs in this process, trials alternating between them: one hall empty, one after a 10,000-ticket day
 * (10,000 tickets issued, called and finished through the hall service, with 1,000 more still waiting). Each
 * command is timed from the call into the hall service until it returns (the pure rules, the SQLite statements
 * and the log entry: all the work a command does) and, as information, until its batch is durable (that adds
 * the fsync, which is the disk's and the same for both). "With the figures" adds the per-service figures of the
 * state after the command (what the hub publishes with every committed batch, and what the next issue's estimate
 * reads): before issue 12 was finished they replayed the whole queue after every call-next and finish.
 *
 *   npx tsx scripts/bench/day-size.bench.ts [--day 10000] [--waiting 1000] [--trials 400]
 */
import { type QueueCommand, serviceQueueFigures } from '@hallq/core';
import { type BenchHub, issueDirect, startBenchHub } from './lib/bench-hub.ts';
import { ms, type ResultRow, ratio, startResult } from './lib/results.ts';
import { summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DAY = flag('day', 10_000);
const WAITING = flag('waiting', 1_000);
const TRIALS = flag('trials', 400);
const TARGET_RATIO = 1.2;
const SYSTEM = { kind: 'system', id: null, deviceId: null } as const;

function run(bench: BenchHub, command: QueueCommand): void {
  const outcome = bench.hub.hall.execute(command, SYSTEM);
  if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.message}`);
}

/** A whole day through the hall service: every ticket issued, called at a window and finished. */
async function playDay(bench: BenchHub, tickets: number): Promise<void> {
  const windows = bench.hall.windows.map((w) => w.id);
  for (let done = 0; done < tickets; done += windows.length) {
    const batch = Math.min(windows.length, tickets - done);
    issueDirect(bench, batch);
    for (const windowId of windows.slice(0, batch)) {
      run(bench, { type: 'window:call-next', windowId, clerkId: null });
      run(bench, { type: 'window:finish', windowId });
    }
    // Bounded batches, as in a hall: commit now and then rather than one 30,000-command transaction.
    if (done % 400 === 0) await bench.hub.hall.settled();
  }
  await bench.hub.hall.settled();
}

interface Samples {
  work: number[];
  /** The command and then the figures of the state after it. */
  withFigures: number[];
  durable: number[];
}

const emptySamples = (): Samples => ({ work: [], withFigures: [], durable: [] });

/** One cycle on one hub: issue, call-next and finish at window 1, each timed and then awaited to durability. */
async function cycle(bench: BenchHub, samples: Samples): Promise<void> {
  const serviceId = bench.hall.services[0]!.id;
  const commands: QueueCommand[] = [
    { type: 'ticket:issue', serviceId, visitorClass: 'normal', visitorKey: null, kioskId: null },
    { type: 'window:call-next', windowId: 'w1', clerkId: null },
    { type: 'window:finish', windowId: 'w1' },
  ];
  for (const command of commands) {
    const t0 = performance.now();
    run(bench, command);
    const t1 = performance.now();
    serviceQueueFigures(bench.hub.hall.hall(), bench.hub.hall.state());
    const tf = performance.now();
    await bench.hub.hall.settled();
    const t2 = performance.now();
    samples.work.push(t1 - t0);
    samples.withFigures.push(tf - t0);
    samples.durable.push(t2 - t0);
  }
}

export async function daySizeBenchmark() {
  const result = startResult('day-size', 'Day size: a command after a 10,000-ticket day vs in an empty hall');
  const empty = await startBenchHub();
  const busy = await startBenchHub();
  try {
    console.log(`day-size: playing a ${DAY}-ticket day and queueing ${WAITING} …`);
    const dayStarted = performance.now();
    await playDay(busy, DAY);
    issueDirect(busy, WAITING);
    await busy.hub.hall.settled();
    const daySeconds = (performance.now() - dayStarted) / 1000;
    const emptyHall = emptySamples();
    const busyHall = emptySamples();
    // Warm both up the same way, then alternate which goes first, so drift on the machine hits both alike.
    for (let i = 0; i < 20; i += 1) {
      await cycle(empty, emptySamples());
      await cycle(busy, emptySamples());
    }
    console.log(`day-size: ${TRIALS} alternating trials …`);
    for (let i = 0; i < TRIALS; i += 1) {
      if (i % 2 === 0) {
        await cycle(empty, emptyHall);
        await cycle(busy, busyHall);
      } else {
        await cycle(busy, busyHall);
        await cycle(empty, emptyHall);
      }
    }
    const emptyWork = summarize(emptyHall.work);
    const busyWork = summarize(busyHall.work);
    const emptyFigures = summarize(emptyHall.withFigures);
    const busyFigures = summarize(busyHall.withFigures);
    const emptyDurable = summarize(emptyHall.durable);
    const busyDurable = summarize(busyHall.durable);
    const waitingAtEnd = [...busy.hub.hall.state().tickets.values()].filter(
      (t) => t.status === 'waiting',
    ).length;
    const figureRows: ResultRow[] = (['p50', 'p99'] as const).map((p) => ({
      benchmark: `command with the figures after it, ${p}, after a ${DAY.toLocaleString('en')}-ticket day (${WAITING.toLocaleString('en')} waiting)`,
      measured: ms(busyFigures[p]),
      baseline: `${ms(emptyFigures[p])} empty hall`,
      ratio: ratio(busyFigures[p] / emptyFigures[p]),
      target: `≤ ${TARGET_RATIO}×`,
      verdict: busyFigures[p] / emptyFigures[p] <= TARGET_RATIO ? 'MET' : 'MISSED',
      note: 'the figures the hub publishes per committed batch, computed on the state after each command',
    }));
    const rows: ResultRow[] = (['p50', 'p99'] as const).map((p) => ({
      benchmark: `command work ${p} after a ${DAY.toLocaleString('en')}-ticket day (${WAITING.toLocaleString('en')} waiting)`,
      measured: ms(busyWork[p]),
      baseline: `${ms(emptyWork[p])} empty hall`,
      ratio: ratio(busyWork[p] / emptyWork[p]),
      target: `≤ ${TARGET_RATIO}×`,
      verdict: busyWork[p] / emptyWork[p] <= TARGET_RATIO ? 'MET' : 'MISSED',
      note:
        `${busyWork.n} commands each (issue, call-next, finish), trials alternating; until durable: ` +
        `${ms(busyDurable[p])} vs ${ms(emptyDurable[p])}; the day took ${daySeconds.toFixed(1)} s to play`,
    }));
    result.finish([...rows, ...figureRows], {
      day: DAY,
      waiting: WAITING,
      waitingAtEnd,
      trials: TRIALS,
      work: { empty: emptyWork, busy: busyWork },
      withFigures: { empty: emptyFigures, busy: busyFigures },
      durable: { empty: emptyDurable, busy: busyDurable },
      daySeconds,
    });
  } finally {
    await empty.close();
    await busy.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await daySizeBenchmark();
  process.exit(0);
}
