import { HALL_MORNING, startTestHub, type TestHub } from '@hallq/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, run, visit } from '../testing/hall-activity.ts';
import { caughtUp, FAST_RETRY } from '../testing/hub-link.ts';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';
import { cityBoard } from './city-board.ts';
import { crossHallReport, crossHallReportByItem } from './cross-hall-report.ts';

const PAD = { kind: 'device', id: null, deviceId: 'pad-1' } as const;
const SYSTEM = { kind: 'system', id: null, deviceId: null } as const;
/** One 事项 (base code 3100017000000) carried out by two bodies: each hall's 实施编码 starts with its own. */
const ITEM_BASE = '3100017000000';
const EAST_ITEM = `11330106MB1002222M${ITEM_BASE}`;
const WEST_ITEM = `11330102MB1003333W${ITEM_BASE}`;
/** 2026-11-28 00:00 in Asia/Shanghai: the test halls' business day starts here. */
const TODAY_START = Date.UTC(2026, 10, 27, 16);

describe('the city board and the cross-hall report', () => {
  let centre: TestCentral;
  const hubs: TestHub[] = [];
  beforeAll(async () => {
    centre = await startTestCentral('views');
    for (const [hallId, region] of [
      ['east-1', '东城区'],
      ['west-1', '西城区'],
    ] as const) {
      const token = await centre.central.halls.register({ hallId, name: hallId, region });
      hubs.push(
        await startTestHub({ config: { central: { url: centre.url, hallId, token, retry: FAST_RETRY } } }),
      );
    }
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await centre.close();
  });

  it('shows each hall live, and sums a range by hall and service', async () => {
    const [east, west] = hubs as [TestHub, TestHub];
    run(east, { type: 'window:sign-in', windowId: 'w1', clerkId: 'clerk-1' });
    visit(east, 'w1');
    const done = east.db.prepare<[], { id: string }>(`SELECT id FROM tickets WHERE status = 'done'`).get()!;
    expect(east.hub.ratings.submit(done.id, 'w1', { level: 2, tags: [], comment: '' }, PAD).ok).toBe(true);
    east.clock.advance(60_000);
    issue(east);
    issue(east);
    visit(west, 'w2', 'svc-2');
    await Promise.all(hubs.map((hub) => caughtUp(hub)));

    const board = await cityBoard(centre.central.pool, { todayStart: TODAY_START, now: east.clock.now() });
    expect(board.map((h) => h.hallId)).toEqual(['east-1', 'west-1']);
    expect(board[0]).toMatchObject({
      region: '东城区',
      waiting: 2,
      longestWaitingSince: HALL_MORNING + 60_000,
      openWindows: 1,
      ratedToday: 1,
      averageRatingToday: 2,
      badRatingsToday: 1,
      openAlerts: 0,
      // Each hub told the centre its configuration when it first started linked to it: its own limits.
      worstWait: {
        serviceId: 'svc-1',
        serviceName: { zh: '业务1', en: 'Service 1' },
        slaWaitMinutes: 30,
        slaIsDefault: false,
      },
      hallSlaWaitMinutes: 30,
    });
    expect(board[0]!.lastReceivedAt).toEqual(expect.any(Number));
    expect(board[1]).toMatchObject({ waiting: 0, ratedToday: 0 });
    expect(
      await cityBoard(centre.central.pool, {
        todayStart: TODAY_START,
        now: east.clock.now(),
        region: '西城区',
      }),
    ).toHaveLength(1);

    const report = await crossHallReport(centre.central.pool, { from: '2026-11-28', to: '2026-11-28' });
    expect(report.map((l) => [l.hallId, l.serviceId, l.issued, l.served, l.rated, l.badRatings])).toEqual([
      ['east-1', 'svc-1', 3, 1, 1, 1],
      ['west-1', 'svc-2', 1, 1, 0, 0],
    ]);
    expect(await crossHallReport(centre.central.pool, { from: '2026-11-29', to: '2026-12-31' })).toEqual([]);
  });

  it("holds each hall to its own services' wait limits once it reports them, the worst ratio first", async () => {
    const [east] = hubs as [TestHub, TestHub];
    // East: svc-1 may wait an hour, svc-2 only five minutes (its tickets of the first test wait on svc-1).
    const hall = east.hub.hall.hall();
    const limits: Record<string, number> = { 'svc-1': 60, 'svc-2': 5, 'svc-3': 45 };
    const configured = east.hub.hall.configure(
      { ...hall, services: hall.services.map((s) => ({ ...s, slaWaitMinutes: limits[s.id]! })) },
      SYSTEM,
    );
    expect(configured.ok).toBe(true);
    issue(east, 'svc-2');
    const issuedAt = east.db
      .prepare<[], { issued_at: number }>(
        `SELECT issued_at FROM tickets WHERE service_id = 'svc-2' AND status = 'waiting'`,
      )
      .get()!.issued_at;
    east.clock.advance(6 * 60_000);
    await caughtUp(east);
    const now = east.clock.now();
    const [eastTile, westTile] = await cityBoard(centre.central.pool, { todayStart: TODAY_START, now });
    // svc-1 has waited 6 of its 60 minutes, svc-2 6 of its 5: svc-2 is the one to show, over its limit.
    expect(eastTile).toMatchObject({
      longestWaitingSince: HALL_MORNING + 60_000,
      worstWait: {
        serviceId: 'svc-2',
        serviceName: { zh: '业务2', en: 'Service 2' },
        waitingSince: issuedAt,
        slaWaitMinutes: 5,
        slaIsDefault: false,
      },
      hallSlaWaitMinutes: 5,
    });
    // West: nobody waits; its tightest limit is the one its hub reported at start.
    expect(westTile).toMatchObject({ worstWait: null, hallSlaWaitMinutes: 30 });
    // A later configuration replaces the limits; a service it drops keeps its last row (old tickets name it).
    expect(
      east.hub.hall.configure(
        {
          ...hall,
          services: hall.services
            .filter((s) => s.id !== 'svc-3')
            .map((s) => ({ ...s, slaWaitMinutes: s.id === 'svc-2' ? 10 : 60 })),
          windows: hall.windows.map((w) => ({ ...w, serviceIds: ['svc-1', 'svc-2'] })),
        },
        SYSTEM,
      ).ok,
    ).toBe(true);
    await caughtUp(east);
    const [again] = await cityBoard(centre.central.pool, { todayStart: TODAY_START, now });
    expect(again).toMatchObject({
      worstWait: { serviceId: 'svc-2', slaWaitMinutes: 10 },
      hallSlaWaitMinutes: 10,
    });
    const rows = await centre.central.pool.query<{ service_id: string; sla_wait_minutes: number }>(
      `SELECT service_id, sla_wait_minutes FROM hall_services WHERE hall_id = 'east-1' ORDER BY service_id`,
    );
    expect(rows.rows).toEqual([
      { service_id: 'svc-1', sla_wait_minutes: 60 },
      { service_id: 'svc-2', sla_wait_minutes: 10 },
      { service_id: 'svc-3', sla_wait_minutes: 45 },
    ]);
  });

  it('reports by 事项 code: the same item across halls, whatever each hall calls the service', async () => {
    const [east, west] = hubs as [TestHub, TestHub];
    for (const [hub, serviceId, itemCode] of [
      [east, 'svc-1', EAST_ITEM],
      [west, 'svc-2', WEST_ITEM],
    ] as const) {
      const hall = hub.hub.hall.hall();
      const services = hall.services.map((s) => (s.id === serviceId ? { ...s, itemCode } : s));
      expect(hub.hub.hall.configure({ ...hall, services }, SYSTEM).ok).toBe(true);
      await caughtUp(hub);
    }
    const day = { from: '2026-11-28', to: '2026-11-28' };
    const lines = await crossHallReport(centre.central.pool, day);
    expect(lines.map((l) => [l.hallId, l.serviceId, l.serviceName?.zh, l.itemCode, l.itemBaseCode])).toEqual([
      ['east-1', 'svc-1', '业务1', EAST_ITEM, ITEM_BASE],
      ['east-1', 'svc-2', '业务2', null, null],
      ['west-1', 'svc-2', '业务2', WEST_ITEM, ITEM_BASE],
    ]);
    // East's svc-1 (3 issued, 1 served) and west's svc-2 (1 and 1) are one item; east's svc-2 has no code.
    expect(await crossHallReportByItem(centre.central.pool, day)).toEqual([
      expect.objectContaining({
        itemBaseCode: ITEM_BASE,
        serviceNames: ['业务1', '业务2'],
        halls: 2,
        issued: 4,
        served: 2,
      }),
      expect.objectContaining({
        itemBaseCode: null,
        serviceNames: ['业务2'],
        halls: 1,
        issued: 1,
        served: 0,
      }),
    ]);
    expect(await crossHallReportByItem(centre.central.pool, { ...day, region: '西城区' })).toEqual([
      expect.objectContaining({ itemBaseCode: ITEM_BASE, halls: 1, issued: 1 }),
    ]);
  });
});

