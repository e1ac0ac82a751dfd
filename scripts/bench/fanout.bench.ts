/**
 * Fan-out: a clerk's call-next → the `hall:update` at every connected device, against a bare Socket.IO server
 * broadcasting a payload of the same size to the same client processes, trial by trial in the same run.
 *
 *   npx tsx scripts/bench/fanout.bench.ts [--sizes 50,250,500] [--trials 80]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient, socketSettingsWith, type TestClient } from '@hallq/hub/testing';
import type { HallUpdate } from '@hallq/protocol';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { type BenchHub, issueDirect, startBenchHub } from './lib/bench-hub.ts';
import { type Child, forkChild } from './lib/children.ts';
import type { HostCommand, HostReport } from './lib/client-host.ts';
import { ms, type ResultRow, ratio, startResult } from './lib/results.ts';
import { monotonicMs, round, sleep, summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (flag('sizes') ?? '50,250,500').split(',').map(Number);
const TRIALS = Number(flag('trials') ?? 50);
const WARMUP = 5;
const PROCESSES = 5;
const TARGET_RATIO = 1.2;

type Host = Child<HostCommand, HostReport>;
type Round = Extract<HostReport, { type: 'round' }>;
type Series = 'hub' | 'bare' | 'bareDurable';

/** A bare Socket.IO server: every client in one room; a trigger broadcasts a recorded hub update as it is. */
function startBareServer(dir: string) {
  const http = createServer();
  const io = new Server(http, {
    serveClient: false,
    cors: { origin: false },
    maxHttpBufferSize: 2 * 1024 * 1024,
  });
  // The same durability as the hub's database: WAL, synchronous = FULL, same disk, one small row per commit.
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO calls (at, payload) VALUES (?, ?)');
  let payload: HallUpdate | null = null;
  let seq = 1_000_000;
  io.on('connection', (socket) => {
    socket.join('hall');
    socket.on('bench:trigger', (request: { durable: boolean }, ack: (answer: { ok: true }) => void) => {
      if (!payload) throw new Error('no payload recorded yet');
      seq += 1;
      const update = { ...payload, seq };
      if (request.durable) insert.run(Date.now(), JSON.stringify(update.change));
      io.to('hall').emit('hall:update', update);
      ack({ ok: true });
    });
  });
  return {
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    },
    setPayload(update: HallUpdate) {
      payload = update;
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      db.close();
    },
  };
}

const isRound =
  (set: string, changeType: string) =>
  (r: HostReport): r is Round =>
    r.type === 'round' && r.set === set && r.changeType === changeType;

async function allRounds(hosts: readonly Host[], set: string, changeType: string): Promise<number[]> {
  const rounds = await Promise.all(hosts.map((h) => h.next(isRound(set, changeType), 30_000)));
  return rounds.flatMap((r) => [...r.times]);
}

async function measureSize(
  bench: BenchHub,
  clerk: TestClient,
  bareUrl: string,
  trigger: Socket,
  size: number,
) {
  const perHost = size / PROCESSES;
  const hosts: Host[] = Array.from({ length: PROCESSES }, () =>
    forkChild<HostCommand, HostReport>('client-host.ts'),
  );
  const connectT0 = performance.now();
  for (const host of hosts) {
    host.send({ type: 'connect', set: 'hub', url: bench.url, auths: bench.addDevices(perHost) });
    host.send({
      type: 'connect',
      set: 'bare',
      url: bareUrl,
      auths: Array.from({ length: perHost }, () => ({})),
    });
  }
  for (const set of ['hub', 'bare']) {
    const connected = await Promise.all(
      hosts.map((h) =>
        h.next(
          (r): r is Extract<HostReport, { type: 'connected' }> => r.type === 'connected' && r.set === set,
          120_000,
        ),
      ),
    );
    const failed = connected.reduce((s, c) => s + c.failed, 0);
    if (failed > 0)
      throw new Error(`${failed} ${set} clients failed to connect: ${connected.find((c) => c.error)?.error}`);
  }
  const connectMs = performance.now() - connectT0;
  // Clock check: each child reads CLOCK_MONOTONIC when a ping from the parent arrives; the difference is the IPC
  // delay and must never be negative if both read the same clock.
  const skews: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    for (const host of hosts) {
      host.send({ type: 'ping', t: monotonicMs() });
      const pong = await host.next((r): r is Extract<HostReport, { type: 'pong' }> => r.type === 'pong');
      skews.push(pong.childT - pong.t);
    }
  }

  const latencies: Record<Series, number[]> = { hub: [], bare: [], bareDurable: [] };
  const lastClient: Record<Series, number[]> = { hub: [], bare: [], bareDurable: [] };
  const hubAcks: number[] = [];
  const run = async (series: Series, record: boolean) => {
    if (series === 'hub') {
      const t0 = monotonicMs();
      const ack = await clerk.call('window:call-next', { windowId: 'w1' });
      const ackAt = monotonicMs();
      if (!ack.ok) throw new Error(`call-next refused: ${ack.error.message}`);
      const times = await allRounds(hosts, 'hub', 'ticket:called');
      if (record) {
        hubAcks.push(ackAt - t0);
        const lat = times.map((t) => t - t0);
        latencies.hub.push(...lat);
        lastClient.hub.push(Math.max(...lat));
      }
      // Free the window for the next trial; wait until every client has that update too, so trials never overlap.
      const finished = await clerk.call('window:finish', { windowId: 'w1' });
      if (!finished.ok) throw new Error(`finish refused: ${finished.error.message}`);
      await allRounds(hosts, 'hub', 'ticket:finished');
    } else {
      const t0 = monotonicMs();
      await trigger.emitWithAck('bench:trigger', { durable: series === 'bareDurable' });
      const times = await allRounds(hosts, 'bare', 'ticket:called');
      if (record) {
        const lat = times.map((t) => t - t0);
        latencies[series].push(...lat);
        lastClient[series].push(Math.max(...lat));
      }
    }
    await sleep(5);
  };
  const order: Series[] = ['hub', 'bare', 'bareDurable'];
  for (let i = 0; i < WARMUP; i += 1) for (const s of order) await run(s, false);
  const t0 = performance.now();
  for (let i = 0; i < TRIALS; i += 1) {
    // Rotate the order every trial so neither side always runs right after the other.
    for (let k = 0; k < order.length; k += 1) await run(order[(i + k) % order.length]!, true);
  }
  const trialsMs = performance.now() - t0;
  await Promise.all(hosts.map((h) => h.stop()));
  const summary = {
    hub: summarize(latencies.hub),
    bare: summarize(latencies.bare),
    bareDurable: summarize(latencies.bareDurable),
  };
  return {
    size,
    processes: PROCESSES,
    trials: TRIALS,
    connectMs: Math.round(connectMs),
    trialsMs: Math.round(trialsMs),
    clockCheck: { ipcDelayMs: summarize(skews), negative: skews.filter((s) => s < 0).length },
    perDelivery: summary,
    lastClientPerCall: {
      hub: summarize(lastClient.hub),
      bare: summarize(lastClient.bare),
      bareDurable: summarize(lastClient.bareDurable),
    },
    hubCallNextAck: summarize(hubAcks),
    ratio: {
      p50: round(summary.hub.p50 / summary.bare.p50),
      p99: round(summary.hub.p99 / summary.bare.p99),
      p50VsDurable: round(summary.hub.p50 / summary.bareDurable.p50),
      p99VsDurable: round(summary.hub.p99 / summary.bareDurable.p99),
    },
  };
}

