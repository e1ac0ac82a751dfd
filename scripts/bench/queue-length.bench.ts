/**
 * Queue length: does the queue rules' work per command grow with the number of waiting tickets? The pure core
 * only (no SQLite, no sockets), so what is measured is the rules and the forecast: each command is
 * `transition` plus the per-service figures of the state after it (what the hub publishes per batch and what the
 * next issue's estimate reads). The cycle interleaves issues with call-next, start, finish, pause and resume on
 * the bench hall (six services, eight windows); an empty hall and halls with 100, 1,000 and 10,000 tickets
 * waiting take turns, and each is compared with the first (the empty hall). 1,000 against 10,000 tells whether
 * the work grows with the queue; against the empty hall, what a queue costs at all.
 *
 *   npx tsx scripts/bench/queue-length.bench.ts [--sizes 0,100,1000,10000] [--trials 300]
 */
import {
  type Hall,
  initialQueueState,
  type QueueCommand,
  type QueueState,
  serviceQueueFigures,
  transition,
} from '@hallq/core';
import { benchHall } from './lib/bench-hub.ts';
import { ms, type ResultRow, ratio, startResult } from './lib/results.ts';
import { summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (flag('sizes') ?? '0,100,1000,10000').split(',').map(Number);
const TRIALS = Number(flag('trials') ?? 300);
const TARGET_RATIO = 1.2;

/** The bench hall with four-digit numbers and no daily limit, so a long queue does not run out of numbers. */
function hallOf(): Hall {
  const hall = benchHall();
  return {
    ...hall,
    services: hall.services.map((s) => ({ ...s, numberWidth: 5, dailyLimit: null, perIdLimit: 99 })),
    rules: { ...hall.rules, dayChangePolicy: 'keep' },
  };
}

interface Queue {
  state: QueueState;
  now: number;
  readonly samples: number[];
}

function apply(hall: Hall, queue: Queue, command: QueueCommand): void {
  queue.now += 1000;
  const result = transition(queue.state, command, { hall, now: queue.now });
  if (!result.ok) throw new Error(`${command.type}: ${result.violation.message}`);
  queue.state = result.state;
}

function queueOf(hall: Hall, waiting: number, start: number): Queue {
  const queue: Queue = { state: initialQueueState(hall, start), now: start, samples: [] };
  for (let i = 0; i < waiting; i += 1) {
    const serviceId = hall.services[i % hall.services.length]!.id;
    apply(hall, queue, {
      type: 'ticket:issue',
      serviceId,
      visitorClass: 'normal',
      visitorKey: null,
      kioskId: null,
    });
  }
  return queue;
}

/** One cycle: each command timed with the figures after it; the queue keeps its length. */
function cycle(hall: Hall, queue: Queue, record: boolean): void {
  const serviceId = hall.services[0]!.id;
  const commands: QueueCommand[] = [
    { type: 'ticket:issue', serviceId, visitorClass: 'normal', visitorKey: null, kioskId: null },
    { type: 'window:call-next', windowId: 'w1', clerkId: null },
    { type: 'window:start', windowId: 'w1' },
    { type: 'ticket:issue', serviceId, visitorClass: 'normal', visitorKey: null, kioskId: null },
    { type: 'window:finish', windowId: 'w1' },
    { type: 'window:pause', windowId: 'w2', reason: 'break', note: null },
    { type: 'window:call-next', windowId: 'w1', clerkId: null },
    { type: 'window:finish', windowId: 'w1' },
    { type: 'window:resume', windowId: 'w2' },
  ];
  for (const command of commands) {
    const t0 = performance.now();
    apply(hall, queue, command);
    serviceQueueFigures(hall, queue.state);
    const t1 = performance.now();
    if (record) queue.samples.push(t1 - t0);
  }
}

export async function queueLengthBenchmark() {
  const result = startResult(
    'queue-length',
    'Queue length: the rules and the figures per command, by tickets waiting',
  );
  const hall = hallOf();
  // A weekday morning in the hall's time zone, so every service is open.
  const start = Date.parse('2026-12-07T09:00:00+08:00');
  const queues = SIZES.map((size) => ({ size, queue: queueOf(hall, size, start) }));
  for (let i = 0; i < 30; i += 1) for (const { queue } of queues) cycle(hall, queue, false);
  for (let i = 0; i < TRIALS; i += 1) {
    // Rotate which size goes first, so drift on the machine hits all alike.
    for (let k = 0; k < queues.length; k += 1) {
      const { queue } = queues[(i + k) % queues.length]!;
      cycle(hall, queue, true);
    }
  }
  const base = summarize(queues[0]!.queue.samples);
  const against = (
    label: string,
    baseline: string,
    s: ReturnType<typeof summarize>,
    b: typeof s,
    target: boolean,
  ) =>
    (['p50', 'p99'] as const).map(
      (p): ResultRow => ({
        benchmark: `rules + figures per command ${p}, ${label}`,
        measured: ms(s[p]),
        baseline: `${ms(b[p])} ${baseline}`,
        ratio: ratio(s[p] / b[p]),
        target: target ? `≤ ${TARGET_RATIO}×` : 'information',
        verdict: !target ? 'INFO' : s[p] / b[p] <= TARGET_RATIO ? 'MET' : 'MISSED',
        note: `${s.n} commands (issues, call-next, start, finish, pause, resume), sizes taking turns`,
      }),
    );
  const rows: ResultRow[] = queues
    .slice(1)
    .flatMap(({ size, queue }) =>
      against(`${size.toLocaleString('en')} waiting`, 'empty hall', summarize(queue.samples), base, false),
    );
  // Growth with the queue: the longest queue against one a tenth of it.
  const longest = queues.at(-1)!;
  const tenth = queues.find((q) => q.size * 10 === longest.size);
  if (tenth) {
    rows.push(
      ...against(
        `${longest.size.toLocaleString('en')} waiting`,
        `${tenth.size.toLocaleString('en')} waiting`,
        summarize(longest.queue.samples),
        summarize(tenth.queue.samples),
        true,
      ),
    );
  }
  result.finish(rows, {
    trials: TRIALS,
    bySize: Object.fromEntries(queues.map(({ size, queue }) => [size, summarize(queue.samples)])),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await queueLengthBenchmark();
  process.exit(0);
}
