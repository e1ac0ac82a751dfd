import type { AlertView, AuditEntryView } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui';
import { useEffect, useState } from 'react';
import { AuditEntriesTable } from './AuditEntriesTable.tsx';
import type { AdminConnection } from './admin-connection.ts';
import { Modal } from './Modal.tsx';
import { ErrorLine, T } from './T.tsx';

/** The audit entries that raised an alert (行为监控), opened from the alert: the acts themselves, in log order. */
export function AlertEntriesDialog(props: {
  connection: AdminConnection;
  alert: AlertView;
  timeZone: string;
  onClose: () => void;
}) {
  const language = useLanguage();
  const { alert } = props;
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void props.connection
      .command('audit:query', {
        type: null,
        actorId: null,
        fromAt: null,
        toAt: null,
        beforeId: null,
        limit: alert.entryIds.length,
        ids: alert.entryIds,
      })
      .then((answer) => {
        if (!answer.ok) return setError(answer.error.message);
        setEntries([...answer.data.entries].reverse());
      });
  }, [props.connection, alert]);
  return (
    <Modal
      name="alert-entries"
      title={<T zh="告警依据（审计记录）" en="What raised it (audit entries)" />}
      onCancel={props.onClose}
    >
      <p className="what">{localized(alert.message, language)}</p>
      {alert.entryCount > alert.entryIds.length && (
        <p className="muted">
          <T
            zh={`共 ${alert.entryCount} 条，显示前 ${alert.entryIds.length} 条`}
            en={`${alert.entryCount} in all; the first ${alert.entryIds.length} shown`}
          />
        </p>
      )}
      <ErrorLine error={error} />
      <div className="dialog-scroll">
        {entries && <AuditEntriesTable entries={entries} timeZone={props.timeZone} />}
      </div>
      <div className="actions">
        <button type="button" name="close-alert-entries" onClick={props.onClose}>
          <T zh="关闭" en="Close" />
        </button>
      </div>
    </Modal>
  );
}
