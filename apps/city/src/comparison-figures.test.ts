import type { HallFigures } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { COMPARISON_FIGURES, figureMarks } from './comparison-figures.ts';

const hall = (hallId: string, over: Partial<HallFigures> = {}): HallFigures => ({
  hallId,
  hallName: hallId,
  region: '东城区',
  tickets: 10,
  served: 9,
  noShows: 1,
  medianWaitMs: 600_000,
  p90WaitMs: 1_200_000,
  medianServiceMs: 300_000,
  withinSlaShare: 0.9,
  slaIsDefault: false,
  rated: 5,
  averageRating: 4,
  badRatingShare: 0.2,
  noShowShare: 0.1,
  ...over,
});
const figure = (key: string) => COMPARISON_FIGURES.find((f) => f.key === key)!;

describe('best and worst in a comparison of halls', () => {
  it('marks the lowest wait best and the highest worst; the highest share within SLA best', () => {
    const halls = [
      hall('a', { medianWaitMs: 300_000, withinSlaShare: 0.5 }),
      hall('b', { medianWaitMs: 900_000, withinSlaShare: 0.95 }),
      hall('c'),
    ];
    expect(Object.fromEntries(figureMarks(halls, figure('median-wait')))).toEqual({ a: 'best', b: 'worst' });
    expect(Object.fromEntries(figureMarks(halls, figure('within-sla')))).toEqual({ b: 'best', a: 'worst' });
  });

  it('marks every hall tied at an end, and none when all are equal, unknown or a mere volume', () => {
    const tied = [hall('a', { badRatingShare: 0 }), hall('b', { badRatingShare: 0 }), hall('c')];
    expect(Object.fromEntries(figureMarks(tied, figure('bad-share')))).toEqual({
      a: 'best',
      b: 'best',
      c: 'worst',
    });
    expect(figureMarks([hall('a'), hall('b')], figure('median-wait')).size).toBe(0);
    // One hall rated, the other not: nothing to compare.
    expect(figureMarks([hall('a'), hall('b', { averageRating: null })], figure('average-rating')).size).toBe(
      0,
    );
    expect(figureMarks([hall('a', { tickets: 1 }), hall('b')], figure('tickets')).size).toBe(0);
  });
});
