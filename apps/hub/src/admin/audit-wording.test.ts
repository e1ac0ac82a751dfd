import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../testing/test-hub.ts';
import { type AuditNames, auditWords } from './audit-wording.ts';

const names: AuditNames = {
  windowNumber: (id) => (id === 'w3' ? 3 : null),
  serviceName: (id) => (id === 'svc-1' ? { zh: '社保业务', en: 'Social Security' } : null),
  ticketNumber: (id) => (id === 't1' ? 'A001' : null),
  deviceName: (id) => (id === 'd1' ? '一楼取号机' : null),
};

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe('the audit trail in words', () => {
  it('says what was done to which account, device or alert', () => {
    expect(auditWords('session:login', { username: 'zhang', windowId: 'w3' }, names)).toEqual({
      zh: '在3号窗口登录（zhang）',
      en: 'Signed in at window 3 (zhang)',
    });
    expect(auditWords('device:revoke', { deviceId: 'd1' }, names).zh).toBe('吊销设备「一楼取号机」');
    expect(auditWords('clerk:add', { username: 'li', role: 'supervisor' }, names).en).toBe(
      'Added the account li (supervisor)',
    );
    expect(
      auditWords('rating:recorded', { type: 'rating:recorded', ticketId: 't1', windowId: 'w3' }, names),
    ).toEqual({ zh: '3号窗口的 A001 收到评价', en: 'A001 was rated at window 3' });
    // A behaviour alert: its own message in Chinese, the rule named in English.
    expect(
      auditWords(
        'alert:raised',
        {
          rule: 'out-of-order-calls',
          subject: 'clerk:c1',
          message: '张三 2026-11-28 跳号 6 次',
          entryIds: [4, 9],
        },
        names,
      ),
    ).toEqual({ zh: '告警：张三 2026-11-28 跳号 6 次', en: 'Alert raised: calls out of order (clerk:c1)' });
    expect(auditWords('scorecard:export', { month: '2026-11', format: 'xlsx' }, names).zh).toBe(
      '导出月度考评 2026-11（XLSX）',
    );
    expect(
      auditWords(
        'api:throttled',
        { clientId: 'ac_1', name: '审批系统', limit: '10/s, burst 40', attempts: 199, since: 0 },
        names,
      ),
    ).toEqual({
      zh: 'API 客户端「审批系统」超过限流 199 次（10/s, burst 40）',
      en: 'API client "审批系统" over its rate limit 199 times (10/s, burst 40)',
    });
    expect(
      auditWords(
        'api-client:limit',
        { clientId: 'ac_1', name: '审批系统', from: {}, to: { ratePerSecond: 5, burst: 20 } },
        names,
      ).en,
    ).toBe('Set the API client "审批系统" to 5/s, burst 20');
    expect(
      auditWords(
        'report:tickets-export',
        { from: '2026-11-01', to: '2026-11-30', format: 'csv', count: 812 },
        names,
      ).zh,
    ).toBe('导出号票明细 2026-11-01 至 2026-11-30（CSV，812 张）');
  });

  it('falls back to the type for an entry it does not know or a payload of another shape', () => {
    expect(auditWords('backup:written', { file: 'x' }, names)).toEqual({
      zh: 'backup:written',
      en: 'backup:written',
    });
    expect(auditWords('webhook:replay', { subscriptionId: 's', afterEntryId: 40 }, names).zh).toBe(
      '事件订阅从日志序号 40 之后重发',
    );
    expect(auditWords('ticket:called', null, names)).toEqual({ zh: 'ticket:called', en: 'ticket:called' });
  });

  it('is what audit:query answers, for a ticket issued, called and called again at a window', async () => {
    hub = await startTestHub();
    await hub.addUser('admin1', 'admin');
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-1', identity: null });
    const clerk = await hub.clerkAt('w3');
    await clerk.call('window:call-next', { windowId: 'w3' });
    await clerk.call('window:recall', { windowId: 'w3' });
    const admin = await hub.connect();
    await admin.call('session:login', { username: 'admin1', password: TEST_PASSWORD, windowId: null });
    const answer = await admin.call('audit:query', {
      type: 'ticket:',
      actorId: null,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 10,
    });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data.entries.map((e) => [e.actorName, e.words.zh])).toEqual([
      ['clerk-w3', '3号窗口重呼 A001'],
      ['clerk-w3', '3号窗口叫号 A001'],
      ['kiosk-test', '取号 A001（业务1）'],
    ]);
    expect(answer.data.entries[1]?.words.en).toBe('Called A001 to window 3');
    // The raw payload is still there, behind the words.
    expect(answer.data.entries[2]?.summary).toMatch(/^\{"type":"ticket:issued"/);
  });
});
