/**
 * Soak: the built hub (apps/hub/dist/main.mjs, what `npm start` and a hall run) through a whole hall day, compressed.
 * A 10-hour day (08:00–18:00) is played in `--minute-ms` of wall time per simulated minute (default 1 s: 10 minutes).
 * 100 devices stay connected (lobby displays, counters, window signs, kiosks, rating pads, in child processes that
 * receive every broadcast), two kiosks issue tickets on the day's arrival curve (peaks 9–11 and 14–16), and a clerk
 * at each of the eight windows calls, starts and finishes visitors with log-normal service times.
 *
 * Every simulated minute the hub's resident memory (/proc) and V8 heap (asked over IPC, memory-probe.mjs) are
 * sampled, with the ack latency of the commands answered in that minute; every tenth minute the heap is sampled
 * after a full collection (retained heap). The report is the least-squares slope of each series after a 30-minute
 * warm-up, per simulated hour and over the day: a leak or a per-ticket cost shows as a steady climb.
 *
 *   npx tsx scripts/bench/soak.ts [--minutes 600] [--minute-ms 1000] [--clients 100] [--seed 7]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SOCKET_SETTINGS } from '@hallq/hub';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import { PROTOCOL_VERSION } from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';
import { prepareHallDir } from '../../tests/support/hub-process.ts';
import { benchHall } from './lib/bench-hub.ts';
import { type Child, forkChild } from './lib/children.ts';
import type { HostCommand, HostReport } from './lib/client-host.ts';
import { arrivalProfile } from './lib/hall-day.ts';
import { REPO_ROOT, type ResultRow, startResult } from './lib/results.ts';
import { monotonicMs, percentile, round, seededRandom, sleep } from './lib/stats.ts';
import { type LinearFit, linearFit } from './lib/trend.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const MINUTES = flag('minutes', 600);
const MINUTE_MS = flag('minute-ms', 1000);
/** The hub's default ticket limit per kiosk and minute of a real hall. */
const DEFAULT_KIOSK_ISSUES_PER_MINUTE = DEFAULT_SOCKET_SETTINGS.admission.issuesPerMinute;
const CLIENTS = flag('clients', 100);
const SEED = flag('seed', 7);
const WARM_UP_MINUTES = Math.min(30, Math.floor(MINUTES / 5));
const DAY_STARTS_AT_HOUR = 8;
const WINDOWS = 8;
const KIOSKS = 2;
const PASSWORD = 'soak-clerk-password';
/** Visitors per simulated minute on an average hour: about 500 in the day, what eight windows can serve. */
const ARRIVALS_PER_MINUTE = 0.8;
const HOST_PROCESSES = 4;

const random = seededRandom(SEED);
const uniform = (from: number, to: number) => from + (to - from) * random();
/** Log-normal with the given mean (minutes) and sigma. */
const logNormal = (mean: number, sigma: number) => {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return mean * Math.exp(sigma * normal - (sigma * sigma) / 2);
};
/** A Poisson count with mean `lambda` (Knuth; lambda is small here). */
const poisson = (lambda: number) => {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
};

interface Answer {
  readonly ok: boolean;
  readonly error?: { readonly code?: string };
}

interface Ack {
  readonly atMinute: number;
  readonly ms: number;
  readonly command: string;
}

interface Sample {
  readonly minute: number;
  readonly rssMb: number;
  /** The parts of RSS (/proc): anonymous memory (heaps, malloc) and mapped files (code, the database's -shm). */
  readonly rssAnonMb: number;
  readonly rssFileMb: number;
  readonly heapUsedMb: number;
  /** What V8 has reserved for the heap, and memory outside it (Buffers, socket and SQLite objects). */
  readonly heapTotalMb: number;
  readonly externalMb: number;
  /** Of heapTotal: the young generation (new_space) and the old generation (old_space), reserved sizes. */
  readonly newSpaceMb: number;
  readonly oldSpaceMb: number;
  /** Heap after a full collection; every tenth minute. */
  readonly retainedHeapMb: number | null;
  readonly waiting: number;
  readonly acks: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
}

