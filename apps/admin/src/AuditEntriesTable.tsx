import type { AuditEntryView } from '@hallq/protocol';
import { formatDateTime, localized, useLanguage } from '@hallq/ui';
import { T } from './T.tsx';

/** Audit entries as the audit trail lists them: number, time, words, who, device, and the raw record. */
export function AuditEntriesTable(props: { entries: readonly AuditEntryView[]; timeZone: string }) {
  const language = useLanguage();
  return (
    <table className="audit">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>
            <T zh="时间" en="When" />
          </th>
          <th>
            <T zh="操作" en="What" />
          </th>
          <th>
            <T zh="操作人" en="Who" />
          </th>
          <th>
            <T zh="设备" en="Device" />
          </th>
          <th>
            <T zh="原始数据" en="Raw data" />
          </th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr key={e.id} data-entry={e.id}>
            <td className="num">{e.id}</td>
            <td>{formatDateTime(e.at, props.timeZone)}</td>
            <td className="words" data-type={e.type}>
              {localized(e.words, language)}
            </td>
            <td>{e.actorName ?? (e.actorKind === 'system' ? '系统 system' : (e.actorId ?? '—'))}</td>
            <td>{e.deviceName ?? '—'}</td>
            <td>
              {/* The recorded JSON, for whoever needs the exact record: one click away, not in the way. */}
              <details className="raw">
                <summary>
                  <code>{e.type}</code>
                </summary>
                <pre className="payload">{e.summary}</pre>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
