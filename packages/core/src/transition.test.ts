import { describe, expect, it } from 'vitest';
import type { QueueEvent } from './events.ts';
import type { Hall } from './hall.ts';
import {
  cmd,
  Desk,
  hallFixture,
  hallWindow,
  local,
  MINUTE,
  OFFICE_HOURS,
  SECOND,
  service,
} from './testing/hall-fixture.ts';
import { applyDayChange, idleWindowState, initialQueueState, transition } from './transition.ts';

const types = (events: readonly QueueEvent[]) => events.map((e) => e.type);
const nineAm = local('2026-11-28T09:00');

describe('initialQueueState / idleWindowState', () => {
  it('starts the business day of now with every window open and idle', () => {
    const hall = hallFixture();
    const state = initialQueueState(hall, Date.parse('2026-11-28T16:00:00Z'));
    expect(state.businessDay).toBe('2026-11-29');
    expect(state.tickets.size).toBe(0);
    expect(state.lastSequence).toEqual({});
    expect(Object.keys(state.windows)).toEqual(['w1', 'w2', 'w3', 'w4']);
    expect(state.windows.w1).toEqual(idleWindowState('w1', Date.parse('2026-11-28T16:00:00Z')));
    expect(state.windows.w1).toMatchObject({ status: 'open', currentTicketId: null, clerkId: null });
  });

  it('treats a window added to the hall after the state was made as open and idle', () => {
    const hall = hallFixture();
    const desk = new Desk(hall, nineAm);
    const grown: Hall = {
      ...hall,
      windows: [...hall.windows, hallWindow({ id: 'w5', number: 5, serviceIds: ['tax'] })],
    };
    desk.issue('tax');
    const result = transition(desk.state, cmd.callNext('w5'), { hall: grown, now: nineAm + MINUTE });
    expect(result.ok && types(result.events)).toEqual(['ticket:called']);
    expect(result.ok && result.state.windows.w5?.currentTicketId).toBe('2026-11-28/B001');
  });
});

