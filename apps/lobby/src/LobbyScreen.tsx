import type { ConnectionStatus } from '@hallq/client';
import type { CallAnnouncement, HallSnapshot, Notice } from '@hallq/protocol';
import { formatClock, formatLongDate } from '@hallq/ui';
import { useSyncExternalStore } from 'react';
import type { LobbyRuntime, SoundState, SpeechState } from './lobby-runtime.ts';
import { lobbyModel } from './model/lobby-model.ts';
import type { LobbyOptions } from './model/lobby-options.ts';
import { useNow } from './useNow.ts';

const useStore = <T,>(store: { get(): T; subscribe(l: (v: T) => void): () => void }): T =>
  useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.get(),
  );

/** How long each notice stays on the panel before the next. */
const NOTICE_PANEL_MS = 12_000;

export function LobbyScreen(props: {
  runtime: LobbyRuntime;
  view: HallSnapshot | null;
  connection: ConnectionStatus;
  options: LobbyOptions;
}) {
  const { runtime, view, options } = props;
  const speech = useStore(runtime.speech);
  const sound = useStore(runtime.sound);
  const now = useNow(1000);
  const layout = options.layout === 'auto' ? '' : ` layout-${options.layout}`;

  if (view === null) {
    return (
      <div className="lobby lobby-waiting">
        <p className="zh">正在连接叫号服务器…</p>
        <p className="en">Connecting to the hall's hub…</p>
      </div>
    );
  }
  const model = lobbyModel(view, { recent: options.recent });
  const hubNow = now - runtime.hubClockOffset();
  const featured = featuredCall(speech, model.recentCalls, now, options);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a wall display has no keyboard; one click enables sound.
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole screen is the click target for sound.
    <div className={`lobby${layout}`} onClick={() => runtime.enableSound()}>
      <header className="lobby-header">
        <div className="hall-name">
          <span className="zh">{model.hallName.zh}</span>
          <span className="en">{model.hallName.en}</span>
          {model.zone === null ? null : <span className="zone">{model.zone}</span>}
        </div>
        <div className="hall-date">
          <span className="zh">{formatLongDate(hubNow, model.timeZone, 'zh')}</span>
          <span className="en">{formatLongDate(hubNow, model.timeZone, 'en')}</span>
        </div>
        <div className="hall-clock" data-testid="clock">
          {formatClock(hubNow, model.timeZone)}
        </div>
      </header>

      <section className={`featured${featured.highlighted ? ' highlighted' : ''}`} data-testid="featured">
        <h2>
          <span className="zh">正在呼叫</span> <span className="en">Now calling</span>
        </h2>
        {featured.call === null ? (
          <p className="featured-empty">
            <span className="zh">请留意叫号</span>
            <span className="en">Please listen for your number</span>
          </p>
        ) : (
          <>
            <p className="featured-ticket" data-ticket={featured.call.ticketNumber}>
              {featured.call.ticketNumber}
              {featured.call.recall ? <span className="recall-tag">重呼 · again</span> : null}
            </p>
            <p className="featured-window">
              <span className="zh">到 {featured.call.windowNumber} 号窗口</span>
              <span className="en">Window {featured.call.windowNumber}</span>
            </p>
          </>
        )}
      </section>

      <section className="recent" data-testid="recent">
        <div className="recent-head">
          <span>
            <span className="zh">票号</span> <span className="en">Ticket</span>
          </span>
          <span>
            <span className="zh">窗口</span> <span className="en">Window</span>
          </span>
        </div>
        <ol>
          {model.recentCalls.map((call, i) => (
            <li
              key={`${call.ticketId}#${call.callCount}`}
              data-ticket={call.ticketNumber}
              data-window={call.windowNumber}
              className={i === 0 ? 'latest' : undefined}
            >
              <span className="ticket">{call.ticketNumber}</span>
              <span className="arrow">→</span>
              <span className="window">{call.windowNumber}</span>
            </li>
          ))}
        </ol>
      </section>

      <section className="waiting" data-testid="waiting">
        {model.waiting.map((s) => (
          <div className="waiting-service" key={s.serviceId} data-service={s.serviceId}>
            <span className="service-name">
              <span className="prefix">{s.prefix}</span> <span className="zh">{s.name.zh}</span>{' '}
              <span className="en">{s.name.en}</span>
            </span>
            <span className="waiting-count">
              <span className="zh">等候</span> <b>{s.waiting}</b> <span className="zh">人</span>
              <span className="en"> waiting</span>
            </span>
          </div>
        ))}
      </section>

      <NoticePanel notices={model.panel} now={now} />
      <NoticeLine notices={model.scrolling} />
      <StatusBar connection={props.connection} sound={sound} />
    </div>
  );
}

function featuredCall(
  speech: SpeechState,
  recent: readonly CallAnnouncement[],
  now: number,
  options: LobbyOptions,
): { call: CallAnnouncement | null; highlighted: boolean } {
  if (speech.current !== null) return { call: speech.current.call, highlighted: true };
  const last = speech.lastAnnouncement?.call ?? null;
  const latest = recent[0] ?? null;
  // The one said last, while it lingers; afterwards the newest of this display's calls.
  const lingering = last !== null && now - speech.lastEndedAt < options.highlightMs / options.speed;
  if (lingering) return { call: last, highlighted: true };
  return { call: latest, highlighted: false };
}

function NoticePanel(props: { notices: readonly Notice[]; now: number }) {
  const { notices } = props;
  if (notices.length === 0) return <aside className="notice-panel empty" />;
  const notice = notices[Math.floor(props.now / NOTICE_PANEL_MS) % notices.length]!;
  return (
    <aside className="notice-panel" data-testid="notice-panel">
      <h3>{notice.title}</h3>
      <p>{notice.body}</p>
    </aside>
  );
}

function NoticeLine(props: { notices: readonly Notice[] }) {
  const text = props.notices.map((n) => `${n.title}：${n.body}`).join('　　◆　　');
  if (text === '') return <footer className="notice-line empty" />;
  // The browser scrolls it (CSS animation): no timers, no layout work per frame in script.
  const seconds = Math.max(15, text.length * 0.35);
  return (
    <footer className="notice-line" data-testid="notice-line">
      <div className="notice-line-track" style={{ animationDuration: `${seconds}s` }}>
        <span>{text}</span>
        <span aria-hidden="true">{text}</span>
      </div>
    </footer>
  );
}

function StatusBar(props: { connection: ConnectionStatus; sound: SoundState }) {
  return (
    <>
      {props.sound === 'locked' ? (
        <div className="sound-banner" data-testid="sound-banner" role="alert">
          <span className="zh">🔈 请点击屏幕任意位置，开启语音叫号</span>
          <span className="en">Click anywhere on the screen to turn on voice announcements</span>
        </div>
      ) : null}
      <div className="status" data-testid="status">
        {props.connection === 'connected' ? null : (
          <span className="status-offline">
            <span className="zh">正在重新连接服务器…</span>{' '}
            <span className="en">Reconnecting to the hub…</span>
          </span>
        )}
        {props.sound === 'no-pack' ? (
          <span className="status-nosound">
            <span className="zh">语音包缺失，仅显示叫号</span>{' '}
            <span className="en">No voice pack: calls are shown without sound</span>
          </span>
        ) : null}
      </div>
    </>
  );
}
