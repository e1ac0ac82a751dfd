/**
 * Start-up with a year of history: time from spawning the real hub to "HallQ hub is running" on a ~1 GB
 * database (a generated year of tickets, scripts/generate-history.ts, plus an event log grown to the target
 * size), against the same hub on an empty hall in the same run. Start-up must read only what it needs, so the
 * two should differ by little, and the 1 GB start must stay under 1 s. Also the in-process part (open, build
 * the hub, listen) on both files, which is where history-proportional reads would show.
 *
 *   npx tsx scripts/bench/startup.bench.ts [--bytes 1000000000] [--starts 5]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createHub, DEFAULT_SOCKET_SETTINGS } from '../../apps/hub/src/create-hub.ts';
import { openDatabase } from '../../apps/hub/src/db/open-database.ts';
import { seedHall } from '../../apps/hub/src/seed.ts';
import { createEventLog, SYSTEM_ACTOR } from '../../apps/hub/src/store/event-log.ts';
import { bundleHub } from '../../tests/chaos/support/hub-bundle.ts';
import { DEFAULT_HISTORY_FILE, generateHistory, HISTORY_NOW, historyHall } from '../generate-history.ts';
import { ms, REPO_ROOT, type ResultRow, ratio, startResult } from './lib/results.ts';
import { summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const TARGET_BYTES = Number(flag('bytes') ?? 1_000_000_000);
const STARTS = Number(flag('starts') ?? 5);
const START_TARGET_MS = 1000;
const LARGE_DIR = join(REPO_ROOT, 'data', 'bench', 'startup');

/** An event the size the hub writes (~1.4 KB with its row and indexes): a ticket change with its figures. */
function eventPayload(i: number): unknown {
  const serviceId = ['social-security', 'medical-insurance', 'housing-fund', 'tax'][i % 4]!;
  return {
    type: i % 3 === 0 ? 'ticket:called' : 'ticket:issued',
    ticket: {
      id: `hist-${i}`,
      number: `A${String(i % 10_000).padStart(4, '0')}`,
      serviceId,
      status: 'waiting',
      visitorClass: 'normal',
      issuedAt: HISTORY_NOW - 1000 * (200_000 - (i % 200_000)),
      windowId: null,
      callCount: 0,
    },
    call: { ticketNumber: `A${String(i % 10_000).padStart(4, '0')}`, windowNumber: (i % 40) + 1 },
    figures: Array.from({ length: 8 }, (_, s) => ({
      serviceId: `s${s}`,
      waiting: (i + s) % 30,
      waitMs: i % 600_000,
    })),
  };
}

