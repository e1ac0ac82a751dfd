import type { BehaviourThresholds, HallConfig } from '@hallq/protocol';
import { HallConfig as HallConfigSchema } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { testHall } from '../testing/test-hall.ts';
import {
  type BehaviourAlert,
  type BehaviourFact,
  createBehaviourMonitor,
  evaluateBehaviour,
} from './behaviour-rules.ts';

const SEC = 1000;
const MIN = 60_000;
/** 09:00 in Shanghai on 2026-11-28. */
const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);
const DAY = 24 * 60 * MIN;

const hallWith = (behaviour: BehaviourThresholds = {}): HallConfig => {
  const base = testHall({ services: 2, windows: 2, openingHours: [{ from: '09:00', to: '17:00' }] });
  return { ...base, rules: { ...base.rules, behaviour } };
};

/** A fact before it has its log entry id (distributed over the union, so each kind keeps its fields). */
type Unnumbered = BehaviourFact extends infer F
  ? F extends BehaviourFact
    ? Omit<F, 'entryId'>
    : never
  : never;

/** Facts get entry ids in the order they are made. */
function facts() {
  let id = 0;
  const list: BehaviourFact[] = [];
  const add = (fact: Unnumbered): number => {
    id += 1;
    list.push({ ...fact, entryId: id });
    return id;
  };
  return {
    list,
    signIn: (at: number, windowId = 'w1', clerkId = 'c1') =>
      add({ kind: 'signed-in', at, windowId, clerkId }),
    signOut: (at: number, windowId = 'w1', clerkId = 'c1') =>
      add({ kind: 'signed-out', at, windowId, clerkId }),
    pause: (at: number, windowId = 'w1', clerkId = 'c1') => add({ kind: 'paused', at, windowId, clerkId }),
    queue: (at: number, ticketId: string, serviceId = 'svc-1', targetWindowId: string | null = null) =>
      add({ kind: 'queued', at, ticketId, serviceId, targetWindowId }),
    call: (at: number, ticketId: string, outOfOrder = false, clerkId = 'c1', windowId = 'w1') =>
      add({ kind: 'called', at, ticketId, outOfOrder, clerkId, windowId }),
    /** An out-of-order call of a ticket taken with an ID card (`visitorKey`: its holder). */
    callHolder: (at: number, ticketId: string, visitorKey: string | null, clerkId = 'c1') =>
      add({ kind: 'called', at, ticketId, outOfOrder: true, clerkId, windowId: 'w1', visitorKey }),
    finish: (at: number, ticketId: string, startedAt: number, clerkId = 'c1', serviceId = 'svc-1') =>
      add({ kind: 'finished', at, ticketId, startedAt, clerkId, serviceId, windowId: 'w1' }),
    noShow: (at: number, ticketId: string, clerkId = 'c1') =>
      add({ kind: 'no-show', at, ticketId, clerkId, windowId: 'w1' }),
    rate: (
      at: number,
      ticketId: string,
      level: number,
      finishedAt: number,
      padId = 'pad-1',
      clerkId = 'c1',
    ) => add({ kind: 'rated', at, ticketId, level, finishedAt, padId, clerkId, windowId: 'w1' }),
  };
}

const run = (
  list: BehaviourFact[],
  options: { hall?: HallConfig; now?: number; typical?: Record<string, number> } = {},
) =>
  evaluateBehaviour({
    hall: options.hall ?? hallWith(),
    facts: list,
    typicalServiceMs: options.typical ?? { 'svc-1': 10 * MIN },
    now: options.now ?? T0 + 8 * 60 * MIN,
  });
const ofRule = (alerts: BehaviourAlert[], rule: string) => alerts.filter((a) => a.rule === rule);