export async function fanoutBenchmark() {
  const result = startResult('fanout', 'Fan-out: call-next → every client, vs a bare Socket.IO broadcast');
  // Every bench client comes from 127.0.0.1, five processes connecting 20 at a time: the per-address handshake
  // cap (32, against one address opening many at once) refused some of them when the machine was busy. A hall's
  // 500 devices come from 500 addresses; the cap is raised here so the figure is the broadcast's, not the guard's.
  const bench = await startBenchHub({ socket: socketSettingsWith({ handshakesPerAddress: 500 }) });
  const dir = mkdtempSync(join(tmpdir(), 'hallq-bare-'));
  const bare = startBareServer(dir);
  const bareUrl = await bare.listen();
  issueDirect(bench, SIZES.length * (TRIALS + WARMUP) + 10);
  await bench.hub.hall.settled();
  const { username, password } = await bench.addClerk('bench-clerk');
  const clerk = await connectClient(bench.url, {});
  const login = await clerk.call('session:login', { username, password, windowId: 'w1' });
  if (!login.ok) throw new Error(`clerk login failed: ${login.error.message}`);
  // One real call-next, so the bare server broadcasts exactly what the hub broadcasts for one.
  await clerk.call('window:call-next', { windowId: 'w1' });
  const sample = await clerk.waitForUpdate((u) => u.change.type === 'ticket:called');
  await clerk.call('window:finish', { windowId: 'w1' });
  bare.setPayload(sample);
  const trigger = ioClient(bareUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve) => trigger.once('connect', () => resolve()));

  const sizes = [];
  for (const size of SIZES) {
    console.log(`fan-out: ${size} clients in ${PROCESSES} processes, ${TRIALS} trials per series …`);
    sizes.push(await measureSize(bench, clerk, bareUrl, trigger, size));
  }
  trigger.disconnect();
  clerk.close();
  await bare.close();
  await bench.close();
  rmSync(dir, { recursive: true, force: true });

  const rows: ResultRow[] = [];
  for (const s of sizes) {
    for (const p of ['p50', 'p99'] as const) {
      const r = s.ratio[p];
      rows.push({
        benchmark: `fan-out ${s.size} clients, call-next → every client, ${p}`,
        measured: ms(s.perDelivery.hub[p]),
        baseline: `${ms(s.perDelivery.bare[p])} bare broadcast`,
        ratio: ratio(r),
        target: `ratio ≤ ${TARGET_RATIO}`,
        verdict: r <= TARGET_RATIO ? 'MET' : 'MISSED',
        note:
          `${s.size} devices in ${PROCESSES} processes, ${s.trials} interleaved trials; bare broadcast after a durable ` +
          `commit: ${ms(s.perDelivery.bareDurable[p])} (hub/that ${ratio(s.ratio[p === 'p50' ? 'p50VsDurable' : 'p99VsDurable'])}); ` +
          `last client per call ${ms(s.lastClientPerCall.hub[p])} vs ${ms(s.lastClientPerCall.bare[p])}`,
      });
    }
  }
  result.finish(rows, {
    method:
      'clerk call-next (t0 in the bench process) → hall:update received by each device socket (CLOCK_MONOTONIC in the client process); ' +
      'bare: trigger → io.to(room).emit of the same recorded update; bareDurable: trigger → one-row WAL+FULL commit → emit',
    payloadBytes: Buffer.byteLength(JSON.stringify(sample)),
    sizes,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await fanoutBenchmark();
  process.exit(0);
}
