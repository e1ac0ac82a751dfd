import type { PlannerAnswer } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { planQueryOf, planTable } from './plan-table.ts';

describe('hallctl plan', () => {
  it('reads its flags into a planner query', () => {
    expect(planQueryOf('2026-12-01', new Map())).toEqual({ day: '2026-12-01' });
    expect(
      planQueryOf(
        '2026-12-01',
        new Map([
          ['weeks', '6'],
          ['growth', '1.1'],
          ['windows', '3, 4,5'],
          ['suggest', 'true'],
        ]),
      ),
    ).toEqual({
      day: '2026-12-01',
      weeks: 6,
      growth: 1.1,
      counts: [3, 4, 5],
      target: { share: 0.8, maxWaitMinutes: 15 },
    });
    expect(planQueryOf('2026-12-01', new Map([['target-wait', '20']]))?.target).toEqual({
      share: 0.8,
      maxWaitMinutes: 20,
    });
    expect(planQueryOf('2026-12-01', new Map([['weeks', 'many']]))).toBeNull();
    expect(planQueryOf('2026-12-01', new Map([['windows', '3,x']]))).toBeNull();
  });

  it('prints one row per half-hour, with the suggestion and where it misses the target', () => {
    const plan: PlannerAnswer = {
      day: '2026-12-01',
      weeks: 4,
      growth: 1,
      historyDays: ['2026-11-24'],
      windowsAvailable: 4,
      halfHours: [
        {
          startMinute: 540,
          arrivals: 12.5,
          planned: 3,
          windows: 3,
          medianWaitMs: 4 * 60_000,
          p80WaitMs: 9 * 60_000,
        },
        { startMinute: 570, arrivals: 30, planned: 3, windows: 3, medianWaitMs: null, p80WaitMs: null },
      ],
      suggestion: { counts: [2, 4], met: [true, false], shareWithinTarget: [0.9, 0.6], halfHours: [] },
    };
    const lines = planTable(plan).split('\n');
    expect(lines[0]).toContain('2026-11-24');
    expect(lines[2]).toMatch(/09:00–09:30\s+12\.5\s+3\s+3\s+4\s+9\s+2$/);
    expect(lines[3]).toMatch(/09:30–10:00\s+30\.0\s+3\s+3\s+—\s+—\s+4 \(target missed\)$/);
  });
});