describe('ticket numbers', () => {
  it('counts A001, A002 … per service, independently', () => {
    const desk = new Desk(hallFixture(), nineAm);
    expect(desk.issue('social').number).toBe('A001');
    expect(desk.issue('social').number).toBe('A002');
    expect(desk.issue('tax').number).toBe('B001');
    expect(desk.issue('social').number).toBe('A003');
    expect(desk.issue('permit').number).toBe('C001');
    expect(desk.issue('tax').number).toBe('B002');
    expect(desk.state.lastSequence).toEqual({ social: 3, tax: 2, permit: 1 });
  });

  it('fills the ticket in from the command and the clock', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const ticket = desk.issue('permit', {
      visitorClass: 'priority',
      visitorKey: 'key-1',
      kioskId: 'kiosk-2',
    });
    expect(ticket).toEqual({
      id: '2026-11-28/C001',
      number: 'C001',
      businessDay: '2026-11-28',
      serviceId: 'permit',
      issuedServiceId: 'permit',
      visitorClass: 'priority',
      status: 'waiting',
      issuedAt: nineAm,
      queuedAt: nineAm,
      targetWindowId: null,
      windowId: null,
      clerkId: null,
      callCount: 0,
      firstCalledAt: null,
      lastCalledAt: null,
      startedAt: null,
      endedAt: null,
      transferCount: 0,
      visitorKey: 'key-1',
      kioskId: 'kiosk-2',
    });
    expect(desk.state.tickets.get(ticket.id)).toEqual(ticket);
  });

  it("pads to the service's number width", () => {
    const hall = hallFixture({
      services: [
        service({ id: 'gj', prefix: 'GJ', numberWidth: 4 }),
        service({ id: 'x', prefix: 'X', numberWidth: 1 }),
      ],
    });
    const desk = new Desk(hall, nineAm);
    expect(desk.issue('gj').number).toBe('GJ0001');
    expect(desk.issue('x').number).toBe('X1');
  });

  it('refuses with DAILY_LIMIT_REACHED after the daily limit, without wrapping or touching other services', () => {
    const desk = new Desk(hallFixture(), nineAm);
    for (let i = 1; i <= 5; i += 1) expect(desk.issue('tax').number).toBe(`B00${i}`);
    expect(desk.refuse(cmd.issue('tax'))).toBe('DAILY_LIMIT_REACHED');
    expect(desk.refuse(cmd.issue('tax', { visitorClass: 'priority' }))).toBe('DAILY_LIMIT_REACHED');
    expect(desk.state.lastSequence.tax).toBe(5);
    expect(desk.issue('permit').number).toBe('C001');
    // ending tickets does not give numbers back
    desk.run(cmd.cancel('2026-11-28/B001'));
    expect(desk.refuse(cmd.issue('tax'))).toBe('DAILY_LIMIT_REACHED');
  });

  it('refuses with DAILY_LIMIT_REACHED when the number width is used up (X9 is last, never X0 or X10)', () => {
    const desk = new Desk(
      hallFixture({ services: [service({ id: 'x', prefix: 'X', numberWidth: 1 })] }),
      nineAm,
    );
    const numbers = Array.from({ length: 9 }, () => desk.issue('x').number);
    expect(numbers).toEqual(['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'X8', 'X9']);
    expect(desk.refuse(cmd.issue('x'))).toBe('DAILY_LIMIT_REACHED');
  });

  it('a daily limit of 0 issues nothing', () => {
    const desk = new Desk(
      hallFixture({ services: [service({ id: 'x', prefix: 'X', dailyLimit: 0 })] }),
      nineAm,
    );
    expect(desk.refuse(cmd.issue('x'))).toBe('DAILY_LIMIT_REACHED');
  });
});

describe('business day change (Asia/Shanghai)', () => {
  const lateEvening = Date.parse('2026-11-28T15:59:59Z'); // 23:59:59 local on 11-28
  const midnight = Date.parse('2026-11-28T16:00:00Z'); // 00:00:00 local on 11-29

  it('23:59:59 local is still the same day; 00:00 local restarts numbering without a restart', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    desk.issue('tax');
    const last = desk.at(lateEvening).issue('tax');
    expect(last.id).toBe('2026-11-28/B003');
    const events = desk.at(midnight).run(cmd.issue('tax'));
    expect(types(events)).toEqual([
      'day:changed',
      'ticket:expired',
      'ticket:expired',
      'ticket:expired',
      'ticket:issued',
    ]);
    expect(events[0]).toEqual({ type: 'day:changed', previousDay: '2026-11-28', businessDay: '2026-11-29' });
    const issued = events.at(-1);
    expect(issued?.type === 'ticket:issued' && issued.ticket).toMatchObject({
      id: '2026-11-29/B001',
      number: 'B001',
      businessDay: '2026-11-29',
    });
    expect(desk.state.businessDay).toBe('2026-11-29');
    expect(desk.state.lastSequence).toEqual({ tax: 1 });
  });

  it('a daily limit reached yesterday allows tickets again today', () => {
    const desk = new Desk(hallFixture(), nineAm);
    for (let i = 0; i < 5; i += 1) desk.issue('tax');
    expect(desk.refuse(cmd.issue('tax'))).toBe('DAILY_LIMIT_REACHED');
    expect(desk.at(midnight + MINUTE).issue('tax').number).toBe('B001');
  });

  it('clock:tick moves the day on when nobody acts; the next issue is A001 with no second day:changed', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('social');
    expect(desk.at(lateEvening).run(cmd.tick())).toEqual([]);
    const tick = desk.at(midnight).run(cmd.tick());
    expect(types(tick)).toEqual(['day:changed', 'ticket:expired']);
    const events = desk.at(local('2026-11-29T08:30')).run(cmd.issue('social'));
    expect(types(events)).toEqual(['ticket:issued']);
    expect(events[0]?.type === 'ticket:issued' && events[0].ticket.id).toBe('2026-11-29/A001');
  });

  it('a tick on the same day changes nothing', () => {
    const hall = hallFixture();
    const state = initialQueueState(hall, nineAm);
    const result = transition(state, cmd.tick(), { hall, now: nineAm + MINUTE });
    expect(result).toEqual({ ok: true, state, events: [] });
  });

  it('a refused command at the new day keeps the old state; the next accepted one reports the change', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    const before = desk.state;
    // social is closed at midnight
    expect(desk.at(midnight).refuse(cmd.issue('social'))).toBe('SERVICE_CLOSED');
    expect(desk.state).toBe(before);
    expect(types(desk.later(MINUTE).run(cmd.issue('tax')))).toEqual([
      'day:changed',
      'ticket:expired',
      'ticket:issued',
    ]);
  });

  it("'expire': yesterday's waiting and called tickets end as expired and free their windows; serving stays", () => {
    const desk = new Desk(hallFixture({ rules: { dayChangePolicy: 'expire' } }), nineAm);
    const waiting = desk.issue('tax');
    const called = desk.issue('tax');
    const serving = desk.issue('permit');
    desk.issue('tax');
    desk.run(cmd.callTicket('w2', called.id));
    desk.run(cmd.callTicket('w4', serving.id));
    desk.run(cmd.start('w4'));
    const events = desk.at(midnight).run(cmd.tick());
    expect(types(events)).toEqual(['day:changed', 'ticket:expired', 'ticket:expired', 'ticket:expired']);
    const expired = events.flatMap((e) => (e.type === 'ticket:expired' ? [e.ticket] : []));
    expect(expired.map((t) => t.number).sort()).toEqual(['B001', 'B002', 'B003']);
    for (const t of expired) expect(t).toMatchObject({ status: 'expired', endedAt: midnight });
    expect(desk.ticket(waiting.id)).toBeUndefined();
    expect(desk.ticket(called.id)).toBeUndefined();
    expect(desk.state.windows.w2).toMatchObject({ currentTicketId: null, since: midnight });
    // the ticket being served stays with its window and can be finished today
    expect(desk.ticket(serving.id)).toMatchObject({ status: 'serving', windowId: 'w4' });
    expect(desk.state.windows.w4?.currentTicketId).toBe(serving.id);
    const finished = desk.later(MINUTE).run(cmd.finish('w4'));
    expect(finished[0]).toMatchObject({
      type: 'ticket:finished',
      ticket: { id: '2026-11-28/C001', status: 'done' },
    });
    // today's C001 is a different ticket
    expect(desk.issue('permit').id).toBe('2026-11-29/C001');
  });

  it("'expire' leaves a window alone when it no longer holds the expiring ticket", () => {
    const hall = hallFixture();
    const desk = new Desk(hall, nineAm);
    const t = desk.issue('tax');
    desk.callNext('w1');
    // a state where w1 lost track of its ticket (e.g. restored from an older save)
    const state = { ...desk.state, windows: { ...desk.state.windows, w1: idleWindowState('w1', nineAm) } };
    const next = applyDayChange(state, { hall, now: midnight });
    expect(types(next.events)).toEqual(['day:changed', 'ticket:expired']);
    expect(next.state.tickets.has(t.id)).toBe(false);
    expect(next.state.windows.w1).toBe(state.windows.w1);
  });

  it("'keep': yesterday's tickets stay in line with their number and place, ahead of today's", () => {
    const desk = new Desk(hallFixture({ rules: { dayChangePolicy: 'keep' } }), nineAm);
    const old = desk.issue('tax');
    const oldCalled = desk.issue('tax');
    desk.run(cmd.callTicket('w2', oldCalled.id));
    const events = desk.at(midnight).run(cmd.issue('tax'));
    expect(types(events)).toEqual(['day:changed', 'ticket:issued']);
    const today = events[1]?.type === 'ticket:issued' ? events[1].ticket : null;
    expect(today?.id).toBe('2026-11-29/B001');
    expect(desk.ticket(old.id)).toMatchObject({
      status: 'waiting',
      number: 'B001',
      businessDay: '2026-11-28',
    });
    expect(desk.ticket(oldCalled.id)).toMatchObject({ status: 'called', windowId: 'w2' });
    expect(desk.state.windows.w2?.currentTicketId).toBe(oldCalled.id);
    expect(desk.later(MINUTE).callNext('w1').id).toBe(old.id);
    desk.run(cmd.finish('w1'));
    expect(desk.callNext('w1').id).toBe(today?.id);
  });

  it('never moves the business day backwards when the clock steps back over midnight', () => {
    const desk = new Desk(hallFixture({ rules: { dayChangePolicy: 'keep' } }), nineAm);
    desk.issue('tax');
    desk.at(midnight + MINUTE).issue('tax'); // 2026-11-29/B001
    const second = desk.issue('tax');
    expect(second.id).toBe('2026-11-29/B002');
    // the clock is corrected back to 23:58 on 11-28: the day stays 11-29 and numbering goes on
    const events = desk.at(lateEvening - MINUTE).run(cmd.issue('tax'));
    expect(types(events)).toEqual(['ticket:issued']);
    expect(events[0]?.type === 'ticket:issued' && events[0].ticket.id).toBe('2026-11-29/B003');
    expect(desk.state.tickets.size).toBe(4);
    expect(desk.state.businessDay).toBe('2026-11-29');
  });

  it('uses the hall time zone: Asia/Urumqi (UTC+6) changes day two hours after Shanghai', () => {
    const desk = new Desk(
      hallFixture({ rules: { timeZone: 'Asia/Urumqi' } }),
      Date.parse('2026-11-28T03:00:00Z'),
    );
    expect(desk.state.businessDay).toBe('2026-11-28');
    expect(desk.issue('tax').id).toBe('2026-11-28/B001');
    // 16:00Z is midnight in Shanghai but 22:00 in Urumqi
    expect(desk.at(midnight).issue('tax').id).toBe('2026-11-28/B002');
    const events = desk.at(Date.parse('2026-11-28T18:00:00Z')).run(cmd.issue('tax'));
    expect(events[0]).toEqual({ type: 'day:changed', previousDay: '2026-11-28', businessDay: '2026-11-29' });
    expect(events.at(-1)?.type === 'ticket:issued' && events.at(-1)).toMatchObject({
      ticket: { id: '2026-11-29/B001' },
    });
  });

  it('applies opening hours in the hall time zone (08:30 Urumqi is 02:30Z)', () => {
    const hall = hallFixture({ rules: { timeZone: 'Asia/Urumqi' } });
    const state = initialQueueState(hall, Date.parse('2026-11-28T02:00:00Z'));
    const at = (iso: string) => transition(state, cmd.issue('social'), { hall, now: Date.parse(iso) });
    expect(at('2026-11-28T02:29:59Z')).toMatchObject({ ok: false, violation: { code: 'SERVICE_CLOSED' } });
    expect(at('2026-11-28T02:30:00Z').ok).toBe(true);
  });
});

