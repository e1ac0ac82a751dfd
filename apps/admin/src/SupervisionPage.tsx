import type { AlertView, SupervisionView } from '@hallq/protocol';
import { formatClock, localized, useLanguage } from '@hallq/ui';
import { useEffect, useState } from 'react';
import { AlertEntriesDialog } from './AlertEntriesDialog.tsx';
import type { AdminConnection } from './admin-connection.ts';
import { type AlertGroup, groupAlerts } from './alert-groups.ts';
import { ErrorLine, T } from './T.tsx';

const minutes = (ms: number) => Math.floor(ms / 60_000);

const STATUS: Record<SupervisionView['windows'][number]['status'], [string, string]> = {
  serving: ['办理中', 'Serving'],
  called: ['已叫号', 'Called'],
  idle: ['空闲', 'Idle'],
  paused: ['暂停', 'Paused'],
  offline: ['未登录', 'Offline'],
  closed: ['停用', 'Closed'],
};
const PAUSE: Record<string, [string, string]> = {
  break: ['休息', 'break'],
  meeting: ['会议', 'meeting'],
  'system-fault': ['系统故障', 'system fault'],
  other: ['其他', 'other'],
};

/** Open alert groups listed at most; a storm of alerts cannot push the rest of the page away. */
const MAX_OPEN_GROUPS = 30;

function AlertRow(props: {
  group: AlertGroup;
  timeZone: string;
  onAcknowledge: (alerts: readonly AlertView[]) => void;
  onOpenEntries: (alert: AlertView) => void;
}) {
  const language = useLanguage();
  const { group: g, timeZone: tz } = props;
  const a = g.latest;
  const acknowledged = g.open.find((x) => x.acknowledgedAt !== null) ?? null;
  return (
    <li
      className={`alert ${g.severity}${g.open.length === 0 ? ' cleared' : ''}`}
      data-rule={g.rule}
      data-subject={g.subject}
    >
      <span className="when">{formatClock(a.raisedAt, tz)}</span>
      <span className="what">{localized(a.message, language)}</span>
      {g.count > 1 && (
        <span className="times" title={language === 'zh' ? '近一小时内的次数' : 'times in the last hour'}>
          ×{g.count}
        </span>
      )}
      {a.clearedAt !== null && (
        <span className="tag">
          <T zh="已解除" en="Cleared" /> {formatClock(a.clearedAt, tz)}
        </span>
      )}
      {g.open.length > 0 && g.unacknowledged.length === 0 && acknowledged ? (
        <span className="tag ack">
          <T zh="已确认" en="Acknowledged" /> {acknowledged.acknowledgedBy}{' '}
          {formatClock(acknowledged.acknowledgedAt ?? 0, tz)}
        </span>
      ) : null}
      {a.entryIds.length > 0 && (
        <button
          type="button"
          className="entries-button"
          name="alert-entries"
          title={language === 'zh' ? '查看引发告警的审计记录' : 'The audit entries that raised it'}
          onClick={() => props.onOpenEntries(a)}
        >
          <T zh={`审计记录 ${a.entryCount}`} en={`Audit ${a.entryCount}`} />
        </button>
      )}
      {g.unacknowledged.length > 0 && (
        <button type="button" className="ack-button" onClick={() => props.onAcknowledge(g.unacknowledged)}>
          <T zh="确认" en="Acknowledge" />
        </button>
      )}
    </li>
  );
}

