/**
 * The city centre's reads over 20 halls × a generated year (scripts/generate-history.ts, one hall's year loaded
 * as each of the 20 halls): a cross-hall month report (by hall × service, from the daily roll-ups) and the city
 * board's query (each hall's waiting, longest wait against its services' own limits, open windows, today's
 * ratings, alerts); also the month by 事项 code and six halls compared over a month. Targets (issue 16): month
 * report < 500 ms, board < 50 ms (the by-item report and the comparison are held to the month report's 500 ms).
 *
 *   npx tsx scripts/bench/central-reports.bench.ts [--halls 20] [--per-day 1000] [--runs 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '@hallq/hub/local-tools';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pino } from 'pino';
import { startLocalCluster } from '../../apps/central/src/db/local-cluster.ts';
import { migrate } from '../../apps/central/src/db/migrate.ts';
import { openPool } from '../../apps/central/src/db/pool.ts';
import { createHallRegistry } from '../../apps/central/src/halls/hall-registry.ts';
import { cityBoard } from '../../apps/central/src/views/city-board.ts';
import { crossHallReport, crossHallReportByItem } from '../../apps/central/src/views/cross-hall-report.ts';
import { compareHalls } from '../../apps/central/src/views/hall-comparison.ts';
import { generateHistory, HISTORY_NOW, HISTORY_OPEN_DAY } from '../generate-history.ts';
import { ms, type ResultRow, startResult } from './lib/results.ts';
import { summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const HALLS = flag('halls', 20);
const PER_DAY = flag('per-day', 1000);
const RUNS = flag('runs', 20);

const field = (v: string | number | null): string =>
  v === null
    ? '\\N'
    : String(v).replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      );
const iso = (msValue: number | null) => (msValue === null ? null : new Date(msValue).toISOString());

async function copyRows(client: pg.Client, sql: string, lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(lines), stream);
}

function* chunked(rows: readonly string[], size = 5000) {
  for (let i = 0; i < rows.length; i += size) yield `${rows.slice(i, i + size).join('\n')}\n`;
}

export async function centralReportsBenchmark(): Promise<void> {
  const result = startResult('central-reports', 'City centre: cross-hall reports and the city board');
  const work = mkdtempSync(join(tmpdir(), 'hallq-bench-central-'));
  // A folder of its own: as root, PostgreSQL runs as the postgres user, who cannot pass through `work` (0700).
  const pgDir = mkdtempSync(join(tmpdir(), 'hallq-bench-pg-'));
  const cluster = await startLocalCluster({ dir: pgDir, durable: false });
  try {
    console.log(`central-reports: a year of history at ${PER_DAY} tickets a day …`);
    const history = generateHistory({ out: join(work, 'history.db'), perDay: PER_DAY, log: () => undefined });
    const sqlite = openDatabase(history.file);
    type T = {
      id: string;
      number: string;
      business_day: string;
      service_id: string;
      issued_service_id: string;
      visitor_class: string;
      status: string;
      issued_at: number;
      first_called_at: number | null;
      started_at: number | null;
      ended_at: number | null;
      window_id: string | null;
      clerk_id: string | null;
      call_count: number;
      transfer_count: number;
    };
    const tickets = sqlite.prepare<[], T>('SELECT * FROM tickets').all();
    const ratings = sqlite
      .prepare<
        [],
        { ticket_id: string; window_id: string; clerk_id: string | null; level: number | null; at: number }
      >('SELECT ticket_id, window_id, clerk_id, level, at FROM ratings')
      .all();
    const windows = sqlite
      .prepare<
        [],
        {
          window_id: string;
          status: string;
          clerk_id: string | null;
          current_ticket_id: string | null;
          since: number;
        }
      >('SELECT window_id, status, clerk_id, current_ticket_id, since FROM window_states')
      .all();
    sqlite.close();

    const url = await cluster.createDatabase('reports');
    const logger = pino({ level: 'silent' });
    const pool = openPool(url, logger);
    await migrate(pool);
    const registry = createHallRegistry(pool);
    const halls = Array.from({ length: HALLS }, (_, i) => `hall-${String(i + 1).padStart(2, '0')}`);
    for (const [i, hallId] of halls.entries()) {
      await registry.register({ hallId, name: hallId, region: `区${(i % 4) + 1}` });
    }
    console.log(`central-reports: loading ${tickets.length.toLocaleString('en')} tickets × ${HALLS} halls …`);
    const loadStarted = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const hallId of halls) {
        const ticketLines = tickets.map((t) =>
          [
            hallId,
            t.id,
            t.number,
            t.business_day,
            t.service_id,
            t.issued_service_id,
            t.visitor_class,
            t.status,
            iso(t.issued_at),
            iso(t.first_called_at),
            iso(t.started_at),
            iso(t.ended_at),
            t.window_id,
            t.clerk_id,
            t.call_count,
            t.transfer_count,
            null,
            0,
          ]
            .map(field)
            .join('\t'),
        );
        await copyRows(client, 'COPY tickets FROM STDIN', chunked(ticketLines));
        const ratingLines = ratings.map((r) =>
          [hallId, r.ticket_id, r.window_id, r.clerk_id, r.level, '{}', iso(r.at)].map(field).join('\t'),
        );
        await copyRows(client, 'COPY ratings FROM STDIN', chunked(ratingLines));
        const windowLines = windows.map((w) =>
          [hallId, w.window_id, w.status, null, w.clerk_id, w.current_ticket_id, iso(w.since), 0]
            .map(field)
            .join('\t'),
        );
        await copyRows(client, 'COPY windows FROM STDIN', chunked(windowLines));
      }
      // The roll-ups the ingest keeps, computed here from the loaded tickets and ratings at once.
      await client.query(`
        INSERT INTO daily_rollups (hall_id, business_day, service_id, window_id, clerk_id, issued, served, no_shows,
          cancelled, expired, wait_ms_sum, wait_ms_max, service_ms_sum, rated, rating_sum, bad_ratings)
        SELECT t.hall_id, t.business_day, t.service_id, coalesce(t.window_id, ''), coalesce(t.clerk_id, ''),
          count(*), count(*) FILTER (WHERE t.status = 'done'), count(*) FILTER (WHERE t.status = 'no-show'),
          count(*) FILTER (WHERE t.status = 'cancelled'), count(*) FILTER (WHERE t.status = 'expired'),
          coalesce(sum(extract(epoch FROM t.first_called_at - t.issued_at) * 1000) FILTER (WHERE t.status = 'done'), 0)::bigint,
          coalesce(max(extract(epoch FROM t.first_called_at - t.issued_at) * 1000) FILTER (WHERE t.status = 'done'), 0)::bigint,
          coalesce(sum(extract(epoch FROM t.ended_at - t.started_at) * 1000) FILTER (WHERE t.status = 'done'), 0)::bigint,
          count(r.level), coalesce(sum(r.level), 0), count(*) FILTER (WHERE r.level <= 2)
        FROM tickets t LEFT JOIN ratings r ON r.hall_id = t.hall_id AND r.ticket_id = t.ticket_id
        GROUP BY 1, 2, 3, 4, 5`);
      // Each hall's services as its hub reported them: a wait limit per service (20–40 min) and a 事项 code
      // whose item part is the service's, so the by-item report and the board's limits have rows to join.
      await client.query(`
        INSERT INTO hall_services (hall_id, service_id, name_zh, name_en, item_code, sla_wait_minutes,
          sla_service_minutes, entry_id)
        SELECT DISTINCT ON (hall_id, service_id) hall_id, service_id, service_id, service_id,
          rpad(upper(replace(hall_id, '-', '')), 18, '0') || lpad((abs(hashtext(service_id)) % 10000000)::text, 13, '0'),
          20 + abs(hashtext(hall_id || service_id)) % 21, 20, 1
        FROM daily_rollups`);
      await client.query(
        `INSERT INTO hall_days (hall_id, business_day, changed_at) SELECT hall_id, $1::date, now() FROM halls`,
        [HISTORY_OPEN_DAY],
      );
      await client.query(`UPDATE hall_cursors SET last_received_at = now(), last_event_at = now()`);
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const counts = (
      await pool.query<{ tickets: number; rollups: number }>(
        'SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM daily_rollups)::int AS rollups',
      )
    ).rows[0]!;

    const timed = async (f: () => Promise<unknown>) => {
      await f();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const t0 = performance.now();
        await f();
        samples.push(performance.now() - t0);
      }
      return summarize(samples);
    };
    const month = { from: '2026-10-01', to: '2026-10-31' };
    const report = await timed(() => crossHallReport(pool, month));
    const lines = (await crossHallReport(pool, month)).length;
    const regionReport = await timed(() => crossHallReport(pool, { ...month, region: '区1' }));
    const itemReport = await timed(() => crossHallReportByItem(pool, month));
    const items = (await crossHallReportByItem(pool, month)).length;
    const sixHalls = { hallIds: halls.slice(0, 6), ...month, timeZone: 'Asia/Shanghai' };
    const comparison = await timed(() => compareHalls(pool, sixHalls));
    const compared = await compareHalls(pool, sixHalls);
    if (compared.length !== 6 || compared.some((h) => h.tickets === 0 || h.slaIsDefault)) {
      throw new Error('the comparison shows no month of six halls');
    }
    const todayStart = Date.parse(`${HISTORY_OPEN_DAY}T00:00:00+08:00`);
    // The waits are ranked against their limits at the history's "now" (the open day, 10:30).
    const now = HISTORY_NOW;
    const board = await timed(() => cityBoard(pool, { todayStart, now }));
    const boardHalls = await cityBoard(pool, { todayStart, now });
    // The open day at 10:30: windows staffed in every hall (at 1,000 tickets a day few people wait).
    if (boardHalls.length !== HALLS || boardHalls.some((h) => h.openWindows === 0)) {
      throw new Error('the board shows no live hall');
    }
    await pool.end();

    const rows: ResultRow[] = [
      {
        benchmark: `cross-hall month report, ${HALLS} halls × a year (by hall × service)`,
        measured: ms(report.p50),
        baseline: '—',
        ratio: '—',
        target: '< 500 ms',
        verdict: report.p50 < 500 ? 'MET' : 'MISSED',
        note: `October 2026, ${lines} lines from ${counts.rollups.toLocaleString('en')} daily roll-up rows (${counts.tickets.toLocaleString('en')} tickets held); p99 ${ms(report.p99)} over ${RUNS} runs; one region: ${ms(regionReport.p50)}`,
      },
      {
        benchmark: `cross-hall month report by 事项 code, ${HALLS} halls`,
        measured: ms(itemReport.p50),
        baseline: '—',
        ratio: '—',
        target: '< 500 ms',
        verdict: itemReport.p50 < 500 ? 'MET' : 'MISSED',
        note: `October 2026, ${items} items across the halls (roll-ups joined to each hall's services); p99 ${ms(itemReport.p99)} over ${RUNS} runs`,
      },
      {
        benchmark: 'comparison of 6 halls over a month (from the tickets)',
        measured: ms(comparison.p50),
        baseline: '—',
        ratio: '—',
        target: '< 500 ms',
        verdict: comparison.p50 < 500 ? 'MET' : 'MISSED',
        note: `October 2026: median and p90 wait, median service, share within each service's limit, ratings, no-shows; p99 ${ms(comparison.p99)} over ${RUNS} runs`,
      },
      {
        benchmark: `city board query, ${HALLS} halls`,
        measured: ms(board.p50),
        baseline: '—',
        ratio: '—',
        target: '< 50 ms',
        verdict: board.p50 < 50 ? 'MET' : 'MISSED',
        note: `waiting, longest wait against each service's own limit, open windows, today's ratings, open alerts, last report per hall; p99 ${ms(board.p99)} over ${RUNS} runs; now = ${new Date(HISTORY_NOW).toISOString()}`,
      },
    ];
    result.finish(rows, {
      halls: HALLS,
      perDay: PER_DAY,
      loadSeconds,
      counts,
      report,
      regionReport,
      itemReport,
      comparison,
      board,
    });
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await centralReportsBenchmark();
  process.exit(0);
}
