import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../testing/index.ts';
import type { SmsSender } from './sms-sender.ts';
import { phoneNumber, smsTestHall } from './testing/sms-test-hall.ts';

let t: TestHub | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('failed SMS in the admin console', () => {
  it('lists failures with the number masked, and resends one (audited) when the admin asks', async () => {
    let refuse = true;
    const sent: string[] = [];
    const sender: SmsSender = {
      kind: 'http',
      dropsRepeats: true,
      async send(message) {
        if (refuse) return { ok: false, retry: false, reason: 'HTTP 200 code 4030: blacklisted' };
        sent.push(message.phone);
        return { ok: true, gatewayId: `g-${message.reference}` };
      },
      onReceipt: () => undefined,
      close: async () => undefined,
    };
    t = await startTestHub({ hall: smsTestHall(), config: { sms: { senders: { http: sender } } } });
    const kiosk = await t.connect({ deviceToken: t.addDevice('kiosk').token });
    await kiosk.call('ticket:issue', {
      requestId: 'request-admin-sms',
      serviceId: 'svc-1',
      identity: null,
      sms: { phone: phoneNumber(42), language: 'zh' },
    });
    await t.hub.sms.idle();
    await t.addUser('boss', 'admin');
    const admin = await t.connect();
    const login = await admin.call('session:login', {
      username: 'boss',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(login.ok).toBe(true);
    const listed = await admin.call('sms:failures', { limit: 50 });
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.data.failures).toEqual([
      expect.objectContaining({
        kind: 'issued',
        ticketNumber: 'A001',
        maskedPhone: '139****0042',
        reason: 'HTTP 200 code 4030: blacklisted',
        resendable: true,
      }),
    ]);
    expect(JSON.stringify(listed.data)).not.toContain(phoneNumber(42));
    expect(listed.data.counts.failed).toBe(1);
    expect(listed.data.sender).toEqual({ kind: 'http', configured: true });

    refuse = false;
    const resent = await admin.call('sms:resend', { messageId: listed.data.failures[0]!.id });
    expect(resent.ok).toBe(true);
    await t.hub.sms.idle();
    expect(sent).toEqual([phoneNumber(42)]);
    const again = await admin.call('sms:resend', { messageId: listed.data.failures[0]!.id });
    expect(again.ok || again.error.code).toBe('NOT_FOUND');
    const audit = t.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'sms:resend'").get();
    expect(audit).toEqual({ n: 1 });
  });
});
