import type { CallAnnouncement, HallConfig, HallSnapshot } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { boundedSet, callId, lobbyModel, unseenCalls } from './lobby-model.ts';
import { DEFAULT_LOBBY_OPTIONS, parseLobbyOptions } from './lobby-options.ts';

const t = (zh: string, en: string) => ({ zh, en });
const service = (id: string, prefix: string, enabled = true) => ({
  id,
  prefix,
  name: t(`业务${prefix}`, `Service ${prefix}`),
  numberWidth: 3,
  dailyLimit: null,
  perIdLimit: 1,
  openingHours: [],
  waitingArea: t('一楼', 'Floor 1'),
  enabled,
  defaultServiceMinutes: 5,
  slaWaitMinutes: 30,
  slaServiceMinutes: 20,
  guide: { materials: [], notes: [] },
});
const hall: HallConfig = {
  name: t('测试大厅', 'Test Hall'),
  rules: {
    timeZone: 'Asia/Shanghai',
    callPolicy: 'earliest-first',
    dayChangePolicy: 'expire',
    noShowMinCalls: 2,
    noShowMinWaitSeconds: 120,
    priorityMinAge: 70,
    slaPauseMinutes: 30,
  },
  services: [service('a', 'A'), service('b', 'B'), service('c', 'C'), service('d', 'D', false)],
  windows: [
    { id: 'w1', number: 1, name: t('1号窗口', 'Window 1'), serviceIds: ['a'], enabled: true, zone: '1F' },
    {
      id: 'w2',
      number: 2,
      name: t('2号窗口', 'Window 2'),
      serviceIds: ['b', 'd'],
      enabled: true,
      zone: '2F',
    },
    { id: 'w3', number: 3, name: t('3号窗口', 'Window 3'), serviceIds: ['c'], enabled: false, zone: '1F' },
  ],
};
const call = (n: number, windowNumber: number, at: number): CallAnnouncement => ({
  ticketId: `t${n}`,
  ticketNumber: `A00${n}`,
  serviceId: 'a',
  windowId: `w${windowNumber}`,
  windowNumber,
  zone: windowNumber === 2 ? '2F' : '1F',
  calledAt: at,
  callCount: 1,
  recall: false,
});
const snapshot = (over: Partial<HallSnapshot> = {}): HallSnapshot => ({
  seq: 1,
  epoch: 'e',
  serverTime: 100_000,
  businessDay: '2026-11-28',
  hall,
  tickets: [],
  windows: [],
  figures: [
    { serviceId: 'a', waiting: 4, estimatedWaitMs: 0, longestWaitingSince: null },
    { serviceId: 'b', waiting: 2, estimatedWaitMs: 0, longestWaitingSince: null },
  ],
  recentCalls: [
    call(5, 1, 99_000),
    call(4, 2, 98_000),
    call(3, 1, 97_000),
    call(2, 2, 10_000),
    call(1, 1, 5_000),
  ],
  clerks: [],
  notices: [
    { id: 'n1', title: '办公时间', body: '9:00–17:00', scrolling: false, enabled: true },
    { id: 'n2', title: '提示', body: '请保管好随身物品', scrolling: true, enabled: true },
    { id: 'n3', title: '旧', body: 'x', scrolling: true, enabled: false },
  ],
  viewer: null,
  ...over,
});