describe('issuing: opening hours, disabled and unknown services', () => {
  const hall = hallFixture();
  const state = initialQueueState(hall, local('2026-11-28T00:00'));

  it.each([
    ['00:00', false],
    ['08:29:59', false],
    ['08:30', true],
    ['11:59:59', true],
    ['12:00', false],
    ['13:29:59', false],
    ['13:30', true],
    ['16:59:59', true],
    ['17:00', false],
    ['23:59:59', false],
  ])('social at %s → open: %s (`to` is exclusive)', (time, open) => {
    const result = transition(state, cmd.issue('social'), { hall, now: local(`2026-11-28T${time}`) });
    if (open) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, violation: { code: 'SERVICE_CLOSED' } });
  });

  it('names the opening hours when closed', () => {
    const result = transition(state, cmd.issue('social'), { hall, now: local('2026-11-28T12:30') });
    expect(!result.ok && result.violation.message).toContain('08:30–12:00, 13:30–17:00');
  });

  it('a service with no opening hours is closed all day', () => {
    const closed = hallFixture({ services: [service({ id: 'x', prefix: 'X', openingHours: [] })] });
    const desk = new Desk(closed, nineAm);
    expect(desk.refuse(cmd.issue('x'))).toBe('SERVICE_CLOSED');
  });

  it('refuses a disabled service (before looking at the hours) and an unknown one', () => {
    const off = hallFixture({
      services: [service({ id: 'x', prefix: 'X', enabled: false, openingHours: OFFICE_HOURS })],
    });
    const desk = new Desk(off, local('2026-11-28T20:00'));
    expect(desk.refuse(cmd.issue('x'))).toBe('SERVICE_DISABLED');
    expect(desk.refuse(cmd.issue('nope'))).toBe('SERVICE_NOT_FOUND');
  });
});

