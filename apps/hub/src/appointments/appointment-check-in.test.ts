/**
 * Check-in at the kiosk against the real hub: early (told when check-in opens), on time (a 预约 ticket in line
 * from its slot: earlier walk-ins stay ahead, later ones fall behind), late within the window (in line from the
 * check-in), after the window (refused or a walk-in ticket, per the hall), retries, and the no-show block an
 * admin lifts.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppointmentBookRequest, IdentityInput } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { socketSettingsWith } from '../testing/admission-settings.ts';
import { appointmentHall, testVisitor } from '../testing/appointment-hall.ts';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '../testing/test-hub.ts';

const MONDAY = '2026-11-30';
const TUESDAY = '2026-12-01';
const local = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

async function signIn(h: TestHub, username: string, role: 'supervisor' | 'admin'): Promise<TestClient> {
  await h.addUser(username, role);
  const client = await h.connect();
  const login = await client.call('session:login', { username, password: TEST_PASSWORD, windowId: null });
  if (!login.ok) throw new Error(login.error.message);
  return client;
}

const booking = (n: number, slotStart: string, day = MONDAY): AppointmentBookRequest => ({
  serviceId: 'svc-1',
  day,
  slotStart,
  visitor: testVisitor(n),
});

const identityOf = (n: number): IdentityInput => {
  const v = testVisitor(n);
  return { idNumber: v.idNumber, name: v.name, birthDate: '1980-01-01', cardType: 'resident' };
};

async function book(desk: TestClient, request: AppointmentBookRequest): Promise<string> {
  const booked = await desk.call('appointment:book', request);
  if (!booked.ok) throw new Error(booked.error.message);
  return booked.data.appointment.code;
}

/** Moves the hub to a moment of the appointment day and lets it change its business day. */
async function moveTo(h: TestHub, at: number): Promise<void> {
  h.clock.set(at);
  await h.hub.tick();
}

