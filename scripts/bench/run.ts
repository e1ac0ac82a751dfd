/**
 * `npm run bench`: every benchmark, one after the other, each in a process of its own (so one's sockets, memory
 * and children never weigh on the next), then bench/results/README.md regenerated from the JSON files.
 *
 *   npm run bench                      all of them
 *   npm run bench -- fanout commands   some of them (fanout, commands, day-size, queue-length, footprint,
 *                                      wait-accuracy, kiosk, login-flood, simulator, planner-validation,
 *                                      staffing-search, webhooks, startup, anonymous-flood, booking,
 *                                      appointments, sms, central-ingest, central-reports, central-live,
 *                                      reports)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, renderReadme } from './lib/results.ts';

const PARTS: readonly { readonly name: string; readonly file: string }[] = [
  { name: 'wait-accuracy', file: 'scripts/bench/wait-accuracy.bench.ts' },
  { name: 'commands', file: 'scripts/bench/commands.bench.ts' },
  { name: 'day-size', file: 'scripts/bench/day-size.bench.ts' },
  { name: 'queue-length', file: 'scripts/bench/queue-length.bench.ts' },
  { name: 'webhooks', file: 'scripts/bench/webhooks.bench.ts' },
  { name: 'fanout', file: 'scripts/bench/fanout.bench.ts' },
  { name: 'footprint', file: 'scripts/bench/footprint.bench.ts' },
  { name: 'kiosk', file: 'scripts/bench/kiosk.bench.ts' },
  { name: 'login-flood', file: 'scripts/bench/login-flood.bench.ts' },
  { name: 'simulator', file: 'scripts/bench/simulator.bench.ts' },
  { name: 'planner-validation', file: 'scripts/bench/planner-validation.bench.ts' },
  { name: 'staffing-search', file: 'scripts/bench/staffing-search.bench.ts' },
  { name: 'startup', file: 'scripts/bench/startup.bench.ts' },
  { name: 'anonymous-flood', file: 'scripts/bench/anonymous-flood.bench.ts' },
  { name: 'booking', file: 'scripts/bench/booking.bench.ts' },
  { name: 'appointments', file: 'scripts/bench/appointments.bench.ts' },
  { name: 'sms', file: 'scripts/bench/sms.bench.ts' },
  // The city centre's: each starts its own throwaway PostgreSQL cluster.
  { name: 'central-ingest', file: 'scripts/bench/central-ingest.bench.ts' },
  { name: 'central-reports', file: 'scripts/bench/central-reports.bench.ts' },
  { name: 'central-live', file: 'scripts/bench/central-live.bench.ts' },
  // Owned by the admin engineer; run when it exists.
  { name: 'reports', file: 'scripts/bench/reports.bench.ts' },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const selected = PARTS.filter((p) => wanted.length === 0 || wanted.includes(p.name));
const failed: string[] = [];
const t0 = performance.now();
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} (${process.version})`,
);
for (const part of selected) {
  if (!existsSync(join(REPO_ROOT, part.file))) {
    console.log(`\n== ${part.name}: ${part.file} does not exist, skipped`);
    continue;
  }
  console.log(`\n== ${part.name} (${part.file})`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', part.file], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    // A bound on any one part, so the runner always ends.
    timeout: 8 * 60_000,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (run.status !== 0) {
    failed.push(part.name);
    console.log(`== ${part.name} FAILED (exit ${run.status ?? run.signal}) after ${seconds} s`);
  } else console.log(`== ${part.name} done in ${seconds} s`);
}
renderReadme();
console.log(
  `\nbench/results/README.md regenerated; ${((performance.now() - t0) / 1000).toFixed(0)} s in all` +
    (failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''),
);
process.exit(failed.length > 0 ? 1 : 0);
