/**
 * Booking against the real hub over its socket: codes, masking and sealing at rest, refusals, cancel and the
 * held-back place; and the concurrency the issue demands — 200 clients at once for the last places of a slot
 * never overbook, and one person's 200 simultaneous bookings stay within the per-person limit.
 */
import type { AppointmentBookRequest } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { appointmentHall, testVisitor } from '../testing/appointment-hall.ts';
import {
  connectClient,
  startTestHub,
  TEST_PASSWORD,
  type TestClient,
  type TestHub,
} from '../testing/test-hub.ts';

const MONDAY = '2026-11-30';
let hub: TestHub | null = null;

afterEach(async () => {
  await hub?.close();
  hub = null;
});

async function deskClient(h: TestHub): Promise<{ client: TestClient; sessionToken: string }> {
  await h.addUser('desk', 'supervisor');
  const client = await h.connect();
  const login = await client.call('session:login', {
    username: 'desk',
    password: TEST_PASSWORD,
    windowId: null,
  });
  if (!login.ok) throw new Error(login.error.message);
  return { client, sessionToken: login.data.sessionToken };
}

const booking = (n: number, slotStart = '09:00', day = MONDAY): AppointmentBookRequest => ({
  serviceId: 'svc-1',
  day,
  slotStart,
  visitor: testVisitor(n),
});