/** The 1 GB file: the generated year, then a hash-chained event log appended until the file is big enough. */
function prepareLargeDatabase(): string {
  const file = join(LARGE_DIR, 'hallq.db');
  if (existsSync(file) && statSync(file).size >= TARGET_BYTES * 0.95) return file;
  if (!existsSync(DEFAULT_HISTORY_FILE)) {
    console.log('startup: generating a year of history (about 90 s) …');
    generateHistory({ log: (line) => console.log(line) });
  }
  rmSync(LARGE_DIR, { recursive: true, force: true });
  mkdirSync(LARGE_DIR, { recursive: true });
  copyFileSync(DEFAULT_HISTORY_FILE, file);
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  const log = createEventLog(db);
  let i = 0;
  while (statSync(file).size < TARGET_BYTES) {
    db.transaction(() => {
      for (let n = 0; n < 20_000; n += 1, i += 1) {
        const payload = eventPayload(i);
        log.append(HISTORY_NOW - 86_400_000, (payload as { type: string }).type, SYSTEM_ACTOR, payload, true);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  db.pragma('synchronous = FULL');
  db.close();
  console.log(`startup: ${file} is ${(statSync(file).size / 1e9).toFixed(2)} GB with ${i} events added`);
  return file;
}

function timeToListening(entry: readonly string[], dir: string, hallFile: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...entry, '--data', dir, '--hall', hallFile, '--port', '0', '--backup-dir', join(dir, 'backups')],
    { cwd: REPO_ROOT, env: { ...process.env, HALLQ_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/HallQ hub is running/.test(output)) {
        const elapsed = performance.now() - t0;
        child.kill('SIGTERM');
        child.once('exit', () => resolve(elapsed));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      if (!/HallQ hub is running/.test(output)) reject(new Error(`hub exited (${code}):\n${output}`));
    });
  });
}

/** Open, build the hub and listen, in this process: what the hub itself does at start, without Node's own. */
async function inProcessStart(file: string): Promise<number> {
  const t0 = performance.now();
  const db = openDatabase(file);
  const hub = createHub({
    db,
    clock: () => HISTORY_NOW,
    logger: pino({ level: 'silent' }),
    identityKey: Buffer.alloc(32, 1),
    config: {
      host: '127.0.0.1',
      port: 0,
      tls: null,
      webApps: [],
      socket: DEFAULT_SOCKET_SETTINGS,
      tickMs: 0,
      backup: null,
      identityRetentionDays: 180,
    },
  });
  await hub.listen();
  const elapsed = performance.now() - t0;
  await hub.close();
  db.close();
  return elapsed;
}

export async function startupBenchmark() {
  const result = startResult('startup', 'Start-up with a year of history (~1 GB)');
  const large = prepareLargeDatabase();
  const bytes = statSync(large).size;
  const hallFile = join(LARGE_DIR, 'hall.json');
  writeFileSync(hallFile, JSON.stringify(historyHall()));
  const emptyDir = mkdtempSync(join(tmpdir(), 'hallq-startup-'));
  const emptyDb = openDatabase(join(emptyDir, 'hallq.db'));
  seedHall(emptyDb, historyHall());
  emptyDb.close();

  const bundle = await bundleHub();
  const source = ['--import', 'tsx', join(REPO_ROOT, 'apps/hub/src/main.ts')];
  // One start of each first: the 1 GB file's first start after an upgrade runs the migrations, and the first
  // start of any hall seeds its admin account; neither is the everyday start measured here.
  await timeToListening(bundle, LARGE_DIR, hallFile);
  await timeToListening(bundle, emptyDir, hallFile);

  const samples = { largeBundle: [] as number[], emptyBundle: [] as number[], largeSource: [] as number[] };
  const inProcess = { large: [] as number[], empty: [] as number[] };
  const loads: number[] = [];
  for (let i = 0; i < STARTS; i += 1) {
    loads.push(loadavg()[0]!);
    samples.largeBundle.push(await timeToListening(bundle, LARGE_DIR, hallFile));
    samples.emptyBundle.push(await timeToListening(bundle, emptyDir, hallFile));
    samples.largeSource.push(await timeToListening(source, LARGE_DIR, hallFile));
    inProcess.large.push(await inProcessStart(large));
    inProcess.empty.push(await inProcessStart(join(emptyDir, 'hallq.db')));
  }
  rmSync(emptyDir, { recursive: true, force: true });
  for (const file of bundle) rmSync(file, { force: true });
  const median = (values: number[]) => summarize(values).p50;
  const largeMs = median(samples.largeBundle);
  const emptyMs = median(samples.emptyBundle);
  const note = `${(bytes / 1e9).toFixed(2)} GB; load average ${loads.map((l) => l.toFixed(1)).join(', ')}`;
  const rows: ResultRow[] = [
    {
      benchmark: 'time to listening, 1 GB hall (bundled hub)',
      measured: ms(largeMs),
      baseline: `${ms(emptyMs)} (empty hall)`,
      ratio: ratio(largeMs / emptyMs),
      target: `< ${START_TARGET_MS} ms`,
      verdict: largeMs < START_TARGET_MS ? 'MET' : 'MISSED',
      note,
    },
    {
      benchmark: 'time to listening, 1 GB hall (from source, tsx)',
      measured: ms(median(samples.largeSource)),
      baseline: '—',
      ratio: '—',
      target: '—',
      verdict: 'INFO',
      note: 'tsx compiles every source file at each start',
    },
    {
      benchmark: "hub's own start (open, build, listen), 1 GB hall",
      measured: ms(median(inProcess.large)),
      baseline: `${ms(median(inProcess.empty))} (empty hall)`,
      ratio: ratio(median(inProcess.large) / median(inProcess.empty)),
      target: '—',
      verdict: 'INFO',
      note: 'what grows with history shows here',
    },
  ];
  return result.finish(rows, { bytes, samples, inProcess, loadAverages: loads });
}

if (process.argv[1]?.endsWith('startup.bench.ts')) {
  await startupBenchmark();
}
