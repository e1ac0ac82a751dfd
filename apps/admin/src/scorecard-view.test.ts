import type { ScorecardRow } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { alertsText, pausesText } from './scorecard-view.ts';

const row = (patch: Partial<ScorecardRow>): ScorecardRow => ({
  key: 'c1',
  label: '张三（01）',
  served: 0,
  medianServiceSeconds: null,
  ratings: { levels: [0, 0, 0, 0, 0, 0], rated: 0, bad: 0, badShare: null, badReasons: {} },
  meanRating: null,
  alerts: [],
  alertTotal: 0,
  pauses: [],
  ...patch,
});

describe('scorecard cells', () => {
  it('lists alerts by kind, most frequent first, in either language', () => {
    const r = row({
      alerts: [
        { rule: 'away-from-window', count: 1 },
        { rule: 'out-of-order-calls', count: 3 },
      ],
    });
    expect(alertsText(r, 'zh')).toBe('跳号 3 · 离岗 1');
    expect(alertsText(r, 'en')).toBe('out of order 3 · away 1');
    expect(alertsText(row({}), 'zh')).toBe('—');
  });

  it('lists pauses by reason with their count and minutes', () => {
    const r = row({
      pauses: [
        { reason: 'break', count: 2, minutes: 25 },
        { reason: 'meeting', count: 1, minutes: 30.5 },
      ],
    });
    expect(pausesText(r, 'zh')).toBe('休息 2次 25分 · 会议 1次 30.5分');
    expect(pausesText(r, 'en')).toBe('break 2× 25 min · meeting 1× 30.5 min');
  });
});
