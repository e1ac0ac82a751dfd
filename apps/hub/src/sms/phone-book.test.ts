import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/index.ts';
import { smsTestHall } from './testing/sms-test-hall.ts';

let t: TestHub | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('visitor mobile numbers', () => {
  it('come with the issue command, are sealed at rest, masked, and purged with the identity retention', async () => {
    t = await startTestHub({ hall: smsTestHall() });
    const kiosk = await t.connect({ deviceToken: t.addDevice('kiosk').token });
    const answer = await kiosk.call('ticket:issue', {
      requestId: 'request-phone-1',
      serviceId: 'svc-1',
      identity: null,
      sms: { phone: '13812341234', language: 'zh' },
    });
    if (!answer.ok) throw new Error(answer.error.message);
    const ticketId = answer.data.ticket.id;
    const row = t.db.prepare('SELECT * FROM ticket_phones WHERE ticket_id = ?').get(ticketId) as Record<
      string,
      unknown
    >;
    expect(row.masked).toBe('138****1234');
    expect(JSON.stringify(row)).not.toContain('13812341234');
    const dump = t.db.prepare("SELECT group_concat(payload, '') AS all_payloads FROM events").get() as {
      all_payloads: string;
    };
    expect(dump.all_payloads).not.toContain('13812341234');
    expect(t.hub.phones.of(ticketId)?.phone).toBe('13812341234');

    expect(t.hub.phones.purge(t.clock.now() + 1)).toBe(1);
    expect(t.hub.phones.of(ticketId)).toBeNull();
  });

  it('refuses a number that is not a mainland mobile, and issues without one', async () => {
    t = await startTestHub();
    const kiosk = await t.connect({ deviceToken: t.addDevice('kiosk').token });
    const bad = await kiosk.call('ticket:issue', {
      requestId: 'request-phone-2',
      serviceId: 'svc-1',
      identity: null,
      sms: { phone: '12345', language: 'zh' },
    });
    expect(bad.ok).toBe(false);
    // A hall that sends no texts keeps no number, even if a kiosk sends one.
    const unused = await kiosk.call('ticket:issue', {
      requestId: 'request-phone-4',
      serviceId: 'svc-1',
      identity: null,
      sms: { phone: '13812341234', language: 'zh' },
    });
    expect(unused.ok).toBe(true);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM ticket_phones').get()).toEqual({ n: 0 });
    const none = await kiosk.call('ticket:issue', {
      requestId: 'request-phone-3',
      serviceId: 'svc-1',
      identity: null,
    });
    expect(none.ok).toBe(true);
  });
});

describe('the identity retention', () => {
  it("purges numbers, and the sealed copies on sent messages, at the hub's tick", async () => {
    t = await startTestHub({ hall: smsTestHall(), config: { identityRetentionDays: 30 } });
    const kiosk = await t.connect({ deviceToken: t.addDevice('kiosk').token });
    const answer = await kiosk.call('ticket:issue', {
      requestId: 'request-phone-retention',
      serviceId: 'svc-1',
      identity: null,
      sms: { phone: '13812341234', language: 'zh' },
    });
    expect(answer.ok).toBe(true);
    await t.hub.sms.caughtUp();
    const sealed = () =>
      t!.db
        .prepare(
          'SELECT (SELECT COUNT(*) FROM ticket_phones) AS phones, (SELECT COUNT(*) FROM sms_messages WHERE sealed_phone IS NOT NULL) AS messages',
        )
        .get();
    expect(sealed()).toEqual({ phones: 1, messages: 1 });
    t.clock.advance(29 * 86_400_000);
    await t.hub.tick();
    expect(sealed()).toEqual({ phones: 1, messages: 1 });
    t.clock.advance(2 * 86_400_000);
    await t.hub.tick();
    expect(sealed()).toEqual({ phones: 0, messages: 0 });
    // The message row stays for the record, with the number masked only.
    expect(t.db.prepare('SELECT masked FROM sms_messages').get()).toEqual({ masked: '138****1234' });
  });
});
