import { DEFAULT_WAIT_SLA_MINUTES } from '@hallq/protocol';
import { formatClock } from '@hallq/ui/format';
import { localized, txt, useLanguage } from '@hallq/ui/language';
import { useState } from 'react';
import type { Session } from './App.tsx';
import { boardTile, boardTotals } from './board-view.ts';
import { fetchBoard } from './city-api.ts';
import { T } from './T.tsx';
import { usePoll } from './use-poll.ts';

const TIME_ZONE = 'Asia/Shanghai';

const minutes = (ms: number) => Math.floor(ms / 60_000);

const DEFAULT_TITLE = txt(
  `该大厅尚未上报各事项的等候时限，按默认 ${DEFAULT_WAIT_SLA_MINUTES} 分钟计`,
  `The hall has not reported its services’ wait limits: the default of ${DEFAULT_WAIT_SLA_MINUTES} min stands in`,
);

/** The live city board: every hall in the user's scope, read again every second. */
export function BoardPage({ session }: { session: Session }) {
  const language = useLanguage();
  const { data: halls, failed } = usePoll(
    () => fetchBoard(session.token, null),
    1000,
    () => session.signOut(true),
    [session.token],
  );
  // A city-wide user may narrow the board to one region; a region's user sees theirs only (the API scopes it).
  const [region, setRegion] = useState<string | null>(null);
  const regions = [...new Set((halls ?? []).map((h) => h.region))];
  const shown = (halls ?? []).filter((h) => region === null || h.region === region);
  const now = Date.now();
  const totals = halls ? boardTotals(shown) : null;
  return (
    <main className="board">
      {failed && (
        <p className="banner" role="alert">
          <T zh="与市级中心的连接中断，正在重试…" en="The city centre is not answering; retrying…" />
        </p>
      )}
      {totals && (
        <div className="totals" data-testid="board-totals">
          {session.me.region === null && regions.length > 1 && (
            <select
              name="board-region"
              aria-label={localized(txt('区域', 'Region'), language)}
              value={region ?? ''}
              onChange={(e) => setRegion(e.target.value || null)}
            >
              <option value="">{localized(txt('全市', 'All halls'), language)}</option>
              {regions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
          <span>
            <T zh="大厅" en="Halls" /> <b>{totals.halls}</b>
          </span>
          <span>
            <T zh="等候" en="Waiting" /> <b>{totals.waiting}</b>
          </span>
          <span>
            <T zh="开放窗口" en="Open windows" /> <b>{totals.openWindows}</b>
          </span>
          <span>
            <T zh="告警" en="Alerts" /> <b>{totals.alerts}</b>
          </span>
          <span>
            <T zh="今日差评" en="Bad ratings today" /> <b>{totals.badRatings}</b>
          </span>
        </div>
      )}
      {halls && halls.length === 0 && (
        <p className="empty">
          <T zh="暂无大厅上报数据" en="No hall has reported yet" />
        </p>
      )}
      <div className="tiles">
        {shown.map((hall) => {
          const tile = boardTile(hall, now);
          return (
            <section
              key={hall.hallId}
              className={tile.silentSince !== null ? 'tile silent' : tile.overSla ? 'tile over' : 'tile'}
              data-hall={hall.hallId}
            >
              <h3>
                <span className="hall-name">{hall.name}</span>
                <span className="region">{hall.region}</span>
              </h3>
              <dl>
                <div>
                  <dt>
                    <T zh="等候人数" en="Waiting" />
                  </dt>
                  <dd data-testid="waiting">{hall.waiting}</dd>
                </div>
                <div>
                  <dt>
                    <T zh="最长等候" en="Longest wait" />
                  </dt>
                  <dd className={tile.overSla ? 'warn' : undefined}>
                    {minutes(tile.longestWaitMs)} {language === 'zh' ? '分钟' : 'min'}
                  </dd>
                </div>
                <div>
                  <dt>
                    <T zh="开放窗口" en="Open windows" />
                  </dt>
                  <dd>{hall.openWindows}</dd>
                </div>
                <div>
                  <dt>
                    <T zh="告警" en="Alerts" />
                  </dt>
                  <dd className={hall.openAlerts > 0 ? 'warn' : undefined}>{hall.openAlerts}</dd>
                </div>
                <div>
                  <dt>
                    <T zh="今日评价" en="Rated today" />
                  </dt>
                  <dd>
                    {hall.ratedToday}
                    {hall.averageRatingToday !== null && ` · ${hall.averageRatingToday.toFixed(1)}★`}
                  </dd>
                </div>
                <div>
                  <dt>
                    <T zh="今日差评" en="Bad today" />
                  </dt>
                  <dd className={hall.badRatingsToday > 0 ? 'warn' : undefined}>{hall.badRatingsToday}</dd>
                </div>
              </dl>
              {tile.silentSince !== null && (
                <p className="silent-note" role="status">
                  {language === 'zh'
                    ? `自 ${formatClock(tile.silentSince, TIME_ZONE)} 起未上报`
                    : `Not reporting since ${formatClock(tile.silentSince, TIME_ZONE)}`}
                </p>
              )}
              {tile.neverReported && (
                <p className="silent-note" role="status">
                  <T zh="尚未上报" en="Not reported yet" />
                </p>
              )}
              <p className="sla-line" data-testid="sla">
                {language === 'zh'
                  ? `等候时限 ${tile.slaWaitMinutes} 分钟`
                  : `Wait limit ${tile.slaWaitMinutes} min`}
                {tile.slaIsDefault ? (
                  <span className="badge default" title={localized(DEFAULT_TITLE, language)}>
                    <T zh="默认" en="default" />
                  </span>
                ) : (
                  <span className="badge own">
                    <T zh="本厅设定" en="hall's own" />
                  </span>
                )}
              </p>
              {tile.overSla && tile.worst && tile.silentSince === null && (
                <p className="sla-note" data-testid="over-sla">
                  {language === 'zh'
                    ? `${tile.worst.name ? `${tile.worst.name.zh}：` : ''}等候 ${minutes(tile.worst.waitMs)} 分钟，超过时限 ${tile.slaWaitMinutes} 分钟`
                    : `${tile.worst.name ? `${tile.worst.name.en}: ` : ''}waited ${minutes(tile.worst.waitMs)} min, over its ${tile.slaWaitMinutes} min limit`}
                </p>
              )}
            </section>
          );
        })}
      </div>
    </main>
  );
}
