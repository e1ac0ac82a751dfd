import type { IssuedTicket } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import type { CardReadEvent } from '../agent-protocol.ts';
import { initialKioskState, type KioskEvent, type KioskState, kioskTransition } from './kiosk-flow.ts';

const issued = (number = 'A001', visitorName: string | null = null): IssuedTicket => ({
  printPermit: 'eyJ2IjoxfQ.c2lnbmF0dXJl',
  ticket: {
    id: `2026-11-28:${number}`,
    number,
    businessDay: '2026-11-28',
    serviceId: 'svc-1',
    issuedServiceId: 'svc-1',
    visitorClass: 'normal',
    status: 'waiting',
    issuedAt: 0,
    queuedAt: 0,
    targetWindowId: null,
    windowId: null,
    clerkId: null,
    callCount: 0,
    firstCalledAt: null,
    lastCalledAt: null,
    startedAt: null,
    endedAt: null,
    transferCount: 0,
    kioskId: 'k1',
    visitorName,
  },
  peopleAhead: 2,
  estimatedWaitMs: 600_000,
  serviceName: { zh: '业务1', en: 'Service 1' },
  waitingArea: { zh: '一楼', en: 'Floor 1' },
  hallName: { zh: '测试大厅', en: 'Test Hall' },
  replayed: false,
});

const card: CardReadEvent = {
  cardType: 'resident',
  maskedName: '王*娜',
  identity: { idNumber: '11010519491231002X', name: '王美娜', birthDate: '1949-12-31', cardType: 'resident' },
};

const paperOut = { zh: '缺纸', en: 'Paper out' };

/** Runs events from a state; returns the final state and every effect type in order. */
const run = (events: KioskEvent[], from: KioskState = initialKioskState) => {
  let state = from;
  const effects: string[] = [];
  for (const event of events) {
    const t = kioskTransition(state, event);
    state = t.state;
    effects.push(...t.effects.map((e) => e.type));
  }
  return { state, effects };
};

const R = 'request-0001';

describe('kioskTransition: touch a service', () => {
  it('checks the printer, issues, prints, then asks the visitor to take the ticket', () => {
    const { state, effects } = run([
      { type: 'service-touched', serviceId: 'svc-1', requestId: R },
      { type: 'printer-checked', requestId: R, readiness: { ready: true, warnings: [] } },
      { type: 'ticket-issued', requestId: R, issued: issued() },
      { type: 'ticket-printed', requestId: R, warnings: [] },
    ]);
    expect(effects).toEqual(['check-printer', 'issue-ticket', 'print-ticket', 'speak']);
    expect(state.screen).toBe('printed');
  });

  it('sends no identity without a card', () => {
    const t = kioskTransition(
      { screen: 'checking', attempt: { requestId: R, serviceId: 'svc-1', identity: null, maskedName: null } },
      { type: 'printer-checked', requestId: R, readiness: { ready: true, warnings: [] } },
    );
    expect(t.effects).toEqual([
      {
        type: 'issue-ticket',
        attempt: { requestId: R, serviceId: 'svc-1', identity: null, maskedName: null },
      },
    ]);
  });

  it('refuses without issuing when the printer is not ready, and a retry re-checks with the same request id', () => {
    const refused = run([
      { type: 'service-touched', serviceId: 'svc-1', requestId: R },
      {
        type: 'printer-checked',
        requestId: R,
        readiness: { ready: false, code: 'PAPER_OUT', message: paperOut },
      },
    ]);
    expect(refused.effects).not.toContain('issue-ticket');
    expect(refused.state).toMatchObject({
      screen: 'refused',
      source: 'printer',
      code: 'PAPER_OUT',
      message: paperOut,
    });
    const retried = kioskTransition(refused.state, { type: 'retry' });
    expect(retried.state).toMatchObject({ screen: 'checking', attempt: { requestId: R } });
    expect(retried.effects).toEqual([{ type: 'check-printer', requestId: R }]);
  });

  it('shows the hub’s refusal; only transient answers may be retried', () => {
    const base: KioskEvent[] = [
      { type: 'service-touched', serviceId: 'svc-1', requestId: R },
      { type: 'printer-checked', requestId: R, readiness: { ready: true, warnings: [] } },
    ];
    const limit = run([
      ...base,
      {
        type: 'issue-failed',
        requestId: R,
        code: 'PER_ID_LIMIT_REACHED',
        message: { zh: '已有号', en: 'Already' },
      },
    ]);
    expect(limit.state).toMatchObject({ screen: 'refused', source: 'hub', retry: null });
    const lost = run([...base, { type: 'issue-failed', requestId: R, code: 'INTERNAL', message: paperOut }]);
    expect(lost.state).toMatchObject({ screen: 'refused', retry: { requestId: R } });
    const daily = run([
      ...base,
      { type: 'issue-failed', requestId: R, code: 'DAILY_LIMIT_REACHED', message: paperOut },
    ]);
    expect(daily.effects).toContain('mark-daily-limit');
  });

  it('keeps the number on a print failure and prints the same ticket again on retry', () => {
    const failed = run([
      { type: 'service-touched', serviceId: 'svc-1', requestId: R },
      { type: 'printer-checked', requestId: R, readiness: { ready: true, warnings: [] } },
      { type: 'ticket-issued', requestId: R, issued: issued('A042') },
      { type: 'print-failed', requestId: R, problem: { code: 'COVER_OPEN', message: paperOut } },
    ]);
    expect(failed.state).toMatchObject({ screen: 'print-failed', issued: { ticket: { number: 'A042' } } });
    const retry = kioskTransition(failed.state, { type: 'retry' });
    expect(retry.state).toMatchObject({ screen: 'printing', issued: { ticket: { number: 'A042' } } });
    expect(retry.effects).toMatchObject([{ type: 'print-ticket', attempt: { requestId: R } }]);
  });

  it('ignores late answers to another request', () => {
    const checking = run([{ type: 'service-touched', serviceId: 'svc-1', requestId: R }]).state;
    const late = kioskTransition(checking, {
      type: 'printer-checked',
      requestId: 'other-request',
      readiness: { ready: true, warnings: [] },
    });
    expect(late.state).toBe(checking);
    expect(late.effects).toEqual([]);
    expect(kioskTransition(checking, { type: 'ticket-issued', requestId: R, issued: issued() }).state).toBe(
      checking,
    );
  });

  it('does not start a second action, time out, or go back while one is in flight', () => {
    const checking = run([{ type: 'service-touched', serviceId: 'svc-1', requestId: R }]).state;
    for (const event of [
      { type: 'service-touched', serviceId: 'svc-2', requestId: 'request-0002' },
      { type: 'idle-timeout' },
      { type: 'back' },
      { type: 'card-read', card },
      { type: 'card-flow-started' },
      { type: 'guide-opened', serviceId: 'svc-1' },
    ] satisfies KioskEvent[]) {
      expect(kioskTransition(checking, event).state).toBe(checking);
    }
  });
});

