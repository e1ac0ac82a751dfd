import { describe, expect, it } from 'vitest';
import { chartHours, minutesText, percentText, rangeOf } from './report-range.ts';

describe('report ranges', () => {
  it('gives a day, its Monday-to-Sunday week and its calendar month', () => {
    expect(rangeOf('day', '2026-03-04')).toEqual({ from: '2026-03-04', to: '2026-03-04' });
    expect(rangeOf('week', '2026-03-04')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(rangeOf('week', '2026-03-08')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(rangeOf('week', '2026-03-02')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(rangeOf('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(rangeOf('month', '2028-02-14')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(rangeOf('week', '2026-12-31')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('refuses a malformed date', () => {
    expect(() => rangeOf('day', 'yesterday')).toThrow('not a date');
  });

  it('formats minutes and shares', () => {
    expect(minutesText(825)).toBe('13.8');
    expect(minutesText(null)).toBe('—');
    expect(percentText(0.5)).toBe('50.0%');
    expect(percentText(null)).toBe('—');
  });
});

describe('chartHours', () => {
  const none = Array.from({ length: 24 }, () => 0);
  it('covers every opening hour of every service, the lunch break included', () => {
    expect(
      chartHours(
        [
          { from: '08:30', to: '12:00' },
          { from: '13:30', to: '17:30' },
        ],
        none,
      ),
    ).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(chartHours([{ from: '00:00', to: '24:00' }], none)).toHaveLength(24);
  });

  it('widens to hours with tickets outside the opening hours, and has a default for a closed hall', () => {
    const early = none.map((_, h) => (h === 7 ? 3 : 0));
    expect(chartHours([{ from: '09:00', to: '10:00' }], early)).toEqual([7, 8, 9]);
    expect(chartHours([], none)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });
});
