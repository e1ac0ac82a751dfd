import { describe, expect, it } from 'vitest';
import { HallConfig } from './hall-schema.ts';

const text = { zh: '业务', en: 'Service' };
const hall = {
  name: text,
  rules: {
    timeZone: 'Asia/Shanghai',
    callPolicy: 'earliest-first',
    dayChangePolicy: 'expire',
    noShowMinCalls: 2,
    noShowMinWaitSeconds: 60,
    priorityMinAge: 70,
    slaPauseMinutes: 30,
  },
  services: [
    {
      id: 'svc-1',
      prefix: 'A',
      name: text,
      numberWidth: 3,
      dailyLimit: null,
      perIdLimit: 1,
      openingHours: [{ from: '09:00', to: '17:00' }],
      waitingArea: text,
      enabled: true,
      defaultServiceMinutes: 5,
      slaWaitMinutes: 30,
      slaServiceMinutes: 20,
      guide: { materials: [], notes: [] },
    },
  ],
  windows: [{ id: 'w1', number: 1, name: text, serviceIds: ['svc-1'], enabled: true, zone: '1F' }],
};
const shift = {
  windowId: 'w1',
  open: [{ from: '09:00', to: '17:00' }],
  breaks: [{ from: '12:00', to: '13:00' }],
};

describe('hall schema: the window schedule', () => {
  it('is optional, and accepted when its windows and breaks make sense', () => {
    expect(HallConfig.safeParse(hall).success).toBe(true);
    expect(HallConfig.safeParse({ ...hall, schedule: { windows: [shift] } }).success).toBe(true);
  });

  it('rejects an unknown window, a window listed twice and a break outside working hours', () => {
    const messages = (schedule: unknown) => {
      const parsed = HallConfig.safeParse({ ...hall, schedule });
      return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    };
    expect(messages({ windows: [{ ...shift, windowId: 'w9' }] })).toEqual([
      'schedule names unknown window w9',
    ]);
    expect(messages({ windows: [shift, shift] })).toEqual(['scheduled window w1 is used twice']);
    expect(messages({ windows: [{ ...shift, breaks: [{ from: '16:30', to: '17:30' }] }] })).toEqual([
      'window w1: break 16:30–17:30 is outside its working hours',
    ]);
  });
});
