import type { Ticket } from '@hallq/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubDatabase, openDatabase } from '../db/open-database.ts';
import { createQueueStore } from '../store/queue-store.ts';
import { decodeDaySummary, encodeDaySummary, summarizeDay } from './day-summary.ts';
import { reportCsv, reportXlsx } from './report-export.ts';
import type { ReportNames } from './report-figures.ts';
import { buildReport } from './report-figures.ts';
import { createReportStore } from './report-store.ts';

/** Hall-local time in Asia/Shanghai (UTC+8, no daylight saving) as epoch ms. */
const local = (day: string, hhmmss: string) => Date.parse(`${day}T${hhmmss}+08:00`);
const D = '2026-03-02';

let db: HubDatabase;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

const names: ReportNames = {
  services: new Map([
    ['svc-1', '业务1'],
    ['svc-2', '业务2'],
  ]),
  windows: new Map([
    ['w1', '1号窗口'],
    ['w2', '2号窗口'],
  ]),
  clerks: new Map([
    ['c1', '张一'],
    ['c2', '李二'],
  ]),
};

function ticket(
  id: string,
  day: string,
  service: string,
  issuedAt: number,
  rest: Partial<Ticket> = {},
): Ticket {
  return {
    id,
    number: id,
    businessDay: day,
    serviceId: service,
    issuedServiceId: service,
    visitorClass: 'normal',
    status: 'waiting',
    issuedAt,
    queuedAt: issuedAt,
    targetWindowId: null,
    windowId: null,
    clerkId: null,
    callCount: 0,
    firstCalledAt: null,
    lastCalledAt: null,
    startedAt: null,
    endedAt: null,
    transferCount: 0,
    visitorKey: null,
    kioskId: null,
    ...rest,
  };
}

