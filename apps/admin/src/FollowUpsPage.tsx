import type { FollowUpStatus, FollowUpView } from '@hallq/protocol';
import { formatDateTime, useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import {
  FOLLOW_UP_STATUSES,
  followUpsIn,
  LEVEL_WORDS,
  nextStatuses,
  STATUS_WORDS,
} from './follow-up-view.ts';
import { ConfirmActions, Modal } from './Modal.tsx';
import { ErrorLine, T } from './T.tsx';

/**
 * The update dialog: the next status (forward first) and a note. An empty note is sent as typed: the hub refuses
 * it and its reason shows here, so the rule lives in one place (the protocol's schema).
 */
function UpdateDialog({
  connection,
  item,
  timeZone,
  onDone,
  onCancel,
}: {
  connection: AdminConnection;
  item: FollowUpView;
  timeZone: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const language = useLanguage();
  const choices = nextStatuses(item.status);
  const [status, setStatus] = useState<FollowUpStatus>(choices[0] ?? item.status);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    const answer = await connection.command('follow-up:update', { followUpId: item.id, status, note });
    if (!answer.ok) return setError(answer.error.message);
    onDone();
  };
  return (
    <Modal
      name="follow-up-update"
      title={<T zh={`整改 ${item.ticketNumber}`} en={`Follow-up ${item.ticketNumber}`} />}
      onCancel={onCancel}
    >
      <p data-layout-wrap-ok>
        {LEVEL_WORDS[item.level]?.[language] ?? item.level}
        {item.tags.length > 0 && ` · ${item.tags.join('、')}`}
        {item.comment && ` · “${item.comment}”`}
      </p>
      {item.notes.length > 0 && (
        <ul className="notes">
          {item.notes.map((n) => (
            <li key={`${n.at}-${n.status}-${n.text}`} data-layout-wrap-ok>
              <span className="muted">
                {formatDateTime(n.at, timeZone)} · {n.byName ?? '—'} · {STATUS_WORDS[n.status][language]}
              </span>{' '}
              {n.text}
            </li>
          ))}
        </ul>
      )}
      <label>
        <T zh="下一状态" en="Next status" />
        <select
          name="follow-up-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as FollowUpStatus)}
        >
          {choices.map((s) => (
            <option key={s} value={s}>
              {STATUS_WORDS[s][language]}
              {s === item.status ? (language === 'zh' ? '（仅记录）' : ' (note only)') : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        <T zh="处理情况（必填）" en="What was done (required)" />
        <textarea
          name="follow-up-note"
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <ErrorLine error={error} />
      <ConfirmActions
        name="follow-up-save"
        label={<T zh="保存" en="Save" />}
        onConfirm={() => void save()}
        onCancel={onCancel}
      />
    </Modal>
  );
}

/** 差评整改: every 不满意 / 非常不满意 rating's follow-up, by status, the overdue ones first and marked. */
export function FollowUpsPage({ connection }: { connection: AdminConnection }) {
  const language = useLanguage();
  const [items, setItems] = useState<FollowUpView[]>([]);
  const [tab, setTab] = useState<FollowUpStatus>('open');
  const [editing, setEditing] = useState<FollowUpView | null>(null);
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const answer = await connection.command('follow-up:list', { status: null });
    if (answer.ok) setItems(answer.data.followUps);
    else setError(answer.error.message);
  }, [connection]);
  useEffect(() => {
    void load();
    void connection.command('hall:snapshot', {}).then((a) => {
      if (a.ok) setTimeZone(a.data.hall.rules.timeZone);
    });
  }, [connection, load]);

  const shown = followUpsIn(items, tab);
  return (
    <div className="follow-ups">
      <section className="card">
        <h2>
          <T zh="差评整改" en="Follow-ups of bad ratings" />
          <span className="spacer" />
          <button type="button" name="follow-ups-refresh" onClick={() => void load()}>
            <T zh="刷新" en="Refresh" />
          </button>
        </h2>
        <div className="status-tabs" role="tablist">
          {FOLLOW_UP_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={s === tab}
              className={s === tab ? 'active' : ''}
              data-status-tab={s}
              onClick={() => setTab(s)}
            >
              {STATUS_WORDS[s][language]} ({items.filter((f) => f.status === s).length})
            </button>
          ))}
        </div>
        <ErrorLine error={error} />
        <div className="list-scroll" data-list="follow-ups">
          <table>
            <thead>
              <tr>
                <th>
                  <T zh="号票" en="Ticket" />
                </th>
                <th>
                  <T zh="办件编号" en="Case number" />
                </th>
                <th>
                  <T zh="评价" en="Rating" />
                </th>
                <th>
                  <T zh="窗口 / 人员" en="Window / clerk" />
                </th>
                <th>
                  <T zh="截止日期" en="Due" />
                </th>
                <th>
                  <T zh="负责人" en="Assignee" />
                </th>
                <th>
                  <T zh="最新记录" en="Latest note" />
                </th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    <T zh="没有此状态的整改" en="None with this status" />
                  </td>
                </tr>
              )}
              {shown.map((f) => (
                <tr key={f.id} data-follow-up={f.ticketNumber} className={f.overdue ? 'overdue' : ''}>
                  <td className="nowrap">{f.ticketNumber}</td>
                  <td>{f.caseNumber ?? '—'}</td>
                  <td className="nowrap">{LEVEL_WORDS[f.level]?.[language] ?? f.level}</td>
                  <td>
                    {f.windowId} / {f.clerkName ?? '—'}
                  </td>
                  <td className={f.overdue ? 'bad nowrap' : 'nowrap'} data-overdue={f.overdue}>
                    {f.dueDay}
                    {f.overdue && (language === 'zh' ? ' 已逾期' : ' overdue')}
                  </td>
                  <td>{f.assigneeName ?? '—'}</td>
                  <td data-layout-wrap-ok>{f.notes.at(-1)?.text ?? '—'}</td>
                  <td>
                    {f.status !== 'resolved' && (
                      <button type="button" name="follow-up-open" onClick={() => setEditing(f)}>
                        <T zh="处理" en="Update" />
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {editing && (
        <UpdateDialog
          connection={connection}
          item={editing}
          timeZone={timeZone}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </div>
  );
}