describe('behaviour rules: 跳号 (out-of-order calls)', () => {
  it.each([
    { name: '5 in a day (the default limit): not raised', calls: 5, days: 1, clerks: 1, raised: false },
    { name: '6 in a day: raised', calls: 6, days: 1, clerks: 1, raised: true },
    { name: '6 over two days: not raised', calls: 6, days: 2, clerks: 1, raised: false },
    { name: '6 by two clerks: not raised', calls: 6, days: 1, clerks: 2, raised: false },
  ])('$name', ({ calls, days, clerks, raised }) => {
    const f = facts();
    const ids = Array.from({ length: calls }, (_, i) =>
      f.call(T0 + (i % days) * DAY + i * MIN, `A${i}`, true, `c${(i % clerks) + 1}`),
    );
    f.call(T0 + 30 * MIN, 'A99', false); // an ordinary call never counts
    const alerts = ofRule(run(f.list), 'out-of-order-calls');
    if (!raised) return expect(alerts).toEqual([]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      key: 'out-of-order-calls:c1:2026-11-28',
      subject: 'clerk:c1',
      entryIds: ids,
      at: T0 + 5 * MIN,
    });
    expect(alerts[0]!.message.zh).toContain('跳号 6 次');
  });

  it('follows the hall threshold', () => {
    const f = facts();
    for (let i = 0; i < 3; i += 1) f.call(T0 + i * MIN, `A${i}`, true);
    expect(
      ofRule(run(f.list, { hall: hallWith({ outOfOrderCallsPerDay: 2 }) }), 'out-of-order-calls'),
    ).toHaveLength(1);
    expect(
      ofRule(run(f.list, { hall: hallWith({ outOfOrderCallsPerDay: 3 }) }), 'out-of-order-calls'),
    ).toEqual([]);
  });

  it.each([
    {
      name: 'the same ticket out of order twice by one clerk: raised',
      second: ['A1', 'c1', true],
      raised: true,
    },
    { name: 'another ticket: not raised', second: ['A2', 'c1', true], raised: false },
    { name: 'another clerk: not raised', second: ['A1', 'c2', true], raised: false },
    { name: 'the second call in order: not raised', second: ['A1', 'c1', false], raised: false },
  ] as const)('$name', ({ second, raised }) => {
    const f = facts();
    const first = f.call(T0, 'A1', true);
    const again = f.call(T0 + 5 * MIN, second[0], second[2], second[1]);
    const alerts = ofRule(run(f.list), 'repeat-out-of-order');
    expect(alerts).toEqual(
      raised ? [expect.objectContaining({ key: 'repeat-out-of-order:c1:A1', entryIds: [first, again] })] : [],
    );
  });
});

describe('behaviour rules: 跳号 of the same person on another ticket', () => {
  it.each([
    {
      name: 'two tickets of one ID card holder, both out of order: raised',
      keys: ['v1', 'v1'],
      raised: true,
    },
    { name: 'two holders: not raised', keys: ['v1', 'v2'], raised: false },
    { name: 'tickets taken without an ID card: not raised', keys: [null, null], raised: false },
  ])('$name', ({ keys, raised }) => {
    const f = facts();
    const first = f.callHolder(T0, 'A1', keys[0]!);
    const again = f.callHolder(T0 + 30 * MIN, 'B7', keys[1]!);
    const alerts = ofRule(run(f.list), 'repeat-out-of-order');
    expect(alerts).toEqual(
      raised ? [expect.objectContaining({ key: 'repeat-out-of-order:c1:A1', entryIds: [first, again] })] : [],
    );
    if (raised) expect(alerts[0]!.message.zh).toContain('同一办事人再次跳号叫号（2 次，号票 A1、B7）');
  });
});

