import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { testHall } from '../testing/test-hall.ts';
import { HALL_MORNING, startTestHub, TEST_PASSWORD, type TestHub } from '../testing/test-hub.ts';

const MIN = 60_000;
let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

/** Cell values of a sheet's rows, from the first heading row down (the title line above it is left out). */
function table(sheet: ExcelJS.Worksheet): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as (ExcelJS.CellValue | undefined)[]).slice(1);
    rows.push(values.map((v) => (typeof v === 'string' || typeof v === 'number' ? v : null)));
  });
  return rows.slice(1);
}

describe('the monthly scorecard from a real hub', () => {
  it('counts a clerk and a window month — served, service time, ratings, alerts, pauses — and exports it', async () => {
    const base = testHall({ services: 1, windows: 2 });
    hub = await startTestHub({
      hall: { ...base, rules: { ...base.rules, behaviour: { outOfOrderCallsPerDay: 1 } } },
      start: HALL_MORNING,
    });
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    const pad = await hub.connect({ deviceToken: hub.addDevice('pad', 'w1').token });
    const tickets: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const issued = await kiosk.call('ticket:issue', {
        requestId: randomUUID(),
        serviceId: 'svc-1',
        identity: null,
      });
      if (!issued.ok) throw new Error(issued.error.message);
      tickets.push(issued.data.ticket.id);
    }
    const clerk = await hub.clerkAt('w1', 'clerk1');
    const clerkId = hub.hub.accounts.users().find((u) => u.username === 'clerk1')!.id;
    // Four visitors, the last two fetched out of order; 4, 6, 8 and 10 minutes each, rated 5, 4, 2, (none).
    const levels = [5, 4, 2] as const;
    for (let i = 0; i < 4; i += 1) {
      const called =
        i < 2
          ? await clerk.call('window:call-next', { windowId: 'w1' })
          : await clerk.call('window:call-ticket', {
              windowId: 'w1',
              ticketId: tickets[5 - i]!,
              reason: '急件',
            });
      if (!called.ok) throw new Error(called.error.message);
      await clerk.call('window:start', { windowId: 'w1' });
      hub.clock.advance((4 + 2 * i) * MIN);
      await clerk.call('window:finish', { windowId: 'w1' });
      const level = levels[i];
      if (level)
        await pad.call('rating:submit', { ticketId: called.data.ticket!.id, level, tags: [], comment: '' });
      hub.hub.supervision.check();
    }
    await clerk.call('window:pause', { windowId: 'w1', reason: 'break', note: null });
    hub.clock.advance(15 * MIN);
    await clerk.call('window:resume', { windowId: 'w1' });
    await clerk.call('window:pause', { windowId: 'w1', reason: 'meeting', note: '例会' });
    hub.clock.advance(30 * MIN);

    await hub.addUser('sup1', 'supervisor');
    const sup = await hub.connect();
    const login = await sup.call('session:login', {
      username: 'sup1',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(login.ok).toBe(true);
    const answer = await sup.call('scorecard:query', { month: '2026-11' });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data).toMatchObject({ from: '2026-11-01', to: '2026-11-30', timeZone: 'Asia/Shanghai' });
    const clerkRow = answer.data.byClerk.find((r) => r.key === clerkId)!;
    expect(clerkRow).toMatchObject({
      label: 'clerk1（1）',
      served: 4,
      medianServiceSeconds: 7 * 60,
      meanRating: 3.67,
      alerts: [{ rule: 'out-of-order-calls', count: 1 }],
      alertTotal: 1,
      // The meeting is still on: counted up to now.
      pauses: [
        { reason: 'break', count: 1, minutes: 15 },
        { reason: 'meeting', count: 1, minutes: 30 },
      ],
    });
    expect(clerkRow.ratings.levels).toEqual([0, 0, 1, 0, 1, 1]);
    const windowRow = answer.data.byWindow.find((r) => r.key === 'w1')!;
    expect(windowRow).toMatchObject({ served: 4, alertTotal: 0 });
    expect(windowRow.pauses.map((p) => p.minutes)).toEqual([15, 30]);
    // Another month has none of it.
    const october = await sup.call('scorecard:query', { month: '2026-10' });
    expect(october.ok && october.data.byClerk).toEqual([]);

    const exported = await sup.call('scorecard:export', { month: '2026-11' });
    if (!exported.ok) throw new Error(exported.error.message);
    expect(exported.data.fileName).toBe('hallq-scorecard-2026-11.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported.data.base64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['人员', '窗口']);
    const [headings, ...clerks] = table(workbook.getWorksheet('人员')!);
    const column = (heading: string) => headings!.indexOf(heading);
    const clerkLine = clerks.find((r) => r[0] === 'clerk1（1）')!;
    expect(clerkLine[column('办结 Served')]).toBe(4);
    expect(clerkLine[column('办理中位数(分) Median service (min)')]).toBe(7);
    expect(clerkLine[column('平均评价 Mean rating')]).toBe(3.67);
    expect(clerkLine[column('告警 跳号 Out-of-order calls')]).toBe(1);
    expect(clerkLine[column('暂停次数 休息 break')]).toBe(1);
    expect(clerkLine[column('暂停分钟 会议 meeting')]).toBe(30);
    const [, ...windows] = table(workbook.getWorksheet('窗口')!);
    expect(windows.map((r) => r[0])).toEqual(['1号窗口 Window 1']);
    // The export is in the audit trail.
    const audit = await sup.call('audit:query', {
      type: 'scorecard:export',
      actorId: null,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 5,
    });
    expect(audit.ok && audit.data.entries.map((e) => e.words.zh)).toEqual(['导出月度考评 2026-11（XLSX）']);
  });
});
