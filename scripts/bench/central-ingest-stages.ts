/**
 * Where the city centre's ingest spends its time, stage by stage, for one hall's day pushed in batches in this
 * process (no HTTP): JSON parse, validation, chain check, the raw-event COPY, the projections, the cursor and the
 * commit, each summed over the batches; beside a bare COPY of the same rows. A profiling aid, not a benchmark
 * with a target: `npx tsx scripts/bench/central-ingest-stages.ts [--visits 5000] [--batch 500]`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CentralBatch, type CentralLogEntry } from '@hallq/protocol';
import { pino } from 'pino';
import { createCentral } from '../../apps/central/src/create-central.ts';
import { startLocalCluster } from '../../apps/central/src/db/local-cluster.ts';
import { openPool } from '../../apps/central/src/db/pool.ts';
import { checkBatch } from '../../apps/central/src/ingest/chain-check.ts';
import { copyEvents } from '../../apps/central/src/ingest/copy-rows.ts';
import { applyProjections } from '../../apps/central/src/projections/apply.ts';
import { hallDayLog } from './lib/central-hall-log.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const VISITS = flag('visits', 5000);
const BATCH = flag('batch', 500);
const cache = join(tmpdir(), `hallq-central-log-${VISITS}.json`);

const log: CentralLogEntry[] = existsSync(cache)
  ? JSON.parse(readFileSync(cache, 'utf8'))
  : await hallDayLog(VISITS);
if (!existsSync(cache)) writeFileSync(cache, JSON.stringify(log));

const totals = new Map<string, number>();
const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const value = await work();
  totals.set(stage, (totals.get(stage) ?? 0) + performance.now() - t0);
  return value;
};

const dir = mkdtempSync(join(tmpdir(), 'hallq-stages-pg-'));
const cluster = await startLocalCluster({ dir, durable: true });
const logger = pino({ level: 'silent' });
try {
  const url = await cluster.createDatabase('stages');
  const pool = openPool(url, logger);
  const central = await createCentral({ pool, logger, config: { host: '127.0.0.1', port: 0, tls: null } });
  await central.halls.register({ hallId: 'h1', name: 'h1', region: 'r' });
  await central.halls.register({ hallId: 'copy', name: 'copy', region: 'r' });
  await central.partitions.ensureFor(log.map((e) => e.at));

  const bodies: string[] = [];
  for (let i = 0; i < log.length; i += BATCH)
    bodies.push(JSON.stringify({ hallId: 'h1', entries: log.slice(i, i + BATCH) }));

  const started = performance.now();
  for (const body of bodies) {
    const json = await timed('JSON.parse', () => JSON.parse(body) as unknown);
    const batch = await timed('validate (zod)', () => CentralBatch.parse(json));
    const client = await pool.connect();
    try {
      await timed('BEGIN + cursor lock', async () => {
        await client.query('BEGIN');
        return client.query(
          'SELECT stored_through, last_hash FROM hall_cursors WHERE hall_id = $1 FOR UPDATE',
          ['h1'],
        );
      }).then(async (locked) => {
        const cursor = locked.rows[0] as { stored_through: number; last_hash: string };
        const verdict = await timed('chain check', () =>
          checkBatch(
            { storedThrough: cursor.stored_through, lastHash: cursor.last_hash },
            batch.entries,
            new Map(),
          ),
        );
        if (!verdict.ok) throw new Error(verdict.message);
        const fresh = verdict.fresh;
        const last = fresh[fresh.length - 1]!;
        await timed('COPY raw events', () => copyEvents(client, 'h1', fresh));
        await timed('projections', () => applyProjections(client, 'h1', fresh));
        await timed('cursor update', () =>
          client.query('UPDATE hall_cursors SET stored_through = $2, last_hash = $3 WHERE hall_id = $1', [
            'h1',
            last.id,
            last.hash,
          ]),
        );
        await timed('COMMIT', () => client.query('COMMIT'));
      });
    } finally {
      client.release();
    }
  }
  const ingestMs = performance.now() - started;

  const copyClient = await pool.connect();
  const copyMs = await (async () => {
    const t0 = performance.now();
    await copyEvents(copyClient, 'copy', log);
    return performance.now() - t0;
  })();
  copyClient.release();

  const perEntry = (ms: number) => `${((ms * 1000) / log.length).toFixed(1)} µs/entry`;
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}; ${log.length} entries, batches of ${BATCH}`,
  );
  for (const [stage, ms] of totals)
    console.log(`  ${stage.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${perEntry(ms)}`);
  console.log(`  ${'ingest, all'.padEnd(22)} ${ingestMs.toFixed(0).padStart(6)} ms  ${perEntry(ingestMs)}`);
  console.log(`  ${'bare COPY (one)'.padEnd(22)} ${copyMs.toFixed(0).padStart(6)} ms  ${perEntry(copyMs)}`);
  await pool.end();
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