describe('issuing: per-ID limit', () => {
  it('refuses the same visitor a second ticket for a perIdLimit-1 service', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('permit', { visitorKey: 'id-1' });
    expect(desk.refuse(cmd.issue('permit', { visitorKey: 'id-1' }))).toBe('PER_ID_LIMIT_REACHED');
    expect(desk.refuse(cmd.issue('permit', { visitorKey: 'id-1', visitorClass: 'priority' }))).toBe(
      'PER_ID_LIMIT_REACHED',
    );
    // the refused attempt used no number
    expect(desk.state.lastSequence.permit).toBe(1);
  });

  it('allows another visitor, another service, and visitors without an ID', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('permit', { visitorKey: 'id-1' });
    expect(desk.issue('permit', { visitorKey: 'id-2' }).number).toBe('C002');
    expect(desk.issue('tax', { visitorKey: 'id-1' }).number).toBe('B001');
    expect(desk.issue('permit', { visitorKey: null }).number).toBe('C003');
    expect(desk.issue('permit', { visitorKey: null }).number).toBe('C004');
  });

  it('counts the tickets the visitor holds up to the limit (social allows two)', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('social', { visitorKey: 'id-1' });
    desk.issue('social', { visitorKey: 'id-1' });
    expect(desk.refuse(cmd.issue('social', { visitorKey: 'id-1' }))).toBe('PER_ID_LIMIT_REACHED');
  });

  it('still counts the ticket while it is called, and allows a new one once it has ended', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('permit', { visitorKey: 'id-1' });
    desk.callNext('w4');
    expect(desk.refuse(cmd.issue('permit', { visitorKey: 'id-1' }))).toBe('PER_ID_LIMIT_REACHED');
    desk.later(MINUTE).run(cmd.finish('w4'));
    const second = desk.issue('permit', { visitorKey: 'id-1' });
    expect(second.number).toBe('C002');
    desk.run(cmd.cancel(second.id));
    expect(desk.issue('permit', { visitorKey: 'id-1' }).number).toBe('C003');
  });

  it("counts tickets in the service's line, so a ticket transferred away frees the limit", () => {
    const desk = new Desk(hallFixture(), nineAm);
    const t = desk.issue('permit', { visitorKey: 'id-1' });
    desk.run(cmd.transferTicket(t.id, { kind: 'service', serviceId: 'tax' }));
    expect(desk.issue('permit', { visitorKey: 'id-1' }).number).toBe('C002');
  });
});

