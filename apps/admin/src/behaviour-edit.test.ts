import { BehaviourRuleName, type HallConfig, HallConfig as HallConfigSchema } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import {
  BEHAVIOUR_RULES,
  behaviourFieldText,
  behaviourValue,
  defaultText,
  ruleOn,
  withBehaviourNumber,
  withRuleOn,
  withWorkingHours,
  workingHoursText,
} from './behaviour-edit.ts';
import { hallProblems } from './hall-edit.ts';

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
  services: [
    {
      id: 'svc-1',
      prefix: 'A',
      name: { zh: '业务', en: 'Service' },
      numberWidth: 3,
      dailyLimit: null,
      perIdLimit: 1,
      openingHours: [{ from: '09:00', to: '17:00' }],
      waitingArea: { zh: '一楼', en: 'Floor 1' },
      enabled: true,
      defaultServiceMinutes: 5,
      slaWaitMinutes: 30,
      slaServiceMinutes: 20,
      guide: { materials: [], notes: [] },
    },
  ],
  windows: [
    { id: 'w1', number: 1, name: { zh: '1号', en: '1' }, serviceIds: ['svc-1'], enabled: true, zone: '1F' },
  ],
};

describe('behaviour thresholds in the console', () => {
  it('lists every rule the hub knows, once', () => {
    expect(BEHAVIOUR_RULES.map((r) => r.rule).sort()).toEqual([...BehaviourRuleName.options].sort());
  });

  it('keeps only what the admin sets: a typed number is the hall own, an emptied field the default again', () => {
    expect(behaviourFieldText(hall, 'noShowStreak')).toBe('');
    expect(defaultText('noShowStreak')).toBe('5');
    const set = withBehaviourNumber(hall, 'noShowStreak', '8');
    expect(set.rules.behaviour).toEqual({ noShowStreak: 8 });
    expect(HallConfigSchema.safeParse(set).success).toBe(true);
    expect(withBehaviourNumber(set, 'noShowStreak', ' ').rules).toEqual(hall.rules);
  });

  it('shows a share as a percentage and stores it as a fraction', () => {
    const set = withBehaviourNumber(hall, 'shortServiceShare', '15', true);
    expect(behaviourValue(set, 'shortServiceShare')).toBeCloseTo(0.15);
    expect(behaviourFieldText(set, 'shortServiceShare', true)).toBe('15');
    expect(defaultText('shortServiceShare', true)).toBe('20');
  });

  it('switches rules off and on again', () => {
    const off = withRuleOn(withRuleOn(hall, 'rating-jump', false), 'after-hours', false);
    expect(off.rules.behaviour?.off).toEqual(['rating-jump', 'after-hours']);
    expect(ruleOn(off, 'rating-jump')).toBe(false);
    expect(ruleOn(off, 'no-show-streak')).toBe(true);
    const back = withRuleOn(withRuleOn(off, 'rating-jump', true), 'after-hours', true);
    expect(back.rules).toEqual(hall.rules);
  });

  it('reads working hours, and an out-of-bounds or malformed value blocks the save', () => {
    const hours = withWorkingHours(hall, '08:00-12:00, 13:00-18:30');
    expect(workingHoursText(hours)).toBe('08:00-12:00, 13:00-18:30');
    expect(hallProblems(hours)).toEqual([]);
    expect(hallProblems(withWorkingHours(hall, '8-12')).length).toBeGreaterThan(0);
    expect(hallProblems(withBehaviourNumber(hall, 'noShowStreak', '1'))).toEqual([
      expect.stringContaining('rules.behaviour.noShowStreak'),
    ]);
    expect(hallProblems(withBehaviourNumber(hall, 'awayIdleMinutes', 'abc')).length).toBeGreaterThan(0);
  });
});
