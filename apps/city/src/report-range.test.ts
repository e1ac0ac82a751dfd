import { describe, expect, it } from 'vitest';
import { reportRange, todayIn } from './report-range.ts';

describe('the span of a cross-hall report', () => {
  it('covers a day, its Monday-to-Sunday week, its month, or a range in either order', () => {
    expect(reportRange('day', '2026-11-28', '2026-11-28')).toEqual({ from: '2026-11-28', to: '2026-11-28' });
    // 2026-11-28 is a Saturday; 2026-11-30 a Monday.
    expect(reportRange('week', '2026-11-28', '')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(reportRange('week', '2026-11-30', '')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(reportRange('month', '2026-02-10', '')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(reportRange('month', '2028-02-10', '')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(reportRange('range', '2026-12-03', '2026-11-01')).toEqual({
      from: '2026-11-01',
      to: '2026-12-03',
    });
  });

  it("takes today in the halls' time zone, not the computer's", () => {
    // 2026-12-06 22:30 UTC is already 12-07 in Shanghai.
    expect(todayIn('Asia/Shanghai', Date.UTC(2026, 11, 6, 22, 30))).toBe('2026-12-07');
    expect(todayIn('UTC', Date.UTC(2026, 11, 6, 22, 30))).toBe('2026-12-06');
  });
});
