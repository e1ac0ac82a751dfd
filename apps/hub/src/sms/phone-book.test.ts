import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/index.ts';

let t: TestHub | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('visitor mobile numbers', () => {
  it('come with the issue command, are sealed at rest, masked, and purged with the identity retention', async () => {
    t = await startTestHub();
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
    const none = await kiosk.call('ticket:issue', {
      requestId: 'request-phone-3',
      serviceId: 'svc-1',
      identity: null,
    });
    expect(none.ok).toBe(true);
  });
});
