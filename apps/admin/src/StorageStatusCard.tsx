import type { StorageStatusView } from '@hallq/protocol';
import { formatDateTime, useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { storageLines } from './storage-status.ts';
import { ErrorLine, T } from './T.tsx';

/** How often the card asks the hub again (the status is in the hub's memory: a cheap call). */
const REFRESH_MS = 10_000;

/** Backups and lost commits, on the supervision page; an admin may accept a loss here. */
export function StorageStatusCard({
  connection,
  canAccept,
  timeZone = 'Asia/Shanghai',
}: {
  connection: AdminConnection;
  canAccept: boolean;
  timeZone?: string;
}) {
  const language = useLanguage();
  const [status, setStatus] = useState<StorageStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const answer = await connection.command('storage:status', {});
    if (answer.ok) setStatus(answer.data);
    else setError(answer.error.message);
  }, [connection]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const accept = async () => {
    const answer = await connection.command('storage:accept-loss', {});
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    await load();
  };

  if (!status) return <ErrorLine error={error} />;
  const lines = storageLines(status, (at) => formatDateTime(at, timeZone));
  return (
    <section className="card storage" data-storage={status.lostCommits ? 'lost' : 'ok'}>
      <h2>
        <T zh="备份与数据完整性" en="Backups and integrity" />
      </h2>
      <ErrorLine error={error} />
      <ul>
        {lines.map((line) => (
          <li key={line.key} className={`storage-line ${line.tone}`} data-line={line.key}>
            {language === 'zh' ? line.zh : line.en}
          </li>
        ))}
      </ul>
      {status.lostCommits && canAccept && (
        <button type="button" onClick={() => void accept()}>
          <T zh="确认接受数据丢失" en="Accept the loss" />
        </button>
      )}
    </section>
  );
}
