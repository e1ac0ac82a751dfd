import type { SmsFailures } from '@hallq/protocol';
import { formatDateTime, useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { SMS_KIND_WORDS, smsSummary } from './sms-view.ts';
import { ErrorLine, T } from './T.tsx';

const REFRESH_MS = 10_000;

/** Text messages that did not reach their visitor (numbers masked), with a resend for the admin. */
export function SmsPage({ connection, isAdmin }: { connection: AdminConnection; isAdmin: boolean }) {
  const language = useLanguage();
  const [data, setData] = useState<SmsFailures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const answer = await connection.command('sms:failures', { limit: 200 });
    if (answer.ok) {
      setData(answer.data);
      setError(null);
    } else setError(answer.error.message);
  }, [connection]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const resend = async (messageId: number) => {
    const answer = await connection.command('sms:resend', { messageId });
    if (!answer.ok) return setError(answer.error.message);
    await load();
  };

  if (!data) return <ErrorLine error={error} />;
  const summary = smsSummary(data);
  return (
    <section className="card sms" data-card="sms">
      <h2>
        <T zh="发送失败的短信" en="Text messages that failed" />
      </h2>
      <p className={`sms-summary ${summary.tone}`} data-sms-summary>
        {language === 'zh' ? summary.zh : summary.en}
      </p>
      <ErrorLine error={error} />
      {data.failures.length === 0 ? (
        <p data-sms-empty>
          <T zh="没有发送失败的短信" en="No failed messages" />
        </p>
      ) : (
        <table className="sms-failures">
          <thead>
            <tr>
              <th>
                <T zh="时间" en="When" />
              </th>
              <th>
                <T zh="号码" en="Ticket" />
              </th>
              <th>
                <T zh="类型" en="Kind" />
              </th>
              <th>
                <T zh="手机" en="Phone" />
              </th>
              <th>
                <T zh="原因" en="Reason" />
              </th>
              <th>
                <T zh="次数" en="Tries" />
              </th>
              <th>
                <T zh="内容" en="Text" />
              </th>
              {isAdmin && <th />}
            </tr>
          </thead>
          <tbody>
            {data.failures.map((f) => (
              <tr key={f.id} data-sms-failure={f.id}>
                <td className="nowrap">{formatDateTime(f.updatedAt, 'Asia/Shanghai')}</td>
                <td>{f.ticketNumber ?? '—'}</td>
                <td className="nowrap">{SMS_KIND_WORDS[f.kind][language]}</td>
                <td className="nowrap">{f.maskedPhone}</td>
                <td className="sms-reason">{f.reason ?? '—'}</td>
                <td className="num">{f.attempts}</td>
                <td className="sms-text">{f.text}</td>
                {isAdmin && (
                  <td>
                    {f.resendable ? (
                      <button type="button" data-action="sms-resend" onClick={() => void resend(f.id)}>
                        <T zh="重发" en="Resend" />
                      </button>
                    ) : (
                      <T zh="号码已删除" en="Number purged" />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
