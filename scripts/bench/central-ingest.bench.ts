/**
 * The city centre's ingest: how many hall log entries per second it stores (chain checked, raw events, the
 * projections and the hall cursor in one transaction per batch), with several halls pushing at once over HTTP to
 * a centre in its own process; against a bare COPY of the very same rows into the same raw-events table, in the
 * same run, on the same throwaway PostgreSQL cluster (fsync on, as a centre runs). COPY and ingest alternate in
 * rounds (each round its own halls) and the median round is reported: the machine is shared, and a single pair
 * of measurements moved between 0.3× and 0.7× with the load of the moment.
 *
 * The log is a real hub's: a day of visits (issued, called, started, finished, rated) made by the hub itself;
 * the same log is pushed as each of the halls (a chain does not name its hall).
 *
 *   npx tsx scripts/bench/central-ingest.bench.ts [--visits 5000] [--halls 4] [--batch 2000] [--rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CentralLogEntry } from '@hallq/protocol';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pino } from 'pino';
import { createCentral } from '../../apps/central/src/create-central.ts';
import { startLocalCluster } from '../../apps/central/src/db/local-cluster.ts';
import { openPool } from '../../apps/central/src/db/pool.ts';
import { EVENT_COLUMNS, eventsCopyText } from '../../apps/central/src/ingest/copy-rows.ts';
import { startCentreProcess } from '../../apps/central/src/testing/centre-process.ts';
import { freePort } from '../../apps/central/src/testing/hub-link.ts';
import { CENTRAL_BATCH_ENTRIES } from '../../apps/hub/src/central/central-sync.ts';
import { hallDayLog } from './lib/central-hall-log.ts';
import { type ResultRow, ratio, startResult } from './lib/results.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const VISITS = flag('visits', 5000);
const HALLS = flag('halls', 4);
/** As the hub sends them: full batches while it has the entries (a day's log, as after an outage). */
const BATCH = flag('batch', CENTRAL_BATCH_ENTRIES);
/** Centre processes on the one port (--workers): the centre's CPU work is per entry. */
const WORKERS = flag('workers', 2);
/** COPY and ingest measured this many times, one after the other: the ratio given is the median round's. */
const ROUNDS = flag('rounds', 5);

/**
 * A batch POSTed as a hub does, with node:http on a kept-alive connection: the hubs' side of the exchange runs on
 * this same machine, so it is kept as light as it can be (fetch cost about 15 ms of CPU a batch here).
 */
function post(
  port: number,
  agent: Agent,
  token: string,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/ingest',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function bareCopy(
  url: string,
  halls: readonly string[],
  entries: readonly CentralLogEntry[],
): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    await Promise.all(
      halls.map(async (hallId) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          const stream = c.query(copyFrom(`COPY events (${EVENT_COLUMNS}) FROM STDIN`));
          await pipeline(Readable.from([eventsCopyText(hallId, entries)]), stream);
        } finally {
          await c.end();
        }
      }),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** The middle value (of an odd count; the upper middle of an even one): always one of the values. */
