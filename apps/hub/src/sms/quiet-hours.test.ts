import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from './quiet-hours.ts';

const shanghai = (hh: number, mm: number) => Date.UTC(2026, 11, 6, hh - 8, mm, 30);
const quiet = { from: '21:00', to: '08:00' };

describe('quiet hours for reminders', () => {
  it('lets a reminder go at once outside the quiet hours', () => {
    expect(quietHoursEnd(shanghai(18, 0), quiet, 'Asia/Shanghai')).toBe(shanghai(18, 0));
    expect(quietHoursEnd(shanghai(8, 0), quiet, 'Asia/Shanghai')).toBe(shanghai(8, 0));
  });

  it('holds one due in quiet hours that run over midnight until they end, in the hall time zone', () => {
    const end = Date.UTC(2026, 11, 7, 0, 0, 0);
    expect(quietHoursEnd(shanghai(22, 15), quiet, 'Asia/Shanghai')).toBe(end);
    expect(quietHoursEnd(Date.UTC(2026, 11, 6, 19, 10, 30), quiet, 'Asia/Shanghai')).toBe(end);
  });

  it('handles quiet hours inside one day, and none at all', () => {
    const lunch = { from: '12:00', to: '13:30' };
    expect(quietHoursEnd(shanghai(12, 10), lunch, 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 6, 5, 30, 0));
    expect(quietHoursEnd(shanghai(22, 0), null, 'Asia/Shanghai')).toBe(shanghai(22, 0));
  });
});
