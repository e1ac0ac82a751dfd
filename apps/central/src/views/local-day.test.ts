import { describe, expect, it } from 'vitest';
import { localMidnight, nextDay, startOfLocalDay } from './local-day.ts';

describe("a day's first instant in a hall's time zone", () => {
  it('is the local midnight, whatever the offset', () => {
    expect(localMidnight('2026-11-28', 'Asia/Shanghai')).toBe(Date.parse('2026-11-27T16:00:00Z'));
    expect(localMidnight('2026-11-28', 'UTC')).toBe(Date.parse('2026-11-28T00:00:00Z'));
    // Across a change of summer time: 8 March 2026, New York moves from -05:00 to -04:00 at 02:00.
    expect(localMidnight('2026-03-09', 'America/New_York')).toBe(Date.parse('2026-03-09T04:00:00Z'));
    expect(startOfLocalDay(Date.parse('2026-11-28T15:59:59Z'), 'Asia/Shanghai')).toBe(
      Date.parse('2026-11-27T16:00:00Z'),
    );
  });

  it('is followed by the next calendar day, over a month and a year end', () => {
    expect(nextDay('2026-11-30')).toBe('2026-12-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});