describe('behaviour rules: 离岗 (away from the window)', () => {
  it.each([
    { name: 'idle exactly 10 minutes with a visitor waiting: not raised', idle: 10 * MIN, raised: false },
    { name: 'idle 10 minutes and 1 ms: raised', idle: 10 * MIN + 1, raised: true },
  ])('$name', ({ idle, raised }) => {
    const f = facts();
    f.signIn(T0);
    const queued = f.queue(T0 + MIN, 'A1');
    const called = f.call(T0 + MIN + idle, 'A1');
    const alerts = ofRule(run(f.list), 'away-from-window');
    expect(alerts).toEqual(
      raised
        ? [
            expect.objectContaining({
              subject: 'clerk:c1',
              entryIds: [queued, called],
              at: T0 + 11 * MIN,
            }),
          ]
        : [],
    );
  });

  it('is not raised while paused, busy, with nobody waiting for it, or signed out', () => {
    const paused = facts();
    paused.signIn(T0);
    paused.pause(T0);
    paused.queue(T0, 'A1');
    const busy = facts();
    busy.signIn(T0);
    busy.queue(T0, 'A1');
    busy.call(T0, 'A1');
    busy.queue(T0 + MIN, 'A2');
    const elsewhere = facts();
    elsewhere.signIn(T0);
    elsewhere.queue(T0, 'A1', 'svc-1', 'w2'); // sent to window 2 by name
    const signedOut = facts();
    signedOut.signIn(T0);
    signedOut.signOut(T0);
    signedOut.queue(T0, 'A1');
    for (const f of [paused, busy, elsewhere, signedOut])
      expect(ofRule(run(f.list), 'away-from-window')).toEqual([]);
  });

  it('measures a stretch still running up to the end of the period', () => {
    const f = facts();
    f.queue(T0, 'A1');
    const signIn = f.signIn(T0 + MIN);
    expect(ofRule(run(f.list, { now: T0 + 11 * MIN }), 'away-from-window')).toEqual([]);
    const [alert] = ofRule(run(f.list, { now: T0 + 31 * MIN }), 'away-from-window');
    expect(alert).toMatchObject({ entryIds: [signIn], key: `away-from-window:w1:${T0 + MIN}` });
    expect(alert!.message.zh).toContain('空闲 30 分钟');
  });
});

describe('behaviour rules: 异常办理 (suspicious processing)', () => {
  it.each([
    { name: '5 services under 20% of 10 min: raised', count: 5, lengthMs: 2 * MIN - 1, raised: true },
    { name: '4 of them: not raised', count: 4, lengthMs: 2 * MIN - 1, raised: false },
    { name: '5 of exactly 20%: not raised', count: 5, lengthMs: 2 * MIN, raised: false },
  ])('$name', ({ count, lengthMs, raised }) => {
    const f = facts();
    const ids = Array.from({ length: count }, (_, i) =>
      f.finish(T0 + i * 5 * MIN + lengthMs, `A${i}`, T0 + i * 5 * MIN),
    );
    f.finish(T0 + 60 * MIN, 'B1', T0, 'c1', 'svc-2'); // a service with no typical time is not judged
    const alerts = ofRule(run(f.list), 'short-services');
    expect(alerts).toEqual(raised ? [expect.objectContaining({ subject: 'clerk:c1', entryIds: ids })] : []);
  });

  it.each([
    { name: '5 no-shows in a row: raised', pattern: 'nnnnn', raised: true },
    { name: '4 in a row: not raised', pattern: 'nnnn', raised: false },
    { name: '5 with a visitor served between: not raised', pattern: 'nnfnnn', raised: false },
  ])('$name', ({ pattern, raised }) => {
    const f = facts();
    const ids = [...pattern].map((p, i) =>
      p === 'n' ? f.noShow(T0 + i * MIN, `A${i}`) : f.finish(T0 + i * MIN, `A${i}`, T0),
    );
    const alerts = ofRule(run(f.list), 'no-show-streak');
    expect(alerts).toEqual(raised ? [expect.objectContaining({ entryIds: ids, at: T0 + 4 * MIN })] : []);
  });
});

