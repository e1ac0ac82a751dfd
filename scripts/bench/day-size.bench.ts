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
 * A day's size and a queue's length are kept apart (see `daySizeBenchmark`); the queue's length has its own
 * bench (queue-length).
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

/** Alternating trials on two hubs (which goes first alternates), after the same warm-up on both. */
async function alternate(a: BenchHub, b: BenchHub): Promise<{ a: Samples; b: Samples }> {
  const samples = { a: emptySamples(), b: emptySamples() };
  for (let i = 0; i < 20; i += 1) {
    await cycle(a, emptySamples());
    await cycle(b, emptySamples());
  }
  for (let i = 0; i < TRIALS; i += 1) {
    if (i % 2 === 0) {
      await cycle(a, samples.a);
      await cycle(b, samples.b);
    } else {
      await cycle(b, samples.b);
      await cycle(a, samples.a);
    }
  }
  return samples;
}

interface Comparison {
  readonly busy: string;
  readonly baseline: string;
  /** Judged against the target, or information only. */
  readonly judged: boolean;
  readonly samples: { a: Samples; b: Samples };
}

function rowsOf(c: Comparison, daySeconds: number): ResultRow[] {
  const rows: ResultRow[] = [];
  const [base, busy] = [c.samples.a, c.samples.b];
  for (const [what, key, note] of [
    [
      'command work',
      'work',
      `${busy.work.length} commands each (issue, call-next, finish), trials alternating; the day took ${daySeconds.toFixed(1)} s to play`,
    ],
    [
      'command with the figures after it,',
      'withFigures',
      'the figures the hub publishes per committed batch, computed on the state after each command',
    ],
  ] as const) {
    const [b, s] = [summarize(base[key]), summarize(busy[key])];
    for (const p of ['p50', 'p99'] as const) {
      const r = s[p] / b[p];
      rows.push({
        benchmark: `${what} ${p}, ${c.busy}`,
        measured: ms(s[p]),
        baseline: `${ms(b[p])} ${c.baseline}`,
        ratio: ratio(r),
        target: c.judged ? `≤ ${TARGET_RATIO}×` : '—',
        verdict: c.judged ? (r <= TARGET_RATIO ? 'MET' : 'MISSED') : 'INFO',
        note,
      });
    }
  }
  return rows;
}

/**
 * Three comparisons, because a day's size and a queue's length are two things: the day's history alone (the
 * 10,000 tickets served, nothing left waiting) against an empty hall; the same day with 1,000 still waiting
 * against an empty hall (the day and a long queue together, the old row); and, as information, that day against
 * a fresh hall with the same 1,000 waiting (what the history costs when the queue is long).
 */
export async function daySizeBenchmark() {
  const result = startResult('day-size', 'Day size: a command after a 10,000-ticket day vs in an empty hall');
  const empty = await startBenchHub();
  const busy = await startBenchHub();
  const freshQueue = await startBenchHub();
  try {
    console.log(`day-size: playing a ${DAY}-ticket day …`);
    const dayStarted = performance.now();
    await playDay(busy, DAY);
    const daySeconds = (performance.now() - dayStarted) / 1000;
    console.log(`day-size: ${TRIALS} alternating trials, nothing waiting …`);
    const dayAlone = await alternate(empty, busy);
    issueDirect(busy, WAITING);
    issueDirect(freshQueue, WAITING);
    await Promise.all([busy.hub.hall.settled(), freshQueue.hub.hall.settled()]);
    console.log(`day-size: ${TRIALS} alternating trials, ${WAITING} waiting …`);
    const dayAndQueue = await alternate(empty, busy);
    const historyUnderQueue = await alternate(freshQueue, busy);
    const day = DAY.toLocaleString('en');
    const waiting = WAITING.toLocaleString('en');
    const comparisons: Comparison[] = [
      {
        busy: `after a ${day}-ticket day (nothing waiting)`,
        baseline: 'empty hall',
        judged: true,
        samples: dayAlone,
      },
      {
        busy: `after a ${day}-ticket day (${waiting} waiting)`,
        baseline: 'empty hall',
        judged: true,
        samples: dayAndQueue,
      },
      {
        busy: `after a ${day}-ticket day (${waiting} waiting)`,
        baseline: `fresh hall, ${waiting} waiting`,
        judged: false,
        samples: historyUnderQueue,
      },
    ];
    const summaries = comparisons.map((c) => ({
      busy: c.busy,
      baseline: c.baseline,
      work: { baseline: summarize(c.samples.a.work), busy: summarize(c.samples.b.work) },
      withFigures: { baseline: summarize(c.samples.a.withFigures), busy: summarize(c.samples.b.withFigures) },
      durable: { baseline: summarize(c.samples.a.durable), busy: summarize(c.samples.b.durable) },
    }));
    result.finish(
      comparisons.flatMap((c) => rowsOf(c, daySeconds)),
      { day: DAY, waiting: WAITING, trials: TRIALS, daySeconds, comparisons: summaries },
    );
  } finally {
    await empty.close();
    await busy.close();
    await freshQueue.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await daySizeBenchmark();
  process.exit(0);
}