describe('a hall whose hub never reported its configuration', () => {
  it('is held to the default wait limit, and the board says it is one', async () => {
    const centre = await startTestCentral('views-default');
    // A hub of a version that never told the centre its configuration: its log, pushed by hand, has none.
    const old = await startTestHub();
    try {
      issue(old);
      await old.hub.hall.settled();
      const token = await centre.central.halls.register({ hallId: 'old-1', name: '旧厅', region: '北城区' });
      const log = old.hub.outbox.readAfter(0, 1_000, old.hub.hall.durableLogId());
      expect(log.some((e) => e.type === 'hall:configured')).toBe(false);
      expect((await centre.post('old-1', token, log)).status).toBe(200);
      old.clock.advance(31 * 60_000);
      const [tile] = await cityBoard(centre.central.pool, { todayStart: TODAY_START, now: old.clock.now() });
      expect(tile).toMatchObject({
        worstWait: { serviceId: 'svc-1', serviceName: null, slaWaitMinutes: 30, slaIsDefault: true },
        hallSlaWaitMinutes: null,
      });
      // Its report lines have no name and no 事项 code to show.
      const [line] = await crossHallReport(centre.central.pool, { from: '2026-11-28', to: '2026-11-28' });
      expect(line).toMatchObject({
        serviceId: 'svc-1',
        serviceName: null,
        itemCode: null,
        itemBaseCode: null,
      });
    } finally {
      await old.close();
      await centre.close();
    }
  });
});