const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One round's ingest: every hall pushes its day, batch after batch, all halls at once; seconds to the last answer. */
async function pushAll(
  port: number,
  halls: readonly { hallId: string; token: string }[],
  log: readonly CentralLogEntry[],
  latencies: number[],
  cpu: { micros: number },
): Promise<number> {
  // Serialised and encoded before the clock starts: that is the hubs' work, on their own machines.
  const prepared = halls.map(({ hallId, token }) => {
    const bodies: Buffer[] = [];
    for (let i = 0; i < log.length; i += BATCH)
      bodies.push(Buffer.from(JSON.stringify({ hallId, entries: log.slice(i, i + BATCH) })));
    return { bodies, token };
  });
  const agent = new Agent({ keepAlive: true });
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      prepared.map(async ({ bodies, token }) => {
        for (const body of bodies) {
          const t0 = performance.now();
          const response = await post(port, agent, token, body);
          if (response.status !== 200) throw new Error(`batch refused: ${response.status} ${response.text}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpuBefore);
    cpu.micros += used.user + used.system;
    return seconds;
  } finally {
    agent.destroy();
  }
}

export async function centralIngestBenchmark(): Promise<void> {
  const result = startResult('central-ingest', 'City centre: ingest into PostgreSQL');
  console.log(`central-ingest: a hub makes a day of ${VISITS} visits …`);
  const log = await hallDayLog(VISITS);
  // Each round its own halls (a hall's log goes in once): the same rows, COPYed and then ingested.
  const rounds = Array.from({ length: ROUNDS }, (_, r) =>
    Array.from({ length: HALLS }, (_, i) => `bench-${r + 1}-${i + 1}`),
  );
  const total = log.length * HALLS;
  const dir = mkdtempSync(join(tmpdir(), 'hallq-bench-pg-'));
  const cluster = await startLocalCluster({ dir, durable: true });
  const logger = pino({ level: 'silent' });
  try {
    // The same schema twice: one database for the centre, one for the bare COPY.
    const ingestUrl = await cluster.createDatabase('ingest');
    const copyUrl = await cluster.createDatabase('copy');
    const tokens = new Map<string, string>();
    for (const url of [ingestUrl, copyUrl]) {
      const pool = openPool(url, logger);
      const central = await createCentral({
        pool,
        logger,
        config: { host: '127.0.0.1', port: 0, tls: null },
      });
      for (const hallId of rounds.flat())
        tokens.set(
          `${url}:${hallId}`,
          await central.halls.register({ hallId, name: hallId, region: 'bench' }),
        );
      await central.partitions.ensureFor(log.map((e) => e.at));
      await pool.end();
    }

    const port = await freePort();
    const centre = await startCentreProcess(ingestUrl, port, WORKERS);
    const copySeconds: number[] = [];
    const ingestSeconds: number[] = [];
    const latencies: number[] = [];
    const pushingCpu = { micros: 0 };
    try {
      // Interleaved, so both see the machine's load of the moment and tables of the same size.
      for (const [r, halls] of rounds.entries()) {
        console.log(`central-ingest: round ${r + 1}/${ROUNDS}: bare COPY of ${total} rows …`);
        copySeconds.push(await bareCopy(copyUrl, halls, log));
        console.log(
          `central-ingest: round ${r + 1}/${ROUNDS}: ${HALLS} halls push ${total} entries in batches of ${BATCH} …`,
        );
        const pushing = halls.map((hallId) => ({ hallId, token: tokens.get(`${ingestUrl}:${hallId}`)! }));
        ingestSeconds.push(await pushAll(port, pushing, log, latencies, pushingCpu));
      }
    } finally {
      await centre.kill();
    }

    const check = new pg.Client({ connectionString: ingestUrl });
    await check.connect();
    const stored = Number((await check.query('SELECT count(*) AS n FROM events')).rows[0].n);
    const served = Number((await check.query('SELECT sum(served) AS n FROM daily_rollups')).rows[0].n);
    await check.end();
    if (stored !== total * ROUNDS || served !== VISITS * HALLS * ROUNDS)
      throw new Error(`stored ${stored}/${total * ROUNDS}, served ${served}`);

    // The round with the median ratio is the one reported: its ingest and its COPY, measured one after the other.
    const ratios = ingestSeconds.map((seconds, r) => copySeconds[r]! / seconds);
    const ratioMedian = median(ratios);
    const middle = ratios.indexOf(ratioMedian);
    const ingestRate = total / ingestSeconds[middle]!;
    const copyRate = total / copySeconds[middle]!;
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    const rows: ResultRow[] = [
      {
        benchmark: `ingest, ${HALLS} halls pushing at once (batches of ${BATCH}, HTTP, chain check, projections, ${WORKERS} centre workers)`,
        measured: `${Math.round(ingestRate).toLocaleString('en')} events/s`,
        baseline: `${Math.round(copyRate).toLocaleString('en')} rows/s bare COPY`,
        ratio: ratio(ratioMedian),
        target: '≥ 0.50×',
        verdict: ratioMedian >= 0.5 ? 'MET' : 'MISSED',
        note: `the median of ${ROUNDS} rounds, COPY and ingest interleaved (ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}); each ${total.toLocaleString('en')} entries (a real hub's day of ${VISITS} visits, as ${HALLS} halls), ingest ${ingestSeconds.map((x) => x.toFixed(1)).join(' / ')} s; batch p99 ${Math.round(p99)} ms; COPY: the same rows into the same partitioned table, one COPY per hall at once`,
      },
    ];
    result.finish(rows, {
      total,
      rounds: ROUNDS,
      // The hubs' side (this process posting the batches, all rounds) runs on the same cores as the centre.
      pushingCpuMs: Math.round(pushingCpu.micros / 1000),
      copySeconds,
      ingestSeconds,
      ratios,
      copyRate,
      ingestRate,
      batchP99Ms: p99,
      halls: HALLS,
      batch: BATCH,
      visits: VISITS,
    });
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await centralIngestBenchmark();
  process.exit(0);
}
