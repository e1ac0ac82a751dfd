import type { Report, ReportRow, WindowStateView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { buildScorecard, countAlerts, monthDays, type PauseEntry, pauseStretches } from './scorecard.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 1, 0, 0);

const windowState = (windowId: string, patch: Partial<WindowStateView>): WindowStateView => ({
  windowId,
  status: 'open',
  pauseReason: null,
  pauseNote: null,
  pausedAt: null,
  currentTicketId: null,
  clerkId: 'c1',
  since: T0,
  ...patch,
});
const entry = (at: number, type: string, window: WindowStateView): PauseEntry => ({
  at,
  type,
  payload: JSON.stringify({ type, window }),
});
const paused = (at: number, windowId: string, reason: 'break' | 'meeting', clerkId = 'c1') =>
  entry(
    at,
    'window:paused',
    windowState(windowId, { status: 'paused', pauseReason: reason, pausedAt: at, clerkId }),
  );

describe('pause stretches from the log', () => {
  it('ends a pause at its resume or sign-out, or at the end of the period, and skips an unreadable entry', () => {
    const stretches = pauseStretches(
      [
        paused(T0, 'w1', 'break'),
        { at: T0 + MIN, type: 'window:resumed', payload: '{broken' },
        entry(T0 + 15 * MIN, 'window:resumed', windowState('w1', {})),
        paused(T0 + 20 * MIN, 'w2', 'meeting', 'c2'),
        entry(T0 + 50 * MIN, 'window:signed-out', windowState('w2', { clerkId: null })),
        paused(T0 + 60 * MIN, 'w1', 'meeting'),
      ],
      T0 + 100 * MIN,
    );
    expect(stretches).toEqual([
      { windowId: 'w1', clerkId: 'c1', reason: 'break', from: T0, to: T0 + 15 * MIN },
      { windowId: 'w2', clerkId: 'c2', reason: 'meeting', from: T0 + 20 * MIN, to: T0 + 50 * MIN },
      { windowId: 'w1', clerkId: 'c1', reason: 'meeting', from: T0 + 60 * MIN, to: T0 + 100 * MIN },
    ]);
  });
});

const row = (key: string, served: number, levels: number[], median: number | null): ReportRow => ({
  key,
  label: key,
  issued: served,
  served,
  noShow: 0,
  transferred: 0,
  cancelled: 0,
  expired: 0,
  wait: { count: 0, averageSeconds: null, medianSeconds: null, p90Seconds: null },
  service: { count: served, averageSeconds: median, medianSeconds: median, p90Seconds: median },
  ratings: { levels, rated: levels.slice(1).reduce((a, b) => a + b, 0), bad: 0, badShare: 0, badReasons: {} },
});

describe('the monthly scorecard', () => {
  it('puts served, service time, ratings, alerts and pauses on each clerk and window', () => {
    const report: Report = {
      from: '2026-11-01',
      to: '2026-11-30',
      timeZone: 'Asia/Shanghai',
      total: row('total', 12, [0, 0, 0, 0, 0, 0], null),
      byService: [],
      byWindow: [row('w1', 12, [1, 0, 0, 2, 0, 6], 300)],
      byClerk: [row('c1', 10, [1, 0, 0, 2, 0, 6], 280), row('c2', 2, [0, 0, 0, 0, 0, 0], 600)],
      issuedByHour: new Array(24).fill(0),
      byDay: [],
    };
    const card = buildScorecard({
      month: '2026-11',
      report,
      names: {
        services: new Map(),
        windows: new Map([
          ['w1', '1号窗口'],
          ['w2', '2号窗口'],
        ]),
        clerks: new Map([
          ['c1', '张三（01）'],
          ['c2', '李四（02）'],
        ]),
      },
      alerts: [
        { rule: 'out-of-order-calls', subject: 'clerk:c1', count: 2 },
        { rule: 'no-show-streak', subject: 'clerk:c1', count: 1 },
        { rule: 'away-from-window', subject: 'window:w2', count: 3 },
        { rule: 'away-from-window', subject: 'clerk:c2', count: 1, windowId: 'w1' },
        { rule: 'rating-pace', subject: 'pad:p1', count: 1 },
        { rule: 'rating-pace', subject: 'pad:unknown', count: 5 },
        { rule: 'wait-over-sla', subject: 'service:svc-1', count: 9 },
      ],
      pauses: [
        { windowId: 'w1', clerkId: 'c1', reason: 'break', from: T0, to: T0 + 15 * MIN },
        { windowId: 'w1', clerkId: 'c1', reason: 'break', from: T0 + 60 * MIN, to: T0 + 70 * MIN },
        { windowId: 'w2', clerkId: 'c2', reason: 'meeting', from: T0, to: T0 + 30 * MIN },
      ],
      padWindow: (id) => (id === 'p1' ? 'w1' : null),
    });
    expect(card.byClerk.map((r) => r.key)).toEqual(['c1', 'c2']);
    expect(card.byClerk[0]).toMatchObject({
      label: '张三（01）',
      served: 10,
      medianServiceSeconds: 280,
      meanRating: 4.5,
      alerts: [
        { rule: 'no-show-streak', count: 1 },
        { rule: 'out-of-order-calls', count: 2 },
      ],
      alertTotal: 3,
      pauses: [{ reason: 'break', count: 2, minutes: 25 }],
    });
    expect(card.byClerk[1]).toMatchObject({
      meanRating: null,
      alerts: [{ rule: 'away-from-window', count: 1 }],
      pauses: [{ reason: 'meeting', minutes: 30 }],
    });
    // A window with no service this month still has its row: its alerts and pauses are the point.
    expect(card.byWindow.map((r) => [r.key, r.served, r.alertTotal])).toEqual([
      ['w1', 12, 2],
      ['w2', 0, 3],
    ]);
    expect(card.byWindow[0]!.alerts).toEqual([
      { rule: 'away-from-window', count: 1 },
      { rule: 'rating-pace', count: 1 },
    ]);
  });

  it('counts stored alerts by rule and subject, a 离岗 also by the window in its key', () => {
    expect(
      countAlerts([
        { rule: 'away-from-window', subject: 'clerk:c1', key: 'behaviour:away-from-window:w3:100' },
        { rule: 'away-from-window', subject: 'clerk:c1', key: 'behaviour:away-from-window:w3:900' },
        { rule: 'away-from-window', subject: 'clerk:c1', key: 'behaviour:away-from-window:w4:500' },
        { rule: 'device-offline', subject: 'device:k1', key: 'device-offline:k1' },
      ]),
    ).toEqual([
      { rule: 'away-from-window', subject: 'clerk:c1', windowId: 'w3', count: 2 },
      { rule: 'away-from-window', subject: 'clerk:c1', windowId: 'w4', count: 1 },
      { rule: 'device-offline', subject: 'device:k1', windowId: null, count: 1 },
    ]);
  });

  it('knows the days of a month', () => {
    expect(monthDays('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28', next: '2026-03-01' });
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31', next: '2027-01-01' });
  });
});