describe('check-in at the kiosk', () => {
  it('answers early with the opening time, then queues the 预约 ticket from its slot among the walk-ins', async () => {
    hub = await startTestHub({ hall: appointmentHall({ places: 5 }) });
    const desk = await signIn(hub, 'desk', 'supervisor');
    const code = await book(desk, booking(1, '09:00'));
    // Two days on, the staff sessions of Saturday have expired: people sign in again on Monday.
    await moveTo(hub, local(MONDAY, '08:20'));
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    const clerk = await hub.clerkAt('w1');
    const early = await kiosk.call('appointment:offer', {
      key: { kind: 'identity', identity: identityOf(1) },
    });
    expect(early.ok && early.data.offer?.decision).toEqual({
      kind: 'too-early',
      opensAt: local(MONDAY, '08:30'),
    });
    const tooEarly = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'code', code },
    });
    expect(tooEarly.ok && tooEarly.data).toMatchObject({
      outcome: 'too-early',
      opensAt: local(MONDAY, '08:30'),
    });

    hub.clock.set(local(MONDAY, '08:40'));
    const walkInBefore = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-1',
      identity: null,
    });
    const requestId = randomUUID();
    const checked = await kiosk.call('appointment:check-in', { requestId, key: { kind: 'code', code } });
    if (!checked.ok || checked.data.outcome !== 'checked-in') throw new Error(JSON.stringify(checked));
    const ticket = checked.data.issued.ticket;
    expect(ticket.appointment).toEqual({
      code,
      day: MONDAY,
      slotStart: '09:00',
      slotEnd: '09:30',
      late: false,
    });
    expect(ticket.queuedAt).toBe(local(MONDAY, '09:00'));
    expect(checked.data.appointment.status).toBe('checked-in');

    // The lobby and the counters hear the issue with its mark.
    const heard = await clerk.waitForUpdate(
      (u) => u.change.type === 'ticket:issued' && u.change.ticket.id === ticket.id,
    );
    expect(heard.change.type === 'ticket:issued' && heard.change.ticket.appointment?.slotStart).toBe('09:00');

    // A retry of the same request answers the same ticket.
    const retried = await kiosk.call('appointment:check-in', { requestId, key: { kind: 'code', code } });
    expect(retried.ok && retried.data.outcome === 'checked-in' && retried.data.issued).toMatchObject({
      replayed: true,
      ticket: { id: ticket.id },
    });
    // Checked in once: a second check-in is refused as not checkable.
    const twice = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'code', code },
    });
    expect(twice.ok && twice.data.outcome).toBe('not-checkable');

    hub.clock.set(local(MONDAY, '08:50'));
    const walkInStillBefore = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-1',
      identity: null,
    });
    hub.clock.set(local(MONDAY, '09:05'));
    const walkInAfter = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-1',
      identity: null,
    });

    const called: string[] = [];
    for (let i = 0; i < 4; i++) {
      const next = await clerk.call('window:call-next', { windowId: 'w1' });
      if (!next.ok || !next.data.ticket) throw new Error(JSON.stringify(next));
      called.push(next.data.ticket.id);
      expect((await clerk.call('window:start', { windowId: 'w1' })).ok).toBe(true);
      expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);
    }
    const idOf = (a: Awaited<ReturnType<typeof kiosk.call<'ticket:issue'>>>) =>
      a.ok ? a.data.ticket.id : '';
    expect(called).toEqual([idOf(walkInBefore), idOf(walkInStillBefore), ticket.id, idOf(walkInAfter)]);

    // The ticket that ended still shows its mark (read from the database).
    expect(hub.hub.hall.view(hub.hub.hall.store.ticket(ticket.id)!).appointment?.code).toBe(code);
  });

  it('queues a visitor who came after the slot started from the check-in, and swipes find the appointment', async () => {
    hub = await startTestHub({ hall: appointmentHall({ places: 5 }) });
    const desk = await signIn(hub, 'desk', 'supervisor');
    const code = await book(desk, booking(2, '10:00'));
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await moveTo(hub, local(MONDAY, '10:10'));
    const offer = await kiosk.call('appointment:offer', {
      key: { kind: 'identity', identity: identityOf(2) },
    });
    expect(offer.ok && offer.data.offer).toMatchObject({
      appointment: { code, slotStart: '10:00' },
      decision: { kind: 'in-window', late: true, queueAt: local(MONDAY, '10:10') },
    });
    const checked = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'identity', identity: identityOf(2) },
    });
    if (!checked.ok || checked.data.outcome !== 'checked-in') throw new Error(JSON.stringify(checked));
    expect(checked.data.late).toBe(true);
    expect(checked.data.issued.ticket).toMatchObject({
      queuedAt: local(MONDAY, '10:10'),
      appointment: { late: true },
    });
    // Someone without an appointment today: nothing to offer.
    const none = await kiosk.call('appointment:offer', {
      key: { kind: 'identity', identity: identityOf(3) },
    });
    expect(none.ok && none.data.offer).toBeNull();
    const noneIn = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'identity', identity: identityOf(3) },
    });
    expect(noneIn.ok && noneIn.data.outcome).toBe('none');
  });

  it('turns a visitor after the window into a walk-in ticket when the hall says so, and tells them', async () => {
    hub = await startTestHub({ hall: appointmentHall({ latePolicy: 'walk-in' }) });
    const desk = await signIn(hub, 'desk', 'supervisor');
    const code = await book(desk, booking(3, '09:30'));
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await moveTo(hub, local(MONDAY, '09:50'));
    const answer = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'code', code },
    });
    if (!answer.ok || answer.data.outcome !== 'walk-in') throw new Error(JSON.stringify(answer));
    expect(answer.data.closedAt).toBe(local(MONDAY, '09:45'));
    expect(answer.data.issued.ticket.appointment).toBeUndefined();
    expect(answer.data.issued.ticket.queuedAt).toBe(local(MONDAY, '09:50'));
    expect(answer.data.appointment.status).toBe('missed');
  });

  it('refuses a visitor after the window when the hall says so: no ticket, the appointment missed', async () => {
    hub = await startTestHub({ hall: appointmentHall({ latePolicy: 'refuse' }) });
    const desk = await signIn(hub, 'desk', 'supervisor');
    const code = await book(desk, booking(4, '09:30'));
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await moveTo(hub, local(MONDAY, '09:50'));
    const answer = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'code', code },
    });
    expect(answer.ok && answer.data).toMatchObject({
      outcome: 'refused-late',
      closedAt: local(MONDAY, '09:45'),
      appointment: { status: 'missed' },
    });
    expect(hub.hub.hall.state().tickets.size).toBe(0);
  });
});

