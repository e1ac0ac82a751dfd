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
const realWaits = db.prepare<[string], { issued_at: number; first_called_at: number }>(
  'SELECT issued_at, first_called_at FROM tickets WHERE business_day = ? AND first_called_at IS NOT NULL',
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
const signed: number[] = [];
const absolute: number[] = [];
const realMedians: number[] = [];
const started = performance.now();
// The open (last) day of the history is still running: the month validated ends the day before it.
for (let i = DAYS; i >= 1; i -= 1) {
  const day = addDays(HISTORY_OPEN_DAY, -i);
  const plan = planner.plan({ day, weeks: 4, growth: 1 });
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
  for (const p of predicted) {
    const r = realOf.get(p.startMinute);
    if (p.medianWaitMs === null || r === null || r === undefined) continue;
    signed.push((p.medianWaitMs - r) / MINUTE);
    absolute.push(Math.abs(p.medianWaitMs - r) / MINUTE);
    realMedians.push(r / MINUTE);
  }
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
const within = (limit: number) => absolute.filter((e) => e <= limit).length / Math.max(1, absolute.length);
const rows: ResultRow[] = [
  {
    benchmark: `planner: predicted vs real median wait per half-hour, last ${DAYS} generated days`,
    measured: `${mean(absolute).toFixed(1)} min mean absolute error`,
    baseline: `real median ${mean(realMedians).toFixed(1)} min on average`,
    ratio: '—',
    target: 'info (report the error)',
    verdict: 'INFO',
    note:
      `${absolute.length} half-hours; bias (predicted − real) ${mean(signed).toFixed(1)} min; ` +
      `p50/p90 of |error| ${percentileOf(sorted(absolute), 0.5)?.toFixed(1)}/${percentileOf(sorted(absolute), 0.9)?.toFixed(1)} min; ` +
      `worst ${Math.max(...absolute).toFixed(1)} min; within 2 min: ${(within(2) * 100).toFixed(0)}%, within 5 min: ${(within(5) * 100).toFixed(0)}%; ` +
      `${seconds.toFixed(1)} s for ${DAYS} plans`,
  },
];
result.finish(rows, {
  days: DAYS,
  file: FILE,
  perDay,
  signedMinutes: signed,
  realMedianMinutes: realMedians,
});
db.close();