describe('behaviour rules: 评价异常 (rating anomalies)', () => {
  it.each([
    { name: '3 pairs under 5 s apart on one pad: raised', gapMs: 4 * SEC, pads: 1, raised: true },
    { name: '5 s apart exactly: not raised', gapMs: 5 * SEC, pads: 1, raised: false },
    { name: 'alternating between two pads: not raised', gapMs: 4 * SEC, pads: 2, raised: false },
  ])('$name', ({ gapMs, pads, raised }) => {
    const f = facts();
    const ids = [0, 1, 2, 3].map((i) =>
      f.rate(T0 + i * gapMs, `A${i}`, 5, T0 - MIN, `pad-${(i % pads) + 1}`),
    );
    const alerts = ofRule(run(f.list), 'rating-pace');
    expect(alerts).toEqual(
      raised ? [expect.objectContaining({ subject: 'pad:pad-1', entryIds: ids, at: T0 + 3 * gapMs })] : [],
    );
  });

  it.each([
    { name: '10 ratings, each 1 s after 办结: raised', count: 10, lastDelay: SEC, raised: true },
    { name: '9 of them: not raised', count: 9, lastDelay: SEC, raised: false },
    { name: 'one of 10 given 1.001 s after: not raised', count: 10, lastDelay: SEC + 1, raised: false },
  ])('$name', ({ count, lastDelay, raised }) => {
    const f = facts();
    const ids = Array.from({ length: count }, (_, i) => {
      const finishedAt = T0 + i * 10 * MIN;
      return f.rate(finishedAt + (i === count - 1 ? lastDelay : 500), `A${i}`, 5, finishedAt);
    });
    const alerts = ofRule(run(f.list), 'rating-instant');
    expect(alerts).toEqual(raised ? [expect.objectContaining({ subject: 'clerk:c1', entryIds: ids })] : []);
  });

  it.each([
    { name: 'mean up one level after a pad change, 10 each side: raised', after: 10, level: 4, raised: true },
    { name: '9 ratings after: not raised', after: 9, level: 4, raised: false },
    { name: 'up 0.9 of a level: not raised', after: 10, level: 3.9, raised: false },
  ])('$name', ({ after, level, raised }) => {
    const f = facts();
    // One rating every 10 minutes, 30 s after its 办结: ten from pad-1, then `after` from pad-2.
    const atOf = (i: number) => T0 + (i + 1) * 10 * MIN;
    for (let i = 0; i < 10; i += 1) f.rate(atOf(i), `A${i}`, 3, atOf(i) - 30 * SEC, 'pad-1');
    const afterIds = Array.from({ length: after }, (_, i) =>
      f.rate(atOf(10 + i), `B${i}`, level, atOf(10 + i) - 30 * SEC, 'pad-2'),
    );
    const alerts = ofRule(run(f.list), 'rating-jump');
    expect(alerts).toEqual(
      raised ? [expect.objectContaining({ subject: 'clerk:c1', entryIds: afterIds })] : [],
    );
  });
});

describe('behaviour rules: after hours', () => {
  // Hours 09:00–17:00 with 30 minutes' grace: 08:30 (inclusive) to 17:30 (exclusive) is in hours.
  it.each([
    { name: 'sign-in at 08:29: raised', minutes: -31, raised: true },
    { name: 'sign-in at 08:30: not raised', minutes: -30, raised: false },
    { name: 'sign-in at 17:29: not raised', minutes: 8 * 60 + 29, raised: false },
    { name: 'sign-in at 17:30: raised', minutes: 8 * 60 + 30, raised: true },
  ])('$name', ({ minutes, raised }) => {
    const f = facts();
    const id = f.signIn(T0 + minutes * MIN);
    const alerts = ofRule(run(f.list), 'after-hours');
    expect(alerts).toEqual(raised ? [expect.objectContaining({ subject: 'clerk:c1', entryIds: [id] })] : []);
  });

  it('counts actions too, not a late sign-out, and follows the hall its own working hours', () => {
    const f = facts();
    const call = f.call(T0 + 10 * 60 * MIN, 'A1'); // 19:00
    f.signOut(T0 + 10 * 60 * MIN + MIN);
    expect(ofRule(run(f.list), 'after-hours')).toEqual([expect.objectContaining({ entryIds: [call] })]);
    const late = hallWith({ workingHours: [{ from: '09:00', to: '20:00' }], afterHoursGraceMinutes: 0 });
    expect(ofRule(run(f.list, { hall: late }), 'after-hours')).toEqual([]);
  });
});

