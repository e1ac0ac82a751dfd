import type { WebhookAdminDeliveries, WebhookAdminList, WebhookAdminView } from '@hallq/protocol';
import { formatDateTime, useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { consumerLabel, deliveryOutcome, lagWords, replayStartOf } from './integrations-view.ts';
import { ConfirmActions, Modal } from './Modal.tsx';
import { ErrorLine, T } from './T.tsx';

type Delivery = WebhookAdminDeliveries['deliveries'][number];

/** The figures refresh on their own while the page is open: a delivery or a lag changes without anyone acting. */
const REFRESH_MS = 3000;
const LOG_LIMIT = 50;

function ReplayDialog({
  connection,
  subscription,
  lastEntryId,
  onDone,
  onCancel,
}: {
  connection: AdminConnection;
  subscription: WebhookAdminView;
  lastEntryId: number;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState(String(subscription.lag.cursor));
  const [error, setError] = useState<string | null>(null);
  const after = replayStartOf(typed);
  const replay = async () => {
    if (after === null) return;
    const answer = await connection.command('webhook:replay', {
      subscriptionId: subscription.id,
      afterEntryId: after,
    });
    if (!answer.ok) return setError(answer.error.message);
    onDone();
  };
  return (
    <Modal
      name="webhook-replay"
      title={<T zh="从指定位置重发" en="Replay from an entry" />}
      onCancel={onCancel}
    >
      <p className="muted wrap-url" data-layout-wrap-ok>
        {subscription.url}
      </p>
      <label>
        <T
          zh={`从此日志序号之后重发（0 为全部，当前末尾 ${lastEntryId}；也可粘贴 webhook-id）`}
          en={`Deliver again after this log entry (0 for all, the end is ${lastEntryId}; or paste a webhook-id)`}
        />
        <input name="replay-after" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </label>
      {after === null && (
        <p className="error">
          <T zh="请输入日志序号或 webhook-id" en="Type a log entry number or a webhook-id" />
        </p>
      )}
      <ErrorLine error={error} />
      <ConfirmActions
        name="replay-confirm"
        label={<T zh="重发" en="Replay" />}
        disabled={after === null}
        onConfirm={() => void replay()}
        onCancel={onCancel}
      />
    </Modal>
  );
}

function DeliveryLog({ deliveries, timeZone }: { deliveries: readonly Delivery[]; timeZone: string }) {
  return (
    <div className="list-scroll" data-list="deliveries">
      <table>
        <thead>
          <tr>
            <th>
              <T zh="时间" en="Time" />
            </th>
            <th>
              <T zh="事件" en="Event" />
            </th>
            <th className="num">
              <T zh="日志序号" en="Entry" />
            </th>
            <th>
              <T zh="结果" en="Result" />
            </th>
            <th className="num">
              <T zh="第几次" en="Attempt" />
            </th>
            <th className="num">
              <T zh="耗时(毫秒)" en="Took (ms)" />
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                <T zh="尚无投递" en="No deliveries yet" />
              </td>
            </tr>
          )}
          {deliveries.map((d) => {
            const outcome = deliveryOutcome(d);
            return (
              <tr key={`${d.webhookId}-${d.attempt}-${d.at}`} data-delivery={d.eventType}>
                <td className="nowrap">{formatDateTime(d.at, timeZone)}</td>
                <td>{d.eventType}</td>
                <td className="num">{d.entryId}</td>
                <td className={outcome.ok ? 'ok' : 'bad'} data-result>
                  {outcome.text}
                </td>
                <td className="num">{d.attempt}</td>
                <td className="num">{d.durationMs}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Every webhook subscription (whichever client made it) with its status and lag, the chosen one's delivery log,
 * a replay from a log entry, and every consumer of the outbox with its lag (as `/healthz` shows them).
 */
export function WebhooksCard({
  connection,
  timeZone,
  version,
}: {
  connection: AdminConnection;
  timeZone: string;
  /** Bumped when something elsewhere on the page changed the subscriptions (a client revoked). */
  version: number;
}) {
  const language = useLanguage();
  const [list, setList] = useState<WebhookAdminList | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [replaying, setReplaying] = useState<WebhookAdminView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const answer = await connection.command('webhook:list', {});
    if (!answer.ok) return setError(answer.error.message);
    setList(answer.data);
    setSelected((current) =>
      current !== null && answer.data.subscriptions.some((s) => s.id === current)
        ? current
        : (answer.data.subscriptions[0]?.id ?? null),
    );
  }, [connection]);
  const loadLog = useCallback(
    async (subscriptionId: string | null) => {
      if (subscriptionId === null) return setDeliveries([]);
      const answer = await connection.command('webhook:deliveries', { subscriptionId, limit: LOG_LIMIT });
      if (answer.ok) setDeliveries(answer.data.deliveries);
      else setError(answer.error.message);
    },
    [connection],
  );
  useEffect(() => {
    void version;
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, version]);
  // The log follows the list's refreshes, so a delivery made meanwhile shows without a click.
  useEffect(() => {
    void list;
    void loadLog(selected);
  }, [list, selected, loadLog]);

  const subscriptions = list?.subscriptions ?? [];
  const chosen = subscriptions.find((s) => s.id === selected) ?? null;
  return (
    <>
      <section className="card" data-card="webhooks">
        <h2>
          <T zh="事件订阅（Webhook）" en="Webhook subscriptions" />
        </h2>
        <ErrorLine error={error} />
        <div className="list-scroll" data-list="webhooks">
          <table>
            <thead>
              <tr>
                <th>URL</th>
                <th>
                  <T zh="客户端" en="Client" />
                </th>
                <th>
                  <T zh="事件类型" en="Event types" />
                </th>
                <th>
                  <T zh="状态" en="Status" />
                </th>
                <th>
                  <T zh="积压" en="Lag" />
                </th>
                <th />
              </tr>
            </thead>
            <tbody>
              {subscriptions.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    <T
                      zh="尚无订阅（由 API 客户端通过 /api/v1/webhooks 创建）"
                      en="No subscriptions (API clients make them at /api/v1/webhooks)"
                    />
                  </td>
                </tr>
              )}
              {subscriptions.map((s) => {
                const lag = lagWords(s.lag);
                return (
                  <tr key={s.id} data-subscription={s.url} className={s.id === selected ? 'selected' : ''}>
                    <td className="wrap-url">{s.url}</td>
                    <td>{s.clientName ?? '—'}</td>
                    <td>{s.eventTypes.join(', ')}</td>
                    <td className={s.status === 'active' ? 'ok nowrap' : 'bad nowrap'} data-status={s.status}>
                      {s.status === 'active' ? <T zh="正常" en="Active" /> : <T zh="投递失败" en="Failing" />}
                      {s.failures > 0 && (
                        <span className="muted">
                          {' '}
                          ({language === 'zh' ? `连续失败 ${s.failures} 次` : `${s.failures} failed`})
                        </span>
                      )}
                    </td>
                    <td className="nowrap" data-lag={s.lag.behind}>
                      {lag[language]}
                    </td>
                    <td className="nowrap">
                      <button type="button" name="webhook-log" onClick={() => setSelected(s.id)}>
                        <T zh="投递记录" en="Delivery log" />
                      </button>
                      <button type="button" name="webhook-replay" onClick={() => setReplaying(s)}>
                        <T zh="重发" en="Replay" />
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {chosen && (
          <>
            <h3>
              <T zh="最近投递：" en="Latest attempts: " />
              <span className="muted">{chosen.url}</span>
            </h3>
            <DeliveryLog deliveries={deliveries} timeZone={timeZone} />
          </>
        )}
      </section>
      <section className="card" data-card="outbox">
        <h2>
          <T zh="发件箱消费者积压" en="Outbox consumers’ lag" />
        </h2>
        <table>
          <thead>
            <tr>
              <th>
                <T zh="消费者" en="Consumer" />
              </th>
              <th className="num">
                <T zh="已处理到" en="Done up to" />
              </th>
              <th className="num">
                <T zh="积压条数" en="Events behind" />
              </th>
              <th className="num">
                <T zh="积压时长(秒)" en="Seconds behind" />
              </th>
            </tr>
          </thead>
          <tbody>
            {(list?.consumers ?? []).length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  <T zh="暂无消费者" en="No consumers" />
                </td>
              </tr>
            )}
            {(list?.consumers ?? []).map((c) => (
              <tr key={c.consumer} data-consumer={c.consumer}>
                <td className="wrap-url">{consumerLabel(c, subscriptions)}</td>
                <td className="num">{c.cursor}</td>
                <td className="num">{c.behind}</td>
                <td className="num">{c.seconds}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list && (
          <p className="muted">
            <T
              zh={`事件日志末尾序号：${list.lastEntryId}`}
              en={`Last entry of the event log: ${list.lastEntryId}`}
            />
          </p>
        )}
      </section>
      {replaying && list && (
        <ReplayDialog
          connection={connection}
          subscription={replaying}
          lastEntryId={list.lastEntryId}
          onCancel={() => setReplaying(null)}
          onDone={() => {
            setReplaying(null);
            void load();
          }}
        />
      )}
    </>
  );
}
