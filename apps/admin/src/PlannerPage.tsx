import type { PlannerAnswer, PlannerQuery } from '@hallq/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { changeCount, dayAfter, halfHourText, totalsOf, waitText } from './planner-view.ts';
import { ErrorLine, T } from './T.tsx';

/**
 * 排班建议: pick a day; see the forecast arrivals, the windows the schedule plans and the predicted waits (median,
 * 80th percentile) per half-hour; change the windows of a half-hour and the prediction follows at once; ask for the
 * fewest windows that keep a target (80% called within 15 minutes) and take them over.
 */
export function PlannerPage({ connection }: { connection: AdminConnection }) {
  const [day, setDay] = useState('');
  const [weeks, setWeeks] = useState(4);
  const [growth, setGrowth] = useState(1);
  const [share, setShare] = useState(80);
  const [maxWait, setMaxWait] = useState(15);
  const [plan, setPlan] = useState<PlannerAnswer | null>(null);
  const [counts, setCounts] = useState<number[] | null>(null);
  const [suggestion, setSuggestion] = useState<PlannerAnswer['suggestion']>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Answers can come back out of order while the manager clicks: only the latest asked is shown.
  const asked = useRef(0);

  const ask = useCallback(
    async (query: PlannerQuery): Promise<PlannerAnswer | null> => {
      const n = ++asked.current;
      setBusy(true);
      setError(null);
      const answer = await connection.command('planner:plan', query);
      if (n !== asked.current) return null;
      setBusy(false);
      if (!answer.ok) {
        setError(answer.error.message);
        return null;
      }
      setPlan(answer.data);
      setCounts(answer.data.halfHours.map((h) => h.windows));
      return answer.data;
    },
    [connection],
  );

  // The page opens on tomorrow, the day a manager staffs.
  useEffect(() => {
    void connection.command('supervision:snapshot', {}).then((a) => {
      if (a.ok) setDay(dayAfter(a.data.businessDay));
      else setError(a.error.message);
    });
  }, [connection]);

  useEffect(() => {
    if (!day) return;
    setSuggestion(null);
    void ask({ day, weeks, growth });
  }, [ask, day, weeks, growth]);

  const change = (index: number, value: number) => {
    if (!plan || !counts) return;
    const next = changeCount(counts, index, value, plan.windowsAvailable);
    setCounts(next);
    void ask({ day, weeks, growth, counts: next });
  };
  const suggest = async () => {
    const answer = await ask({
      day,
      weeks,
      growth,
      ...(counts ? { counts } : {}),
      target: { share: share / 100, maxWaitMinutes: maxWait },
    });
    if (answer) setSuggestion(answer.suggestion);
  };
  const adopt = () => {
    if (!suggestion) return;
    setCounts(suggestion.counts);
    void ask({ day, weeks, growth, counts: suggestion.counts });
  };

  const totals = plan && counts ? totalsOf(plan, counts) : null;
  return (
    <div className="planner" data-view="planner">
      <section className="card controls">
        <label>
          <T zh="日期" en="Day" />
          <input type="date" name="planner-day" value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          <T zh="参考前几周同一天" en="Same weekday, weeks back" />
          <input
            type="number"
            name="planner-weeks"
            min={1}
            max={12}
            value={weeks}
            onChange={(e) => setWeeks(Math.max(1, Math.min(12, Number(e.target.value) || 1)))}
          />
        </label>
        <label>
          <T zh="增长系数" en="Growth factor" />
          <input
            type="number"
            name="planner-growth"
            step={0.05}
            min={0.1}
            max={5}
            value={growth}
            onChange={(e) => setGrowth(Math.max(0.1, Math.min(5, Number(e.target.value) || 1)))}
          />
        </label>
        <label>
          <T zh="目标：等候不超过(分)" en="Target: wait at most (min)" />
          <input
            type="number"
            name="planner-max-wait"
            min={1}
            max={240}
            value={maxWait}
            onChange={(e) => setMaxWait(Math.max(1, Math.min(240, Number(e.target.value) || 15)))}
          />
        </label>
        <label>
          <T zh="的比例(%)" en="for this share (%)" />
          <input
            type="number"
            name="planner-share"
            min={50}
            max={99}
            value={share}
            onChange={(e) => setShare(Math.max(50, Math.min(99, Number(e.target.value) || 80)))}
          />
        </label>
        <button
          type="button"
          className="primary"
          name="planner-suggest"
          disabled={!plan}
          onClick={() => void suggest()}
        >
          <T zh="求最少窗口" en="Fewest windows" />
        </button>
        {suggestion && (
          <button type="button" name="planner-adopt" onClick={adopt}>
            <T zh="采用建议" en="Use the suggestion" />
          </button>
        )}
        <span className="muted" data-busy={busy ? 'yes' : 'no'}>
          {busy ? <T zh="计算中…" en="Working…" /> : null}
        </span>
      </section>
      <ErrorLine error={error} />
      {plan && counts && (
        <section className="card">
          <p className="muted" data-history>
            <T
              zh={`依据：${plan.historyDays.length > 0 ? plan.historyDays.join('、') : '无历史数据'}（× ${plan.growth}）`}
              en={`From: ${plan.historyDays.length > 0 ? plan.historyDays.join(', ') : 'no history'} (× ${plan.growth})`}
            />
          </p>
          <table className="planner-table" data-table="planner">
            <thead>
              <tr>
                <th>
                  <T zh="时段" en="Half-hour" />
                </th>
                <th>
                  <T zh="预测到达" en="Forecast arrivals" />
                </th>
                <th>
                  <T zh="排班窗口" en="Scheduled" />
                </th>
                <th>
                  <T zh="开放窗口" en="Windows" />
                </th>
                <th>
                  <T zh="等候中位数(分)" en="Median wait (min)" />
                </th>
                <th>
                  <T zh="等候P80(分)" en="80th pct wait (min)" />
                </th>
                {suggestion && (
                  <th>
                    <T zh="建议窗口" en="Suggested" />
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {plan.halfHours.map((h, i) => (
                <tr key={h.startMinute} data-half-hour={h.startMinute}>
                  <td>{halfHourText(h.startMinute)}</td>
                  <td>{h.arrivals.toFixed(1)}</td>
                  <td>{h.planned}</td>
                  <td>
                    <input
                      type="number"
                      name={`planner-windows-${h.startMinute}`}
                      min={0}
                      max={plan.windowsAvailable}
                      value={counts[i] ?? 0}
                      onChange={(e) => change(i, Number(e.target.value))}
                    />
                  </td>
                  <td data-median>{waitText(h.medianWaitMs)}</td>
                  <td data-p80>{waitText(h.p80WaitMs)}</td>
                  {suggestion && (
                    <td data-suggested className={suggestion.met[i] ? '' : 'missed'}>
                      {suggestion.counts[i]}
                      {suggestion.met[i] ? '' : ' ⚠'}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
            {totals && (
              <tfoot>
                <tr>
                  <td>
                    <T zh="合计" en="Total" />
                  </td>
                  <td>{totals.arrivals}</td>
                  <td />
                  <td>
                    <T zh={`${totals.windowHours} 窗口·小时`} en={`${totals.windowHours} window-hours`} />
                  </td>
                  <td />
                  <td />
                  {suggestion && <td>{suggestion.counts.reduce((s, c) => s + c, 0) / 2}</td>}
                </tr>
              </tfoot>
            )}
          </table>
        </section>
      )}
    </div>
  );
}
