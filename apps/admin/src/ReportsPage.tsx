import type { Report, ReportRow } from '@hallq/protocol';
import { useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { AdminConnection } from './admin-connection.ts';
import { download } from './download.ts';
import { chartHours, minutesText, percentText, type RangeKind, rangeOf } from './report-range.ts';
import { ErrorLine, T } from './T.tsx';

const LEVELS = [
  ['未评价', 'Not rated', '#b0b7c3'],
  ['非常不满意', 'Very dissatisfied', '#c0392b'],
  ['不满意', 'Dissatisfied', '#e67e22'],
  ['基本满意', 'Fair', '#f1c40f'],
  ['满意', 'Satisfied', '#7fb77e'],
  ['非常满意', 'Very satisfied', '#2e8b57'],
] as const;
const REASONS: Record<string, [string, string]> = {
  attitude: ['服务态度', 'Attitude'],
  efficiency: ['办事效率', 'Efficiency'],
  'one-time-notice': ['一次性告知', 'One-time notice'],
  other: ['其他', 'Other'],
};

/**
 * 好差评 records (the province's field layout) for a date range, as CSV, XLSX or JSON: what the hall hands the
 * province's platform when it asks by month or quarter. The range is its own, apart from the report's.
 */
function RatingExport({ connection, today }: { connection: AdminConnection; today: string }) {
  const [range, setRange] = useState({ from: '', to: '' });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (today) setRange((r) => (r.from ? r : { from: today, to: today }));
  }, [today]);
  const exportAs = async (format: 'csv' | 'xlsx' | 'json') => {
    setError(null);
    const answer = await connection.command('rating:export', { ...range, format });
    if (answer.ok) download(answer.data);
    else setError(answer.error.message);
  };
  const ready = range.from !== '' && range.to !== '';
  return (
    <section className="card controls" data-card="rating-export">
      <strong>
        <T zh="好差评记录导出" en="Rating records" />
      </strong>
      <input
        type="date"
        name="rating-from"
        value={range.from}
        onChange={(e) => setRange({ ...range, from: e.target.value })}
      />
      –
      <input
        type="date"
        name="rating-to"
        value={range.to}
        onChange={(e) => setRange({ ...range, to: e.target.value })}
      />
      {(['csv', 'xlsx', 'json'] as const).map((format) => (
        <button
          key={format}
          type="button"
          name={`rating-export-${format}`}
          disabled={!ready}
          onClick={() => void exportAs(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
      <ErrorLine error={error} />
    </section>
  );
}

function RowsTable({ rows, handledLabel }: { rows: readonly ReportRow[]; handledLabel: boolean }) {
  return (
    <table className="report">
      <thead>
        <tr>
          <th />
          <th className="num">{handledLabel ? <T zh="办件" en="Handled" /> : <T zh="取号" en="Issued" />}</th>
          <th className="num">
            <T zh="办结" en="Served" />
          </th>
          <th className="num">
            <T zh="过号" en="No-show" />
          </th>
          <th className="num">
            <T zh="转移" en="Transferred" />
          </th>
          <th className="num">
            <T zh="取消" en="Cancelled" />
          </th>
          <th className="num">
            <T zh="等候 均/中/P90(分)" en="Wait avg/med/p90 (min)" />
          </th>
          <th className="num">
            <T zh="办理 均/中/P90(分)" en="Service avg/med/p90 (min)" />
          </th>
          <th className="num">
            <T zh="差评率" en="Bad share" />
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.label}</td>
            <td className="num">{r.issued}</td>
            <td className="num">{r.served}</td>
            <td className="num">{r.noShow}</td>
            <td className="num">{r.transferred}</td>
            <td className="num">{r.cancelled}</td>
            <td className="num">
              {minutesText(r.wait.averageSeconds)} / {minutesText(r.wait.medianSeconds)} /{' '}
              {minutesText(r.wait.p90Seconds)}
            </td>
            <td className="num">
              {minutesText(r.service.averageSeconds)} / {minutesText(r.service.medianSeconds)} /{' '}
              {minutesText(r.service.p90Seconds)}
            </td>
            <td className="num">{percentText(r.ratings.badShare)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportsPage({ connection }: { connection: AdminConnection }) {
  const language = useLanguage();
  const [kind, setKind] = useState<RangeKind>('day');
  const [day, setDay] = useState('');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [report, setReport] = useState<Report | null>(null);
  const [openingHours, setOpeningHours] = useState<{ from: string; to: string }[]>([]);
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(
    async (range: { from: string; to: string }) => {
      setError(null);
      const answer = await connection.command('report:query', range);
      if (answer.ok) setReport(answer.data);
      else setError(answer.error.message);
    },
    [connection],
  );

  // The page opens on today's report: the question a manager asks first.
  useEffect(() => {
    void connection.command('supervision:snapshot', {}).then((a) => {
      if (!a.ok) return setError(a.error.message);
      const today = a.data.businessDay;
      setDay(today);
      setCustom({ from: today, to: today });
      void query({ from: today, to: today });
    });
    void connection.command('hall:snapshot', {}).then((a) => {
      if (a.ok) setOpeningHours(a.data.hall.services.filter((s) => s.enabled).flatMap((s) => s.openingHours));
    });
  }, [connection, query]);

  const range = kind === 'custom' ? custom : day ? rangeOf(kind, day) : null;
  const run = async () => {
    if (range) await query(range);
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    if (!range) return;
    const answer = await connection.command('report:export', { ...range, format });
    if (answer.ok) download(answer.data);
    else setError(answer.error.message);
  };
  /** Every ticket of the range one row each, with its 办件编号 (the report above only counts them). */
  const exportTickets = async (format: 'csv' | 'xlsx') => {
    if (!range) return;
    setError(null);
    const answer = await connection.command('report:tickets-export', { ...range, format });
    if (answer.ok) download(answer.data);
    else setError(answer.error.message);
  };

  const shownHours = report
    ? chartHours(openingHours, report.issuedByHour).map((h) => ({
        hour: String(h).padStart(2, '0'),
        n: report.issuedByHour[h] ?? 0,
      }))
    : [];
  const ratings =
    report?.total.ratings.levels
      .map((n, level) => ({ name: LEVELS[level]![language === 'zh' ? 0 : 1], n, color: LEVELS[level]![2] }))
      .filter((x) => x.n > 0) ?? [];
  const waits =
    report?.byService.map((r) => ({
      name: r.label.split(' ')[0],
      wait: r.wait.averageSeconds === null ? 0 : Math.round(r.wait.averageSeconds / 6) / 10,
      service: r.service.averageSeconds === null ? 0 : Math.round(r.service.averageSeconds / 6) / 10,
    })) ?? [];

  return (
    <div className="reports">
      <div className="reports-main">
        <section className="card controls">
          <select name="range-kind" value={kind} onChange={(e) => setKind(e.target.value as RangeKind)}>
            <option value="day">{language === 'zh' ? '日报' : 'Day'}</option>
            <option value="week">{language === 'zh' ? '周报' : 'Week'}</option>
            <option value="month">{language === 'zh' ? '月报' : 'Month'}</option>
            <option value="custom">{language === 'zh' ? '自定义' : 'Custom'}</option>
          </select>
          {kind === 'custom' ? (
            <>
              <input
                type="date"
                value={custom.from}
                onChange={(e) => setCustom({ ...custom, from: e.target.value })}
              />
              –
              <input
                type="date"
                value={custom.to}
                onChange={(e) => setCustom({ ...custom, to: e.target.value })}
              />
            </>
          ) : (
            <input type="date" name="report-day" value={day} onChange={(e) => setDay(e.target.value)} />
          )}
          {range && (
            <span className="muted">
              {range.from} – {range.to}
            </span>
          )}
          <button type="button" className="primary" name="run-report" onClick={() => void run()}>
            <T zh="查询" en="Show" />
          </button>
          <button type="button" name="export-csv" disabled={!report} onClick={() => void exportAs('csv')}>
            CSV
          </button>
          <button type="button" name="export-xlsx" disabled={!report} onClick={() => void exportAs('xlsx')}>
            XLSX
          </button>
          <span className="muted">
            <T zh="号票明细（含办件编号）" en="Ticket list (with case numbers)" />
          </span>
          {(['csv', 'xlsx'] as const).map((format) => (
            <button
              key={format}
              type="button"
              name={`export-tickets-${format}`}
              disabled={!range}
              onClick={() => void exportTickets(format)}
            >
              {format.toUpperCase()}
            </button>
          ))}
        </section>
        <ErrorLine error={error} />
        <RatingExport connection={connection} today={day} />
        {report && (
          <>
            <section className="card totals">
              {(
                [
                  ['取号', 'Issued', report.total.issued],
                  ['办结', 'Served', report.total.served],
                  ['过号', 'No-show', report.total.noShow],
                  ['转移', 'Transferred', report.total.transferred],
                  ['取消', 'Cancelled', report.total.cancelled],
                  ['平均等候(分)', 'Avg wait (min)', minutesText(report.total.wait.averageSeconds)],
                  ['等候P90(分)', 'P90 wait (min)', minutesText(report.total.wait.p90Seconds)],
                  ['平均办理(分)', 'Avg service (min)', minutesText(report.total.service.averageSeconds)],
                  ['差评率', 'Bad share', percentText(report.total.ratings.badShare)],
                ] as const
              ).map(([zh, en, value]) => (
                <div key={en} className="figure">
                  <span className="value">{value}</span>
                  <span className="label">
                    <T zh={zh} en={en} />
                  </span>
                </div>
              ))}
            </section>
            <section className="card report-tables">
              <div className="list-box">
                <h3>
                  <T zh="按业务" en="By service" />
                </h3>
                <RowsTable rows={[...report.byService, report.total]} handledLabel={false} />
                <h3>
                  <T zh="按窗口" en="By window" />
                </h3>
                <RowsTable rows={report.byWindow} handledLabel />
                <h3>
                  <T zh="按人员" en="By clerk" />
                </h3>
                <RowsTable rows={report.byClerk} handledLabel />
              </div>
            </section>
          </>
        )}
      </div>
      {report && (
        <div className="charts">
          <section className="card chart" data-chart="hours">
            <h3>
              <T zh="分时段取号（高峰时段）" en="Tickets by hour (peaks)" />
            </h3>
            <BarChart width={Math.max(460, 80 + shownHours.length * 24)} height={130} data={shownHours}>
              <CartesianGrid strokeDasharray="3 3" />
              {/* Every hour labelled (the axis would otherwise skip every other one when crowded). */}
              <XAxis dataKey="hour" interval={0} tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar
                dataKey="n"
                name={language === 'zh' ? '取号' : 'Issued'}
                fill="#2f6fb3"
                isAnimationActive={false}
              />
            </BarChart>
          </section>
          <section className="card chart" data-chart="services">
            <h3>
              <T zh="各业务平均等候与办理(分)" en="Average wait and service by service (min)" />
            </h3>
            <BarChart width={460} height={130} data={waits}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar
                dataKey="wait"
                name={language === 'zh' ? '等候' : 'Wait'}
                fill="#e67e22"
                isAnimationActive={false}
              />
              <Bar
                dataKey="service"
                name={language === 'zh' ? '办理' : 'Service'}
                fill="#2e8b57"
                isAnimationActive={false}
              />
            </BarChart>
          </section>
          <section className="card chart" data-chart="ratings">
            <h3>
              <T zh="评价分布" en="Ratings" />
            </h3>
            {ratings.length === 0 && (
              <p className="muted">
                <T zh="暂无评价" en="No ratings yet" />
              </p>
            )}
            <PieChart width={360} height={ratings.length === 0 ? 0 : 190}>
              <Pie data={ratings} dataKey="n" nameKey="name" outerRadius={50} isAnimationActive={false} label>
                {ratings.map((r) => (
                  <Cell key={r.name} fill={r.color} />
                ))}
              </Pie>
              <Tooltip />
              <Legend />
            </PieChart>
            <p>
              <T zh="差评原因：" en="Reasons for bad ratings: " />
              {Object.entries(report.total.ratings.badReasons)
                .map(([tag, n]) => `${REASONS[tag]?.[language === 'zh' ? 0 : 1] ?? tag} ${n}`)
                .join('、') || '—'}
            </p>
          </section>
        </div>
      )}
    </div>
  );
}