describe('the read API for the city', () => {
  let centre: TestCentral;
  let hub: TestHub;
  beforeAll(async () => {
    // The centre's clock: the hall's morning, so the follow-up (due in two working days) is not overdue yet.
    centre = await startTestCentral('read-api', { clock: () => HALL_MORNING + 3_600_000 });
    const token = await centre.central.halls.register({
      hallId: 'east-2',
      name: '东城二厅',
      region: '东城区',
    });
    await centre.central.halls.register({ hallId: 'west-2', name: '西城二厅', region: '西城区' });
    hub = await startTestHub({
      config: { central: { url: centre.url, hallId: 'east-2', token, retry: FAST_RETRY } },
    });
  });
  afterAll(async () => {
    await hub.close();
    await centre.close();
  });
  const get = async (path: string, token?: string) => {
    const response = await fetch(`${centre.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    // As bytes: fetch's text() would drop the CSV's byte-order mark.
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    return { status: response.status, type: response.headers.get('content-type'), text };
  };

  it('serves the board, reports (JSON and CSV) and follow-ups to city users, within their region', async () => {
    visit(hub, 'w1');
    const done = hub.db.prepare<[], { id: string }>(`SELECT id FROM tickets WHERE status = 'done'`).get()!;
    expect(hub.hub.ratings.submit(done.id, 'w1', { level: 1, tags: [], comment: '' }, PAD).ok).toBe(true);
    await caughtUp(hub);
    const city = await centre.central.users.add({ username: 'li', role: 'city-admin', region: null });
    const east = await centre.central.users.add({
      username: 'wang',
      role: 'city-supervisor',
      region: '东城区',
    });

    expect((await get('/v1/board')).status).toBe(401);
    expect((await get('/v1/board', 'nope')).status).toBe(401);
    const board = JSON.parse((await get('/v1/board', city)).text) as { halls: { hallId: string }[] };
    expect(board.halls.map((h) => h.hallId)).toEqual(['east-2', 'west-2']);
    const scoped = JSON.parse((await get('/v1/board', east)).text) as { halls: { hallId: string }[] };
    expect(scoped.halls.map((h) => h.hallId)).toEqual(['east-2']);
    expect((await get(`/v1/board?region=${encodeURIComponent('西城区')}`, east)).status).toBe(403);
    expect((await get('/v1/board?extra=1', city)).status).toBe(400);

    const report = JSON.parse((await get('/v1/reports?from=2026-11-01&to=2026-11-30', east)).text) as {
      lines: { hallId: string; served: number; badRatings: number }[];
    };
    expect(report.lines).toEqual([expect.objectContaining({ hallId: 'east-2', served: 1, badRatings: 1 })]);
    expect((await get('/v1/reports?from=2026-11-30&to=2026-11-01', city)).status).toBe(400);
    const csv = await get('/v1/reports?from=2026-11-01&to=2026-11-30&format=csv', city);
    expect(csv.type).toMatch(/text\/csv/);
    const [head, row] = csv.text.split('\r\n');
    expect(head).toMatch(/^\uFEFF大厅 hall,区域 region,事项 service/);
    expect(row).toMatch(/^东城二厅,东城区,svc-1,1,1,0,/);
    // The service's name and 事项 codes come last (this hall gave its services no code).
    expect(head).toMatch(/,事项名称 service name,事项实施编码 implementation code,事项编码 item code$/);
    expect(row).toMatch(/,1\.00,1,业务1,,$/);
    const items = JSON.parse((await get('/v1/reports?from=2026-11-01&to=2026-11-30&by=item', east)).text) as {
      items: { itemBaseCode: string | null; halls: number; served: number }[];
    };
    expect(items.items).toEqual([expect.objectContaining({ itemBaseCode: null, halls: 1, served: 1 })]);
    const itemCsv = await get('/v1/reports?from=2026-11-01&to=2026-11-30&by=item&format=csv', city);
    expect(itemCsv.text.split('\r\n').slice(0, 2)).toEqual([
      expect.stringMatching(
        /^\uFEFF事项编码 item code,各厅名称 names in the halls,大厅数 halls,取号 issued,/,
      ),
      expect.stringMatching(/^未编码 not coded,业务1,1,1,1,0,/),
    ]);
    expect((await get('/v1/reports?from=2026-11-01&to=2026-11-30&by=hall', city)).status).toBe(400);

    const followUps = JSON.parse((await get('/v1/follow-ups', east)).text) as {
      followUps: { hallId: string; level: number; status: string; overdue: boolean }[];
    };
    expect(followUps.followUps).toEqual([
      expect.objectContaining({ hallId: 'east-2', level: 1, status: 'open', overdue: false }),
    ]);
    await centre.central.users.disable('wang');
    expect((await get('/v1/follow-ups', east)).status).toBe(401);
  });
});
