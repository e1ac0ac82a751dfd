/**
 * The staffing planner's validation (issue 17): the last month of generated history (scripts/generate-history.ts:
 * ~5,000 visitors a weekday, every window open 08:30–17:30 — the days' real schedule), each day predicted by the
 * planner exactly as the console asks it (arrivals from the same weekday of the four weeks before, growth 1,
 * service times and no-shows from those days, the hall's windows as they were) and its predicted median wait per
 * half-hour compared with the real one of that day. Nothing of the day itself enters its prediction.
 *
 *   npx tsx scripts/bench/planner-validation.bench.ts [--days 28]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type HalfHourMedian, localDateTime, medianWaitError, percentileOf } from '@hallq/core';
import { HallConfig } from '@hallq/protocol';
import { openDatabase } from '../../apps/hub/src/db/open-database.ts';
import { createPlanner } from '../../apps/hub/src/planner/planner.ts';
import { generateHistory, HISTORY_OPEN_DAY } from '../generate-history.ts';
import { REPO_ROOT, type ResultRow, startResult } from './lib/results.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--days');
const DAYS = at >= 0 ? Number(args[at + 1]) : 28;
const FILE = join(REPO_ROOT, 'data/bench/planner-history.db');
const MINUTE = 60_000;

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

if (!existsSync(FILE)) {
  mkdirSync(dirname(FILE), { recursive: true });
  // Five weeks before the month validated, so its first day has four of the same weekday behind it.
  generateHistory({ out: FILE, days: DAYS + 35, perDay: 5000, log: (line) => console.log(line) });
}
const db = openDatabase(FILE);
const meta = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'hall'").get();
if (!meta) throw new Error(`${FILE} has no hall`);
const hall = HallConfig.parse(JSON.parse(meta.value));
const planner = createPlanner(db, () => hall);
/** The planner's answer, or the bench stops with its error. */
const planOf = async (query: Parameters<typeof planner.plan>[0]) => {
  const answer = await planner.plan(query);
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.data;
};
const realWaits = db.prepare<[string], { issued_at: number; first_called_at: number }>(
  'SELECT issued_at, first_called_at FROM tickets WHERE business_day = ? AND first_called_at IS NOT NULL',
);

/** The error of one way of predicting every day: per-half-hour absolute and signed errors, minutes. */
interface Errors {
  readonly signed: number[];
  readonly absolute: number[];
  readonly realMedians: number[];
}
const newErrors = (): Errors => ({ signed: [], absolute: [], realMedians: [] });
const dayCount = db.prepare<[string], { n: number }>(
  'SELECT COUNT(*) AS n FROM tickets WHERE business_day = ?',
);

const result = startResult(
  'planner-validation',
  'Staffing planner: predicted vs real median wait per half-hour',
);
const perDay: {
  day: string;
  halfHours: number;
  meanAbsMinutes: number | null;
  worstMinutes: number | null;
}[] = [];
const forecast = newErrors();
// The same days with the day's own volume (growth = its real count over the forecast's): what is left is the
// simulation's error, not the forecast's.
const volumeKnown = newErrors();
const started = performance.now();
// The open (last) day of the history is still running: the month validated ends the day before it.
for (let i = DAYS; i >= 1; i -= 1) {
  const day = addDays(HISTORY_OPEN_DAY, -i);
  const plan = await planOf({ day, weeks: 4, growth: 1 });
  const forecastCount = plan.halfHours.reduce((n, h) => n + h.arrivals, 0);
  const realCount = dayCount.get(day)?.n ?? 0;
  const knownPlan = await planOf({
    day,
    weeks: 4,
    growth: forecastCount > 0 ? Math.min(5, Math.max(0.1, realCount / forecastCount)) : 1,
  });
  const bySlot = new Map<number, number[]>();
  for (const r of realWaits.all(day)) {
    const minute = localDateTime(r.issued_at, hall.rules.timeZone).minuteOfDay;
    const slot = Math.floor(minute / 30) * 30;
    const list = bySlot.get(slot) ?? [];
    list.push(r.first_called_at - r.issued_at);
    bySlot.set(slot, list);
  }
  const real: HalfHourMedian[] = [...bySlot].map(([startMinute, waits]) => ({
    startMinute,
    medianWaitMs: percentileOf(
      waits.sort((a, b) => a - b),
      0.5,
    ),
  }));
  const predicted: HalfHourMedian[] = plan.halfHours.map((h) => ({
    startMinute: h.startMinute,
    medianWaitMs: h.medianWaitMs,
  }));
  const error = medianWaitError(predicted, real);
  const realOf = new Map(real.map((r) => [r.startMinute, r.medianWaitMs]));
  const collect = (halfHours: typeof plan.halfHours, into: Errors) => {
    for (const p of halfHours) {
      const r = realOf.get(p.startMinute);
      if (p.medianWaitMs === null || r === null || r === undefined) continue;
      into.signed.push((p.medianWaitMs - r) / MINUTE);
      into.absolute.push(Math.abs(p.medianWaitMs - r) / MINUTE);
      into.realMedians.push(r / MINUTE);
    }
  };
  collect(plan.halfHours, forecast);
  collect(knownPlan.halfHours, volumeKnown);
  perDay.push({
    day,
    halfHours: error.halfHours,
    meanAbsMinutes: error.meanAbsoluteErrorMs === null ? null : error.meanAbsoluteErrorMs / MINUTE,
    worstMinutes: error.worstMs === null ? null : error.worstMs / MINUTE,
  });
}
const seconds = (performance.now() - started) / 1000;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const rowOf = (name: string, e: Errors): ResultRow => {
  const within = (limit: number) =>
    e.absolute.filter((x) => x <= limit).length / Math.max(1, e.absolute.length);
  return {
    benchmark: `planner: predicted vs real median wait per half-hour, last ${DAYS} generated days — ${name}`,
    measured: `${mean(e.absolute).toFixed(1)} min mean absolute error`,
    baseline: `real median ${mean(e.realMedians).toFixed(1)} min on average`,
    ratio: '—',
    target: 'info (report the error)',
    verdict: 'INFO',
    note:
      `${e.absolute.length} half-hours; bias (predicted − real) ${mean(e.signed).toFixed(1)} min; ` +
      `p50/p90 of |error| ${percentileOf(sorted(e.absolute), 0.5)?.toFixed(1)}/${percentileOf(sorted(e.absolute), 0.9)?.toFixed(1)} min; ` +
      `worst ${Math.max(...e.absolute).toFixed(1)} min; within 2 min: ${(within(2) * 100).toFixed(0)}%, within 5 min: ${(within(5) * 100).toFixed(0)}%`,
  };
};
const rows: ResultRow[] = [
  rowOf('forecast from the 4 weeks before (as the console plans)', forecast),
  rowOf("the day's own volume given (simulation error alone)", volumeKnown),
];
rows[0] = { ...rows[0]!, note: `${rows[0]!.note}; ${seconds.toFixed(1)} s for ${DAYS * 2} plans` };
result.finish(rows, {
  days: DAYS,
  file: FILE,
  perDay,
});
await planner.close();
db.close();
