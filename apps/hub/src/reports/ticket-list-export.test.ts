import { randomUUID } from 'node:crypto';
import { TicketListExportQuery } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../testing/test-hub.ts';
import { TICKET_LIST_HEADINGS } from './ticket-list-export.ts';

let th: TestHub;
afterEach(async () => {
  await th?.close();
});

/** The CSV's rows as arrays of cells (the test's cells hold no commas or quotes). */
const csvRows = (base64: string) =>
  Buffer.from(base64, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));

describe('the per-ticket list export', () => {
  it('lists each ticket of the range with its case number, times, window and clerk; the visitor masked', async () => {
    th = await startTestHub();
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    const clerk = await th.clerkAt('w1', 'li');
    const issue = (identity: { idNumber: string; name: string } | null) =>
      kiosk.call('ticket:issue', {
        requestId: randomUUID(),
        serviceId: 'svc-1',
        identity: identity && { ...identity, birthDate: '1949-12-31', cardType: 'resident' as const },
      });
    const first = await issue({ idNumber: '11010519491231002X', name: '欧阳建国' });
    if (!first.ok) throw new Error(first.error.message);
    expect((await issue(null)).ok).toBe(true);
    th.clock.advance(4 * 60_000);
    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    expect(called.ok).toBe(true);
    await clerk.call('window:start', { windowId: 'w1' });
    th.clock.advance(6 * 60_000);
    const attached = await clerk.call('ticket:attach-case', {
      ticketId: first.data.ticket.id,
      caseNumber: 'SP-2026-000123',
    });
    expect(attached.ok).toBe(true);
    await clerk.call('window:finish', { windowId: 'w1' });
    await th.hub.hall.settled();

    const answer = await clerk.call('report:tickets-export', {
      from: '2026-11-28',
      to: '2026-11-28',
      format: 'csv',
    });
    // A clerk may not; a supervisor may.
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await th.addUser('boss', 'supervisor');
    const boss = await th.connect();
    expect(
      (await boss.call('session:login', { username: 'boss', password: TEST_PASSWORD, windowId: null })).ok,
    ).toBe(true);
    const file = await boss.call('report:tickets-export', {
      from: '2026-11-28',
      to: '2026-11-28',
      format: 'csv',
    });
    if (!file.ok) throw new Error(file.error.message);
    expect(file.data.fileName).toBe('hallq-tickets-2026-11-28_2026-11-28.csv');
    const [headings, ...rows] = csvRows(file.data.base64);
    expect(headings).toEqual([...TICKET_LIST_HEADINGS]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(headings!.map((h, i) => [h.split(' ')[0], rows[0]![i]]));
    expect(row).toMatchObject({
      日期: '2026-11-28',
      票号: first.data.ticket.number,
      取号: '10:00:00',
      首次呼叫: '10:04:00',
      开始办理: '10:04:00',
      结束: '10:10:00',
      '等候(分)': '4',
      '办理(分)': '6',
      状态: '办结 Done',
      办件编号: 'SP-2026-000123',
    });
    expect(row.窗口).toMatch(/^1号窗口/);
    expect(row.人员).toContain('li');
    expect(rows[1]).toContain('等候 Waiting');
    // Only the masked name: no full name, no ID number.
    const text = Buffer.from(file.data.base64, 'base64').toString('utf8');
    expect(row['申请人(脱敏)']).toMatch(/^欧\*+/);
    expect(text).not.toContain('欧阳建国');
    expect(text).not.toContain('11010519491231002X');

    // The XLSX holds the same rows; another day's range is empty; the export is audited with its count.
    const xlsx = await boss.call('report:tickets-export', {
      from: '2026-11-28',
      to: '2026-11-28',
      format: 'xlsx',
    });
    expect(xlsx.ok && Buffer.from(xlsx.data.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const none = await boss.call('report:tickets-export', {
      from: '2026-11-01',
      to: '2026-11-27',
      format: 'csv',
    });
    expect(none.ok && csvRows(none.data.base64)).toHaveLength(1);
    const audited = th.db
      .prepare<[], { payload: string }>(
        "SELECT payload FROM events WHERE type = 'report:tickets-export' ORDER BY id",
      )
      .all()
      .map((e) => JSON.parse(e.payload) as { count: number; format: string });
    expect(audited.map((a) => [a.format, a.count])).toEqual([
      ['csv', 2],
      ['xlsx', 2],
      ['csv', 0],
    ]);
  });

  it('refuses a range over 31 days or backwards', () => {
    const q = (from: string, to: string) =>
      TicketListExportQuery.safeParse({ from, to, format: 'csv' }).success;
    expect(q('2026-11-01', '2026-12-01')).toBe(true);
    expect(q('2026-11-01', '2026-12-02')).toBe(false);
    expect(q('2026-11-02', '2026-11-01')).toBe(false);
  });
});
