/**
 * The open API's appointment endpoints (scope appointments:write) for the provincial platform: the contract of
 * each answer, refusals as 409 with the reason, and 200 HTTP clients at once for the last places of a slot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appointmentHall, testVisitor } from '../testing/appointment-hall.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import { addApiClient, expectContract, send } from './api-test-support.ts';

const MONDAY = '2026-11-30';
let th: TestHub | null = null;
afterEach(async () => {
  await th?.close();
  th = null;
});

const bookBody = (n: number, slotStart = '09:00') =>
  JSON.stringify({ serviceId: 'svc-1', day: MONDAY, slotStart, visitor: testVisitor(n) });

describe('open API: appointments', () => {
  it('lists slots, books, looks up and cancels; refusals answer 409 with the reason', async () => {
    th = await startTestHub({ hall: appointmentHall({ places: 1 }) });
    const { token } = addApiClient(th, ['appointments:write']);
    const { token: readOnly } = addApiClient(th, ['queue:read']);
    const url = th.url;

    const slots = await send(url, {
      path: `/api/v1/appointments/slots?serviceId=svc-1&day=${MONDAY}`,
      token,
    });
    expect(slots.status).toBe(200);
    const listed = expectContract('listAppointmentSlots', slots) as {
      slots: { slotStart: string; free: number }[];
    };
    expect(listed.slots[0]).toMatchObject({ slotStart: '09:00', free: 1 });

    const created = await send(url, {
      method: 'POST',
      path: '/api/v1/appointments',
      token,
      body: bookBody(1),
    });
    expect(created.status).toBe(201);
    const appointment = expectContract('createAppointment', created) as { code: string; channel: string };
    expect(appointment.channel).toBe('api');
    expect(created.text).not.toContain(testVisitor(1).idNumber);

    const full = await send(url, { method: 'POST', path: '/api/v1/appointments', token, body: bookBody(2) });
    expect(full.status).toBe(409);
    expect(expectContract('createAppointment', full)).toMatchObject({
      error: { code: 'APPOINTMENT_REFUSED' },
    });

    const got = await send(url, { path: `/api/v1/appointments/${appointment.code}`, token });
    expect(got.status).toBe(200);
    expect(expectContract('getAppointment', got)).toMatchObject({ code: appointment.code, status: 'booked' });
    const badCode = await send(url, { path: '/api/v1/appointments/ABCDEFG0', token });
    expect(badCode.status).toBe(400);

    const forbidden = await send(url, {
      method: 'POST',
      path: '/api/v1/appointments',
      token: readOnly,
      body: bookBody(3),
    });
    expect(forbidden.status).toBe(403);

    const cancel = await send(url, {
      method: 'POST',
      path: `/api/v1/appointments/${appointment.code}/cancel`,
      token,
    });
    expect(cancel.status).toBe(200);
    expect(expectContract('cancelAppointment', cancel)).toMatchObject({ status: 'cancelled' });
    const again = await send(url, {
      method: 'POST',
      path: `/api/v1/appointments/${appointment.code}/cancel`,
      token,
    });
    expect(again.status).toBe(409);
    expectContract('cancelAppointment', again);

    // Booked and cancelled as the client, in the audit trail.
    const actors = th.db
      .prepare<[], { actor_kind: string }>("SELECT actor_kind FROM events WHERE type LIKE 'appointment:%'")
      .all();
    expect(actors.map((a) => a.actor_kind)).toEqual(['api-client', 'api-client']);
  });

  it('200 HTTP clients at once for the last 2 places: exactly 2 created, 198 refused with 409', async () => {
    th = await startTestHub({ hall: appointmentHall({ places: 4 }) });
    const { token, id } = addApiClient(th, ['appointments:write']);
    // The platform's client gets a rate for a crowd (the default bucket would answer most of these 429).
    th.db.prepare('UPDATE api_clients SET rate_per_second = 10000, burst = 10000 WHERE id = ?').run(id);
    for (let n = 1; n <= 2; n++) {
      const pre = await send(th.url, {
        method: 'POST',
        path: '/api/v1/appointments',
        token,
        body: bookBody(n),
      });
      expect(pre.status).toBe(201);
    }
    const url = th.url;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        send(url, {
          method: 'POST',
          path: '/api/v1/appointments',
          token,
          body: bookBody(100 + i),
          headers: { connection: 'close' },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(198);
    const taken = th.db
      .prepare<[], { n: number }>(
        "SELECT COUNT(*) AS n FROM appointments WHERE slot_start = '09:00' AND status = 'booked'",
      )
      .get();
    expect(taken?.n).toBe(4);
  }, 60_000);
});
