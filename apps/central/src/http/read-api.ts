import type { IncomingMessage, ServerResponse } from 'node:http';
import { tableXlsx } from '@hallq/hub/report-export';
import {
  CityBoardQuery,
  CityFollowUpsQuery,
  type CityMe,
  CrossHallReportQuery,
  type ReportLine,
} from '@hallq/protocol';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { CityUser, CityUsers } from '../people/city-users.ts';
import { cityBoard } from '../views/city-board.ts';
import { crossHallReport } from '../views/cross-hall-report.ts';
import { cityFollowUps } from '../views/follow-ups.ts';
import { startOfLocalDay } from '../views/local-day.ts';
import { sendJson } from './ingest-handler.ts';

/** The report's columns, zh-CN first, for a spreadsheet. */
const CSV_COLUMNS: readonly [string, (l: ReportLine) => string | number | null][] = [
  ['大厅 hall', (l) => l.hallName],
  ['区域 region', (l) => l.region],
  ['事项 service', (l) => l.serviceId],
  ['取号 issued', (l) => l.issued],
  ['办结 served', (l) => l.served],
  ['过号 no-shows', (l) => l.noShows],
  [
    '平均等候(分) average wait (min)',
    (l) => (l.averageWaitMs === null ? null : (l.averageWaitMs / 60_000).toFixed(1)),
  ],
  ['最长等候(分) longest wait (min)', (l) => (l.longestWaitMs / 60_000).toFixed(1)],
  [
    '平均办理(分) average service (min)',
    (l) => (l.averageServiceMs === null ? null : (l.averageServiceMs / 60_000).toFixed(1)),
  ],
  ['评价数 rated', (l) => l.rated],
  ['平均评分 average rating', (l) => (l.averageRating === null ? null : l.averageRating.toFixed(2))],
  ['差评 bad ratings', (l) => l.badRatings],
];

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  // A cell a spreadsheet would run as a formula is quoted as text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The same table as a one-sheet workbook, with the hub's writer. */
export function reportXlsx(lines: readonly ReportLine[]): Promise<Buffer> {
  return tableXlsx(
    '报表 Report',
    CSV_COLUMNS.map(([name]) => name),
    lines.map((l) => CSV_COLUMNS.map(([, pick]) => pick(l))),
  );
}

export function reportCsv(lines: readonly ReportLine[]): string {
  const rows = [
    CSV_COLUMNS.map(([name]) => name),
    ...lines.map((l) => CSV_COLUMNS.map(([, pick]) => pick(l))),
  ];
  // The byte-order mark makes Excel read the Chinese as UTF-8.
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * The centre's read API for the city's people: GET /v1/me, /v1/board, /v1/reports (JSON, CSV or XLSX),
 * /v1/follow-ups.
 * A bearer token of a city user; a user scoped to a region sees that region's halls only (asking for another is
 * 403). City admins and supervisors read alike; everything here is read-only.
 */
export function createReadApi(deps: { pool: Pool; users: CityUsers; clock: () => number; timeZone: string }) {
  /** The region the user may see, given the one asked for; undefined: not allowed. */
  const scope = (user: CityUser, asked: string | undefined): string | null | undefined => {
    if (user.region === null) return asked ?? null;
    return asked === undefined || asked === user.region ? user.region : undefined;
  };
  const parse = <S extends z.ZodType>(schema: S, url: URL): z.infer<S> | null => {
    const query = schema.safeParse(Object.fromEntries(url.searchParams));
    return query.success ? query.data : null;
  };

  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const routes = ['/v1/me', '/v1/board', '/v1/reports', '/v1/follow-ups'];
    if (request.method !== 'GET' || !routes.includes(url.pathname)) return false;
    const header = request.headers.authorization ?? '';
    const user = header.startsWith('Bearer ') ? await deps.users.identify(header.slice(7).trim()) : null;
    if (!user) {
      sendJson(response, 401, { error: '请登录 · Sign in with a city account' });
      return true;
    }
    if (url.pathname === '/v1/me') {
      const me: CityMe = { username: user.username, role: user.role, region: user.region };
      sendJson(response, 200, me);
      return true;
    }
    if (url.pathname === '/v1/board') {
      const query = parse(CityBoardQuery, url);
      const region = query ? scope(user, query.region) : undefined;
      if (!query) sendJson(response, 400, { error: 'bad query' });
      else if (region === undefined) sendJson(response, 403, { error: '无权查看该区域 · Not your region' });
      else {
        const now = deps.clock();
        const todayStart = startOfLocalDay(now, deps.timeZone);
        sendJson(response, 200, { halls: await cityBoard(deps.pool, { todayStart, now, region }) });
      }
      return true;
    }
    if (url.pathname === '/v1/reports') {
      const query = parse(CrossHallReportQuery, url);
      const region = query ? scope(user, query.region) : undefined;
      if (!query || query.from > query.to)
        sendJson(response, 400, { error: 'bad query: from and to are days, from ≤ to' });
      else if (region === undefined) sendJson(response, 403, { error: '无权查看该区域 · Not your region' });
      else {
        const lines = await crossHallReport(deps.pool, { from: query.from, to: query.to, region });
        if (query.format === 'csv') {
          response.writeHead(200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="hallq-report-${query.from}-${query.to}.csv"`,
            'cache-control': 'no-store',
          });
          response.end(reportCsv(lines));
        } else if (query.format === 'xlsx') {
          const workbook = await reportXlsx(lines);
          response.writeHead(200, {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="hallq-report-${query.from}-${query.to}.xlsx"`,
            'cache-control': 'no-store',
          });
          response.end(workbook);
        } else sendJson(response, 200, { from: query.from, to: query.to, lines });
      }
      return true;
    }
    const query = parse(CityFollowUpsQuery, url);
    const region = query ? scope(user, query.region) : undefined;
    if (!query) sendJson(response, 400, { error: 'bad query' });
    else if (region === undefined) sendJson(response, 403, { error: '无权查看该区域 · Not your region' });
    else {
      const items = await cityFollowUps(deps.pool, {
        now: deps.clock(),
        region,
        includeResolved: query.all === '1',
      });
      sendJson(response, 200, { followUps: items });
    }
    return true;
  };
}
