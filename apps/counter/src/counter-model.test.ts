import type { HallConfig, HallSnapshot, TicketView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { formatElapsed, refusalText, split, windowPicture } from './counter-model.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const text = (zh: string, en: string) => ({ zh, en });

const service = (id: string, prefix: string): HallConfig['services'][number] => ({
  id,
  prefix,
  name: text(`业务${prefix}`, `Service ${prefix}`),
  numberWidth: 3,
  dailyLimit: null,
  perIdLimit: 1,
  openingHours: [{ from: '00:00', to: '24:00' }],
  waitingArea: text('一楼', 'Floor 1'),
  enabled: true,
  defaultServiceMinutes: 5,
  slaWaitMinutes: 30,
  slaServiceMinutes: 20,
  guide: { materials: [text('身份证', 'ID card')], notes: [] },
});

const hall: HallConfig = {
  name: text('大厅', 'Hall'),
  rules: {
    timeZone: 'Asia/Shanghai',
    callPolicy: 'earliest-first',
    dayChangePolicy: 'expire',
    noShowMinCalls: 2,
    noShowMinWaitSeconds: 120,
    priorityMinAge: 70,
    slaPauseMinutes: 30,
  },
  services: [service('a', 'A'), service('b', 'B'), service('c', 'C')],
  windows: [
    {
      id: 'w1',
      number: 1,
      name: text('1号窗口', 'Window 1'),
      serviceIds: ['a', 'b'],
      enabled: true,
      zone: '1F',
    },
    { id: 'w2', number: 2, name: text('2号窗口', 'Window 2'), serviceIds: ['c'], enabled: true, zone: '1F' },
  ],
};

let n = 0;
const ticket = (serviceId: string, over: Partial<TicketView> = {}): TicketView => {
  n += 1;
  const number = `${serviceId.toUpperCase()}${String(n).padStart(3, '0')}`;
  return {
    id: `2026-11-28/${number}`,
    number,
    businessDay: '2026-11-28',
    serviceId,
    issuedServiceId: serviceId,
    visitorClass: 'normal',
    status: 'waiting',
    issuedAt: T0 + n * 1000,
    queuedAt: T0 + n * 1000,
    targetWindowId: null,
    windowId: null,
    clerkId: null,
    callCount: 0,
    firstCalledAt: null,
    lastCalledAt: null,
    startedAt: null,
    endedAt: null,
    transferCount: 0,
    kioskId: null,
    visitorName: null,
    ...over,
  };
};

const snapshot = (tickets: TicketView[], currentOfW1: string | null = null): HallSnapshot => ({
  seq: 1,
  epoch: 'e',
  serverTime: T0,
  businessDay: '2026-11-28',
  hall,
  tickets,
  windows: [
    {
      windowId: 'w1',
      status: 'open',
      pauseReason: null,
      pauseNote: null,
      pausedAt: null,
      currentTicketId: currentOfW1,
      clerkId: 'u1',
      since: T0,
    },
  ],
  figures: [],
  recentCalls: [],
  clerks: [],
  notices: [],
});

describe('windowPicture', () => {
  it('lists only what this window may call, in call order, with counts per service', () => {
    const a1 = ticket('a');
    const b1 = ticket('b');
    const c1 = ticket('c');
    const c2 = ticket('c', { targetWindowId: 'w1' }); // sent to window 1 by name
    const a2 = ticket('a', { visitorClass: 'priority' });
    const picture = windowPicture(snapshot([a1, b1, c1, c2, a2]), 'w1')!;
    expect(picture.waiting.map((t) => t.number)).toHaveLength(4);
    expect(picture.waiting.map((t) => t.number)).toEqual(
      expect.arrayContaining([a1, b1, c2, a2].map((t) => t.number)),
    );
    expect(picture.waiting.map((t) => t.number)).not.toContain(c1.number);
    expect(picture.perService.map((s) => [s.service.id, s.waiting])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(picture.ticket).toBeNull();
  });

  it('finds the current ticket and its service', () => {
    const called = ticket('a', { status: 'called', windowId: 'w1', callCount: 1, firstCalledAt: T0 });
    const picture = windowPicture(snapshot([called, ticket('b')], called.id), 'w1')!;
    expect(picture.ticket?.number).toBe(called.number);
    expect(picture.service?.id).toBe('a');
    expect(picture.waiting).toHaveLength(1);
  });

  it('is null for a window the hall does not have', () => {
    expect(windowPicture(snapshot([]), 'w9')).toBeNull();
  });
});

describe('texts', () => {
  it('formats elapsed time', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(65_000)).toBe('01:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
    expect(formatElapsed(-5)).toBe('00:00');
  });

  it('splits hub messages into Chinese and English', () => {
    expect(split('窗口已暂停 · The window is already paused')).toEqual({
      zh: '窗口已暂停',
      en: 'The window is already paused',
    });
    expect(split('plain')).toEqual({ zh: 'plain', en: 'plain' });
  });

  it('tells the loser of a race which ticket the window holds now', () => {
    const called = ticket('a', { status: 'called', windowId: 'w1', callCount: 1, firstCalledAt: T0 });
    const picture = windowPicture(snapshot([called], called.id), 'w1');
    const text = refusalText({ code: 'WINDOW_BUSY', message: '请先完成或过号 x · Finish x' }, picture);
    expect(text.zh).toContain(called.number);
    expect(text.zh).toContain('另一终端或呼叫器');
    expect(refusalText({ code: 'WINDOW_IDLE', message: 'x' }, picture).en).toContain('was first');
    expect(refusalText({ code: 'INTERNAL', message: 'timeout: no answer' }, picture).zh).toContain('未收到');
    expect(refusalText({ code: 'UNAUTHENTICATED', message: 'not connected to the hub' }, null).zh).toContain(
      '断开',
    );
    expect(refusalText({ code: 'WINDOW_PAUSED', message: '窗口已暂停 · paused' }, null)).toEqual({
      zh: '窗口已暂停',
      en: 'paused',
    });
  });
});