describe('call order', () => {
  it('calls the priority lane first, then the earliest', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    desk.later(MINUTE).issue('tax');
    desk.later(MINUTE).issue('tax', { visitorClass: 'priority' });
    expect(desk.callNext('w2').number).toBe('B003');
    desk.run(cmd.finish('w2'));
    expect(desk.callNext('w2').number).toBe('B001');
    desk.run(cmd.finish('w2'));
    expect(desk.callNext('w2').number).toBe('B002');
    desk.run(cmd.finish('w2'));
    expect(desk.refuse(cmd.callNext('w2'))).toBe('NO_WAITING_TICKET');
  });

  it("'earliest-first' calls the earliest across the window's services", () => {
    const desk = new Desk(hallFixture({ rules: { callPolicy: 'earliest-first' } }), nineAm);
    desk.issue('tax');
    desk.later(MINUTE).issue('social');
    expect(desk.callNext('w1').number).toBe('B001');
  });

  it("'service-order' calls the window's first service with anyone waiting", () => {
    const desk = new Desk(hallFixture({ rules: { callPolicy: 'service-order' } }), nineAm);
    desk.issue('tax');
    desk.later(MINUTE).issue('social');
    desk.later(MINUTE).issue('social');
    expect(desk.callNext('w1').number).toBe('A001'); // w1: social, tax
    expect(desk.callNext('w2').number).toBe('B001'); // w2: tax, social
    desk.run(cmd.finish('w1'));
    expect(desk.callNext('w1').number).toBe('A002');
  });

  it('marks the call with the window and the clerk: the command clerk, else the one signed in', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    desk.issue('tax');
    desk.run(cmd.signIn('w1', 'clerk-1'));
    const [called] = desk.later(MINUTE).run(cmd.callNext('w1'));
    expect(called).toMatchObject({
      type: 'ticket:called',
      outOfOrderReason: null,
      ticket: {
        status: 'called',
        windowId: 'w1',
        clerkId: 'clerk-1',
        callCount: 1,
        firstCalledAt: nineAm + MINUTE,
        lastCalledAt: nineAm + MINUTE,
      },
      window: {
        windowId: 'w1',
        currentTicketId: '2026-11-28/B001',
        clerkId: 'clerk-1',
        since: nineAm + MINUTE,
      },
    });
    const [other] = desk.run(cmd.callNext('w2', 'clerk-2'));
    expect(other?.type === 'ticket:called' && other.ticket.clerkId).toBe('clerk-2');
  });

  it('a ticket transferred to a named window is only callable there', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const t = desk.issue('tax');
    desk.callNext('w1');
    const [moved] = desk.later(MINUTE).run(cmd.transferFromWindow('w1', { kind: 'window', windowId: 'w4' }));
    expect(moved).toMatchObject({
      type: 'ticket:transferred',
      fromServiceId: 'tax',
      fromWindow: { windowId: 'w1', currentTicketId: null },
      to: { kind: 'window', windowId: 'w4' },
      ticket: { id: t.id, status: 'waiting', targetWindowId: 'w4', windowId: null, serviceId: 'tax' },
    });
    expect(desk.state.windows.w1?.currentTicketId).toBeNull();
    expect(desk.refuse(cmd.callNext('w2'))).toBe('NO_WAITING_TICKET');
    expect(desk.refuse(cmd.callTicket('w2', t.id))).toBe('TICKET_NOT_FOR_WINDOW');
    // w4 serves only permit, yet calls the ticket sent to it
    expect(desk.callNext('w4').id).toBe(t.id);
  });

  it('keepPlace true keeps the original queue time: called before tickets that came later', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const a1 = desk.issue('social');
    desk.later(MINUTE).issue('tax');
    desk.run(cmd.callTicket('w1', a1.id));
    desk.later(MINUTE).run(cmd.start('w1'));
    const [event] = desk
      .later(MINUTE)
      .run(cmd.transferFromWindow('w1', { kind: 'service', serviceId: 'tax' }, true));
    expect(event).toMatchObject({
      type: 'ticket:transferred',
      ticket: {
        number: 'A001',
        serviceId: 'tax',
        issuedServiceId: 'social',
        queuedAt: nineAm,
        status: 'waiting',
        callCount: 0,
        firstCalledAt: null,
        lastCalledAt: null,
        startedAt: null,
        transferCount: 1,
      },
    });
    expect(desk.callNext('w2').number).toBe('A001');
  });

  it('keepPlace false sends the ticket to the back of the line', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const a1 = desk.issue('social');
    desk.later(MINUTE).issue('tax');
    desk.later(MINUTE).issue('tax');
    desk.later(MINUTE).run(cmd.transferTicket(a1.id, { kind: 'service', serviceId: 'tax' }, false));
    expect(desk.ticket(a1.id)).toMatchObject({ queuedAt: nineAm + 3 * MINUTE, issuedAt: nineAm });
    desk.later(MINUTE).issue('tax');
    const order = [desk.callNext('w2').number];
    desk.run(cmd.finish('w2'));
    order.push(desk.callNext('w2').number);
    desk.run(cmd.finish('w2'));
    order.push(desk.callNext('w2').number);
    desk.run(cmd.finish('w2'));
    order.push(desk.callNext('w2').number);
    expect(order).toEqual(['B001', 'B002', 'A001', 'B003']);
  });

  it('a transfer to a service clears a named-window target', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const t = desk.issue('tax');
    desk.run(cmd.transferTicket(t.id, { kind: 'window', windowId: 'w4' }));
    desk.run(cmd.transferTicket(t.id, { kind: 'service', serviceId: 'permit' }));
    expect(desk.ticket(t.id)).toMatchObject({ targetWindowId: null, serviceId: 'permit', transferCount: 2 });
    expect(desk.callNext('w3').id).toBe(t.id);
  });

  it('refuses transfers to unknown or disabled targets and to the own window, leaving the ticket held', () => {
    const hall = hallFixture({
      services: [...hallFixture().services, service({ id: 'off', prefix: 'Z', enabled: false })],
      windows: [
        ...hallFixture().windows,
        hallWindow({ id: 'w9', number: 9, serviceIds: ['tax'], enabled: false }),
      ],
    });
    const desk = new Desk(hall, nineAm);
    const t = desk.issue('tax');
    desk.callNext('w1');
    const from = (to: Parameters<typeof cmd.transferFromWindow>[1]) =>
      desk.refuse(cmd.transferFromWindow('w1', to));
    expect(from({ kind: 'service', serviceId: 'nope' })).toBe('SERVICE_NOT_FOUND');
    expect(from({ kind: 'service', serviceId: 'off' })).toBe('SERVICE_DISABLED');
    expect(from({ kind: 'window', windowId: 'nope' })).toBe('WINDOW_NOT_FOUND');
    expect(from({ kind: 'window', windowId: 'w9' })).toBe('WINDOW_DISABLED');
    expect(from({ kind: 'window', windowId: 'w1' })).toBe('INVALID_TRANSITION');
    expect(desk.state.windows.w1?.currentTicketId).toBe(t.id);
    expect(desk.ticket(t.id)?.status).toBe('called');
  });

  it('a transfer from a window may send the ticket back to its own service line', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const t = desk.issue('tax');
    desk.callNext('w1');
    const [event] = desk.run(cmd.transferFromWindow('w1', { kind: 'service', serviceId: 'tax' }));
    expect(event).toMatchObject({ fromServiceId: 'tax', ticket: { serviceId: 'tax', status: 'waiting' } });
    expect(desk.callNext('w2').id).toBe(t.id);
  });

  it('call-ticket calls out of order with a reason, only a ticket the window may serve', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    const b2 = desk.later(MINUTE).issue('tax');
    const c1 = desk.issue('permit');
    expect(desk.refuse(cmd.callTicket('w1', b2.id, ''))).toBe('REASON_REQUIRED');
    expect(desk.refuse(cmd.callTicket('w1', b2.id, '   '))).toBe('REASON_REQUIRED');
    expect(desk.refuse(cmd.callTicket('w1', c1.id))).toBe('TICKET_NOT_FOR_WINDOW');
    expect(desk.refuse(cmd.callTicket('w1', '2026-11-28/B999'))).toBe('TICKET_NOT_FOUND');
    const [event] = desk.run(cmd.callTicket('w1', b2.id, '办理人行动不便'));
    expect(event).toMatchObject({
      type: 'ticket:called',
      outOfOrderReason: '办理人行动不便',
      ticket: { number: 'B002' },
    });
    expect(desk.callNext('w2').number).toBe('B001');
  });
});