/** VmRSS and its anonymous and file-backed parts, in MB. */
function rssOf(pid: number): { rssMb: number; rssAnonMb: number; rssFileMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) =>
    round(Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024, 1);
  return { rssMb: mb('VmRSS'), rssAnonMb: mb('RssAnon'), rssFileMb: mb('RssFile') + mb('RssShmem') };
}

/** The built hub with the memory probe loaded and an IPC channel to ask it. */
async function startBuiltHub(dir: string, hallFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      join(REPO_ROOT, 'scripts/bench/lib/memory-probe.mjs'),
      join(REPO_ROOT, 'apps/hub/dist/main.mjs'),
      ...['--data', dir, '--hall', hallFile, '--port', '0', '--backup-dir', join(dir, 'backups')],
      // A kiosk's ticket limit is per wall-clock minute, and a simulated minute lasts MINUTE_MS here: the limit
      // is scaled by the same factor, so the day's kiosks are held to what a real hall's would be.
      ...[
        '--kiosk-issues-per-minute',
        String(Math.round(DEFAULT_KIOSK_ISSUES_PER_MINUTE * (60_000 / MINUTE_MS))),
      ],
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, HALLQ_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
      const match = /HallQ hub is running: (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`hub exited (${code}):\n${output}`)));
  });
  return { child, url };
}

async function stopHub(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

let probeId = 0;
interface HeapFigures {
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
  readonly externalMb: number;
  /** Of heapTotal: the young generation (new_space) and the old generation (old_space), reserved sizes. */
  readonly newSpaceMb: number;
  readonly oldSpaceMb: number;
}

function heapOf(child: ChildProcess, gc: boolean): Promise<HeapFigures> {
  probeId += 1;
  const id = probeId;
  const mb = (bytes: number | undefined) => round((bytes ?? Number.NaN) / 2 ** 20, 1);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the hub did not answer the memory probe')), 10_000);
    const onMessage = (message: {
      type?: string;
      id?: number;
      heapUsed?: number;
      heapTotal?: number;
      external?: number;
      spaces?: Record<string, number>;
    }) => {
      if (message.type !== 'memory' || message.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve({
        heapUsedMb: mb(message.heapUsed),
        heapTotalMb: mb(message.heapTotal),
        externalMb: mb(message.external),
        newSpaceMb: mb(message.spaces?.new_space),
        oldSpaceMb: mb(message.spaces?.old_space),
      });
    };
    child.on('message', onMessage);
    child.send({ type: 'memory', id, gc });
  });
}