describe('kioskTransition: ID card', () => {
  it('greets with the masked name and sends the identity with the chosen service', () => {
    const { state, effects } = run([
      { type: 'card-flow-started' },
      { type: 'card-read', card },
      { type: 'service-touched', serviceId: 'svc-2', requestId: R },
      { type: 'printer-checked', requestId: R, readiness: { ready: true, warnings: [] } },
    ]);
    // The swipe also looks for an appointment of this person today (appointment-flow.test.ts).
    expect(effects).toEqual(['speak', 'speak', 'find-appointment', 'check-printer', 'issue-ticket']);
    expect(state).toMatchObject({
      screen: 'issuing',
      attempt: { serviceId: 'svc-2', identity: card.identity, maskedName: '王*娜' },
    });
  });

  it('greets a card placed on the home screen too', () => {
    expect(kioskTransition(initialKioskState, { type: 'card-read', card }).state).toEqual({
      screen: 'card-greet',
      card,
    });
  });

  it('keeps the card through the service guide and back', () => {
    const { state } = run([
      { type: 'card-read', card },
      { type: 'guide-opened', serviceId: 'svc-1' },
    ]);
    expect(state).toEqual({ screen: 'guide', serviceId: 'svc-1', card });
    expect(kioskTransition(state, { type: 'back' }).state).toEqual({ screen: 'card-greet', card });
    const taken = kioskTransition(state, { type: 'service-touched', serviceId: 'svc-1', requestId: R });
    expect(taken.state).toMatchObject({ screen: 'checking', attempt: { identity: card.identity } });
  });

  it('shows why a card is refused', () => {
    const message = { zh: '证件已过有效期', en: 'Expired' };
    const { state } = run([{ type: 'card-flow-started' }, { type: 'card-refused', message }]);
    expect(state).toEqual({ screen: 'card-refused', message });
  });

  it('forgets the card when the visitor leaves', () => {
    const greeted = run([{ type: 'card-read', card }]).state;
    expect(kioskTransition(greeted, { type: 'idle-timeout' }).state).toEqual(initialKioskState);
    const next = run(
      [{ type: 'service-touched', serviceId: 'svc-1', requestId: R }],
      initialKioskState,
    ).state;
    expect(next).toMatchObject({ attempt: { identity: null } });
  });

  it('does not let a new card replace a ticket whose print failed', () => {
    const failed: KioskState = {
      screen: 'print-failed',
      attempt: { requestId: R, serviceId: 'svc-1', identity: null, maskedName: null },
      issued: issued(),
      problem: { code: 'PAPER_OUT', message: paperOut },
    };
    expect(kioskTransition(failed, { type: 'card-read', card }).state).toBe(failed);
  });
});

describe('kioskTransition: navigation', () => {
  it('opens the guide and returns home', () => {
    const guide = kioskTransition(initialKioskState, { type: 'guide-opened', serviceId: 'svc-3' }).state;
    expect(guide).toEqual({ screen: 'guide', serviceId: 'svc-3', card: null });
    expect(kioskTransition(guide, { type: 'back' }).state).toEqual(initialKioskState);
  });
  it('returns home on idle from every screen that is not busy', () => {
    const printed = run([
      { type: 'service-touched', serviceId: 'svc-1', requestId: R },
      { type: 'printer-checked', requestId: R, readiness: { ready: true, warnings: [] } },
      { type: 'ticket-issued', requestId: R, issued: issued() },
      { type: 'ticket-printed', requestId: R, warnings: [] },
    ]).state;
    for (const s of [
      printed,
      { screen: 'card-wait' } as const,
      { screen: 'card-refused', message: paperOut } as const,
    ]) {
      expect(kioskTransition(s, { type: 'idle-timeout' }).state).toEqual(initialKioskState);
    }
  });
  it('ignores retry where there is nothing to retry', () => {
    expect(kioskTransition(initialKioskState, { type: 'retry' }).state).toBe(initialKioskState);
  });
});