describe('recall, start, finish, no-show', () => {
  it('recall counts the call and moves lastCalledAt, keeping firstCalledAt', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    desk.later(MINUTE).callNext('w1');
    const [event] = desk.later(MINUTE).run(cmd.recall('w1'));
    expect(event).toMatchObject({
      type: 'ticket:recalled',
      ticket: {
        callCount: 2,
        firstCalledAt: nineAm + MINUTE,
        lastCalledAt: nineAm + 2 * MINUTE,
        status: 'called',
      },
      window: { windowId: 'w1' },
    });
  });

  it('no-show needs noShowMinCalls calls or noShowMinWaitSeconds since the first call', () => {
    const desk = new Desk(hallFixture({ rules: { noShowMinCalls: 2, noShowMinWaitSeconds: 60 } }), nineAm);
    desk.issue('tax');
    desk.issue('tax');
    desk.callNext('w1');
    expect(desk.refuse(cmd.noShow('w1'))).toBe('NO_SHOW_TOO_EARLY');
    expect(desk.later(59 * SECOND).refuse(cmd.noShow('w1'))).toBe('NO_SHOW_TOO_EARLY');
    const [byTime] = desk.later(SECOND).run(cmd.noShow('w1'));
    expect(byTime).toMatchObject({
      type: 'ticket:no-show',
      ticket: { number: 'B001', status: 'no-show', endedAt: nineAm + 60 * SECOND },
      window: { currentTicketId: null },
    });
    expect(desk.ticket('2026-11-28/B001')).toBeUndefined();

    desk.callNext('w1');
    desk.later(10 * SECOND).run(cmd.recall('w1'));
    expect(types(desk.run(cmd.noShow('w1')))).toEqual(['ticket:no-show']);
  });

  it('the no-show refusal names the rule', () => {
    const desk = new Desk(hallFixture({ rules: { noShowMinCalls: 3, noShowMinWaitSeconds: 120 } }), nineAm);
    desk.issue('tax');
    desk.callNext('w1');
    const result = transition(desk.state, cmd.noShow('w1'), { hall: desk.hall, now: desk.now });
    expect(!result.ok && result.violation.message).toMatch(/3 calls or 120 s/);
  });

  it('start marks the ticket as being served from now', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    desk.callNext('w1');
    const [event] = desk.later(MINUTE).run(cmd.start('w1'));
    expect(event).toMatchObject({
      type: 'ticket:started',
      ticket: { status: 'serving', startedAt: nineAm + MINUTE },
      window: { since: nineAm + MINUTE, currentTicketId: '2026-11-28/B001' },
    });
  });

  it('finish from serving counts the service from the start', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    desk.callNext('w1');
    desk.later(MINUTE).run(cmd.start('w1'));
    const [event] = desk.later(7 * MINUTE).run(cmd.finish('w1'));
    expect(event).toMatchObject({
      type: 'ticket:finished',
      ticket: { status: 'done', startedAt: nineAm + MINUTE, endedAt: nineAm + 8 * MINUTE },
      window: { currentTicketId: null, since: nineAm + 8 * MINUTE },
    });
    expect(desk.state.recentServiceMs.tax).toEqual([7 * MINUTE]);
    expect(desk.state.tickets.size).toBe(0);
  });

  it('finish from called (the keypad has no start key) counts the service from the last call', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    desk.callNext('w1');
    desk.later(2 * MINUTE).run(cmd.recall('w1'));
    const [event] = desk.later(5 * MINUTE).run(cmd.finish('w1'));
    expect(event).toMatchObject({
      type: 'ticket:finished',
      ticket: { status: 'done', startedAt: nineAm + 2 * MINUTE, endedAt: nineAm + 7 * MINUTE },
    });
    expect(desk.state.recentServiceMs.tax).toEqual([5 * MINUTE]);
  });
});

