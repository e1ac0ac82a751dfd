import { localized, txt, useLanguage } from '@hallq/ui/language';
import { useState } from 'react';
import { type RangeKind, reportRange, todayIn } from './report-range.ts';
import { T } from './T.tsx';

/** The halls' time zone: "today" and the business days of a span are theirs, not the desk computer's. */
const TIME_ZONE = 'Asia/Shanghai';

const KINDS: readonly [RangeKind, { zh: string; en: string }][] = [
  ['day', txt('日', 'Day')],
  ['week', txt('周', 'Week')],
  ['month', txt('月', 'Month')],
  ['range', txt('时间段', 'Range')],
];

/** The span of business days a page reads: a day, its week, its month, or a range; today's day at first. */
export function useSpan() {
  const today = todayIn(TIME_ZONE, Date.now());
  const [kind, setKind] = useState<RangeKind>('day');
  const [anchor, setAnchor] = useState(today);
  const [until, setUntil] = useState(today);
  return {
    today,
    kind,
    setKind,
    anchor,
    setAnchor,
    until,
    setUntil,
    range: reportRange(kind, anchor, until),
  };
}
export type Span = ReturnType<typeof useSpan>;

/** The span's controls: day / week / month / range, and the date (or the two dates of a range). */
export function SpanPicker({ span }: { span: Span }) {
  const language = useLanguage();
  const { today, kind } = span;
  return (
    <>
      <fieldset className="segmented" aria-label={localized(txt('时段', 'Span'), language)}>
        {KINDS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            className={kind === id ? 'seg active' : 'seg'}
            aria-pressed={kind === id}
            onClick={() => span.setKind(id)}
          >
            {localized(label, language)}
          </button>
        ))}
      </fieldset>
      <label>
        {kind === 'range' ? <T zh="从" en="From" /> : <T zh="日期" en="Date" />}
        <input
          type="date"
          name="anchor"
          value={span.anchor}
          max={today}
          onChange={(e) => span.setAnchor(e.target.value || today)}
        />
      </label>
      {kind === 'range' && (
        <label>
          <T zh="至" en="To" />
          <input
            type="date"
            name="until"
            value={span.until}
            max={today}
            onChange={(e) => span.setUntil(e.target.value || today)}
          />
        </label>
      )}
    </>
  );
}