const rate = (ticketId: string, level: number | null, tags: string[] = []) =>
  db
    .prepare(
      'INSERT INTO ratings (ticket_id, window_id, clerk_id, level, tags, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(ticketId, 'w1', null, level, JSON.stringify(tags), '', 0);

/**
 * The fixture day, with the figures worked out by hand in the test below:
 *   T1 svc-1 09:00 → called 09:10 (w1, c1), 09:11–09:21 done; rated 5        wait 600 s, service 600 s
 *   T2 svc-1 09:05 → called 09:25 (w1, c1), 09:26–09:30 done; rated 1 (态度, 效率) wait 1200 s, service 240 s
 *   T3 svc-1 09:20 → called 09:40 (w1, c1), no-show                            wait 1200 s
 *   T4 svc-2 10:00 → cancelled
 *   T5 svc-1 10:30 → called 10:35 (w1, c1), transferred to svc-2, called 10:50 (w2, c2), 10:51–11:01 done;
 *      not rated (timed out)                                                   wait 300 s, service 600 s
 *   T6 svc-2 23:50 → expired                        (15:50 UTC: still the 2nd in Shanghai)
 *   T7 svc-2 00:10 on the 3rd                       (16:10 UTC on the 2nd: belongs to the 3rd)
 *   T0 svc-1 23:55 on the 1st                       (belongs to the 1st)
 */
function seedFixture(): void {
  const store = createQueueStore(db);
  const save = (t: Ticket) => store.saveTicket(t);
  save(
    ticket('T1', D, 'svc-1', local(D, '09:00:00'), {
      status: 'done',
      windowId: 'w1',
      clerkId: 'c1',
      callCount: 1,
      firstCalledAt: local(D, '09:10:00'),
      lastCalledAt: local(D, '09:10:00'),
      startedAt: local(D, '09:11:00'),
      endedAt: local(D, '09:21:00'),
    }),
  );
  save(
    ticket('T2', D, 'svc-1', local(D, '09:05:00'), {
      status: 'done',
      windowId: 'w1',
      clerkId: 'c1',
      firstCalledAt: local(D, '09:25:00'),
      startedAt: local(D, '09:26:00'),
      endedAt: local(D, '09:30:00'),
    }),
  );
  save(
    ticket('T3', D, 'svc-1', local(D, '09:20:00'), {
      status: 'no-show',
      windowId: 'w1',
      clerkId: 'c1',
      firstCalledAt: local(D, '09:40:00'),
      endedAt: local(D, '09:45:00'),
    }),
  );
  save(
    ticket('T4', D, 'svc-2', local(D, '10:00:00'), { status: 'cancelled', endedAt: local(D, '10:05:00') }),
  );
  // T5 moves through its life as the hub would save it: the transfer is recorded once, by the database.
  const t5 = ticket('T5', D, 'svc-1', local(D, '10:30:00'));
  save(t5);
  const called = {
    ...t5,
    status: 'called' as const,
    windowId: 'w1',
    clerkId: 'c1',
    firstCalledAt: local(D, '10:35:00'),
  };
  save(called);
  const moved = {
    ...called,
    status: 'waiting' as const,
    serviceId: 'svc-2',
    windowId: null,
    clerkId: null,
    transferCount: 1,
    queuedAt: local(D, '10:36:00'),
  };
  save(moved);
  save({ ...moved, status: 'called', windowId: 'w2', clerkId: 'c2', lastCalledAt: local(D, '10:50:00') });
  save({
    ...moved,
    status: 'done',
    windowId: 'w2',
    clerkId: 'c2',
    startedAt: local(D, '10:51:00'),
    endedAt: local(D, '11:01:00'),
  });
  save(ticket('T6', D, 'svc-2', local(D, '23:50:00'), { status: 'expired' }));
  save(ticket('T7', '2026-03-03', 'svc-2', local('2026-03-03', '00:10:00')));
  save(ticket('T0', '2026-03-01', 'svc-1', local('2026-03-01', '23:55:00')));
  rate('T1', 5);
  rate('T2', 1, ['attitude', 'efficiency']);
  rate('T5', null);
}

const query = (from: string, to: string, openDay = '2026-03-10') =>
  createReportStore(db).report({ from, to, timeZone: 'Asia/Shanghai', openDay, names });

describe('reports over a fixture day (figures computed by hand)', () => {
  it('counts, waits, service times, ratings and peak hours of the day', () => {
    seedFixture();
    const r = query(D, D);
    expect(r.total).toMatchObject({
      issued: 6,
      served: 3,
      noShow: 1,
      transferred: 1,
      cancelled: 1,
      expired: 1,
      wait: { count: 4, averageSeconds: 825, medianSeconds: 900, p90Seconds: 1200 },
      service: { count: 3, averageSeconds: 480, medianSeconds: 600, p90Seconds: 600 },
      ratings: {
        levels: [1, 1, 0, 0, 0, 1],
        rated: 2,
        bad: 1,
        badShare: 0.5,
        badReasons: { attitude: 1, efficiency: 1 },
      },
    });
    const hours = new Array(24).fill(0);
    hours[9] = 3;
    hours[10] = 2;
    hours[23] = 1;
    expect(r.issuedByHour).toEqual(hours);
    expect(r.byDay).toEqual([{ day: D, issued: 6, served: 3 }]);
  });

  it('counts a transfer once: issued where it was taken, served where it ended, sent on by its first window', () => {
    seedFixture();
    const r = query(D, D);
    const svc = Object.fromEntries(r.byService.map((row) => [row.key, row]));
    expect(svc['svc-1']).toMatchObject({
      issued: 4,
      served: 2,
      noShow: 1,
      transferred: 1,
      wait: { count: 3, averageSeconds: 1000, medianSeconds: 1200, p90Seconds: 1200 },
      service: { count: 2, averageSeconds: 420, medianSeconds: 420, p90Seconds: 600 },
    });
    expect(svc['svc-2']).toMatchObject({
      issued: 2,
      served: 1,
      transferred: 0,
      cancelled: 1,
      expired: 1,
      wait: { count: 1, medianSeconds: 300 },
    });
    expect(r.byService.reduce((n, row) => n + row.issued, 0)).toBe(r.total.issued);
    const win = Object.fromEntries(r.byWindow.map((row) => [row.key, row]));
    expect(win.w1).toMatchObject({ issued: 3, served: 2, noShow: 1, transferred: 1 });
    expect(win.w2).toMatchObject({ issued: 1, served: 1, transferred: 0, service: { medianSeconds: 600 } });
    expect(r.byClerk.map((c) => [c.label, c.issued, c.transferred])).toEqual([
      ['张一', 3, 1],
      ['李二', 1, 0],
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM ticket_transfers').get()).toEqual({ n: 1 });
  });

  it('draws day boundaries at local midnight in the hall time zone, not at UTC midnight', () => {
    seedFixture();
    expect(query('2026-03-01', '2026-03-01').total.issued).toBe(1);
    expect(query('2026-03-03', '2026-03-03').total).toMatchObject({ issued: 1, served: 0 });
    const week = query('2026-03-01', '2026-03-07');
    expect(week.total.issued).toBe(8);
    expect(week.issuedByHour[0]).toBe(1);
    expect(week.byDay.map((d) => d.issued)).toEqual([1, 6, 1, 0, 0, 0, 0]);
  });

  it('stores closed days, and a late change to a day drops its summary so the next report is current', () => {
    seedFixture();
    query(D, D);
    expect(db.prepare('SELECT business_day FROM report_days ORDER BY 1').all()).toEqual([
      { business_day: D },
    ]);
    db.prepare("UPDATE ratings SET level = 2, tags = '[\"other\"]' WHERE ticket_id = 'T5'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM report_days').get()).toEqual({ n: 0 });
    expect(query(D, D).total.ratings).toMatchObject({ rated: 3, bad: 2 });
    db.prepare("UPDATE tickets SET status = 'no-show' WHERE id = 'T6'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM report_days WHERE business_day = ?').get(D)).toEqual({
      n: 0,
    });
    expect(query(D, D).total).toMatchObject({ noShow: 2, expired: 0 });
  });

  it('sums the open day afresh and does not store it', () => {
    seedFixture();
    query(D, D, D);
    expect(db.prepare('SELECT COUNT(*) AS n FROM report_days').get()).toEqual({ n: 0 });
  });

  it('exports CSV (with BOM) and an XLSX workbook', async () => {
    seedFixture();
    const r = query(D, D);
    const csv = reportCsv(r).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('合计 · Total,6,3,1,1,1,1,13.75,15,20,8,10,10,2,1,0,0,0,1,1,0.5');
    const xlsx = await reportXlsx(r);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('day summaries', () => {
  it('survive their stored form unchanged', () => {
    seedFixture();
    const summary = createReportStore(db).summarize(D, 'Asia/Shanghai');
    const back = decodeDaySummary(encodeDaySummary(summary));
    expect(back).toEqual(summary);
    expect([...back.leaves[0]!.waits]).toEqual([600, 1200, 1200]);
  });

  it('give exact medians and p90 over several days, whichever way the days are merged', () => {
    const facts = (waits: number[]) =>
      waits.map((w, i) => ({
        issuedServiceId: 's',
        serviceId: 's',
        windowId: 'w',
        clerkId: 'c',
        status: 'no-show',
        issuedAt: i * 1000,
        firstCalledAt: i * 1000 + w * 1000,
        startedAt: null,
        endedAt: null,
        transferCount: 0,
        rated: false,
        level: null,
        tags: null,
      }));
    // Small values are merged by counting, a far outlier by sorting: both must be exact.
    const cases: [number[], number[]][] = [
      [
        [5, 7, 9],
        [1, 8],
      ],
      [[1], [100_000]],
    ];
    for (const [a, b] of cases) {
      const days = [
        summarizeDay('2026-01-01', facts(a), [], 'UTC'),
        summarizeDay('2026-01-02', facts(b), [], 'UTC'),
      ];
      const r = buildReport({ from: '2026-01-01', to: '2026-01-02', timeZone: 'UTC', days, names });
      const all = [...a, ...b].sort((x, y) => x - y);
      const n = all.length;
      const median = n % 2 === 1 ? all[(n - 1) / 2] : (all[n / 2 - 1]! + all[n / 2]!) / 2;
      expect(r.total.wait).toMatchObject({
        count: n,
        medianSeconds: median,
        p90Seconds: all[Math.ceil(0.9 * n) - 1],
      });
    }
  });
});
