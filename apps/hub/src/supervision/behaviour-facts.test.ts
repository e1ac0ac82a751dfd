import { initialQueueState, type QueueCommand, type QueueState, transition } from '@hallq/core';
import { describe, expect, it } from 'vitest';
import { testHall } from '../testing/test-hall.ts';
import { hallChangeOf } from '../views.ts';
import type { LoggedEntry } from './behaviour-facts.ts';
import { behaviourFactsOf } from './behaviour-facts.ts';
import { evaluateBehaviour } from './behaviour-rules.ts';

const MIN = 60_000;
/** 09:00 in Shanghai. */
const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);
const hall = testHall({ services: 2, windows: 2 });

/** Runs commands through the real queue rules and logs their changes as the hall service does. */
function hallLog() {
  let state: QueueState = initialQueueState(hall, T0);
  const entries: LoggedEntry[] = [];
  return {
    entries,
    run(at: number, command: QueueCommand, actorId: string | null = null, deviceId: string | null = null) {
      const result = transition(state, command, { hall, now: at });
      if (!result.ok) throw new Error(`${command.type}: ${result.violation.message}`);
      state = result.state;
      const ids: number[] = [];
      for (const event of result.events) {
        const change = hallChangeOf(hall, event, () => null);
        entries.push({
          id: entries.length + 1,
          at,
          type: change.type,
          actorId,
          deviceId,
          payload: JSON.stringify(change),
        });
        ids.push(entries.length);
      }
      return ids;
    },
    add(at: number, type: string, payload: unknown, deviceId: string | null = null) {
      entries.push({
        id: entries.length + 1,
        at,
        type,
        actorId: null,
        deviceId,
        payload: JSON.stringify(payload),
      });
      return entries.length;
    },
  };
}

const issue = (serviceId = 'svc-1'): QueueCommand => ({
  type: 'ticket:issue',
  serviceId,
  visitorClass: 'normal',
  visitorKey: null,
  kioskId: null,
});

describe('behaviour facts from the event log', () => {
  it('turns real queue changes into facts: sign-in, issue, calls in and out of order, service, transfer', () => {
    const log = hallLog();
    log.run(T0, { type: 'window:sign-in', windowId: 'w1', clerkId: 'c1' }, 'c1');
    log.run(T0 + MIN, issue());
    log.run(T0 + MIN, issue());
    const [outOfOrder] = log.run(T0 + 2 * MIN, {
      type: 'window:call-ticket',
      windowId: 'w1',
      ticketId: '2026-11-28/A002',
      reason: '预约',
      clerkId: 'c1',
    });
    log.run(T0 + 3 * MIN, { type: 'window:start', windowId: 'w1' });
    const [finished] = log.run(T0 + 8 * MIN, { type: 'window:finish', windowId: 'w1' });
    log.run(T0 + 9 * MIN, {
      type: 'ticket:transfer',
      ticketId: '2026-11-28/A001',
      to: { kind: 'service', serviceId: 'svc-2' },
      note: '',
      keepPlace: true,
    });
    log.run(T0 + 10 * MIN, { type: 'window:sign-out', windowId: 'w1' }, 'c1');
    const { facts, skipped } = behaviourFactsOf(log.entries, () => null);
    expect(skipped).toBe(0);
    expect(facts.map((f) => f.kind)).toEqual([
      'signed-in',
      'queued',
      'queued',
      'called',
      'finished',
      'left-line',
      'queued',
      'signed-out',
    ]);
    expect(facts[0]).toMatchObject({ windowId: 'w1', clerkId: 'c1', entryId: 1 });
    expect(facts[3]).toMatchObject({
      kind: 'called',
      outOfOrder: true,
      ticketId: '2026-11-28/A002',
      entryId: outOfOrder,
    });
    expect(facts[4]).toMatchObject({
      kind: 'finished',
      startedAt: T0 + 3 * MIN,
      serviceId: 'svc-1',
      clerkId: 'c1',
      entryId: finished,
    });
    expect(facts[6]).toMatchObject({ kind: 'queued', serviceId: 'svc-2', ticketId: '2026-11-28/A001' });
    expect(facts[7]).toMatchObject({ kind: 'signed-out', clerkId: 'c1' });
  });

  it('takes a rating level from the ratings table and the pad from the entry, and skips what it cannot read', () => {
    const log = hallLog();
    const rated = log.add(
      T0,
      'rating:recorded',
      { type: 'rating:recorded', ticketId: 't1', windowId: 'w1' },
      'pad-1',
    );
    log.add(T0, 'rating:recorded', { type: 'rating:recorded', ticketId: 't2', windowId: 'w1' }, 'pad-1');
    log.add(T0, 'ticket:called', { not: 'a hall change' });
    log.add(T0, 'session:login', { username: 'clerk1', windowId: 'w1' });
    log.entries.push({
      id: 99,
      at: T0,
      type: 'ticket:issued',
      actorId: null,
      deviceId: null,
      payload: '{broken',
    });
    const { facts, skipped } = behaviourFactsOf(log.entries, (ticketId) =>
      ticketId === 't1'
        ? { level: 5, clerkId: 'c1', finishedAt: T0 - 1000 }
        : { level: null, clerkId: 'c1', finishedAt: T0 },
    );
    expect(facts).toEqual([
      {
        kind: 'rated',
        entryId: rated,
        at: T0,
        windowId: 'w1',
        clerkId: 'c1',
        ticketId: 't1',
        padId: 'pad-1',
        level: 5,
        finishedAt: T0 - 1000,
      },
    ]);
    expect(skipped).toBe(3);
  });

  it('raises 跳号 from real out-of-order calls, pointing at their log entries', () => {
    const log = hallLog();
    log.run(T0, { type: 'window:sign-in', windowId: 'w1', clerkId: 'c1' }, 'c1');
    for (let i = 0; i < 12; i += 1) log.run(T0 + MIN, issue());
    const calls: number[] = [];
    // Six times the clerk skips to the last ticket in line.
    for (let i = 0; i < 6; i += 1) {
      const at = T0 + (2 + i * 10) * MIN;
      const last = `2026-11-28/A${String(12 - i).padStart(3, '0')}`;
      calls.push(
        ...log.run(at, {
          type: 'window:call-ticket',
          windowId: 'w1',
          ticketId: last,
          reason: '熟人',
          clerkId: 'c1',
        }),
      );
      log.run(at + MIN, { type: 'window:start', windowId: 'w1' });
      log.run(at + 6 * MIN, { type: 'window:finish', windowId: 'w1' });
    }
    const { facts } = behaviourFactsOf(log.entries, () => null);
    const alerts = evaluateBehaviour({ hall, facts, typicalServiceMs: {}, now: T0 + 2 * 60 * MIN });
    expect(alerts.filter((a) => a.rule === 'out-of-order-calls')).toEqual([
      expect.objectContaining({ subject: 'clerk:c1', entryIds: calls }),
    ]);
  });
});