async function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export async function soak(): Promise<void> {
  const result = startResult('soak', `Soak: a ${MINUTES / 60}-hour hall day, compressed, ${CLIENTS} clients`);
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--servers'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the server build failed');

  // The hall's database: made by a first start, then devices and clerks added in the file, as hallctl would.
  const { dir, hallFile } = prepareHallDir(benchHall());
  let hub = await startBuiltHub(dir, hallFile);
  await stopHub(hub.child);
  const db = openDatabase(join(dir, 'hallq.db'));
  const accounts = createAccounts(db);
  const kinds = ['lobby', 'counter', 'sign', 'kiosk', 'pad'] as const;
  const listeners: Record<string, string>[] = [];
  const kiosks: Record<string, string>[] = [];
  db.transaction(() => {
    for (let i = 0; i < CLIENTS + KIOSKS; i += 1) {
      const kind = i < KIOSKS ? 'kiosk' : kinds[i % kinds.length]!;
      const windowId =
        kind === 'counter' || kind === 'sign' || kind === 'pad' ? `w${(i % WINDOWS) + 1}` : null;
      const { token } = accounts.addDevice({
        kind,
        name: `soak-${kind}-${i}`,
        windowId,
        zone: '1F',
        now: Date.now(),
      });
      (i < KIOSKS ? kiosks : listeners).push({ deviceToken: token });
    }
  })();
  for (let w = 1; w <= WINDOWS; w += 1) {
    await accounts.addUser({
      username: `clerk${w}`,
      displayName: `窗口${w}`,
      staffNumber: `09${String(w).padStart(2, '0')}`,
      password: PASSWORD,
      role: 'clerk',
      now: Date.now(),
    });
  }
  db.close();

  hub = await startBuiltHub(dir, hallFile);
  const pid = hub.child.pid!;
  console.log(`soak: built hub at ${hub.url} (pid ${pid}); connecting ${CLIENTS} clients …`);
  const hosts: Child<HostCommand, HostReport>[] = Array.from({ length: HOST_PROCESSES }, () =>
    forkChild<HostCommand, HostReport>('client-host.ts'),
  );
  const per = Math.ceil(CLIENTS / HOST_PROCESSES);
  // One process at a time (each opens 20 at once): every client comes from 127.0.0.1, and the hub allows one
  // address 32 handshakes at a time (a hall's 100 devices have 100 addresses).
  let connected = 0;
  for (const [i, h] of hosts.entries()) {
    h.send({ type: 'connect', set: 'hub', url: hub.url, auths: listeners.slice(i * per, (i + 1) * per) });
    const r = await h.next(
      (m): m is Extract<HostReport, { type: 'connected' }> => m.type === 'connected',
      120_000,
    );
    if (r.failed > 0) throw new Error(`${r.failed} clients could not connect: ${r.error}`);
    connected += r.count;
  }
  const kioskSockets = await Promise.all(kiosks.map((auth) => connect(hub.url, auth)));
  const clerkSockets: Socket[] = [];
  for (let w = 1; w <= WINDOWS; w += 1) {
    const socket = await connect(hub.url, {});
    // Every clerk signs in from 127.0.0.1 here, where a hall's counters each have an address of their own: past
    // the login throttle's burst per address (5, then 10 a minute) a sign-in waits for the next token.
    for (let attempt = 1; ; attempt += 1) {
      const login = (await socket.emitWithAck('session:login', {
        username: `clerk${w}`,
        password: PASSWORD,
        windowId: `w${w}`,
      })) as Answer;
      if (login.ok) break;
      if (login.error?.code !== 'RATE_LIMITED' || attempt >= 30)
        throw new Error(`clerk${w} could not sign in: ${login.error?.code}`);
      await sleep(2_000);
    }
    clerkSockets.push(socket);
  }

  const t0 = monotonicMs();
  const minuteNow = () => (monotonicMs() - t0) / MINUTE_MS;
  const dayOver = () => minuteNow() >= MINUTES;
  const waitMinutes = (minutes: number) => sleep(minutes * MINUTE_MS);
  const acks: Ack[] = [];
  const refused: Record<string, number> = {};
  let issued = 0;
  let served = 0;
  const timed = async (socket: Socket, command: string, payload: unknown): Promise<Answer> => {
    const started = monotonicMs();
    const answer = (await socket.emitWithAck(command, payload)) as Answer;
    acks.push({ atMinute: minuteNow(), ms: monotonicMs() - started, command });
    if (!answer.ok) {
      const key = `${command} ${answer.error?.code ?? 'UNKNOWN'}`;
      refused[key] = (refused[key] ?? 0) + 1;
    }
    return answer;
  };

  console.log(
    `soak: ${connected} clients connected; the day runs ${MINUTES} simulated minutes × ${MINUTE_MS} ms`,
  );
  const serviceIds = benchHall().services.map((s) => s.id);
  const arrivals = (async () => {
    const pending: Promise<Answer>[] = [];
    for (let minute = 0; minute < MINUTES; minute += 1) {
      const hour = DAY_STARTS_AT_HOUR + Math.floor(minute / 60);
      const count = poisson(ARRIVALS_PER_MINUTE * arrivalProfile(hour));
      const offsets = Array.from({ length: count }, () => random()).sort((a, b) => a - b);
      for (const offset of offsets) {
        const at = t0 + (minute + offset) * MINUTE_MS;
        const wait = at - monotonicMs();
        if (wait > 0) await sleep(wait);
        const kiosk = kioskSockets[issued % KIOSKS]!;
        const serviceId = serviceIds[Math.floor(random() * serviceIds.length)]!;
        issued += 1;
        pending.push(timed(kiosk, 'ticket:issue', { requestId: randomUUID(), serviceId, identity: null }));
      }
      const endOfMinute = t0 + (minute + 1) * MINUTE_MS - monotonicMs();
      if (endOfMinute > 0) await sleep(endOfMinute);
    }
    await Promise.all(pending);
  })();
  const clerks = clerkSockets.map(async (socket, i) => {
    const windowId = `w${i + 1}`;
    while (!dayOver()) {
      const called = await timed(socket, 'window:call-next', { windowId });
      if (!called.ok) {
        await waitMinutes(0.5);
        continue;
      }
      await waitMinutes(uniform(0.3, 1.5)); // the visitor walks to the window
      await timed(socket, 'window:start', { windowId });
      await waitMinutes(Math.min(40, logNormal(7, 0.5)));
      await timed(socket, 'window:finish', { windowId });
      served += 1;
      await waitMinutes(uniform(0.1, 0.3)); // the clerk's wrap-up
    }
  });

  const samples: Sample[] = [];
  for (let minute = 1; minute <= MINUTES; minute += 1) {
    const wait = t0 + minute * MINUTE_MS - monotonicMs();
    if (wait > 0) await sleep(wait);
    const inMinute = acks.filter((a) => a.atMinute >= minute - 1 && a.atMinute < minute).map((a) => a.ms);
    const retained = minute % 10 === 0 ? await heapOf(hub.child, true) : null;
    const heap = retained ?? (await heapOf(hub.child, false));
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { waiting: number };
    samples.push({
      minute,
      ...rssOf(pid),
      heapUsedMb: heap.heapUsedMb,
      heapTotalMb: heap.heapTotalMb,
      externalMb: heap.externalMb,
      newSpaceMb: heap.newSpaceMb,
      oldSpaceMb: heap.oldSpaceMb,
      retainedHeapMb: retained?.heapUsedMb ?? null,
      waiting: health.waiting,
      acks: inMinute.length,
      ackP50Ms: round(percentile(inMinute, 50), 2),
      ackP99Ms: round(percentile(inMinute, 99), 2),
    });
    if (minute % 60 === 0) {
      const s = samples.at(-1)!;
      console.log(
        `soak: ${String(DAY_STARTS_AT_HOUR + minute / 60).padStart(2, '0')}:00 — RSS ${s.rssMb} MB, retained heap ` +
          `${s.retainedHeapMb} MB, ${issued} issued, ${served} served, ${s.waiting} waiting, ack p99 ${s.ackP99Ms} ms`,
      );
    }
  }
  await arrivals;
  await Promise.all(clerks);
  for (const s of [...kioskSockets, ...clerkSockets]) s.disconnect();
  await Promise.all(hosts.map((h) => h.stop()));
  await stopHub(hub.child);
  rmSync(dir, { recursive: true, force: true });

  // Trends after the warm-up, x in simulated hours.
  const steady = samples.filter((s) => s.minute > WARM_UP_MINUTES);
  const fitOf = (pick: (s: Sample) => number | null): LinearFit =>
    linearFit(
      steady
        .map((s) => ({ x: s.minute / 60, y: pick(s) }))
        .filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y)),
    );
  const hours = (MINUTES - WARM_UP_MINUTES) / 60;
  const fits = {
    rssMb: fitOf((s) => s.rssMb),
    rssAnonMb: fitOf((s) => s.rssAnonMb),
    rssFileMb: fitOf((s) => s.rssFileMb),
    heapTotalMb: fitOf((s) => s.heapTotalMb),
    newSpaceMb: fitOf((s) => s.newSpaceMb),
    oldSpaceMb: fitOf((s) => s.oldSpaceMb),
    externalMb: fitOf((s) => s.externalMb),
    // From 11:00, after the morning peak has sized the heap and the buffers: the slope of the rest of the day.
    rssAfterMorningPeakMb: linearFit(
      samples.filter((s) => s.minute > 180).map((s) => ({ x: s.minute / 60, y: s.rssMb })),
    ),
    heapUsedMb: fitOf((s) => s.heapUsedMb),
    retainedHeapMb: fitOf((s) => s.retainedHeapMb),
    ackP50Ms: fitOf((s) => (s.acks > 0 ? s.ackP50Ms : null)),
    ackP99Ms: fitOf((s) => (s.acks > 0 ? s.ackP99Ms : null)),
  };
  const level = (pick: (s: Sample) => number | null) => {
    const values = steady.map(pick).filter((v): v is number => v !== null && Number.isFinite(v));
    return percentile(values, 50);
  };
  const allAcks = acks.map((a) => a.ms);
  const trendRow = (
    benchmark: string,
    fit: LinearFit,
    unit: string,
    typical: number,
    allowed: number,
    note: string,
  ): ResultRow => {
    const overDay = fit.slope * hours;
    return {
      benchmark,
      measured: `${fit.slope >= 0 ? '+' : ''}${round(fit.slope, 3)} ${unit}/h (${overDay >= 0 ? '+' : ''}${round(overDay, 2)} ${unit} over the day)`,
      baseline: `${round(typical, 2)} ${unit} typical level`,
      ratio: `R² ${round(fit.r2, 2)}`,
      target: `fitted change over the day < ${round(allowed, 2)} ${unit}`,
      // A growth trend is what a soak looks for; a falling line (the machine got quieter) is not one.
      verdict: !Number.isFinite(overDay) ? 'NOT MEASURED' : overDay < allowed ? 'MET' : 'MISSED',
      note,
    };
  };
  const rssLevel = level((s) => s.rssMb);
  const retainedLevel = level((s) => s.retainedHeapMb);
  const p50Level = level((s) => (s.acks > 0 ? s.ackP50Ms : null));
  const p99Level = level((s) => (s.acks > 0 ? s.ackP99Ms : null));
  const day = `${MINUTES} simulated minutes in ${round((monotonicMs() - t0) / 60_000, 1)} min of wall time`;
  const rows: ResultRow[] = [
    trendRow(
      'soak: hub RSS trend (built hub, 100 clients, a hall day)',
      fits.rssMb,
      'MB',
      rssLevel,
      rssLevel * 0.1,
      `least-squares slope of VmRSS sampled every simulated minute after a ${WARM_UP_MINUTES}-minute warm-up; ${day}; ` +
        `${issued} tickets issued, ${served} served; 10% of the typical level allowed (tickets of the day stay in memory); ` +
        `slopes of its parts: anonymous ${round(fits.rssAnonMb.slope, 2)}, files ${round(fits.rssFileMb.slope, 2)}, ` +
        `V8 heap reserved ${round(fits.heapTotalMb.slope, 2)} (young generation ${round(fits.newSpaceMb.slope, 2)}, ` +
        `old ${round(fits.oldSpaceMb.slope, 2)}), external ${round(fits.externalMb.slope, 2)} MB/h; young generation ` +
        `${samples[0]?.newSpaceMb} → ${samples.at(-1)?.newSpaceMb} MB; ` +
        `RSS from 11:00 (after the morning peak) ${round(fits.rssAfterMorningPeakMb.slope, 2)} MB/h`,
    ),
    trendRow(
      'soak: hub retained heap trend (after a full GC)',
      fits.retainedHeapMb,
      'MB',
      retainedLevel,
      Math.max(retainedLevel * 0.1, 2),
      `heapUsed after global.gc() every 10 simulated minutes; raw heapUsed slope ${round(fits.heapUsedMb.slope, 3)} MB/h ` +
        `(R² ${round(fits.heapUsedMb.r2, 2)}); allowed: 10% of the level or 2 MB`,
    ),
    trendRow(
      'soak: command ack p99 trend',
      fits.ackP99Ms,
      'ms',
      p99Level,
      Math.max(p99Level * 0.5, 2),
      `per-minute p99 of every command (issue, call-next, start, finish); p50 slope ${round(fits.ackP50Ms.slope, 3)} ms/h ` +
        `at a typical ${round(p50Level, 2)} ms; the whole day: p50 ${round(percentile(allAcks, 50), 2)} ms, p99 ` +
        `${round(percentile(allAcks, 99), 2)} ms, max ${round(Math.max(...allAcks), 1)} ms over ${allAcks.length} commands; ` +
        'allowed: half the typical p99 or 2 ms',
    ),
  ];
  result.finish(rows, {
    minutes: MINUTES,
    minuteMs: MINUTE_MS,
    clients: connected,
    warmUpMinutes: WARM_UP_MINUTES,
    issued,
    served,
    refused,
    fits,
    samples,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await soak();
  process.exit(0);
}
