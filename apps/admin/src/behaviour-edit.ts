import {
  type BehaviourRuleName,
  type BehaviourThresholds,
  DEFAULT_BEHAVIOUR_THRESHOLDS,
  type HallConfig,
} from '@hallq/protocol';
import { parseSpans, spansText } from './hall-edit.ts';

/** A number a hall may set for the behaviour rules (行为监控), as the console labels it. */
export type BehaviourNumber = Exclude<keyof BehaviourThresholds, 'workingHours' | 'off'>;

/** The behaviour rules as the console names them, in the order it lists them, each with its own thresholds. */
export const BEHAVIOUR_RULES: readonly {
  rule: BehaviourRuleName;
  zh: string;
  en: string;
  fields: readonly { key: BehaviourNumber; zh: string; en: string; percent?: boolean }[];
}[] = [
  {
    rule: 'out-of-order-calls',
    zh: '跳号：每日跳号次数',
    en: 'Out-of-order calls a day',
    fields: [{ key: 'outOfOrderCallsPerDay', zh: '超过(次/日)', en: 'More than (a day)' }],
  },
  {
    rule: 'repeat-out-of-order',
    zh: '跳号：同一人再次跳号',
    en: 'Same person called out of order again',
    fields: [],
  },
  {
    rule: 'away-from-window',
    zh: '离岗：签到未暂停、有人等候时空闲',
    en: 'Away: idle, signed in and open, while visitors wait',
    fields: [{ key: 'awayIdleMinutes', zh: '空闲超过(分)', en: 'Idle over (min)' }],
  },
  {
    rule: 'short-services',
    zh: '异常办理：办理时长远短于常规',
    en: 'Services far shorter than typical',
    fields: [
      {
        key: 'shortServiceShare',
        zh: '短于常规时长的(%)',
        en: 'Under this share of typical (%)',
        percent: true,
      },
      { key: 'shortServicesPerDay', zh: '每日件数达', en: 'This many a day' },
    ],
  },
  {
    rule: 'no-show-streak',
    zh: '异常办理：连续标记过号',
    en: 'No-shows marked in a row',
    fields: [{ key: 'noShowStreak', zh: '连续次数达', en: 'In a row' }],
  },
  {
    rule: 'rating-pace',
    zh: '评价异常：同一评价器评价过快',
    en: 'Ratings on one pad too fast',
    fields: [
      { key: 'ratingMinGapSeconds', zh: '相邻间隔不到(秒)', en: 'Less apart than (s)' },
      { key: 'fastRatingsPerDay', zh: '每日次数达', en: 'This many a day' },
    ],
  },
  {
    rule: 'rating-instant',
    zh: '评价异常：总在办结后立即评价',
    en: 'Ratings always right after finishing',
    fields: [
      { key: 'ratingInstantSeconds', zh: '办结后(秒)内', en: 'Within (s) of finishing' },
      { key: 'ratingInstantMinCount', zh: '至少评价条数', en: 'Over at least (ratings)' },
    ],
  },
  {
    rule: 'rating-jump',
    zh: '评价异常：换评价器后评价跃升',
    en: 'Ratings jump after a pad change',
    fields: [
      { key: 'ratingJumpLevels', zh: '平均升幅达(级)', en: 'Mean up by (levels)' },
      { key: 'ratingJumpMinCount', zh: '前后至少条数', en: 'Ratings each side' },
    ],
  },
  {
    rule: 'after-hours',
    zh: '办公时间外签到与操作',
    en: 'Sign-ins and actions after hours',
    fields: [{ key: 'afterHoursGraceMinutes', zh: '宽限(分)', en: 'Grace (min)' }],
  },
];

const own = (hall: HallConfig): BehaviourThresholds => hall.rules.behaviour ?? {};

/** The hall's own value of a threshold, or null when it keeps the default. */
export function behaviourValue(hall: HallConfig, key: BehaviourNumber): number | null {
  return own(hall)[key] ?? null;
}

/** The number shown in a field (a share as a percentage). */
export function behaviourFieldText(hall: HallConfig, key: BehaviourNumber, percent = false): string {
  const value = behaviourValue(hall, key);
  if (value === null) return '';
  return String(percent ? Math.round(value * 10_000) / 100 : value);
}

export function defaultText(key: BehaviourNumber, percent = false): string {
  const value = DEFAULT_BEHAVIOUR_THRESHOLDS[key];
  return String(percent ? value * 100 : value);
}

/** Writes what the admin typed: empty goes back to the default; the hall keeps only what it sets. */
export function withBehaviourNumber(
  hall: HallConfig,
  key: BehaviourNumber,
  text: string,
  percent = false,
): HallConfig {
  const next: BehaviourThresholds = { ...own(hall) };
  if (text.trim() === '') delete next[key];
  else next[key] = percent ? Number(text) / 100 : Number(text);
  return withBehaviour(hall, next);
}

export function ruleOn(hall: HallConfig, rule: BehaviourRuleName): boolean {
  return !(own(hall).off ?? []).includes(rule);
}

export function withRuleOn(hall: HallConfig, rule: BehaviourRuleName, on: boolean): HallConfig {
  const off = (own(hall).off ?? []).filter((r) => r !== rule);
  const next: BehaviourThresholds = { ...own(hall), off: on ? off : [...off, rule] };
  if (next.off?.length === 0) delete next.off;
  return withBehaviour(hall, next);
}

/** "08:30-18:00, …" for the after-hours rule's own working hours; empty: the services' opening hours. */
export function workingHoursText(hall: HallConfig): string {
  return spansText(own(hall).workingHours ?? []);
}

export function withWorkingHours(hall: HallConfig, text: string): HallConfig {
  const spans: NonNullable<BehaviourThresholds['workingHours']> = parseSpans(text);
  const next: BehaviourThresholds = { ...own(hall), workingHours: spans };
  if (spans.length === 0) delete next.workingHours;
  return withBehaviour(hall, next);
}

function withBehaviour(hall: HallConfig, behaviour: BehaviourThresholds): HallConfig {
  const { behaviour: _old, ...rules } = hall.rules;
  return {
    ...hall,
    rules: Object.keys(behaviour).length === 0 ? rules : { ...rules, behaviour },
  };
}