describe('pause, resume, sign-in, sign-out', () => {
  it('pause records the reason and note; resume clears them; both move `since`', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const [paused] = desk
      .later(MINUTE)
      .run({ type: 'window:pause', windowId: 'w1', reason: 'meeting', note: '科室例会' });
    expect(paused).toEqual({
      type: 'window:paused',
      window: {
        windowId: 'w1',
        status: 'paused',
        pauseReason: 'meeting',
        pauseNote: '科室例会',
        pausedAt: nineAm + MINUTE,
        currentTicketId: null,
        clerkId: null,
        since: nineAm + MINUTE,
      },
    });
    const [resumed] = desk.later(MINUTE).run(cmd.resume('w1'));
    expect(resumed).toEqual({ type: 'window:resumed', window: idleWindowState('w1', nineAm + 2 * MINUTE) });
  });

  it('a paused window takes no calls and drops out of the estimate; resumed, it calls again', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.run(cmd.pause('w4'));
    desk.issue('permit');
    expect(desk.refuse(cmd.callNext('w4'))).toBe('WINDOW_PAUSED');
    desk.run(cmd.resume('w4'));
    expect(desk.callNext('w4').number).toBe('C001');
  });

  it('sign-in sets the clerk, sign-out clears it, and nothing else changes', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const before = desk.state.windows.w3;
    const [signedIn] = desk.later(MINUTE).run(cmd.signIn('w3', 'clerk-9'));
    expect(signedIn).toEqual({ type: 'window:signed-in', window: { ...before, clerkId: 'clerk-9' } });
    const [other] = desk.run(cmd.signIn('w3', 'clerk-10'));
    expect(other?.type === 'window:signed-in' && other.window.clerkId).toBe('clerk-10');
    const [signedOut] = desk.run(cmd.signOut('w3'));
    expect(signedOut).toEqual({ type: 'window:signed-out', window: before });
  });
});

