import type { HallFigures } from '@hallq/protocol';

/** Which way a figure is better, or null for a volume that is neither (tickets). */
type Better = 'lower' | 'higher' | null;

/** One row of the comparison table: a figure of every hall, how to show it, and which way is better. */
export interface ComparisonFigure {
  readonly key: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly value: (h: HallFigures) => number | null;
  readonly format: (value: number) => string;
  readonly better: Better;
}

const minutes = (ms: number) => (ms / 60_000).toFixed(1);
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export const COMPARISON_FIGURES: readonly ComparisonFigure[] = [
  {
    key: 'tickets',
    label: { zh: '取号数', en: 'Tickets' },
    value: (h) => h.tickets,
    format: String,
    better: null,
  },
  {
    key: 'median-wait',
    label: { zh: '等候中位数（分）', en: 'Median wait (min)' },
    value: (h) => h.medianWaitMs,
    format: minutes,
    better: 'lower',
  },
  {
    key: 'p90-wait',
    label: { zh: '等候 P90（分）', en: 'P90 wait (min)' },
    value: (h) => h.p90WaitMs,
    format: minutes,
    better: 'lower',
  },
  {
    key: 'median-service',
    label: { zh: '办理中位数（分）', en: 'Median service (min)' },
    value: (h) => h.medianServiceMs,
    format: minutes,
    better: 'lower',
  },
  {
    key: 'within-sla',
    label: { zh: '时限内占比', en: 'Within SLA' },
    value: (h) => h.withinSlaShare,
    format: percent,
    better: 'higher',
  },
  {
    key: 'rated',
    label: { zh: '评价数', en: 'Ratings' },
    value: (h) => h.rated,
    format: String,
    better: null,
  },
  {
    key: 'average-rating',
    label: { zh: '平均评分', en: 'Average rating' },
    value: (h) => h.averageRating,
    format: (v) => v.toFixed(2),
    better: 'higher',
  },
  {
    key: 'bad-share',
    label: { zh: '差评率', en: 'Bad ratings' },
    value: (h) => h.badRatingShare,
    format: percent,
    better: 'lower',
  },
  {
    key: 'no-show-share',
    label: { zh: '过号率', en: 'No-shows' },
    value: (h) => h.noShowShare,
    format: percent,
    better: 'lower',
  },
];

export type Mark = 'best' | 'worst';

/**
 * The best and the worst hall on one figure (every hall tied at either end is marked). Nothing is marked when
 * fewer than two halls have the figure, when they are all equal, or for a figure that is neither better nor
 * worse one way.
 */
export function figureMarks(halls: readonly HallFigures[], figure: ComparisonFigure): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  if (figure.better === null) return marks;
  const known = halls.flatMap((h) => {
    const value = figure.value(h);
    return value === null ? [] : [{ hallId: h.hallId, value }];
  });
  if (known.length < 2) return marks;
  const values = known.map((k) => k.value);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  if (low === high) return marks;
  const [best, worst] = figure.better === 'lower' ? [low, high] : [high, low];
  for (const k of known) {
    if (k.value === best) marks.set(k.hallId, 'best');
    else if (k.value === worst) marks.set(k.hallId, 'worst');
  }
  return marks;
}