describe('booking at the help desk', () => {
  it('answers a code without look-alikes, masks the person everywhere and keeps nothing readable at rest', async () => {
    hub = await startTestHub({ hall: appointmentHall({ places: 3 }) });
    const { client } = await deskClient(hub);
    const visitor = testVisitor(1);

    const before = await client.call('appointment:slots', { serviceId: 'svc-1', day: MONDAY });
    if (!before.ok) throw new Error(before.error.message);
    expect(before.data.slots[0]).toMatchObject({
      slotStart: '09:00',
      slotEnd: '09:30',
      free: 3,
      bookable: true,
    });
    expect(before.data.slots).toHaveLength(13);

    const booked = await client.call('appointment:book', booking(1));
    if (!booked.ok) throw new Error(booked.error.message);
    const { appointment } = booked.data;
    expect(appointment.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(appointment).toMatchObject({
      status: 'booked',
      channel: 'desk',
      visitorName: '访*1',
      idNumber: `110***********${visitor.idNumber.slice(-4)}`,
      phone: '139****0001',
      slotStart: '09:00',
    });

    const after = await client.call('appointment:slots', { serviceId: 'svc-1', day: MONDAY });
    expect(after.ok && after.data.slots[0]).toMatchObject({ taken: 1, free: 2 });

    // Nothing in the database (appointments, the audit log) holds the number, the name or the phone in full.
    const dump = JSON.stringify([
      hub.db.prepare('SELECT * FROM appointments').all(),
      hub.db.prepare('SELECT payload FROM events').all(),
    ]);
    expect(dump).not.toContain(visitor.idNumber);
    expect(dump).not.toContain(visitor.phone);
    expect(dump).not.toContain(visitor.name);

    const byCode = await client.call('appointment:lookup', { kind: 'code', code: appointment.code });
    expect(byCode.ok && byCode.data.appointments.map((a) => a.code)).toEqual([appointment.code]);
    const byPerson = await client.call('appointment:lookup', {
      kind: 'id-number',
      idNumber: visitor.idNumber,
    });
    expect(byPerson.ok && byPerson.data).toMatchObject({
      block: null,
      appointments: [{ code: appointment.code }],
    });
    const stranger = await client.call('appointment:lookup', {
      kind: 'id-number',
      idNumber: testVisitor(2).idNumber,
    });
    expect(stranger.ok && stranger.data.appointments).toEqual([]);

    // One upcoming appointment per person for this service.
    const again = await client.call('appointment:book', booking(1, '10:00'));
    expect(again.ok ? null : again.error.code).toBe('APPOINTMENT_REFUSED');
    expect(again.ok ? '' : again.error.message).toContain('上限');

    // A number with a wrong check digit is refused before anything is decided.
    const wrong = {
      ...visitor,
      idNumber: `${visitor.idNumber.slice(0, 17)}${visitor.idNumber.endsWith('1') ? '2' : '1'}`,
    };
    const invalid = await client.call('appointment:book', { ...booking(1), visitor: wrong });
    expect(invalid.ok ? null : invalid.error.code).toBe('INVALID_IDENTITY');

    const cancelled = await client.call('appointment:cancel', { code: appointment.code });
    expect(cancelled.ok && cancelled.data.appointment.status).toBe('cancelled');
    // The cancelled place is held back for 30 minutes (against slot trading), then free again.
    const held = await client.call('appointment:slots', { serviceId: 'svc-1', day: MONDAY });
    expect(held.ok && held.data.slots[0]).toMatchObject({ taken: 0, heldBack: 1, free: 2 });
    hub.clock.advance(31 * 60_000);
    const released = await client.call('appointment:slots', { serviceId: 'svc-1', day: MONDAY });
    expect(released.ok && released.data.slots[0]).toMatchObject({ taken: 0, heldBack: 0, free: 3 });

    const types = hub.db
      .prepare<[], { type: string }>("SELECT type FROM events WHERE type LIKE 'appointment:%' ORDER BY id")
      .all()
      .map((r) => r.type);
    expect(types).toEqual(['appointment:booked', 'appointment:cancelled']);
  });

  it('refuses a day outside the horizon and a full slot with words the visitor can act on', async () => {
    hub = await startTestHub({ hall: appointmentHall({ places: 1 }) });
    const { client } = await deskClient(hub);
    // Saturday: today is never bookable (min one working day ahead), nor a Sunday.
    const today = await client.call('appointment:book', booking(1, '09:00', '2026-11-28'));
    expect(today.ok ? '' : today.error.message).toMatch(/最早可预约2026-11-30|该日不是工作日/);
    const sunday = await client.call('appointment:book', booking(1, '09:00', '2026-11-29'));
    expect(sunday.ok ? '' : sunday.error.message).toContain('工作日');
    expect((await client.call('appointment:book', booking(1))).ok).toBe(true);
    const full = await client.call('appointment:book', booking(2));
    expect(full.ok ? '' : full.error.message).toContain('约满');
  });
});

describe('booking under concurrency, against the real hub', () => {
  async function clients(h: TestHub, sessionToken: string, n: number): Promise<TestClient[]> {
    const out: TestClient[] = [];
    // Connected one after another (the hub caps handshakes per address), then all send at once.
    for (let i = 0; i < n; i++) out.push(await connectClient(h.url, { sessionToken }));
    return out;
  }

  it('200 clients at once for the last 2 places of a slot: exactly 2 bookings, never more than capacity', async () => {
    hub = await startTestHub({ hall: appointmentHall({ places: 5 }) });
    const { client, sessionToken } = await deskClient(hub);
    for (let n = 1; n <= 3; n++) expect((await client.call('appointment:book', booking(n))).ok).toBe(true);
    const crowd = await clients(hub, sessionToken, 200);
    try {
      const answers = await Promise.all(crowd.map((c, i) => c.call('appointment:book', booking(100 + i))));
      const booked = answers.filter((a) => a.ok);
      const refused = answers.filter((a) => !a.ok);
      expect(booked).toHaveLength(2);
      expect(refused).toHaveLength(198);
      expect(new Set(refused.map((a) => (a.ok ? '' : a.error.code)))).toEqual(
        new Set(['APPOINTMENT_REFUSED']),
      );
      const taken = hub.db
        .prepare<[], { n: number }>(
          "SELECT COUNT(*) AS n FROM appointments WHERE day = '2026-11-30' AND slot_start = '09:00' AND status <> 'cancelled'",
        )
        .get();
      expect(taken?.n).toBe(5);
      const slots = await client.call('appointment:slots', { serviceId: 'svc-1', day: MONDAY });
      expect(slots.ok && slots.data.slots[0]).toMatchObject({ taken: 5, free: 0, reason: 'full' });
    } finally {
      for (const c of crowd) c.close();
    }
  }, 60_000);

  it("one person's 200 simultaneous bookings across slots stay within their 2 a day", async () => {
    hub = await startTestHub({ hall: appointmentHall({ places: 50, perPersonUpcoming: null, perDay: 2 }) });
    const { sessionToken } = await deskClient(hub);
    const crowd = await clients(hub, sessionToken, 200);
    const starts = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:30', '14:00', '14:30', '15:00'];
    try {
      const answers = await Promise.all(
        crowd.map((c, i) => c.call('appointment:book', booking(7, starts[i % 10]))),
      );
      expect(answers.filter((a) => a.ok)).toHaveLength(2);
      const rows = hub.db
        .prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM appointments WHERE status = 'booked'")
        .get();
      expect(rows?.n).toBe(2);
    } finally {
      for (const c of crowd) c.close();
    }
  }, 60_000);
});
