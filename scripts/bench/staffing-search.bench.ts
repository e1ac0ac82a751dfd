/**
 * The staffing planner's search for the fewest windows per half-hour (80% called within 15 minutes, 8 seeds), on
 * the demo hall's day (lib/demo-hall-day.ts: 10 windows, ~380 visitors) and on days of the generated hall
 * (scripts/generate-history.ts: 81 windows, ~5,000 visitors a weekday; the planner's day as the console asks it —
 * the same weekday of the four weeks before, growth 1 — read from the history the planner validation uses).
 * Each is timed with the search the planner uses (`fewestWindowsPerHalfHour`: replays from half-hour checkpoints)
 * and, for comparison, with the whole-day search it replaced (`fewestWindowsByWholeDays`, about a minute per
 * day of the generated hall: run on its busiest day only unless --all-old, none with --no-old). The hub stops a
 * plan after 4.5 s (apps/hub/src/planner/planner-pool.ts), so that is the limit each is judged by.
 *
 *   npx tsx scripts/bench/staffing-search.bench.ts [--all-old | --no-old]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fewestWindowsPerHalfHour, type StaffingPlan, type StaffingTarget } from '@hallq/core';
import { HallConfig } from '@hallq/protocol';
import { openDatabase } from '../../apps/hub/src/db/open-database.ts';
import { plannerDayOf } from '../../apps/hub/src/planner/planner-day.ts';
import { PLANNER_POOL_DEFAULTS } from '../../apps/hub/src/planner/planner-pool.ts';
import { fewestWindowsByWholeDays } from '../../packages/core/src/simulation/staffing-plan-whole-days.ts';
import { generateHistory } from '../generate-history.ts';
import { demoHallDay } from './lib/demo-hall-day.ts';
import { REPO_ROOT, type ResultRow, startResult } from './lib/results.ts';

const args = process.argv.slice(2);
const OLD: 'busiest' | 'all' | 'none' = args.includes('--no-old')
  ? 'none'
  : args.includes('--all-old')
    ? 'all'
    : 'busiest';
/** The planner validation's history (its default: 28 days validated and the 5 weeks before them). */
const FILE = join(REPO_ROOT, 'data/bench/planner-history.db');
const TARGET: StaffingTarget = { share: 0.8, maxWaitMinutes: 15 };
const LIMIT_S = PLANNER_POOL_DEFAULTS.timeoutMs / 1000;
/** A busy Monday, a Wednesday and a quiet Sunday of the generated history (its last full week). */
const LARGE_DAYS = ['2026-11-23', '2026-11-25', '2026-11-22'] as const;
const BUSIEST = LARGE_DAYS[0];

const load = () =>
  loadavg()
    .slice(0, 1)
    .map((l) => l.toFixed(2))
    .join('');
const total = (counts: readonly number[]) => counts.reduce((s, c) => s + c, 0);

/** One search, timed, with the 1-minute load average when it started and ended. */
function timed(search: () => StaffingPlan): { plan: StaffingPlan; seconds: number; load: string } {
  const before = load();
  const started = performance.now();
  const plan = search();
  return { plan, seconds: (performance.now() - started) / 1000, load: `${before}→${load()}` };
}

if (!existsSync(FILE)) {
  mkdirSync(dirname(FILE), { recursive: true });
  generateHistory({ out: FILE, days: 28 + 35, perDay: 5000, log: (line) => console.log(line) });
}
const db = openDatabase(FILE);
const meta = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'hall'").get();
if (!meta) throw new Error(`${FILE} has no hall`);
const largeHall = HallConfig.parse(JSON.parse(meta.value));
const demo = demoHallDay();
const { schedule: _schedule, ...demoDay } = demo.input;

const cases = [
  {
    name: `demo hall (${demo.hall.windows.length} windows, ${demo.hall.services.length} services)`,
    day: demoDay,
    old: OLD !== 'none',
  },
  ...LARGE_DAYS.map((day) => ({
    name: `generated hall (${largeHall.windows.length} windows), ${day} (${new Date(`${day}T00:00:00Z`).toLocaleDateString('en', { weekday: 'short', timeZone: 'UTC' })})`,
    day: plannerDayOf(db, largeHall, { day, weeks: 4, growth: 1 }).day,
    old: OLD === 'all' || (OLD === 'busiest' && day === BUSIEST),
  })),
];

const result = startResult('staffing-search', 'Staffing planner: fewest windows per half-hour, search time');
// Warm-up: the JIT compiles the replay before anything is timed.
fewestWindowsPerHalfHour(demoDay, TARGET);
const rows: ResultRow[] = [];
const details: Record<string, unknown>[] = [];
for (const c of cases) {
  const visitors = Math.round(
    c.day.arrivals.halfHours.reduce((n, slot) => n + Object.values(slot).reduce((s, v) => s + v, 0), 0),
  );
  const fast = timed(() => fewestWindowsPerHalfHour(c.day, TARGET));
  const old = c.old ? timed(() => fewestWindowsByWholeDays(c.day, TARGET)) : null;
  const unmet = fast.plan.met.filter((m) => !m).length;
  const comparison = old
    ? fast.plan.counts.join() === old.plan.counts.join()
      ? 'the same plan as the whole-day search'
      : `whole-day search: ${total(old.plan.counts)} window-half-hours, largest difference ${Math.max(...fast.plan.counts.map((n, i) => Math.abs(n - old.plan.counts[i]!)))}`
    : 'whole-day search not run';
  console.log(
    `${c.name}: ${fast.seconds.toFixed(2)} s${old ? ` (whole-day ${old.seconds.toFixed(1)} s)` : ''}`,
  );
  rows.push({
    benchmark: `fewest windows per half-hour, ${c.name}, ~${visitors} visitors, 80% within 15 min, 8 seeds`,
    measured: `${fast.seconds.toFixed(2)} s`,
    baseline: old ? `${old.seconds.toFixed(1)} s (whole-day search)` : '—',
    ratio: old ? `${(old.seconds / fast.seconds).toFixed(0)}× faster` : '—',
    target: `< ${LIMIT_S} s (the hub's limit); aim < 2 s`,
    verdict: fast.seconds < 2 ? 'MET' : 'MISSED',
    note:
      `load ${fast.load}${old ? `, whole-day search at load ${old.load}` : ''}; ${fast.plan.daysSimulated} day-equivalents replayed` +
      `${old ? ` (whole-day search: ${old.plan.daysSimulated} days)` : ''}; ${total(fast.plan.counts)} window-half-hours, ` +
      `${unmet} of ${fast.plan.counts.length} half-hours cannot meet the target; ${comparison}`,
  });
  details.push({
    case: c.name,
    seconds: fast.seconds,
    load: fast.load,
    plan: fast.plan,
    wholeDay: old && { seconds: old.seconds, load: old.load, plan: old.plan },
  });
}
result.finish(rows, { target: TARGET, cases: details });
db.close();
