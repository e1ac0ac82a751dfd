import { describe, expect, it } from 'vitest';
import { formatWait, formatWaitRange } from './format.ts';

const MINUTE = 60_000;

describe('formatWait: one rule for tile, ticket screen and paper', () => {
  it.each([
    [0, 0, '无需等候', 'no wait'],
    [1, 0, '5 分钟以内', 'under 5 min'],
    [0, 3 * MINUTE, '5 分钟以内', 'under 5 min'],
    [2, 7 * MINUTE, '约 5–10 分钟', 'about 5–10 min'],
    [6, 42 * MINUTE, '约 40–50 分钟', 'about 40–50 min'],
    [12, 75 * MINUTE, '约 60–90 分钟', 'about 60–90 min'],
    [30, 200 * MINUTE, '约 3 小时以上', 'over 3 hours'],
  ])('%i ahead, %d ms → %s / %s', (ahead, ms, zh, en) => {
    expect(formatWait(ahead, ms, 'zh')).toBe(zh);
    expect(formatWait(ahead, ms, 'en')).toBe(en);
  });

  it('never says no wait with anyone ahead', () => {
    for (let ahead = 1; ahead < 5; ahead += 1) {
      for (const ms of [0, 1, MINUTE, 59 * MINUTE]) {
        expect(formatWait(ahead, ms, 'zh')).not.toContain('无需等候');
        expect(formatWait(ahead, ms, 'en')).not.toMatch(/no wait/i);
      }
    }
  });

  it('words a range given directly', () => {
    expect(formatWaitRange({ kind: 'range', fromMinutes: 25, toMinutes: 30 }, 'zh')).toBe('约 25–30 分钟');
  });
});

describe('formatWait with the estimator spread', () => {
  it('covers the 20th–80th percentile in the same steps', () => {
    const spread = { lowMs: 18 * 60_000, highMs: 33 * 60_000 };
    expect(formatWait(4, 25 * 60_000, 'zh', spread)).toBe('约 15–40 分钟');
    expect(formatWait(4, 25 * 60_000, 'en', spread)).toBe('about 15–40 min');
    expect(formatWait(4, 25 * 60_000, 'en', null)).toBe(formatWait(4, 25 * 60_000, 'en'));
  });
});
