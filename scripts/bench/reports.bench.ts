/**
 * Reports and supervision over a generated year of history (scripts/generate-history.ts, ~1.8 M tickets):
 * - a month's report (by service, window and clerk, with medians and p90) from the day summaries;
 * - the same month with no summaries stored (every day summed from its tickets), for comparison;
 * - the supervision snapshot (rules + view) of the open day's live hall.
 * Targets (issue 6): month report < 200 ms, supervision snapshot < 20 ms. Writes bench/results/reports.{json,md}.
 *
 *   npx tsx scripts/bench/reports.bench.ts [--history data/bench/history.db] [--runs 20] [--regenerate]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { openDatabase } from '../../apps/hub/src/db/open-database.ts';
import { createHallService } from '../../apps/hub/src/hall-service.ts';
import { createReportStore } from '../../apps/hub/src/reports/report-store.ts';
import { createAccounts } from '../../apps/hub/src/store/accounts.ts';
import { createSupervisionDesk } from '../../apps/hub/src/supervision/supervision-desk.ts';
import { DEFAULT_HISTORY_FILE, generateHistory, HISTORY_NOW, HISTORY_OPEN_DAY } from '../generate-history.ts';

/** Self-contained (no shared bench library), in the shape of the other results (bench/results/<name>.json). */
const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/results');
interface ResultRow {
  readonly benchmark: string;
  readonly measured: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: 'MET' | 'MISSED' | 'INFO';
  readonly note: string;
}
const ms = (value: number) =>
  value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
/** Nearest-rank percentiles of the timings. */
function summarize(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return {
    n: sorted.length,
    p50: r(at(50)),
    p90: r(at(90)),
    max: r(sorted.at(-1)!),
    mean: r(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}
const startedAt = new Date().toISOString();
const benchStart = performance.now();
const machine = {
  cores: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  totalMemoryMb: Math.round(totalmem() / 2 ** 20),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const HISTORY = resolve(flag('history') ?? DEFAULT_HISTORY_FILE);
const RUNS = Number(flag('runs') ?? 20);
const MONTH = { from: '2026-10-01', to: '2026-10-31' };
const MONTH_TARGET_MS = 200;
const SNAPSHOT_TARGET_MS = 20;

if (!existsSync(HISTORY) || args.includes('--regenerate')) {
  console.log(`generating a year of history into ${HISTORY} …`);
  const generated = generateHistory({ out: HISTORY, log: (line) => console.log(line) });
  console.log(`  ${generated.tickets} tickets in ${(generated.ms / 1000).toFixed(1)} s`);
}

const db = openDatabase(HISTORY);
const tickets = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
const reports = createReportStore(db);
const names = {
  services: new Map<string, string>(),
  windows: new Map<string, string>(),
  clerks: new Map<string, string>(),
};
const monthReport = () =>
  reports.report({ ...MONTH, timeZone: 'Asia/Shanghai', openDay: HISTORY_OPEN_DAY, names });

const time = (run: () => unknown): number => {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
};

// Warm: the month's day summaries are stored (the generator stores every closed day, as the hub does on a query).
monthReport();
const warm = summarize(Array.from({ length: RUNS }, () => time(monthReport)));
const monthFigures = monthReport().total;

// Cold: drop the month's summaries inside a transaction that is rolled back, so the file stays as generated.
const coldRuns: number[] = [];
for (let i = 0; i < Math.min(5, RUNS); i += 1) {
  db.exec('BEGIN');
  db.prepare('DELETE FROM report_days WHERE business_day BETWEEN ? AND ?').run(MONTH.from, MONTH.to);
  coldRuns.push(time(monthReport));
  db.exec('ROLLBACK');
}
const cold = summarize(coldRuns);

// The supervision snapshot over the open day, as the hub evaluates it every second.
const hall = createHallService({
  db,
  clock: () => HISTORY_NOW,
  logger: pino({ level: 'silent' }),
  epoch: 'bench',
  publish: () => {},
});
const desk = createSupervisionDesk({
  db,
  hall,
  accounts: createAccounts(db),
  clock: () => HISTORY_NOW,
  isOnline: () => true,
  push: () => {},
});
desk.check(); // the first check raises the open day's alerts; later ones compare and push
const snapshot = summarize(Array.from({ length: RUNS * 5 }, () => time(() => desk.check())));
const view = desk.view();
hall.flush();
// What the bench raised is not history: leave the file as generated.
db.exec("DELETE FROM alerts; DELETE FROM events; DELETE FROM meta WHERE key = 'audit_anchor'");
const active = hall.state().tickets.size;
db.close();

const verdict = (value: number, target: number) => (value < target ? 'MET' : 'MISSED') as 'MET' | 'MISSED';
const rows: ResultRow[] = [
  {
    benchmark: `month report ${MONTH.from}…${MONTH.to} (summaries stored)`,
    measured: `p50 ${ms(warm.p50)}, p90 ${ms(warm.p90)}`,
    baseline: `cold ${ms(cold.p50)}`,
    ratio: `${(cold.p50 / warm.p50).toFixed(1)}×`,
    target: `< ${MONTH_TARGET_MS} ms`,
    verdict: verdict(warm.p90, MONTH_TARGET_MS),
    note: `${monthFigures.issued} tickets in the month, ${tickets} in the file; by service, window, clerk with medians and p90`,
  },
  {
    benchmark: 'month report, no summaries (each day summed from tickets)',
    measured: `p50 ${ms(cold.p50)}, max ${ms(cold.max)}`,
    baseline: '—',
    ratio: '—',
    target: 'info',
    verdict: 'INFO',
    note: 'what the first report of a month costs before its days are summed; later reports use the summaries',
  },
  {
    benchmark: 'supervision snapshot (rules + view, open day at 10:30)',
    measured: `p50 ${ms(snapshot.p50)}, p90 ${ms(snapshot.p90)}`,
    baseline: '—',
    ratio: '—',
    target: `< ${SNAPSHOT_TARGET_MS} ms`,
    verdict: verdict(snapshot.p90, SNAPSHOT_TARGET_MS),
    note: `${active} active tickets, ${view.windows.length} windows, ${view.alerts.length} alerts`,
  },
];
const final = {
  name: 'reports',
  title: 'Reports and supervision over a generated year',
  startedAt,
  durationMs: Math.round(performance.now() - benchStart),
  machine,
  loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  rows,
  details: {
    history: HISTORY,
    tickets,
    month: MONTH,
    runs: RUNS,
    warm,
    cold,
    snapshot,
    monthTotal: monthFigures,
  },
};
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, 'reports.json'), `${JSON.stringify(final, null, 2)}\n`);
const md = [
  '# Reports and supervision benchmark',
  '',
  `Run ${final.startedAt} on ${final.machine.cores} cores (${final.machine.cpuModel}), Node ${final.machine.node};`,
  `load average at start ${final.machine.loadAverageAtStart.join(' / ')}, at end ${final.loadAverageAtEnd.join(' / ')}.`,
  `History: ${tickets} tickets (scripts/generate-history.ts). Reproduce: \`npx tsx scripts/bench/reports.bench.ts\`.`,
  'A verdict is judged on p90. The machine is shared: a high load average inflates every figure.',
  '',
  '| benchmark | measured | baseline | ratio | target | verdict | note |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) => `| ${[r.benchmark, r.measured, r.baseline, r.ratio, r.target, r.verdict, r.note].join(' | ')} |`,
  ),
  '',
];
writeFileSync(join(RESULTS_DIR, 'reports.md'), md.join('\n'));
console.log(md.join('\n'));
