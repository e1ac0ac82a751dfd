import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CityBoardQuery,
  CityFollowUpsQuery,
  type CityMe,
  CrossHallReportQuery,
  HallComparisonQuery,
} from '@hallq/protocol';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { CityUser, CityUsers } from '../people/city-users.ts';
import { cityBoard } from '../views/city-board.ts';
import { crossHallReport, crossHallReportByItem } from '../views/cross-hall-report.ts';
import { cityFollowUps } from '../views/follow-ups.ts';
import { compareHalls, hallsOfRegion } from '../views/hall-comparison.ts';
import { startOfLocalDay } from '../views/local-day.ts';
import { sendJson } from './ingest-handler.ts';
import { COMPARISON_COLUMNS, ITEM_COLUMNS, REPORT_COLUMNS } from './report-columns.ts';
import { sendTable } from './table-files.ts';

/**
 * The centre's read API for the city's people: GET /v1/me, /v1/board, /v1/reports (JSON, CSV or XLSX),
 * /v1/compare (likewise), /v1/follow-ups.
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

  /** Halls side by side: those picked (all within the user's scope) or a region's; JSON, CSV or XLSX. */
  const compare = async (user: CityUser, url: URL, response: ServerResponse): Promise<void> => {
    const query = parse(HallComparisonQuery, url);
    if (!query) {
      sendJson(response, 400, { error: 'bad query: 2–6 halls or a region, from ≤ to' });
      return;
    }
    if (query.region !== undefined && scope(user, query.region) === undefined) {
      sendJson(response, 403, { error: '无权查看该区域 · Not your region' });
      return;
    }
    const hallIds =
      query.region !== undefined ? await hallsOfRegion(deps.pool, query.region) : query.halls!.split(',');
    const range = { from: query.from, to: query.to, timeZone: deps.timeZone };
    const halls = await compareHalls(deps.pool, { hallIds, ...range });
    if (user.region !== null && halls.some((h) => h.region !== user.region)) {
      sendJson(response, 403, { error: '无权查看该大厅 · Not a hall of your region' });
    } else if (halls.length !== hallIds.length) {
      sendJson(response, 404, { error: '未知的大厅 · Unknown hall' });
    } else if (query.format === 'csv' || query.format === 'xlsx') {
      const stem = `hallq-compare-${query.from}-${query.to}`;
      await sendTable(response, query.format, { stem, sheet: '大厅对比 Halls' }, COMPARISON_COLUMNS, halls);
    } else sendJson(response, 200, { from: query.from, to: query.to, halls });
  };

  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const routes = ['/v1/me', '/v1/board', '/v1/reports', '/v1/compare', '/v1/follow-ups'];
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
        const range = { from: query.from, to: query.to, region };
        const stem = `hallq-report-${query.from}-${query.to}`;
        if (query.by === 'item') {
          const items = await crossHallReportByItem(deps.pool, range);
          if (query.format === 'csv' || query.format === 'xlsx') {
            await sendTable(
              response,
              query.format,
              { stem: `${stem}-items`, sheet: '按事项 By item' },
              ITEM_COLUMNS,
              items,
            );
          } else sendJson(response, 200, { from: query.from, to: query.to, items });
        } else {
          const lines = await crossHallReport(deps.pool, range);
          if (query.format === 'csv' || query.format === 'xlsx') {
            await sendTable(response, query.format, { stem, sheet: '报表 Report' }, REPORT_COLUMNS, lines);
          } else sendJson(response, 200, { from: query.from, to: query.to, lines });
        }
      }
      return true;
    }
    if (url.pathname === '/v1/compare') {
      await compare(user, url, response);
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