describe('cancel', () => {
  it('ends a waiting ticket and takes it out of the state', () => {
    const desk = new Desk(hallFixture(), nineAm);
    const t = desk.issue('tax');
    const [event] = desk.later(MINUTE).run(cmd.cancel(t.id));
    expect(event).toEqual({
      type: 'ticket:cancelled',
      ticket: { ...t, status: 'cancelled', endedAt: nineAm + MINUTE },
    });
    expect(desk.state.tickets.size).toBe(0);
    expect(desk.refuse(cmd.cancel(t.id))).toBe('TICKET_NOT_FOUND');
  });
});

describe('purity', () => {
  it('does not change the state it is given', () => {
    const desk = new Desk(hallFixture(), nineAm);
    desk.issue('tax');
    const before = desk.state;
    const snapshot = structuredClone(before);
    transition(before, cmd.callNext('w1'), { hall: desk.hall, now: nineAm + MINUTE });
    transition(before, cmd.issue('tax'), { hall: desk.hall, now: local('2026-11-29T09:00') });
    expect(before).toEqual(snapshot);
  });

  it('throws only for a command that is not in the union (the assertNever default)', () => {
    const hall = hallFixture();
    const state = initialQueueState(hall, nineAm);
    const bogus = JSON.parse('{"type":"window:explode"}');
    expect(() => transition(state, bogus, { hall, now: nineAm })).toThrow(/unhandled command/);
  });
});
