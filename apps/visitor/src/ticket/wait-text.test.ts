import { formatWait } from '@hallq/ui/format';
import { describe, expect, it } from 'vitest';
import { waitTextOf } from './wait-text.ts';

const MINUTE = 60_000;

describe('the ticket page’s wait', () => {
  it('is the range the tile, the ticket screen and the paper show, covering the estimator’s spread', () => {
    const view = {
      peopleAhead: 6,
      estimatedWaitMs: 25 * MINUTE,
      estimatedWaitRange: { lowMs: 18 * MINUTE, highMs: 33 * MINUTE },
    };
    expect(waitTextOf(view, 'zh')).toBe('约 15–40 分钟');
    expect(waitTextOf(view, 'en')).toBe('about 15–40 min');
    expect(waitTextOf(view, 'zh')).toBe(formatWait(6, 25 * MINUTE, 'zh', view.estimatedWaitRange));
    // Without the spread the page shows the single figure's step, as before.
    const { estimatedWaitRange: _spread, ...plain } = view;
    expect(waitTextOf(plain, 'zh')).toBe('约 20–25 分钟');
  });

  it('never says "no wait" with someone ahead, and ignores a range that is not two numbers', () => {
    expect(
      waitTextOf({ peopleAhead: 2, estimatedWaitMs: 0, estimatedWaitRange: { lowMs: 0, highMs: 0 } }, 'en'),
    ).toBe('under 5 min');
    const damaged = { lowMs: Number.NaN, highMs: 40 * MINUTE };
    expect(
      waitTextOf({ peopleAhead: 3, estimatedWaitMs: 7 * MINUTE, estimatedWaitRange: damaged }, 'zh'),
    ).toBe('约 5–10 分钟');
    expect(waitTextOf({ peopleAhead: null, estimatedWaitMs: null }, 'zh')).toBe('无需等候');
  });
});