describe('lobbyModel', () => {
  it('shows the whole hall on a display without a zone', () => {
    const m = lobbyModel(snapshot(), { recent: 3 });
    expect(m.zone).toBeNull();
    expect(m.recentCalls.map((c) => c.ticketNumber)).toEqual(['A005', 'A004', 'A003']);
    expect(m.waiting.map((w) => [w.prefix, w.waiting])).toEqual([
      ['A', 4],
      ['B', 2],
    ]);
    expect(m.panel.map((n) => n.id)).toEqual(['n1']);
    expect(m.scrolling.map((n) => n.id)).toEqual(['n2']);
    expect(m.timeZone).toBe('Asia/Shanghai');
  });

  it('shows only its own windows’ calls and services on a zone display', () => {
    const viewer = { deviceId: 'd1', kind: 'lobby' as const, windowId: null, zone: '2F' };
    const m = lobbyModel(snapshot({ viewer }), { recent: 8 });
    expect(m.zone).toBe('2F');
    expect(m.recentCalls.map((c) => c.ticketNumber)).toEqual(['A004', 'A002']);
    expect(m.waiting.map((w) => w.prefix)).toEqual(['B']); // D is disabled, A and C are on 1F
  });
});

describe('recent calls and recalls', () => {
  it('lists a recalled ticket once, at the top', () => {
    const recall = { ...call(3, 1, 99_500), callCount: 2, recall: true };
    const m = lobbyModel(snapshot({ recentCalls: [recall, ...snapshot().recentCalls] }), { recent: 8 });
    expect(m.recentCalls.map((c) => `${c.ticketNumber}#${c.callCount}`)).toEqual([
      'A003#2',
      'A005#1',
      'A004#1',
      'A002#1',
      'A001#1',
    ]);
  });

  it('fills the list with other tickets when recalls would have taken rows', () => {
    const recalls = [2, 3, 4].map((n) => ({ ...call(5, 1, 99_000 + n), callCount: n, recall: true }));
    const m = lobbyModel(snapshot({ recentCalls: [...recalls.reverse(), ...snapshot().recentCalls] }), {
      recent: 3,
    });
    expect(m.recentCalls.map((c) => c.ticketNumber)).toEqual(['A005', 'A004', 'A003']);
  });
});

describe('waiting tiles', () => {
  it('use a service’s short name from the hall file when it has one', () => {
    const short = {
      ...hall,
      services: hall.services.map((s) => (s.id === 'a' ? { ...s, shortName: t('社保', 'Soc. sec.') } : s)),
    };
    const m = lobbyModel(snapshot({ hall: short }), { recent: 3 });
    expect(m.waiting.map((w) => w.name.zh)).toEqual(['社保', '业务B']);
  });
});

describe('unseenCalls', () => {
  it('finds recent calls the display did not announce, oldest first, within the age limit and zone', () => {
    const seen = new Set([callId(call(3, 1, 97_000))]);
    expect(unseenCalls(snapshot(), seen, 60_000).map((c) => c.ticketNumber)).toEqual(['A004', 'A005']);
    const viewer = { deviceId: 'd1', kind: 'lobby' as const, windowId: null, zone: '1F' };
    expect(unseenCalls(snapshot({ viewer }), seen, 60_000).map((c) => c.ticketNumber)).toEqual(['A005']);
  });
});

describe('boundedSet', () => {
  it('forgets the oldest ids beyond its limit', () => {
    const s = boundedSet(2);
    s.add('a');
    s.add('b');
    s.add('a');
    s.add('c');
    expect([s.has('a'), s.has('b'), s.has('c'), s.size]).toEqual([false, true, true, 2]);
  });
});

describe('parseLobbyOptions', () => {
  it('has defaults', () => {
    expect(parseLobbyOptions('')).toEqual(DEFAULT_LOBBY_OPTIONS);
  });

  it('reads and clamps what the address says', () => {
    expect(
      parseLobbyOptions(
        '?pack=hall-voice&repeat=9&english=1&recent=1&sound=off&layout=portrait&speed=50&highlightMs=0',
      ),
    ).toEqual({
      pack: 'hall-voice',
      repeat: 3,
      english: true,
      recent: 3,
      sound: 'off',
      layout: 'portrait',
      speed: 50,
      highlightMs: 0,
    });
    expect(parseLobbyOptions('?pack=../x&repeat=abc&layout=diagonal').pack).toBe('default');
    expect(parseLobbyOptions('?repeat=abc').repeat).toBe(2);
  });
});
