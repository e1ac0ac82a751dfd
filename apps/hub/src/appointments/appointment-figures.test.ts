/**
 * The appointment report and the day view over a morning run through the real hub: on time, late, missed and
 * cancelled appointments among walk-ins, with the waits measured from each ticket's place in line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../store/event-log.ts';
import { appointmentHall, testVisitor } from '../testing/appointment-hall.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

const MONDAY = '2026-11-30';
const local = (hhmm: string) => Date.parse(`${MONDAY}T${hhmm}:00+08:00`);
let th: TestHub | null = null;
afterEach(async () => {
  await th?.close();
  th = null;
});

describe('appointment figures', () => {
  it('gives share, check-in, no-show and on-time rates and the waits of appointment visitors vs walk-ins', async () => {
    th = await startTestHub({ hall: appointmentHall({ places: 5 }) });
    const hub = th.hub;
    const desk = hub.appointments;
    const book = (n: number, slotStart: string) => {
      const booked = desk.book(
        { serviceId: 'svc-1', day: MONDAY, slotStart, visitor: testVisitor(n) },
        'desk',
        SYSTEM_ACTOR,
      );
      if (!booked.ok) throw new Error(booked.error.message);
      return booked.value.code;
    };
    const [a1, a2] = [book(1, '09:00'), book(2, '09:00')];
    book(3, '09:00');
    expect(desk.cancel(book(4, '10:00'), null, SYSTEM_ACTOR).ok).toBe(true);
    const at = async (hhmm: string) => {
      th!.clock.set(local(hhmm));
      await hub.tick();
    };
    const run = (type: 'call-next' | 'finish') => {
      const done = hub.hall.execute(
        type === 'call-next'
          ? { type: 'window:call-next', windowId: 'w1', clerkId: null }
          : { type: 'window:finish', windowId: 'w1' },
        SYSTEM_ACTOR,
      );
      if (!done.ok) throw new Error(done.error.message);
      return done.value;
    };
    const checkIn = (code: string) => {
      const answer = desk.checkIn(`req-${code}`, { kind: 'code', code }, SYSTEM_ACTOR, null);
      if (!answer.ok || answer.value.outcome !== 'checked-in') throw new Error(JSON.stringify(answer));
      return answer.value.issued.ticket.id;
    };

    await at('08:40');
    const t1 = checkIn(a1);
    await at('08:50');
    const walkIn = hub.hall.execute(
      { type: 'ticket:issue', serviceId: 'svc-1', visitorClass: 'normal', visitorKey: null, kioskId: null },
      SYSTEM_ACTOR,
    );
    expect(walkIn.ok).toBe(true);
    await at('09:05');
    run('call-next'); // the walk-in (in line since 08:50): waited 15 min
    run('finish');
    await at('09:10');
    const t2 = checkIn(a2); // late: in line from 09:10
    await at('09:12');
    expect(run('call-next').state.windows.w1?.currentTicketId).toBe(t1); // waited 12 min from 09:00
    run('finish');
    await at('09:20');
    expect(run('call-next').state.windows.w1?.currentTicketId).toBe(t2); // waited 10 min from 09:10
    run('finish');
    await at('09:30'); // the third visitor never came: swept to missed

    const day = desk.day(MONDAY);
    expect(day.services[0]?.slots.find((s) => s.slotStart === '09:00')).toMatchObject({
      capacity: 5,
      booked: 0,
      checkedIn: 2,
      missed: 1,
    });
    expect(day.services[0]?.slots.find((s) => s.slotStart === '10:00')).toMatchObject({ cancelled: 1 });

    const report = desk.report(MONDAY, MONDAY);
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.rows).toEqual([
      {
        day: MONDAY,
        serviceId: 'svc-1',
        serviceName: { zh: '业务1', en: 'Service 1' },
        booked: 3,
        cancelled: 1,
        checkedIn: 2,
        missed: 1,
        onTime: 1,
        tickets: 3,
        appointmentTickets: 2,
        appointmentShare: 2 / 3,
        checkInRate: 2 / 3,
        noShowRate: 1 / 3,
        onTimeRate: 1 / 2,
        appointmentWaitSeconds: 660,
        walkInWaitSeconds: 900,
      },
    ]);
    expect(desk.report('2026-01-01', '2027-12-31').ok).toBe(false);
  });
});