export function SupervisionPage({ connection }: { connection: AdminConnection }) {
  const language = useLanguage();
  const [view, setView] = useState<SupervisionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<AlertView | null>(null);
  useEffect(() => {
    let live = true;
    const load = (fresh: boolean) =>
      void connection.command('supervision:snapshot', {}).then((answer) => {
        if (!live) return;
        setError(answer.ok ? null : answer.error.message);
        // After a reconnection the hub may be a restarted one (another clock, other counts): its view wins.
        if (answer.ok) setView((v) => (!fresh && v && v.at > answer.data.at ? v : answer.data));
      });
    load(false);
    const offPush = connection.onSupervision((next) => setView(next));
    const offReconnect = connection.onReconnected(() => load(true));
    return () => {
      live = false;
      offPush();
      offReconnect();
    };
  }, [connection]);

  const acknowledge = async (alerts: readonly AlertView[]) => {
    for (const alert of alerts) {
      const answer = await connection.command('alert:acknowledge', { alertId: alert.id });
      if (!answer.ok) return setError(answer.error.message);
      setView((v) =>
        v ? { ...v, alerts: v.alerts.map((a) => (a.id === alert.id ? answer.data.alert : a)) } : v,
      );
    }
  };

  if (!view) return <ErrorLine error={error} />;
  const tz = view.timeZone;
  const groups = groupAlerts(view.alerts);
  const shown = groups.open.slice(0, MAX_OPEN_GROUPS);
  const row = (g: AlertGroup) => (
    <AlertRow
      key={g.key}
      group={g}
      timeZone={tz}
      onAcknowledge={(list) => void acknowledge(list)}
      onOpenEntries={setOpened}
    />
  );
  return (
    <div className="supervision">
      <ErrorLine error={error} />
      {opened && (
        <AlertEntriesDialog
          connection={connection}
          alert={opened}
          timeZone={tz}
          onClose={() => setOpened(null)}
        />
      )}
      <section className="card alerts">
        <h2>
          <T zh="告警" en="Alerts" /> <span className="count">{groups.open.length}</span>
          <small>
            {' '}
            <T zh="更新于" en="as of" /> {formatClock(view.at, tz)}
          </small>
        </h2>
        {groups.open.length === 0 && (
          <p className="muted">
            <T zh="当前无告警" en="No open alerts" />
          </p>
        )}
        <ul className="alert-list" data-testid="open-alerts">
          {shown.map(row)}
        </ul>
        {groups.open.length > shown.length && (
          <p className="muted" data-testid="alerts-not-shown">
            <T
              zh={`另有 ${groups.open.length - shown.length} 组较早的告警未显示`}
              en={`${groups.open.length - shown.length} older alert groups not shown`}
            />
          </p>
        )}
        {groups.resolved.length > 0 && (
          <details className="resolved-alerts">
            <summary>
              <T
                zh={`已解除 ${groups.resolved.length} 组（近一小时）`}
                en={`${groups.resolved.length} cleared in the last hour`}
              />
            </summary>
            <ul className="alert-list">{groups.resolved.map(row)}</ul>
          </details>
        )}
      </section>

      <div className="supervision-side">
        <section className="card">
          <h2>
            <T zh="等候情况" en="Waiting" />
          </h2>
          <div className="list-box">
            <table>
              <thead>
                <tr>
                  <th>
                    <T zh="业务" en="Service" />
                  </th>
                  <th className="num">
                    <T zh="等候人数" en="Waiting" />
                  </th>
                  <th className="num">
                    <T zh="最长等候(分)" en="Longest wait (min)" />
                  </th>
                  <th className="num">
                    <T zh="时限(分)" en="SLA (min)" />
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.services.map((s) => {
                  const over = s.longestWaitMs !== null && s.longestWaitMs > s.slaWaitMinutes * 60_000;
                  return (
                    <tr key={s.serviceId} className={over ? 'over' : ''}>
                      <td>{localized(s.name, language)}</td>
                      <td className="num">{s.waiting}</td>
                      <td className="num">{s.longestWaitMs === null ? '—' : minutes(s.longestWaitMs)}</td>
                      <td className="num">{s.slaWaitMinutes}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>

        <section className="card">
          <h2>
            <T zh="窗口" en="Windows" />
          </h2>
          <div className="windows list-box">
            {view.windows.map((w) => (
              <div key={w.windowId} className={`window ${w.status}`} data-window={w.windowId}>
                <strong>{localized(w.name, language)}</strong>
                <span>
                  {language === 'zh' ? STATUS[w.status][0] : STATUS[w.status][1]}
                  {w.ticketNumber ? ` ${w.ticketNumber}` : ''}
                </span>
                {w.status === 'paused' && (
                  <span>
                    {w.pauseReason
                      ? language === 'zh'
                        ? PAUSE[w.pauseReason]?.[0]
                        : PAUSE[w.pauseReason]?.[1]
                      : ''}
                    {w.pauseNote ? `（${w.pauseNote}）` : ''} {minutes(view.at - w.since)}
                    <T zh=" 分钟" en=" min" />
                  </span>
                )}
                {w.status === 'idle' && (
                  <span>
                    {minutes(view.at - w.since)}
                    <T zh=" 分钟" en=" min" />
                  </span>
                )}
                <small>{w.clerkName ?? ''}</small>
              </div>
            ))}
          </div>
        </section>

        <section className="card">
          <h2>
            <T zh="在岗人员" en="Clerks signed in" /> <span className="count">{view.clerks.length}</span>
          </h2>
          <p className="list-box" data-layout-wrap-ok>
            {view.clerks.map((c) => `${c.displayName}（${c.staffNumber}）@${c.windowId}`).join('　') || '—'}
          </p>
        </section>

        <section className="card">
          <h2>
            <T zh="设备" en="Devices" />
          </h2>
          <div className="list-box">
            <table>
              <tbody>
                {view.devices
                  .filter((d) => d.revokedAt === null)
                  .map((d) => (
                    <tr key={d.id}>
                      <td>{d.name}</td>
                      <td>{d.kind}</td>
                      <td className={d.online ? 'ok' : d.lastSeenAt === null ? 'muted' : 'bad'}>
                        {d.online ? (
                          <T zh="在线" en="Online" />
                        ) : d.lastSeenAt === null ? (
                          <T zh="从未连接" en="Never connected" />
                        ) : (
                          <T zh="离线" en="Offline" />
                        )}
                      </td>
                      <td>
                        {d.components
                          .filter((c) => c.state !== 'ok')
                          .map((c) => `${c.component}: ${c.state}${c.message ? ` (${c.message})` : ''}`)
                          .join('; ') || '—'}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </div>
  );
}
