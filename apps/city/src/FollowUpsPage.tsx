import { formatDateTime } from '@hallq/ui/format';
import { localized, txt, useLanguage } from '@hallq/ui/language';
import { useState } from 'react';
import type { Session } from './App.tsx';
import { fetchFollowUps } from './city-api.ts';
import { T } from './T.tsx';
import { usePoll } from './use-poll.ts';

const TIME_ZONE = 'Asia/Shanghai';

const STATUS: Record<string, { zh: string; en: string }> = {
  open: txt('待处理', 'Open'),
  contacted: txt('已联系', 'Contacted'),
  resolved: txt('已办结', 'Resolved'),
};

/** 差评 follow-ups across the halls in scope, the earliest deadline first; overdue ones marked. */
export function FollowUpsPage({ session }: { session: Session }) {
  const language = useLanguage();
  const [all, setAll] = useState(false);
  const { data: items, failed } = usePoll(
    () => fetchFollowUps(session.token, null, all),
    30_000,
    () => session.signOut(true),
    [session.token, all],
  );
  const overdue = (items ?? []).filter((f) => f.overdue).length;
  return (
    <main className="follow-ups">
      {failed && (
        <p className="banner" role="alert">
          <T zh="与市级中心的连接中断，正在重试…" en="The city centre is not answering; retrying…" />
        </p>
      )}
      <div className="card controls">
        <span data-testid="follow-up-count">
          {language === 'zh'
            ? `共 ${items?.length ?? 0} 条，逾期 ${overdue} 条`
            : `${items?.length ?? 0} follow-ups, ${overdue} overdue`}
        </span>
        <span className="spacer" />
        <label className="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          <T zh="含已办结" en="Include resolved" />
        </label>
      </div>
      <div className="card table-card">
        <table data-testid="follow-up-table">
          <thead>
            <tr>
              <th>
                <T zh="大厅" en="Hall" />
              </th>
              <th>
                <T zh="区域" en="Region" />
              </th>
              <th>
                <T zh="办件号" en="Case" />
              </th>
              <th className="num">
                <T zh="评分" en="Rating" />
              </th>
              <th>
                <T zh="状态" en="Status" />
              </th>
              <th>
                <T zh="收到" en="Opened" />
              </th>
              <th>
                <T zh="期限" en="Due" />
              </th>
            </tr>
          </thead>
          <tbody>
            {(items ?? []).map((f) => (
              <tr key={`${f.hallId}/${f.followUpId}`} className={f.overdue ? 'over' : undefined}>
                <td>{f.hallName}</td>
                <td>{f.region}</td>
                <td>{f.caseNumber ?? '—'}</td>
                <td className="num">{f.level}★</td>
                <td>{STATUS[f.status] ? localized(STATUS[f.status]!, language) : f.status}</td>
                <td>{formatDateTime(f.openedAt, TIME_ZONE)}</td>
                <td>
                  {formatDateTime(f.dueAt, TIME_ZONE)}
                  {f.overdue && (
                    <span className="badge overdue">
                      <T zh="已逾期" en="Overdue" />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items !== null && items.length === 0 && (
          <p className="empty">
            <T zh="暂无待整改的差评" en="No follow-ups open" />
          </p>
        )}
      </div>
    </main>
  );
}
