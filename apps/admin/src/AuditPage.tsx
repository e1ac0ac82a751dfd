import type { AuditEntryView, ChainVerdictView } from '@hallq/protocol';
import { useCallback, useEffect, useState } from 'react';
import { AuditEntriesTable } from './AuditEntriesTable.tsx';
import type { AdminConnection } from './admin-connection.ts';
import { ErrorLine, T } from './T.tsx';

const PAGE = 100;

export function AuditPage({ connection }: { connection: AdminConnection }) {
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [filter, setFilter] = useState({ type: '', actorId: '', from: '', to: '' });
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const [verdict, setVerdict] = useState<ChainVerdictView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (beforeId: number | null) => {
      const answer = await connection.command('audit:query', {
        type: filter.type.trim() || null,
        actorId: filter.actorId.trim() || null,
        fromAt: filter.from ? Date.parse(`${filter.from}T00:00:00`) : null,
        toAt: filter.to ? Date.parse(`${filter.to}T23:59:59`) : null,
        beforeId,
        limit: PAGE,
      });
      if (!answer.ok) return setError(answer.error.message);
      setEntries((old) => (beforeId === null ? answer.data.entries : [...old, ...answer.data.entries]));
    },
    [connection, filter],
  );
  useEffect(() => {
    void connection.command('hall:snapshot', {}).then((a) => {
      if (a.ok) setTimeZone(a.data.hall.rules.timeZone);
    });
  }, [connection]);
  useEffect(() => {
    void load(null);
  }, [load]);

  const verify = async () => {
    const answer = await connection.command('audit:verify', {});
    if (answer.ok) setVerdict(answer.data);
    else setError(answer.error.message);
  };

  return (
    <div className="audit-page">
      <section className="card controls">
        <input
          name="audit-type"
          className="filter-type"
          placeholder="类型 type (ticket:, hall:configured …)"
          value={filter.type}
          onChange={(e) => setFilter({ ...filter, type: e.target.value })}
        />
        <input
          placeholder="操作人编号 actor id"
          value={filter.actorId}
          onChange={(e) => setFilter({ ...filter, actorId: e.target.value })}
        />
        <input
          type="date"
          value={filter.from}
          onChange={(e) => setFilter({ ...filter, from: e.target.value })}
        />
        <input type="date" value={filter.to} onChange={(e) => setFilter({ ...filter, to: e.target.value })} />
        <button type="button" className="primary" name="audit-filter" onClick={() => void load(null)}>
          <T zh="筛选" en="Filter" />
        </button>
        <button type="button" name="audit-verify" onClick={() => void verify()}>
          <T zh="校验完整性" en="Verify the chain" />
        </button>
        {verdict && (
          <span className={verdict.ok ? 'ok' : 'bad'} data-verdict={verdict.ok ? 'ok' : 'broken'}>
            {verdict.ok
              ? `完整 · intact (${verdict.checked})`
              : `已被篡改 · BROKEN at ${verdict.firstBroken?.id}: ${verdict.firstBroken?.reason}`}
          </span>
        )}
      </section>
      <ErrorLine error={error} />
      <section className="card audit-trail">
        <div className="list-box">
          <AuditEntriesTable entries={entries} timeZone={timeZone} />
        </div>
        {entries.length > 0 && entries.length % PAGE === 0 && (
          <button type="button" onClick={() => void load(entries.at(-1)!.id)}>
            <T zh="更早" en="Older" />
          </button>
        )}
      </section>
    </div>
  );
}
