import type { AppointmentKey, AppointmentOffer, AppointmentView, IssuedTicket } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import type { CardReadEvent } from '../agent-protocol.ts';
import { offerWording } from './appointment-wording.ts';
import { initialKioskState, type KioskEvent, type KioskState, kioskTransition } from './kiosk-flow.ts';

const TZ = 'Asia/Shanghai';
const TODAY = '2026-12-07';
/** 10:00 Shanghai on TODAY. */
const TEN = Date.UTC(2026, 11, 7, 2);

const appointment: AppointmentView = {
  code: 'K7M2PX9Q',
  serviceId: 'svc-2',
  serviceName: { zh: '社保业务', en: 'Social security' },
  day: TODAY,
  slotStart: '10:00',
  slotEnd: '10:30',
  startsAt: TEN,
  endsAt: TEN + 30 * 60_000,
  status: 'booked',
  channel: 'public',
  visitorName: '王*娜',
  idNumber: '1101**********002X',
  phone: '138****5678',
  bookedAt: TEN - 86_400_000,
  cancelledAt: null,
  checkedInAt: null,
  ticketId: null,
  checkInOpensAt: TEN - 30 * 60_000,
  checkInClosesAt: TEN + 15 * 60_000,
  cancelDeadline: TEN - 3_600_000,
};

const inWindow: AppointmentOffer = {
  appointment,
  decision: { kind: 'in-window', late: false, queueAt: TEN },
};
const tooEarly: AppointmentOffer = {
  appointment,
  decision: { kind: 'too-early', opensAt: TEN - 30 * 60_000 },
};
const lateRefused: AppointmentOffer = {
  appointment,
  decision: { kind: 'too-late', closedAt: TEN + 15 * 60_000, outcome: 'refused' },
};
const lateWalkIn: AppointmentOffer = {
  appointment,
  decision: { kind: 'too-late', closedAt: TEN + 15 * 60_000, outcome: 'walk-in' },
};
const cancelled: AppointmentOffer = {
  appointment: { ...appointment, status: 'cancelled' },
  decision: { kind: 'not-checkable', status: 'cancelled' },
};

const identity = {
  idNumber: '11010519491231002X',
  name: '王美娜',
  birthDate: '1949-12-31',
  cardType: 'resident',
} as const;
const card: CardReadEvent = { cardType: 'resident', maskedName: '王*娜', identity };
const cardKey = { kind: 'identity', identity } as const;
const codeKey = { kind: 'code', code: 'K7M2PX9Q' } as const;
const wording = (offer: AppointmentOffer) => offerWording(offer, TZ, TODAY);

const run = (events: KioskEvent[], from: KioskState = initialKioskState) => {
  let state = from;
  const effects: { type: string }[] = [];
  for (const event of events) {
    const t = kioskTransition(state, event);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects, types: effects.map((e) => e.type) };
};

describe('offer wording', () => {
  it('asks the question of the issue: 您预约了 10:00–10:30 社保业务，现在签到？', () => {
    expect(wording(inWindow)).toEqual({
      question: {
        zh: '您预约了 10:00–10:30 社保业务，现在签到？',
        en: 'You booked Social security, 10:00–10:30. Check in now?',
      },
      detail: null,
      action: 'check-in',
    });
  });

  it('says when check-in opens, too early; and names the day when it is not today', () => {
    expect(wording(tooEarly)).toMatchObject({
      action: null,
      detail: { zh: expect.stringContaining('09:30') },
    });
    const tomorrow = offerWording(
      { ...tooEarly, appointment: { ...appointment, day: '2026-12-08' } },
      TZ,
      TODAY,
    );
    expect(tomorrow.question.zh).toContain('12月8日');
    expect(tomorrow.detail?.en).toContain('8 Dec');
  });

  it('too late: refused, or a walk-in ticket, and the visitor is told which', () => {
    expect(wording(lateRefused)).toMatchObject({
      action: null,
      detail: { zh: expect.stringContaining('不能签到') },
    });
    expect(wording(lateWalkIn)).toMatchObject({
      action: 'walk-in',
      detail: { zh: expect.stringContaining('普通号'), en: expect.stringContaining('walk-in') },
    });
    expect(wording(cancelled).detail?.zh).toContain('已经取消');
  });
});

