/**
 * Hub footprint: cold start of the real hub process (spawn → "HallQ hub is running"), and its resident memory with
 * 500 connected devices, for the production build `npm start` runs (apps/hub/dist/main.mjs, made by
 * `npm run build`; built here first, servers only, so the figures are the current source's). Baselines in the same
 * run: node itself, node + the tsx loader, and the same hub run from source under tsx.
 *
 *   npx tsx scripts/bench/footprint.bench.ts [--clients 500] [--starts 5]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import { connectClient } from '@hallq/hub/testing';
import { type HubProcess, prepareHallDir, startHubProcess } from '../../tests/support/hub-process.ts';
import { benchHall } from './lib/bench-hub.ts';
import { type Child, forkChild } from './lib/children.ts';
import type { HostCommand, HostReport } from './lib/client-host.ts';
import { ms, REPO_ROOT, type ResultRow, ratio, startResult } from './lib/results.ts';
import { round, sleep, summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const CLIENTS = Number(flag('clients') ?? 500);
const STARTS = Number(flag('starts') ?? 5);
const PROCESSES = 5;
const RSS_TARGET_MB = 150;
const START_TARGET_MS = 1000;
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'hallq-bench');

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: round(kb('VmRSS') / 1024, 1), peakMb: round(kb('VmHWM') / 1024, 1) };
}

async function stop(hub: HubProcess): Promise<void> {
  hub.child.kill('SIGTERM');
  const timer = setTimeout(() => hub.child.kill('SIGKILL'), 5000);
  await hub.exited;
  clearTimeout(timer);
}

/** Time from spawn to the first line matching `ready` (or to exit when `ready` is null). */
function timeProcess(command: string, argv: readonly string[], ready: RegExp | null): Promise<number> {
  const t0 = performance.now();
  const child = spawn(command, argv, {
    cwd: REPO_ROOT,
    env: { ...process.env, HALLQ_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (ready?.test(output)) {
        const elapsed = performance.now() - t0;
        child.kill('SIGTERM');
        resolve(elapsed);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      if (ready === null && code === 0) resolve(performance.now() - t0);
      else if (ready === null || !ready.test(output))
        reject(new Error(`${command} exited (${code}):\n${output}`));
    });
  });
}

/** The production build of the hub, as `npm run build` makes it (the server bundles only: half a second). */
function buildHub(): string {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--servers'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the server build failed');
  return join(REPO_ROOT, 'apps', 'hub', 'dist', 'main.mjs');
}

