import type { QueueState, Ticket, WindowState } from '@hallq/core';
import type { SupervisedDevice } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { testHall } from '../testing/test-hall.ts';
import { DEFAULT_SUPERVISION_SETTINGS, evaluateAlerts } from './alert-rules.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const hall = testHall({ services: 2, windows: 2 });

const ticket = (id: string, rest: Partial<Ticket> = {}): Ticket => ({
  id,
  number: id,
  businessDay: '2026-11-28',
  serviceId: 'svc-1',
  issuedServiceId: 'svc-1',
  visitorClass: 'normal',
  status: 'waiting',
  issuedAt: T0,
  queuedAt: T0,
  targetWindowId: null,
  windowId: null,
  clerkId: null,
  callCount: 0,
  firstCalledAt: null,
  lastCalledAt: null,
  startedAt: null,
  endedAt: null,
  transferCount: 0,
  visitorKey: null,
  kioskId: null,
  ...rest,
});

const window = (id: string, rest: Partial<WindowState> = {}): WindowState => ({
  windowId: id,
  status: 'open',
  pauseReason: null,
  pauseNote: null,
  pausedAt: null,
  currentTicketId: null,
  clerkId: null,
  since: T0,
  ...rest,
});

const state = (tickets: Ticket[], windows: WindowState[] = []): QueueState => ({
  businessDay: '2026-11-28',
  lastSequence: {},
  tickets: new Map(tickets.map((t) => [t.id, t])),
  windows: Object.fromEntries(windows.map((w) => [w.windowId, w])),
  recentServiceMs: {},
});

const device = (rest: Partial<SupervisedDevice> = {}): SupervisedDevice => ({
  id: 'k1',
  kind: 'kiosk',
  name: '一楼取号机',
  windowId: null,
  zone: null,
  online: true,
  lastSeenAt: T0,
  revokedAt: null,
  components: [],
  ...rest,
});

const run = (s: QueueState, now: number, devices: SupervisedDevice[] = []) =>
  evaluateAlerts({ hall, state: s, devices, settings: DEFAULT_SUPERVISION_SETTINGS, now });

describe('supervision alert rules', () => {
  it('raises a wait alert once the longest wait passes the service SLA (30 min), not before', () => {
    const s = state([ticket('A001'), ticket('A002', { queuedAt: T0 + 10 * MIN })]);
    expect(run(s, T0 + 30 * MIN)).toEqual([]);
    const [alert, ...rest] = run(s, T0 + 30 * MIN + 1);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      key: 'wait-over-sla:svc-1',
      rule: 'wait-over-sla',
      subject: 'service:svc-1',
      since: T0 + 30 * MIN,
    });
    expect(alert?.message.zh).toContain('业务1');
    expect(run(s, T0 + 35 * MIN)[0]?.message.zh).toContain('1 人超时');
    expect(run(s, T0 + 45 * MIN)[0]?.message.zh).toContain('2 人超时');
  });

  it('ignores a disabled service', () => {
    const off = { ...hall, services: hall.services.map((sv) => ({ ...sv, enabled: false })) };
    const s = state([ticket('A001')]);
    expect(
      evaluateAlerts({
        hall: off,
        state: s,
        devices: [],
        settings: DEFAULT_SUPERVISION_SETTINGS,
        now: T0 + 99 * MIN,
      }),
    ).toEqual([]);
  });

  it('raises a service-time alert when a ticket is served past its limit (20 min)', () => {
    const serving = ticket('A001', { status: 'serving', windowId: 'w1', startedAt: T0, firstCalledAt: T0 });
    const s = state([serving], [window('w1', { currentTicketId: 'A001', clerkId: 'c1' })]);
    expect(run(s, T0 + 20 * MIN)).toEqual([]);
    expect(run(s, T0 + 21 * MIN).map((a) => a.key)).toEqual(['service-over-limit:w1:A001']);
  });

  it('raises a pause alert past the hall pause limit, keyed by the pause so a new pause is a new alert', () => {
    const paused = window('w1', { status: 'paused', pauseReason: 'break', pausedAt: T0, clerkId: 'c1' });
    expect(run(state([], [paused]), T0 + 30 * MIN)).toEqual([]);
    const [alert] = run(state([], [paused]), T0 + 31 * MIN);
    expect(alert).toMatchObject({ key: `window-paused-too-long:w1:${T0}`, rule: 'window-paused-too-long' });
    expect(alert?.message.zh).toContain('休息');
  });

  it('raises an idle alert only for a staffed, open window with people waiting for its services', () => {
    const idle = window('w1', { clerkId: 'c1', since: T0 });
    const waiting = ticket('A001', { queuedAt: T0 + 1 * MIN });
    expect(run(state([waiting], [idle]), T0 + 5 * MIN)).toEqual([]);
    expect(run(state([waiting], [idle]), T0 + 5 * MIN + 1).map((a) => a.rule)).toEqual([
      'window-idle-with-waiting',
    ]);
    expect(run(state([], [idle]), T0 + 50 * MIN)).toEqual([]);
    expect(run(state([waiting], [window('w1', { clerkId: null })]), T0 + 10 * MIN)).toEqual([]);
    const elsewhere = ticket('A002', { targetWindowId: 'w2' });
    expect(run(state([elsewhere], [idle]), T0 + 10 * MIN)).toEqual([]);
  });

  it('raises device alerts: offline past the grace period, component faults, paper low as a warning', () => {
    expect(run(state([]), T0 + 60_000, [device({ online: false })])).toEqual([]);
    expect(run(state([]), T0 + 60_001, [device({ online: false })]).map((a) => a.rule)).toEqual([
      'device-offline',
    ]);
    expect(run(state([]), T0 + 99 * MIN, [device({ online: false, revokedAt: T0 })])).toEqual([]);
    // Registered and never connected (a demo screen nobody opened): listed in the devices, not an alarm.
    expect(run(state([]), T0 + 99 * MIN, [device({ online: false, lastSeenAt: null })])).toEqual([]);
    const faults = run(state([]), T0, [
      device({
        components: [
          { component: 'printer', state: 'warning', code: 'PAPER_LOW', message: '纸将尽' },
          { component: 'id-reader', state: 'disconnected', code: null, message: '' },
          { component: 'display', state: 'ok', code: null, message: '' },
        ],
      }),
    ]);
    expect(faults.map((a) => [a.rule, a.severity, a.key])).toEqual([
      ['device-fault', 'warning', 'device-fault:k1:printer:warning'],
      ['device-fault', 'critical', 'device-fault:k1:id-reader:disconnected'],
    ]);
    expect(faults[1]?.message.zh).toContain('身份证阅读器未连接');
  });
});
