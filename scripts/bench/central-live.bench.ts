/**
 * The city centre live: 20 real hubs (in this process, real clock) each running a busy hall's traffic and pushing
 * to the centre (its own process, on a throwaway PostgreSQL with fsync on); how long from a change at a hall to
 * that change being stored at the centre, with the board's projections (same transaction). What the board shows
 * is then one board query away (central-reports measures that query). Target (issue 16): p99 < 2 s.
 *
 *   npx tsx scripts/bench/central-live.bench.ts [--halls 20] [--seconds 30] [--visits-per-second 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, type TestHub } from '@hallq/hub/testing';
import { pino } from 'pino';
import { createCentral } from '../../apps/central/src/create-central.ts';
import { startLocalCluster } from '../../apps/central/src/db/local-cluster.ts';
import { openPool } from '../../apps/central/src/db/pool.ts';
import { startCentreProcess } from '../../apps/central/src/testing/centre-process.ts';
import { run } from '../../apps/central/src/testing/hall-activity.ts';
import { freePort } from '../../apps/central/src/testing/hub-link.ts';
import { benchHall } from './lib/bench-hub.ts';
import { ms, type ResultRow, startResult } from './lib/results.ts';
import { summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const HALLS = flag('halls', 20);
const SECONDS = flag('seconds', 30);
const RATE = flag('visits-per-second', 1);

export async function centralLiveBenchmark(): Promise<void> {
  const result = startResult('central-live', 'City centre: a change at a hall → stored at the centre');
  const dir = mkdtempSync(join(tmpdir(), 'hallq-bench-live-'));
  const cluster = await startLocalCluster({ dir, durable: true });
  const hubs: TestHub[] = [];
  const port = await freePort();
  const url = await cluster.createDatabase('live');
  const logger = pino({ level: 'silent' });
  const setup = openPool(url, logger);
  const central = await createCentral({
    pool: setup,
    logger,
    config: { host: '127.0.0.1', port: 0, tls: null },
  });
  const tokens: string[] = [];
  for (let i = 0; i < HALLS; i += 1) {
    tokens.push(
      await central.halls.register({ hallId: `live-${i + 1}`, name: `live-${i + 1}`, region: 'bench' }),
    );
  }
  await central.partitions.ensureFor([Date.now()]);
  await setup.end();
  const centre = await startCentreProcess(url, port, 2);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < HALLS; i += 1) {
      const hub = await startTestHub({
        hall: benchHall(),
        clock: Date.now,
        config: { central: { url: `http://127.0.0.1:${port}`, hallId: `live-${i + 1}`, token: tokens[i]! } },
      });
      hubs.push(hub);
    }
    // Per hub: when each log entry was made, until the centre acknowledges it.
    const pending = hubs.map(() => new Map<number, number>());
    for (const [i, hub] of hubs.entries()) {
      hub.hub.central!.onAcknowledged((storedThrough) => {
        const now = performance.now();
        for (const [id, at] of pending[i]!) {
          if (id > storedThrough) continue;
          latencies.push(now - at);
          pending[i]!.delete(id);
        }
      });
    }
    console.log(`central-live: ${HALLS} hubs, ${RATE} visits/s each, for ${SECONDS} s …`);
    const step = (hub: TestHub, i: number, n: number) => {
      const windowId = `w${(n % 8) + 1}`;
      const commands = [
        {
          type: 'ticket:issue',
          serviceId: `svc-${(n % 6) + 1}`,
          visitorClass: 'normal',
          visitorKey: null,
          kioskId: null,
        },
        { type: 'window:call-next', windowId, clerkId: null },
        { type: 'window:start', windowId },
        { type: 'window:finish', windowId },
      ] as const;
      for (const command of commands) {
        try {
          run(hub, command);
        } catch {
          continue;
        }
        pending[i]!.set(hub.hub.hall.log.lastId(), performance.now());
      }
    };
    const started = performance.now();
    let n = 0;
    await new Promise<void>((resolve) => {
      // Paced open loop: each tick does what is due by now across the halls, so a slow turn does not lower the rate.
      const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - started) / 1000) * RATE * HALLS);
        while (n < due) {
          const i = n % HALLS;
          step(hubs[i]!, i, Math.floor(n / HALLS));
          n += 1;
        }
        if (performance.now() - started >= SECONDS * 1000) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    // The last changes are acknowledged too before the figures are taken.
    const deadline = performance.now() + 30_000;
    while (pending.some((p) => p.size > 0) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const left = pending.reduce((sum, p) => sum + p.size, 0);
    const lat = summarize(latencies);
    const rows: ResultRow[] = [
      {
        benchmark: `a change at a hall → stored at the centre, ${HALLS} hubs pushing live`,
        measured: `p99 ${ms(lat.p99)}`,
        baseline: '—',
        ratio: '—',
        target: 'p99 < 2 s',
        verdict: left === 0 && lat.p99 < 2000 ? 'MET' : 'MISSED',
        note: `${lat.n.toLocaleString('en')} log entries over ${SECONDS} s (${RATE} visit/s per hall = ${RATE * 4} entries/s, ~6× a 5,000-ticket day); p50 ${ms(lat.p50)}, max ${ms(lat.max)}; hubs in one process, centre with 2 workers; ${left} never acknowledged`,
      },
    ];
    result.finish(rows, { halls: HALLS, seconds: SECONDS, rate: RATE, latency: lat, unacknowledged: left });
  } finally {
    for (const hub of hubs) await hub.close();
    await centre.kill();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await centralLiveBenchmark();
  process.exit(0);
}