describe('behaviour thresholds in the hall rules', () => {
  it('switches a rule off', () => {
    const f = facts();
    f.signIn(T0 - 3 * 60 * MIN);
    expect(ofRule(run(f.list, { hall: hallWith({ off: ['after-hours'] }) }), 'after-hours')).toEqual([]);
  });

  it('is optional and partial in the hall schema, and checked', () => {
    const base = testHall();
    expect(HallConfigSchema.safeParse(base).success).toBe(true);
    const withBehaviour = (behaviour: unknown) =>
      HallConfigSchema.safeParse({ ...base, rules: { ...base.rules, behaviour } }).success;
    expect(withBehaviour({ noShowStreak: 8, off: ['rating-jump'] })).toBe(true);
    expect(withBehaviour({ noShowStreak: 1 })).toBe(false);
    expect(withBehaviour({ off: ['no-such-rule'] })).toBe(false);
  });
});

describe('the behaviour monitor, fed one fact at a time', () => {
  it('says after each fact what the whole period up to it says (every rule, in one mixed day)', () => {
    const f = facts();
    f.signIn(T0 - 40 * MIN); // after hours
    for (let i = 0; i < 8; i += 1) f.queue(T0 + i * MIN, `A${i}`);
    f.call(T0 + 15 * MIN, 'A7', true); // away 14 min, then out of order
    f.call(T0 + 16 * MIN, 'A7', true); // the same ticket again
    for (let i = 0; i < 6; i += 1) f.noShow(T0 + (17 + i) * MIN, `A${i}`);
    for (let i = 0; i < 6; i += 1) f.finish(T0 + (30 + i) * MIN, `B${i}`, T0 + (30 + i) * MIN - SEC);
    for (let i = 0; i < 12; i += 1)
      f.rate(T0 + 60 * MIN + i * 2 * SEC, `C${i}`, 5, T0 + 60 * MIN + i * 2 * SEC);
    const hall = hallWith();
    const monitor = createBehaviourMonitor(hall, { 'svc-1': 10 * MIN });
    const seen = new Set<string>();
    f.list.forEach((fact, i) => {
      monitor.observe(fact);
      const now = fact.at + MIN;
      const whole = evaluateBehaviour({
        hall,
        facts: f.list.slice(0, i + 1),
        typicalServiceMs: { 'svc-1': 10 * MIN },
        now,
      });
      const sort = (list: BehaviourAlert[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));
      expect(sort(monitor.alerts(now))).toEqual(sort(whole));
      for (const a of whole) seen.add(a.rule);
    });
    expect([...seen].sort()).toEqual([
      'after-hours',
      'away-from-window',
      'no-show-streak',
      'rating-instant',
      'rating-pace',
      'repeat-out-of-order',
      'short-services',
    ]);
  });

  it('raises 离岗 while the stretch still runs, and keeps it once the window calls again', () => {
    const f = facts();
    f.signIn(T0);
    const queued = f.queue(T0 + MIN, 'A1');
    const monitor = createBehaviourMonitor(hallWith({ awayIdleMinutes: 5 }), {});
    for (const fact of f.list) monitor.observe(fact);
    expect(monitor.alerts(T0 + 6 * MIN)).toEqual([]);
    expect(monitor.alerts(T0 + 6 * MIN + 1)).toEqual([
      expect.objectContaining({ rule: 'away-from-window', entryIds: [queued], at: T0 + 6 * MIN }),
    ]);
    const called = f.call(T0 + 9 * MIN, 'A1');
    monitor.observe(f.list.at(-1)!);
    expect(monitor.alerts(T0 + 60 * MIN)).toEqual([
      expect.objectContaining({ key: `away-from-window:w1:${T0 + MIN}`, entryIds: [queued, called] }),
    ]);
  });
});