describe('no-shows', () => {
  it('blocks booking after 2 missed appointments, says until when, and an admin lifts it (audited)', async () => {
    hub = await startTestHub({ hall: appointmentHall({ perPersonUpcoming: null }) });
    let desk = await signIn(hub, 'desk', 'supervisor');
    let admin = await signIn(hub, 'boss', 'admin');
    await book(desk, booking(5, '09:00', MONDAY));
    await book(desk, booking(5, '09:00', TUESDAY));
    await moveTo(hub, local(MONDAY, '12:00'));
    await moveTo(hub, local(TUESDAY, '12:00'));
    desk = await signIn(hub, 'desk', 'supervisor');
    admin = await signIn(hub, 'boss', 'admin');
    const day = await desk.call('appointment:day', { day: TUESDAY });
    expect(day.ok && day.data.services[0]?.slots[0]).toMatchObject({
      slotStart: '09:00',
      missed: 1,
      booked: 0,
    });

    const refused = await desk.call('appointment:book', booking(5, '09:00', '2026-12-03'));
    expect(refused.ok ? '' : refused.error.message).toContain('前不能预约');
    // 90 days from the second miss (Tuesday 09:00).
    expect(refused.ok ? '' : refused.error.message).toContain('2027-03-01 09:00');
    const person = await desk.call('appointment:lookup', {
      kind: 'id-number',
      idNumber: testVisitor(5).idNumber,
    });
    expect(person.ok && person.data.block?.missedAt).toEqual([
      local(MONDAY, '09:00'),
      local(TUESDAY, '09:00'),
    ]);

    // Lifting is an admin's: the supervisor is refused.
    const bySupervisor = await desk.call('appointment:lift-block', {
      idNumber: testVisitor(5).idNumber,
      reason: '系统故障',
    });
    expect(bySupervisor.ok ? null : bySupervisor.error.code).toBe('FORBIDDEN');
    const lifted = await admin.call('appointment:lift-block', {
      idNumber: testVisitor(5).idNumber,
      reason: '系统故障',
    });
    expect(lifted.ok && lifted.data).toEqual({ wasBlocked: true });
    expect((await desk.call('appointment:book', booking(5, '09:00', '2026-12-03'))).ok).toBe(true);
    const audit = hub.db
      .prepare<[], { payload: string }>("SELECT payload FROM events WHERE type = 'appointment:block-lifted'")
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.payload).toContain('系统故障');
    expect(audit[0]?.payload).not.toContain(testVisitor(5).idNumber);
  });

  it('purges the personal data of old appointments with the identity retention', async () => {
    hub = await startTestHub({ hall: appointmentHall() });
    const desk = await signIn(hub, 'desk', 'supervisor');
    const code = await book(desk, booking(6, '09:00'));
    expect(hub.hub.appointments.purgeIdentities(local(MONDAY, '09:00'))).toBe(0);
    expect(hub.hub.appointments.purgeIdentities(local(MONDAY, '09:31'))).toBe(1);
    const row = hub.db.prepare('SELECT name_masked, id_masked, phone_masked, sealed FROM appointments').get();
    expect(row).toEqual({ name_masked: null, id_masked: null, phone_masked: null, sealed: null });
    const looked = await desk.call('appointment:lookup', { kind: 'code', code });
    expect(looked.ok && looked.data.appointments[0]).toMatchObject({
      visitorName: null,
      idNumber: null,
      phone: null,
    });
  });

  it("is purged by the hub's tick once the identity retention (180 days here) has passed", async () => {
    hub = await startTestHub({ hall: appointmentHall() });
    const desk = await signIn(hub, 'desk', 'supervisor');
    await book(desk, booking(7, '09:00'));
    await moveTo(hub, local(MONDAY, '09:31') + 179 * 86_400_000);
    expect(hub.db.prepare('SELECT sealed IS NOT NULL AS kept FROM appointments').get()).toEqual({ kept: 1 });
    await moveTo(hub, local(MONDAY, '09:31') + 181 * 86_400_000);
    expect(
      hub.db.prepare('SELECT sealed, name_masked, visitor_key IS NOT NULL AS keyed FROM appointments').get(),
    ).toEqual({ sealed: null, name_masked: null, keyed: 1 });
  });

  it('keeps the 预约 mark of a waiting appointment ticket across a restart of the hub', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-appointment-restart-'));
    try {
      hub = await startTestHub({ dir, hall: appointmentHall() });
      const desk = await signIn(hub, 'desk', 'supervisor');
      const code = await book(desk, booking(8, '09:00'));
      await moveTo(hub, local(MONDAY, '08:45'));
      const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
      const checked = await kiosk.call('appointment:check-in', {
        requestId: randomUUID(),
        key: { kind: 'code', code },
      });
      if (!checked.ok || checked.data.outcome !== 'checked-in') throw new Error(JSON.stringify(checked));
      const ticketId = checked.data.issued.ticket.id;
      await hub.close();
      hub = await startTestHub({ dir, hall: appointmentHall(), start: local(MONDAY, '08:50') });
      const again = await signIn(hub, 'desk2', 'supervisor');
      const snapshot = await again.call('hall:snapshot', {});
      const ticket = snapshot.ok ? snapshot.data.tickets.find((t) => t.id === ticketId) : null;
      expect(ticket?.appointment).toEqual({
        code,
        day: MONDAY,
        slotStart: '09:00',
        slotEnd: '09:30',
        late: false,
      });
    } finally {
      await hub?.close();
      hub = null;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("counts check-ins against the kiosk's ticket rate like walk-in tickets (retries and refusals excepted)", async () => {
    hub = await startTestHub({
      hall: appointmentHall(),
      config: { socket: socketSettingsWith({ issueBurst: 2, issuesPerMinute: 1 }) },
    });
    const desk = await signIn(hub, 'desk', 'supervisor');
    const codes = [await book(desk, booking(11, '09:00')), await book(desk, booking(12, '09:00'))];
    const early = await book(desk, booking(13, '11:00'));
    await moveTo(hub, local(MONDAY, '08:45'));
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    // Too early: no ticket, not counted.
    const tooEarly = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'code', code: early },
    });
    expect(tooEarly.ok && tooEarly.data.outcome).toBe('too-early');
    const requestId = randomUUID();
    const first = await kiosk.call('appointment:check-in', {
      requestId,
      key: { kind: 'code', code: codes[0]! },
    });
    expect(first.ok && first.data.outcome).toBe('checked-in');
    // A retry answers the same ticket and is not counted either.
    expect(
      (await kiosk.call('appointment:check-in', { requestId, key: { kind: 'code', code: codes[0]! } })).ok,
    ).toBe(true);
    const walkIn = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-2',
      identity: null,
    });
    expect(walkIn.ok).toBe(true);
    const third = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'code', code: codes[1]! },
    });
    expect(third.ok ? null : third.error.code).toBe('ISSUE_RATE_LIMITED');
  });
});
