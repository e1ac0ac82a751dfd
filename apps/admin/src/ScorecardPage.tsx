import type { Scorecard, ScorecardRow } from '@hallq/protocol';
import { useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { download } from './download.ts';
import { minutesText, percentText } from './report-range.ts';
import { alertsText, pausesText } from './scorecard-view.ts';
import { ErrorLine, T } from './T.tsx';

function ScorecardTable(props: { rows: readonly ScorecardRow[]; who: 'clerk' | 'window' }) {
  const language = useLanguage();
  if (props.rows.length === 0) {
    return (
      <p className="muted">
        <T zh="本月无记录" en="Nothing this month" />
      </p>
    );
  }
  return (
    <table className="scorecard" data-scorecard={props.who}>
      <thead>
        <tr>
          <th>{props.who === 'clerk' ? <T zh="人员" en="Clerk" /> : <T zh="窗口" en="Window" />}</th>
          <th className="num">
            <T zh="办结" en="Served" />
          </th>
          <th className="num">
            <T zh="办理中位数(分)" en="Median service (min)" />
          </th>
          <th className="num">
            <T zh="评价数" en="Rated" />
          </th>
          <th className="num">
            <T zh="平均评价" en="Mean rating" />
          </th>
          <th className="num">
            <T zh="差评率" en="Bad share" />
          </th>
          <th className="num">
            <T zh="告警" en="Alerts" />
          </th>
          <th>
            <T zh="告警分类" en="Alerts by kind" />
          </th>
          <th>
            <T zh="暂停" en="Pauses" />
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <td>{r.label}</td>
            <td className="num">{r.served}</td>
            <td className="num">{minutesText(r.medianServiceSeconds)}</td>
            <td className="num">{r.ratings.rated}</td>
            <td className="num">{r.meanRating === null ? '—' : r.meanRating.toFixed(2)}</td>
            <td className="num">{percentText(r.ratings.badShare)}</td>
            <td className={`num${r.alertTotal > 0 ? ' bad' : ''}`}>{r.alertTotal}</td>
            <td className="kinds" data-cell="alerts">
              {alertsText(r, language)}
            </td>
            <td className="kinds" data-cell="pauses">
              {pausesText(r, language)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The monthly scorecard (月度考评): per clerk and per window, what they served and how fast, how visitors rated
 * them, the alerts about them (behaviour monitoring included) and their pauses. Exported as a workbook.
 */
export function ScorecardPage({ connection }: { connection: AdminConnection }) {
  const [month, setMonth] = useState('');
  const [card, setCard] = useState<Scorecard | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(
    async (m: string) => {
      const answer = await connection.command('scorecard:query', { month: m });
      if (!answer.ok) return setError(answer.error.message);
      setError(null);
      setCard(answer.data);
    },
    [connection],
  );
  // Opens on the month of the hall's business day.
  useEffect(() => {
    void connection.command('supervision:snapshot', {}).then((a) => {
      if (!a.ok) return setError(a.error.message);
      const current = a.data.businessDay.slice(0, 7);
      setMonth(current);
      void query(current);
    });
  }, [connection, query]);

  const exportXlsx = async () => {
    const answer = await connection.command('scorecard:export', { month });
    if (answer.ok) download(answer.data);
    else setError(answer.error.message);
  };

  return (
    <div className="scorecard-page">
      <section className="card controls">
        <label>
          <T zh="月份" en="Month" />{' '}
          <input
            type="month"
            name="scorecard-month"
            value={month}
            onChange={(e) => {
              setMonth(e.target.value);
              if (/^\d{4}-\d{2}$/.test(e.target.value)) void query(e.target.value);
            }}
          />
        </label>
        <button type="button" name="scorecard-export" disabled={!card} onClick={() => void exportXlsx()}>
          <T zh="导出 XLSX" en="Export XLSX" />
        </button>
        {card && (
          <span className="muted">
            {card.from} – {card.to}
          </span>
        )}
      </section>
      <ErrorLine error={error} />
      {card && (
        <>
          <section className="card">
            <h2>
              <T zh="按人员" en="By clerk" />
            </h2>
            <ScorecardTable rows={card.byClerk} who="clerk" />
          </section>
          <section className="card">
            <h2>
              <T zh="按窗口" en="By window" />
            </h2>
            <ScorecardTable rows={card.byWindow} who="window" />
          </section>
        </>
      )}
    </div>
  );
}