describe('kioskTransition: 预约 check-in', () => {
  it('a swiped card with an appointment today is offered it first; confirming checks the printer, then checks in', () => {
    const { state, types, effects } = run([
      { type: 'card-read', card },
      { type: 'offer-answered', key: cardKey, requestId: null, offer: inWindow, wording: wording(inWindow) },
      { type: 'check-in-confirmed', requestId: 'req-00000001' },
      { type: 'printer-checked', requestId: 'req-00000001', readiness: { ready: true, warnings: [] } },
    ]);
    expect(types).toEqual(['speak', 'find-appointment', 'speak', 'check-printer', 'check-in']);
    expect(effects[1]).toEqual({ type: 'find-appointment', key: cardKey, requestId: null });
    expect(state).toMatchObject({
      screen: 'issuing',
      attempt: { serviceId: 'svc-2', checkIn: cardKey, identity: card.identity, maskedName: '王*娜' },
    });
  });

  it('a card without an appointment stays on the service choice; an answer for another card is ignored', () => {
    const greeted = run([{ type: 'card-read', card }]).state;
    expect(
      kioskTransition(greeted, {
        type: 'offer-answered',
        key: cardKey,
        requestId: null,
        offer: null,
        wording: null,
      }).state,
    ).toBe(greeted);
    const other: AppointmentKey = {
      kind: 'identity',
      identity: { ...identity, idNumber: '110105194912310029' },
    };
    expect(
      kioskTransition(greeted, {
        type: 'offer-answered',
        key: other,
        requestId: null,
        offer: inWindow,
        wording: wording(inWindow),
      }).state,
    ).toBe(greeted);
  });

  it('"not now" after a swipe returns to the services with the card kept', () => {
    const offered = run([
      { type: 'card-read', card },
      { type: 'offer-answered', key: cardKey, requestId: null, offer: inWindow, wording: wording(inWindow) },
    ]).state;
    expect(kioskTransition(offered, { type: 'back' }).state).toEqual({ screen: 'card-greet', card });
  });

  it('types a code on the keypad, submits it when complete, and shows the offer for the same request only', () => {
    const keys = [...'K7M2PX9'].map((key) => ({ type: 'code-key', key }) as const);
    const typed = run([{ type: 'code-entry-opened' }, ...keys]).state;
    expect(typed).toEqual({ screen: 'code-entry', code: 'K7M2PX9' });
    expect(kioskTransition(typed, { type: 'code-submitted', requestId: 'r1-000000' }).state).toBe(typed);
    const { state, effects } = run(
      [
        { type: 'code-key', key: 'Q' },
        { type: 'code-submitted', requestId: 'r1-000000' },
      ],
      typed,
    );
    expect(state).toEqual({ screen: 'appointment-lookup', requestId: 'r1-000000' });
    expect(effects).toEqual([{ type: 'find-appointment', key: codeKey, requestId: 'r1-000000' }]);
    const stale = {
      type: 'offer-answered',
      key: codeKey,
      requestId: 'r0-000000',
      offer: inWindow,
      wording: wording(inWindow),
    } as const;
    expect(kioskTransition(state, stale).state).toBe(state);
    const offered = kioskTransition(state, { ...stale, requestId: 'r1-000000' }).state;
    expect(offered).toMatchObject({ screen: 'appointment-offer', key: codeKey, card: null });
  });

  it('an unknown code says so', () => {
    const { state } = run(
      [{ type: 'offer-answered', key: codeKey, requestId: 'r1-000000', offer: null, wording: null }],
      { screen: 'appointment-lookup', requestId: 'r1-000000' },
    );
    expect(state).toMatchObject({ screen: 'appointment-message', code: 'APPOINTMENT_NOT_FOUND' });
  });

  it('a scanned QR code looks the code up from the home screen, the keypad or a greeting', () => {
    for (const from of [
      initialKioskState,
      { screen: 'code-entry', code: 'K7' } as const,
      { screen: 'card-greet', card } as const,
    ]) {
      const { state, effects } = run(
        [{ type: 'code-scanned', text: 'hallq:appointment:K7M2PX9Q', requestId: 'scan-0001' }],
        from,
      );
      expect(state).toEqual({ screen: 'appointment-lookup', requestId: 'scan-0001' });
      expect(effects).toEqual([{ type: 'find-appointment', key: codeKey, requestId: 'scan-0001' }]);
    }
  });

  it('a QR code that is not ours, or a garbled scan, is explained; neither interrupts a ticket in flight', () => {
    expect(
      run([{ type: 'code-scanned', text: 'https://example.com/', requestId: 'scan-0001' }]).state,
    ).toMatchObject({ screen: 'appointment-message', code: 'NOT_A_BOOKING_CODE' });
    const garbled = { zh: '未能识别扫描内容', en: 'The scan could not be read' };
    expect(run([{ type: 'scan-garbled', message: garbled }]).state).toEqual({
      screen: 'appointment-message',
      code: 'SCAN_GARBLED',
      message: garbled,
    });
    const checking = run([{ type: 'service-touched', serviceId: 'svc-1', requestId: 'req-00000001' }]).state;
    expect(
      kioskTransition(checking, { type: 'code-scanned', text: 'K7M2PX9Q', requestId: 'scan-0002' }).state,
    ).toBe(checking);
    expect(kioskTransition(checking, { type: 'scan-garbled', message: garbled }).state).toBe(checking);
  });

  it('too early and too late (refused) offer nothing to confirm; too late (walk-in) confirms a walk-in', () => {
    for (const offer of [tooEarly, lateRefused, cancelled]) {
      const offered: KioskState = {
        screen: 'appointment-offer',
        offer,
        wording: wording(offer),
        key: codeKey,
        card: null,
      };
      expect(kioskTransition(offered, { type: 'check-in-confirmed', requestId: 'req-00000001' }).state).toBe(
        offered,
      );
    }
    const walkIn: KioskState = {
      screen: 'appointment-offer',
      offer: lateWalkIn,
      wording: wording(lateWalkIn),
      key: codeKey,
      card: null,
    };
    expect(
      kioskTransition(walkIn, { type: 'check-in-confirmed', requestId: 'req-00000001' }).state,
    ).toMatchObject({
      screen: 'checking',
      attempt: { checkIn: codeKey, maskedName: '王*娜', identity: null },
    });
  });

  it('a refused check-in shows the hub’s reason; a checked-in ticket prints like any other', () => {
    const issuing: KioskState = {
      screen: 'issuing',
      attempt: {
        requestId: 'req-00000001',
        serviceId: 'svc-2',
        identity: null,
        maskedName: null,
        checkIn: codeKey,
      },
    };
    const message = { zh: '还未到签到时间', en: 'Check-in opens at 09:30' };
    expect(
      kioskTransition(issuing, {
        type: 'issue-failed',
        requestId: 'req-00000001',
        code: 'TOO_EARLY',
        message,
      }).state,
    ).toMatchObject({ screen: 'refused', code: 'TOO_EARLY', retry: null });
    const issued = { ticket: { number: 'B001' } } as IssuedTicket;
    expect(
      kioskTransition(issuing, { type: 'ticket-issued', requestId: 'req-00000001', issued }).effects,
    ).toEqual([{ type: 'print-ticket', attempt: issuing.attempt, issued }]);
  });

  it('a hub failure on a code lookup is shown; on a card lookup it leaves the services alone', () => {
    const failure = { code: 'INTERNAL', message: { zh: '系统繁忙', en: 'Busy' } };
    expect(
      run([{ type: 'offer-failed', key: codeKey, requestId: 'r1-000000', ...failure }], {
        screen: 'appointment-lookup',
        requestId: 'r1-000000',
      }).state,
    ).toMatchObject({ screen: 'appointment-message', code: 'INTERNAL' });
    const greeted = run([{ type: 'card-read', card }]).state;
    expect(
      kioskTransition(greeted, { type: 'offer-failed', key: cardKey, requestId: null, ...failure }).state,
    ).toBe(greeted);
  });

  it('idle returns home from every appointment screen, and a late answer then changes nothing', () => {
    const lookup: KioskState = { screen: 'appointment-lookup', requestId: 'r1-000000' };
    const home = kioskTransition(lookup, { type: 'idle-timeout' }).state;
    expect(home).toEqual(initialKioskState);
    expect(
      kioskTransition(home, {
        type: 'offer-answered',
        key: codeKey,
        requestId: 'r1-000000',
        offer: inWindow,
        wording: wording(inWindow),
      }).state,
    ).toBe(home);
  });
});
