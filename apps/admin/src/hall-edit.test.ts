import type { HallConfig } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import {
  hallProblems,
  materialsText,
  move,
  newService,
  newWindow,
  parseMaterials,
  parseSpans,
  renameScheduledWindow,
  shiftOf,
  shortNameField,
  shortNameOf,
  spansText,
  withShift,
} from './hall-edit.ts';

const hall: HallConfig = {
  name: { zh: '大厅', en: 'Hall' },
  rules: {
    timeZone: 'Asia/Shanghai',
    callPolicy: 'earliest-first',
    dayChangePolicy: 'expire',
    noShowMinCalls: 2,
    noShowMinWaitSeconds: 120,
    priorityMinAge: 70,
    slaPauseMinutes: 30,
  },
  services: [],
  windows: [],
};

describe('hall edits', () => {
  it('adds a service with a free prefix and a window numbered after the last, and the result is valid', () => {
    const withService = { ...hall, services: [newService(hall)] };
    expect(withService.services[0]).toMatchObject({ id: 'service-1', prefix: 'A' });
    const second = newService(withService);
    expect(second.prefix).toBe('B');
    const full = { ...withService, windows: [newWindow(withService)] };
    expect(full.windows[0]).toMatchObject({ id: 'w1', number: 1, serviceIds: ['service-1'] });
    expect(hallProblems(full)).toEqual([]);
  });

  it('names what the hub would refuse', () => {
    const service = newService(hall);
    const bad = {
      ...hall,
      services: [service, { ...service, id: 'other' }],
      windows: [{ ...newWindow({ ...hall, services: [service] }), serviceIds: ['nope'] }],
    };
    const problems = hallProblems(bad);
    expect(problems).toContain('ticket prefix A is used twice');
    expect(problems).toContain('window w1 serves unknown service nope');
    expect(hallProblems({ ...bad, rules: { ...hall.rules, timeZone: 'Mars/Base' } }).join()).toContain(
      'rules.timeZone: not a known IANA time zone',
    );
  });

  it('moves services in a window order and round-trips guide materials', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    const items = parseMaterials('身份证 / ID card\n\n户口簿\n');
    expect(items).toEqual([
      { zh: '身份证', en: 'ID card' },
      { zh: '户口簿', en: '户口簿' },
    ]);
    expect(materialsText(items)).toBe('身份证 / ID card\n户口簿 / 户口簿');
  });
});

describe('short names for the lobby', () => {
  const service = { name: { zh: '不动产登记与交易税费综合受理', en: 'Real Estate Registration and Tax' } };
  it('keeps none when both fields are empty, and the full name on a side left empty', () => {
    expect(shortNameOf(service, { zh: ' ', en: '' })).toBeUndefined();
    expect(shortNameOf(service, { zh: '不动产综合', en: '' })).toEqual({
      zh: '不动产综合',
      en: 'Real Estate Registration and Tax',
    });
    const short = { ...service, shortName: shortNameOf(service, { zh: '不动产综合', en: '' }) };
    expect([shortNameField(short, 'zh'), shortNameField(short, 'en')]).toEqual(['不动产综合', '']);
    expect(shortNameField(service, 'zh')).toBe('');
  });
});

describe('window schedule edits', () => {
  const service = newService(hall);
  const base = { ...hall, services: [service] };
  const oneWindow = { ...base, windows: [newWindow(base)] };
  const twoWindows = { ...oneWindow, windows: [...oneWindow.windows, newWindow(oneWindow)] };

  it('sets a shift with its breaks, kept in window order, and the hall stays valid', () => {
    const open = parseSpans('09:00-12:00, 13:30-17:00');
    const second = withShift(twoWindows, 'w2', open, parseSpans('10:00-10:15'));
    const both = withShift(second, 'w1', open, []);
    expect(both.schedule?.windows.map((s) => s.windowId)).toEqual(['w1', 'w2']);
    expect(shiftOf(both, 'w2')).toEqual({
      windowId: 'w2',
      open: [
        { from: '09:00', to: '12:00' },
        { from: '13:30', to: '17:00' },
      ],
      breaks: [{ from: '10:00', to: '10:15' }],
    });
    expect(spansText(shiftOf(both, 'w2')!.breaks)).toBe('10:00-10:15');
    expect(hallProblems(both)).toEqual([]);
  });

  it('drops a window with no hours, and the schedule with its last window', () => {
    const set = withShift(twoWindows, 'w1', parseSpans('09:00-17:00'), []);
    expect(withShift(set, 'w1', [], []).schedule).toBeUndefined();
  });

  it('names a break outside working hours, and keeps a shift when its window is renamed', () => {
    const bad = withShift(oneWindow, 'w1', parseSpans('09:00-12:00'), parseSpans('12:30-12:45'));
    expect(hallProblems(bad)).toContain('window w1: break 12:30–12:45 is outside its working hours');
    const renamed = renameScheduledWindow(bad, 'w1', 'front');
    expect(shiftOf(renamed, 'front')?.breaks).toEqual([{ from: '12:30', to: '12:45' }]);
  });
});