export async function footprintBenchmark() {
  const result = startResult('footprint', 'Hub footprint: cold start and memory with 500 devices');
  const { dir, hallFile } = prepareHallDir(benchHall());
  const hubArgs = ['--data', dir, '--hall', hallFile, '--port', '0'];
  const ready = /HallQ hub is running: (\S+)/;

  console.log('footprint: first start (new database) …');
  let t0 = performance.now();
  let hub = await startHubProcess(dir, hallFile);
  const firstStartMs = performance.now() - t0;
  await stop(hub);

  // Devices for the memory run, registered in the file the way hallctl would, while the hub is stopped.
  const db = openDatabase(join(dir, 'hallq.db'));
  const accounts = createAccounts(db);
  const kinds = ['lobby', 'counter', 'sign', 'kiosk', 'pad'] as const;
  const auths: Record<string, string>[] = [];
  db.transaction(() => {
    for (let i = 0; i < CLIENTS; i += 1) {
      const kind = kinds[i % kinds.length]!;
      const windowId = kind === 'counter' || kind === 'sign' || kind === 'pad' ? `w${(i % 8) + 1}` : null;
      const { token } = accounts.addDevice({
        kind,
        name: `bench-${kind}-${i}`,
        windowId,
        zone: '1F',
        now: Date.now(),
      });
      auths.push({ deviceToken: token });
    }
  })();
  db.close();

  console.log(`footprint: ${STARTS} restarts each of node, node+tsx, the hub under tsx, the built hub …`);
  const emptyTs = join(CACHE_DIR, 'empty.ts');
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(emptyTs, 'export const empty: number = 0;\n');
  const built = buildHub();
  const starts = {
    node: [] as number[],
    nodeTsx: [] as number[],
    exceljsImport: [] as number[],
    hubTsx: [] as number[],
    hubBuilt: [] as number[],
  };
  for (let i = 0; i < STARTS; i += 1) {
    starts.node.push(await timeProcess(process.execPath, ['-e', '0'], null));
    // One dependency the hub imports at start (report export); measured alone to show its share.
    starts.exceljsImport.push(await timeProcess(process.execPath, ['-e', "import('exceljs')"], null));
    starts.nodeTsx.push(await timeProcess(process.execPath, ['--import', 'tsx', emptyTs], null));
    t0 = performance.now();
    hub = await startHubProcess(dir, hallFile);
    starts.hubTsx.push(performance.now() - t0);
    await stop(hub);
    starts.hubBuilt.push(await timeProcess(process.execPath, [built, ...hubArgs], ready));
    await sleep(200);
  }

  // Memory of the hub run from source, idle, for comparison with the built one below.
  hub = await startHubProcess(dir, hallFile);
  await sleep(500);
  const sourceIdle = memoryOf(hub.child.pid!);
  await stop(hub);

  console.log(`footprint: built hub with ${CLIENTS} devices connected …`);
  hub = await startHubProcess(dir, hallFile, 0, [built]);
  const pid = hub.child.pid!;
  await sleep(500);
  const idle = memoryOf(pid);
  const hosts: Child<HostCommand, HostReport>[] = Array.from({ length: PROCESSES }, () =>
    forkChild<HostCommand, HostReport>('client-host.ts'),
  );
  const per = CLIENTS / PROCESSES;
  for (const [i, h] of hosts.entries()) {
    h.send({ type: 'connect', set: 'hub', url: hub.url, auths: auths.slice(i * per, (i + 1) * per) });
  }
  let connected = 0;
  for (const h of hosts) {
    const r = await h.next(
      (m): m is Extract<HostReport, { type: 'connected' }> => m.type === 'connected',
      180_000,
    );
    connected += r.count;
  }
  // Some traffic: 50 tickets issued by three kiosks (within each kiosk's ticket limit), each update broadcast
  // to every device.
  const kiosks = await Promise.all([3, 8, 13].map((i) => connectClient(hub.url, auths[i]!)));
  for (let i = 0; i < 50; i += 1) {
    await kiosks[i % 3]!.call('ticket:issue', {
      requestId: `bench-footprint-${i}`,
      serviceId: 'svc-1',
      identity: null,
    });
  }
  await sleep(1000);
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    samples.push(memoryOf(pid).rssMb);
    await sleep(200);
  }
  const loaded = memoryOf(pid);
  for (const kiosk of kiosks) kiosk.close();
  await Promise.all(hosts.map((h) => h.stop()));
  await stop(hub);
  rmSync(dir, { recursive: true, force: true });

  const s = {
    node: summarize(starts.node),
    nodeTsx: summarize(starts.nodeTsx),
    exceljsImport: summarize(starts.exceljsImport),
    hubTsx: summarize(starts.hubTsx),
    hubBuilt: summarize(starts.hubBuilt),
  };
  const rssMb = Math.max(...samples);
  const tsxOverhead = s.nodeTsx.p50 - s.node.p50;
  const rows: ResultRow[] = [
    {
      benchmark: `hub RSS with ${connected} devices connected (built hub, as npm start runs it)`,
      measured: `${rssMb} MB`,
      baseline: `${idle.rssMb} MB idle built hub`,
      ratio: ratio(rssMb / idle.rssMb),
      target: `< ${RSS_TARGET_MB} MB`,
      verdict: rssMb < RSS_TARGET_MB ? 'MET' : 'MISSED',
      note:
        `apps/hub/dist/main.mjs (npm run build); peak (VmHWM) ${loaded.peakMb} MB; 50 tickets issued and broadcast to ` +
        `all; the same hub run from source under tsx idles at ${sourceIdle.rssMb} MB`,
    },
    {
      benchmark: 'hub cold start to listening, built hub (restart, existing database), median',
      measured: ms(s.hubBuilt.p50),
      baseline: `${ms(s.node.p50)} bare node`,
      ratio: ratio(s.hubBuilt.p50 / s.node.p50),
      target: `< ${START_TARGET_MS} ms`,
      verdict: s.hubBuilt.p50 < START_TARGET_MS ? 'MET' : 'MISSED',
      note:
        `spawn → "HallQ hub is running" of apps/hub/dist/main.mjs, what npm start runs: no TypeScript compiled at ` +
        `start; worst of ${STARTS} ${ms(s.hubBuilt.max)}; importing exceljs alone (loaded on the first XLSX export, ` +
        `not at start) takes ${ms(s.exceljsImport.p50)}`,
    },
    {
      benchmark: 'hub cold start from source under tsx (restart, existing database), median',
      measured: ms(s.hubTsx.p50),
      baseline: `${ms(s.node.p50)} bare node`,
      ratio: ratio(s.hubTsx.p50 / s.node.p50),
      target: 'reference',
      verdict: 'INFO',
      note:
        `node --import tsx apps/hub/src/main.ts, as the tests run it; tsx alone adds ${ms(tsxOverhead)} (empty .ts ` +
        `file ${ms(s.nodeTsx.p50)}); worst of ${STARTS} ${ms(s.hubTsx.max)}; first start with a new database ` +
        `${ms(firstStartMs)}`,
    },
  ];
  result.finish(rows, {
    clients: connected,
    memory: { builtIdle: idle, loaded, sourceIdle, rssSamplesMb: samples },
    startsMs: { firstStartNewDatabase: round(firstStartMs), ...s },
    tsxOverheadMs: round(tsxOverhead),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await footprintBenchmark();
  process.exit(0);
}
