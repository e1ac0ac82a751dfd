import type { ReportLine } from '@hallq/protocol';
import { localized, txt, useLanguage } from '@hallq/ui/language';
import { useEffect, useState } from 'react';
import type { Session } from './App.tsx';
import { downloadReport, fetchBoard, fetchReport, SignedOut } from './city-api.ts';
import { type GroupBy, groupReport, type ReportRow } from './report-groups.ts';
import { SpanPicker, useSpan } from './SpanPicker.tsx';
import { ErrorLine, T } from './T.tsx';

const GROUPS: readonly [GroupBy, { zh: string; en: string }][] = [
  ['hall', txt('按大厅', 'By hall')],
  ['region', txt('按区域', 'By region')],
  ['service', txt('按事项', 'By service')],
  ['item', txt('按事项编码', 'By item code')],
];

const mins = (ms: number | null) => (ms === null ? '—' : (ms / 60_000).toFixed(1));

/** A 事项 group: its code (or that the services have none) and what the halls call it. */
function ItemLabel({ row }: { row: ReportRow }) {
  return (
    <>
      <span className="item-code">{row.key === '' ? <T zh="未编码" en="Not coded" /> : row.key}</span>
      {row.serviceNames.length > 0 && <span className="item-names"> · {row.serviceNames.join('、')}</span>}
    </>
  );
}

/**
 * Cross-hall reports: a span of business days, grouped by hall, region, service or 事项 code (the same item
 * across halls); CSV and XLSX (by 事项 code: the item table).
 */
export function ReportsPage({ session }: { session: Session }) {
  const language = useLanguage();
  const span = useSpan();
  const [groupBy, setGroupBy] = useState<GroupBy>('hall');
  const [region, setRegion] = useState<string | null>(session.me.region);
  const [regions, setRegions] = useState<string[]>([]);
  const [lines, setLines] = useState<ReportLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const range = { ...span.range, region };
  const rangeKey = `${range.from}|${range.to}|${region ?? ''}`;

  const fail = (failure: unknown) => {
    if (failure instanceof SignedOut) session.signOut(true);
    else setError(localized(txt('报表读取失败', 'The report could not be read'), language));
  };

  // The regions a city-wide user may narrow to: those of the halls on the board.
  useEffect(() => {
    if (session.me.region !== null) return;
    fetchBoard(session.token, null).then(
      (halls) => setRegions([...new Set(halls.map((h) => h.region))]),
      () => setRegions([]),
    );
  }, [session]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: rangeKey stands for the range the report covers.
  useEffect(() => {
    let current = true;
    setError(null);
    fetchReport(session.token, range).then((next) => {
      if (current) setLines(next);
    }, fail);
    return () => {
      current = false;
    };
  }, [rangeKey, session.token]);

  const rows = lines ? groupReport(lines, groupBy) : [];
  return (
    <main className="reports">
      <div className="card controls">
        <SpanPicker span={span} />
        <label>
          <T zh="区域" en="Region" />
          <select
            name="region"
            value={region ?? ''}
            disabled={session.me.region !== null}
            onChange={(e) => setRegion(e.target.value || null)}
          >
            {session.me.region === null && (
              <option value="">{localized(txt('全市', 'All halls'), language)}</option>
            )}
            {(session.me.region !== null ? [session.me.region] : regions).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="segmented" aria-label={localized(txt('分组', 'Group'), language)}>
          {GROUPS.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className={groupBy === id ? 'seg active' : 'seg'}
              aria-pressed={groupBy === id}
              onClick={() => setGroupBy(id)}
            >
              {localized(label, language)}
            </button>
          ))}
        </fieldset>
        <span className="spacer" />
        <span className="range-shown" data-testid="range">
          {range.from === range.to ? range.from : `${range.from} – ${range.to}`}
        </span>
        <button
          type="button"
          onClick={() => downloadReport(session.token, range, 'csv', groupBy === 'item').catch(fail)}
        >
          <T zh="导出 CSV" en="CSV" />
        </button>
        <button
          type="button"
          onClick={() => downloadReport(session.token, range, 'xlsx', groupBy === 'item').catch(fail)}
        >
          <T zh="导出 Excel" en="Excel" />
        </button>
      </div>
      <ErrorLine error={error} />
      <div className="card table-card">
        <table data-testid="report-table">
          <thead>
            <tr>
              <th>
                {groupBy === 'hall' ? (
                  <T zh="大厅" en="Hall" />
                ) : groupBy === 'region' ? (
                  <T zh="区域" en="Region" />
                ) : groupBy === 'item' ? (
                  <T zh="事项编码 · 各厅名称" en="Item code · names in the halls" />
                ) : (
                  <T zh="事项" en="Service" />
                )}
              </th>
              <th className="num">
                <T zh="大厅数" en="Halls" />
              </th>
              <th className="num">
                <T zh="取号" en="Issued" />
              </th>
              <th className="num">
                <T zh="办结" en="Served" />
              </th>
              <th className="num">
                <T zh="过号" en="No-shows" />
              </th>
              <th className="num">
                <T zh="平均等候(分)" en="Avg wait (min)" />
              </th>
              <th className="num">
                <T zh="最长等候(分)" en="Max wait (min)" />
              </th>
              <th className="num">
                <T zh="平均办理(分)" en="Avg service (min)" />
              </th>
              <th className="num">
                <T zh="评价数" en="Rated" />
              </th>
              <th className="num">
                <T zh="平均评分" en="Avg rating" />
              </th>
              <th className="num">
                <T zh="差评" en="Bad" />
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={row.badRatings > 0 ? 'over' : undefined}>
                <td>{groupBy === 'item' ? <ItemLabel row={row} /> : row.label}</td>
                <td className="num">{row.halls}</td>
                <td className="num">{row.issued}</td>
                <td className="num">{row.served}</td>
                <td className="num">{row.noShows}</td>
                <td className="num">{mins(row.averageWaitMs)}</td>
                <td className="num">{mins(row.longestWaitMs)}</td>
                <td className="num">{mins(row.averageServiceMs)}</td>
                <td className="num">{row.rated}</td>
                <td className="num">{row.averageRating === null ? '—' : row.averageRating.toFixed(2)}</td>
                <td className="num">{row.badRatings}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {lines !== null && rows.length === 0 && (
          <p className="empty">
            <T zh="该时段无数据" en="Nothing in this span" />
          </p>
        )}
      </div>
    </main>
  );
}
