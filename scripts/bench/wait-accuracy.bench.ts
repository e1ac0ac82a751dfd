/**
 * Estimated wait accuracy: simulated days on the pure core; each ticket's printed estimate against the wait it
 * really had (issue → first call). The estimator the core ships is compared, on the very same states, with a
 * frozen copy of the first estimator (v1), so before/after come from one run.
 *
 *   npx tsx scripts/bench/wait-accuracy.bench.ts [--days 8]
 */
import { type Hall, type QueueState, type Service, typicalServiceMs, windowsServing } from '@hallq/core';
import { type AlternativeEstimator, simulateDay, type TicketRecord } from './lib/hall-day.ts';
import { type ResultRow, startResult } from './lib/results.ts';
import { percentile, round } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const DAYS = Number(flag('days') ?? 8);
const TARGET_SHARE = 0.8;
/** An estimate counts as right within ±20% of the real wait, or ±2 minutes, whichever is larger. */
const RELATIVE = 0.2;
const FLOOR_MS = 2 * 60_000;

/** The estimator as first shipped (people ahead × median service time ÷ open windows), kept here as the baseline. */
const v1: AlternativeEstimator = (hall: Hall, before: QueueState, issued) => {
  const service = hall.services.find((s) => s.id === issued.ticket.serviceId) as Service;
  const perPerson = typicalServiceMs(service, before.recentServiceMs[service.id]);
  return Math.round((issued.peopleAhead * perPerson) / windowsServing(hall, before, service.id));
};

interface Accuracy {
  readonly tickets: number;
  readonly within: number;
  readonly share: number;
  /** The same share with ±20% alone (no 2-minute floor), for honesty about short waits. */
  readonly shareStrict20: number;
  /** Estimate − real, minutes. */
  readonly errorMinutes: Readonly<Record<string, number>>;
  /** |estimate − real| / real, for waits of 5 minutes and more. */
  readonly relativeErrorLongWaits: Readonly<Record<string, number>>;
  readonly byService: Readonly<Record<string, { tickets: number; share: number }>>;
  readonly byWait: Readonly<Record<string, { tickets: number; share: number }>>;
}

function accuracy(records: readonly TicketRecord[], estimate: (r: TicketRecord) => number): Accuracy {
  const called = records.filter((r) => r.calledAt !== null);
  const ok = (r: TicketRecord) => {
    const real = r.calledAt! - r.issuedAt;
    return Math.abs(estimate(r) - real) <= Math.max(RELATIVE * real, FLOOR_MS);
  };
  const okStrict = (r: TicketRecord) => {
    const real = r.calledAt! - r.issuedAt;
    return Math.abs(estimate(r) - real) <= RELATIVE * real;
  };
  const errors = called.map((r) => (estimate(r) - (r.calledAt! - r.issuedAt)) / 60_000);
  const long = called.filter((r) => r.calledAt! - r.issuedAt >= 5 * 60_000);
  const relative = long.map(
    (r) => Math.abs(estimate(r) - (r.calledAt! - r.issuedAt)) / (r.calledAt! - r.issuedAt),
  );
  const group = (key: (r: TicketRecord) => string) => {
    const out: Record<string, { tickets: number; share: number }> = {};
    const keys = [...new Set(called.map(key))].sort();
    for (const k of keys) {
      const part = called.filter((r) => key(r) === k);
      out[k] = { tickets: part.length, share: round(part.filter(ok).length / part.length) };
    }
    return out;
  };
  const waitBand = (r: TicketRecord) => {
    const m = (r.calledAt! - r.issuedAt) / 60_000;
    return m < 2 ? 'a: < 2 min' : m < 10 ? 'b: 2–10 min' : m < 30 ? 'c: 10–30 min' : 'd: ≥ 30 min';
  };
  const pcts = (values: readonly number[]) =>
    Object.fromEntries([5, 10, 25, 50, 75, 90, 95].map((p) => [`p${p}`, round(percentile(values, p), 2)]));
  const within = called.filter(ok).length;
  return {
    tickets: called.length,
    within,
    share: round(within / called.length),
    shareStrict20: round(called.filter(okStrict).length / called.length),
    errorMinutes: pcts(errors),
    relativeErrorLongWaits: pcts(relative),
    byService: group((r) => r.serviceId),
    byWait: group(waitBand),
  };
}

export async function waitAccuracyBenchmark() {
  const result = startResult('wait-accuracy', 'Estimated wait accuracy on simulated days');
  const records: TicketRecord[] = [];
  for (let day = 0; day < DAYS; day += 1) records.push(...simulateDay(1000 + day, { v1 }));
  const uncalled = records.filter((r) => r.calledAt === null).length;
  const current = accuracy(records, (r) => r.estimateMs);
  const baseline = accuracy(records, (r) => r.alternatives.v1 ?? Number.NaN);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rows: ResultRow[] = [
    {
      benchmark: 'estimated wait within ±20% (or ±2 min) of the real wait',
      measured: pct(current.share),
      baseline: `${pct(baseline.share)} first estimator (v1)`,
      ratio: `${(current.share / baseline.share).toFixed(2)}×`,
      target: `≥ ${TARGET_SHARE * 100}%`,
      verdict: current.share >= TARGET_SHARE ? 'MET' : 'MISSED',
      note:
        `${current.tickets} tickets over ${DAYS} simulated days; ±20% alone: ${pct(current.shareStrict20)} (v1 ${pct(baseline.shareStrict20)}); ` +
        `error (estimate − real) p10 ${current.errorMinutes.p10} / p50 ${current.errorMinutes.p50} / p90 ${current.errorMinutes.p90} min ` +
        `(v1 ${baseline.errorMinutes.p10} / ${baseline.errorMinutes.p50} / ${baseline.errorMinutes.p90})`,
    },
  ];
  result.finish(rows, {
    rule: 'right when |estimate − real| ≤ max(20% × real, 2 min); real = first call − issue',
    days: DAYS,
    tickets: records.length,
    neverCalled: uncalled,
    current,
    v1: baseline,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await waitAccuracyBenchmark();
  process.exit(0);
}
