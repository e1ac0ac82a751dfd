/**
 * Where the city centre's ingest spends its time, stage by stage, for one hall's day pushed in batches in this
 * process (no HTTP): JSON parse, validation, chain check, the raw-event COPY, the projections, the cursor and the
 * commit, each summed over the batches; beside a bare COPY of the same rows, with the CPU time of node and of
 * PostgreSQL for both. A profiling aid, not a benchmark with a target:
 *
 *   npx tsx scripts/bench/central-ingest-stages.ts [--visits 5000] [--batch 500]
 *     --real         the centre's own ingest (one call a batch) instead of the stages one by one
 *     --fold         also time the projections' JavaScript fold alone
 *     --statements   each statement's time, under its first words
 *     --pgss         PostgreSQL's own account (pg_stat_statements): calls, execution and planning time
 *
 * The hub's log is made once and kept in the temporary folder (hallq-central-log-<visits>.json).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentralLogEntry } from '@hallq/protocol';
import type { Pool, PoolClient } from 'pg';
import { pino } from 'pino';
import { createCentral } from '../../apps/central/src/create-central.ts';
import { startLocalCluster } from '../../apps/central/src/db/local-cluster.ts';
import { openPool } from '../../apps/central/src/db/pool.ts';
import { readBatch } from '../../apps/central/src/http/read-batch.ts';
import { checkBatch } from '../../apps/central/src/ingest/chain-check.ts';
import { copyEvents } from '../../apps/central/src/ingest/copy-rows.ts';
import { applyProjections } from '../../apps/central/src/projections/apply.ts';
import { projectBatch } from '../../apps/central/src/projections/project-batch.ts';
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

/** Each statement's time under its first words (--statements): which of the projections' statements cost. */
function timeStatements(client: PoolClient): void {
  const marked = client as PoolClient & { timed?: true };
  if (marked.timed) return;
  marked.timed = true;
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  (client as { query: unknown }).query = (...a: unknown[]) => {
    const text = typeof a[0] === 'string' ? a[0] : '';
    const result = query(...a);
    if (!text || !(result instanceof Promise)) return result;
    return timed(`  sql: ${text.replace(/\s+/g, ' ').slice(0, 40)}`, () => result);
  };
}

/** CPU time (ms) of this process and of every PostgreSQL process (backends and the server's own). */
async function cpuNow(pool: Pool): Promise<{ node: number; postgres: number }> {
  const pids = (await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity')).rows.map((r) => r.pid);
  const tick = 10; // ms: USER_HZ is 100 on Linux
  let postgres = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      postgres += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // ended meanwhile
    }
  }
  const usage = process.cpuUsage();
  return { node: (usage.user + usage.system) / 1000, postgres };
}

async function cpuSince(pool: Pool, before: { node: number; postgres: number }) {
  const now = await cpuNow(pool);
  return { node: now.node - before.node, postgres: now.postgres - before.postgres };
}

const dir = mkdtempSync(join(tmpdir(), 'hallq-stages-pg-'));
const cluster = await startLocalCluster({ dir, durable: true });
const logger = pino({ level: 'silent' });
try {
  if (args.includes('--pgss')) {
    const admin = openPool(cluster.url(), logger, 1);
    await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await admin.end();
    await cluster.restart('fast');
  }
  const url = await cluster.createDatabase('stages');
  if (args.includes('--pgss')) {
    const admin = openPool(url, logger, 1);
    await admin.query('CREATE EXTENSION pg_stat_statements');
    await admin.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
    await admin.query('SELECT pg_reload_conf()');
    await admin.end();
  }
  const pool = openPool(url, logger);
  const central = await createCentral({ pool, logger, config: { host: '127.0.0.1', port: 0, tls: null } });
  await central.halls.register({ hallId: 'h1', name: 'h1', region: 'r' });
  await central.halls.register({ hallId: 'copy', name: 'copy', region: 'r' });
  await central.partitions.ensureFor(log.map((e) => e.at));

  const bodies: string[] = [];
  for (let i = 0; i < log.length; i += BATCH)
    bodies.push(JSON.stringify({ hallId: 'h1', entries: log.slice(i, i + BATCH) }));

  const cpuBefore = await cpuNow(pool);
  const started = performance.now();
  for (const body of args.includes('--real') ? [] : bodies) {
    const json = await timed('JSON.parse', () => JSON.parse(body) as unknown);
    const reading = await timed('validate', () => readBatch(json));
    if (!reading.ok) throw new Error('not a batch');
    const batch = reading.batch;
    const client = await pool.connect();
    if (args.includes('--statements')) timeStatements(client);
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
        // The projections' JavaScript alone (their fold of the batch), then all of them (the fold again, and SQL).
        if (args.includes('--fold')) await timed('projections: fold (JS)', () => projectBatch(fresh));
        await timed('projections: all', () => applyProjections(client, 'h1', fresh));
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
  // --real: the centre's own ingest (handler aside), for its CPU time an entry.
  for (const body of args.includes('--real') ? bodies : []) {
    const reading = readBatch(JSON.parse(body));
    if (!reading.ok) throw new Error('not a batch');
    const outcome = await central.ingest.ingest('h1', reading.batch.entries);
    if (!outcome.ok) throw new Error(outcome.refusal.message);
  }
  const ingestMs = performance.now() - started;
  const ingestCpu = await cpuSince(pool, cpuBefore);
  if (args.includes('--pgss')) {
    const stats = await pool.query<{ q: string; calls: number; exec: number; plan: number }>(
      `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 50) AS q, calls, total_exec_time AS exec,
         total_plan_time AS plan FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 14`,
    );
    for (const r of stats.rows)
      console.log(
        `  pg: ${r.q.padEnd(50)} ${String(r.calls).padStart(5)} calls, exec ${r.exec.toFixed(0)} ms, plan ${r.plan.toFixed(0)} ms`,
      );
  }

  const copyCpuBefore = await cpuNow(pool);

  const copyClient = await pool.connect();
  const copyMs = await (async () => {
    const t0 = performance.now();
    await copyEvents(copyClient, 'copy', log);
    return performance.now() - t0;
  })();
  copyClient.release();
  const copyCpu = await cpuSince(pool, copyCpuBefore);

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
  const cpu = (c: { node: number; postgres: number }) =>
    `node ${perEntry(c.node)}, PostgreSQL ${perEntry(c.postgres)}`;
  console.log(`  CPU time: ingest ${cpu(ingestCpu)}; bare COPY ${cpu(copyCpu)}`);
  await pool.end();
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
