import {
  type BoardHall,
  COMPARISON_HALLS,
  DEFAULT_WAIT_SLA_MINUTES,
  type HallFigures,
} from '@hallq/protocol';
import { localized, txt, useLanguage } from '@hallq/ui/language';
import { useEffect, useState } from 'react';
import type { Session } from './App.tsx';
import {
  type ComparisonPick,
  downloadComparison,
  fetchBoard,
  fetchComparison,
  SignedOut,
} from './city-api.ts';
import { COMPARISON_FIGURES, figureMarks } from './comparison-figures.ts';
import { SpanPicker, useSpan } from './SpanPicker.tsx';
import { ErrorLine, T } from './T.tsx';

type Mode = 'halls' | 'region';

const MODES: readonly [Mode, { zh: string; en: string }][] = [
  ['halls', txt('选择大厅', 'Pick halls')],
  ['region', txt('整个区域', 'A whole region')],
];
const MARK_TEXT = { best: txt('最佳', 'best'), worst: txt('最差', 'worst') } as const;

/**
 * Halls side by side: 2–6 picked (the first two in the user's scope at first) or every hall of a region, over a
 * span of business days; each key figure's best and worst hall marked; CSV and XLSX.
 */
export function ComparePage({ session }: { session: Session }) {
  const language = useLanguage();
  const span = useSpan();
  const [board, setBoard] = useState<BoardHall[] | null>(null);
  const [mode, setMode] = useState<Mode>('halls');
  const [picked, setPicked] = useState<string[] | null>(null);
  const [region, setRegion] = useState<string | null>(session.me.region);
  const [halls, setHalls] = useState<HallFigures[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = (failure: unknown) => {
    if (failure instanceof SignedOut) session.signOut(true);
    else setError(localized(txt('对比数据读取失败', 'The comparison could not be read'), language));
  };

  // The halls to pick from: those of the board, within the user's scope.
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per session.
  useEffect(() => {
    fetchBoard(session.token, null).then(setBoard, fail);
  }, [session]);

  const chosen = picked ?? (board ?? []).slice(0, COMPARISON_HALLS.min).map((h) => h.hallId);
  const regions = [...new Set((board ?? []).map((h) => h.region))];
  const regionShown = region ?? regions[0] ?? null;
  const pick: ComparisonPick | null =
    mode === 'halls'
      ? chosen.length >= COMPARISON_HALLS.min
        ? { halls: chosen }
        : null
      : regionShown === null
        ? null
        : { region: regionShown };
  const range = span.range;
  const pickKey = JSON.stringify([pick, range]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: pickKey stands for the halls and the span.
  useEffect(() => {
    if (pick === null) {
      setHalls(null);
      return;
    }
    let current = true;
    setError(null);
    fetchComparison(session.token, pick, range).then((next) => {
      if (current) setHalls(next);
    }, fail);
    return () => {
      current = false;
    };
  }, [pickKey, session.token]);

  const toggle = (hallId: string) =>
    setPicked(chosen.includes(hallId) ? chosen.filter((id) => id !== hallId) : [...chosen, hallId]);
  const full = chosen.length >= COMPARISON_HALLS.max;
  const anyDefault = (halls ?? []).some((h) => h.slaIsDefault);

  return (
    <main className="compare">
      <div className="card controls">
        <fieldset className="segmented" aria-label={localized(txt('对比范围', 'Compare'), language)}>
          {MODES.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className={mode === id ? 'seg active' : 'seg'}
              aria-pressed={mode === id}
              onClick={() => setMode(id)}
            >
              {localized(label, language)}
            </button>
          ))}
        </fieldset>
        {mode === 'region' && (
          <label>
            <T zh="区域" en="Region" />
            <select
              name="compare-region"
              value={regionShown ?? ''}
              disabled={session.me.region !== null}
              onChange={(e) => setRegion(e.target.value || null)}
            >
              {regions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        )}
        <SpanPicker span={span} />
        <span className="spacer" />
        <span className="range-shown" data-testid="compare-range">
          {range.from === range.to ? range.from : `${range.from} – ${range.to}`}
        </span>
        <button
          type="button"
          disabled={pick === null}
          onClick={() => pick && downloadComparison(session.token, pick, range, 'csv').catch(fail)}
        >
          <T zh="导出 CSV" en="CSV" />
        </button>
        <button
          type="button"
          disabled={pick === null}
          onClick={() => pick && downloadComparison(session.token, pick, range, 'xlsx').catch(fail)}
        >
          <T zh="导出 Excel" en="Excel" />
        </button>
      </div>
      {mode === 'halls' && (
        <div className="card hall-picker" data-testid="hall-picker">
          <span className="hint">
            {language === 'zh'
              ? `选择 ${COMPARISON_HALLS.min}–${COMPARISON_HALLS.max} 个大厅（已选 ${chosen.length}）`
              : `Pick ${COMPARISON_HALLS.min}–${COMPARISON_HALLS.max} halls (${chosen.length} picked)`}
          </span>
          {(board ?? []).map((h) => (
            <label key={h.hallId} className="check pick">
              <input
                type="checkbox"
                name={`compare-${h.hallId}`}
                checked={chosen.includes(h.hallId)}
                disabled={full && !chosen.includes(h.hallId)}
                onChange={() => toggle(h.hallId)}
              />
              {h.name}
            </label>
          ))}
        </div>
      )}
      <ErrorLine error={error} />
      <div className="card table-card">
        {pick === null ? (
          <p className="empty">
            {mode === 'halls' ? (
              <T zh="请至少选择 2 个大厅" en="Pick at least two halls" />
            ) : (
              <T zh="请选择区域" en="Pick a region" />
            )}
          </p>
        ) : (
          <table data-testid="compare-table">
            <thead>
              <tr>
                <th>
                  <T zh="指标" en="Figure" />
                </th>
                {(halls ?? []).map((h) => (
                  <th key={h.hallId} className="num" data-hall={h.hallId}>
                    {h.hallName}
                    <span className="hall-region">{h.region}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {COMPARISON_FIGURES.map((figure) => {
                const marks = figureMarks(halls ?? [], figure);
                return (
                  <tr key={figure.key} data-figure={figure.key}>
                    <th scope="row">{localized(figure.label, language)}</th>
                    {(halls ?? []).map((h) => {
                      const value = figure.value(h);
                      const mark = marks.get(h.hallId);
                      return (
                        <td key={h.hallId} className={mark ? `num ${mark}` : 'num'} data-mark={mark}>
                          {value === null ? '—' : figure.format(value)}
                          {figure.key === 'within-sla' && h.slaIsDefault && value !== null && '*'}
                          {mark && (
                            <span className={`mark ${mark}`}>{localized(MARK_TEXT[mark], language)}</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {anyDefault && (
          <p className="hint" data-testid="default-sla-note">
            {language === 'zh'
              ? `* 该厅未上报等候时限，按默认 ${DEFAULT_WAIT_SLA_MINUTES} 分钟计`
              : `* The hall has not reported its wait limits: the default of ${DEFAULT_WAIT_SLA_MINUTES} min stands in`}
          </p>
        )}
      </div>
    </main>
  );
}
