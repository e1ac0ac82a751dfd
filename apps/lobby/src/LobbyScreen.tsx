import type { ConnectionStatus } from '@hallq/client';
import type { CallAnnouncement, HallSnapshot, Notice } from '@hallq/protocol';
import { formatClock, formatLongDate } from '@hallq/ui';
import { useRef, useSyncExternalStore } from 'react';
import { FitText } from './layout/FitText.tsx';
import { SpeakerIcon } from './layout/SpeakerIcon.tsx';
import { tileColumns } from './layout/tile-columns.ts';
import { useOrientation } from './layout/useOrientation.ts';
import { useRowsThatFit } from './layout/useRowsThatFit.ts';
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
  const screen = useOrientation();
  const orientation = options.layout === 'auto' ? screen : options.layout;

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
  const windowLine = featured.call === null ? '' : `到 ${featured.call.windowNumber} 号窗口 Window`;

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a wall display has no keyboard; one click enables sound.
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole screen is the click target for sound.
    <div className={`lobby ${orientation}`} onClick={() => runtime.enableSound()}>
      <header className="lobby-header">
        <div className="hall-name">
          <div className="hall-name-zh">
            <FitText className="zh" text={model.hallName.zh} />
            {model.zone === null ? null : <span className="zone">{model.zone}</span>}
          </div>
          <FitText className="en" text={model.hallName.en} min={0.4} />
        </div>
        <div className="hall-date">
          <span className="zh">{formatLongDate(hubNow, model.timeZone, 'zh')}</span>
          <span className="en">{formatLongDate(hubNow, model.timeZone, 'en')}</span>
        </div>
        <div className="hall-clock" data-testid="clock">
          {formatClock(hubNow, model.timeZone)}
        </div>
      </header>

      <div className={`lobby-main${model.panel.length > 0 ? ' with-panel' : ''}`}>
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
              {featured.call.recall ? (
                <p className="recall-tag" data-testid="recall-tag">
                  重呼 · again
                </p>
              ) : null}
              {featured.call.appointment ? (
                <p className="appointment-tag" data-testid="appointment-tag">
                  预约 · appointment
                </p>
              ) : null}
              <p className="featured-ticket" data-ticket={featured.call.ticketNumber}>
                <FitText text={featured.call.ticketNumber} />
              </p>
              <p className="featured-window">
                <FitText text={windowLine}>
                  <span className="zh">到 {featured.call.windowNumber} 号窗口</span>
                  <span className="en">Window {featured.call.windowNumber}</span>
                </FitText>
              </p>
            </>
          )}
        </section>

        <RecentCalls calls={model.recentCalls} />

        <NoticePanel notices={model.panel} now={now} />
      </div>

      <StatusStrip connection={props.connection} sound={sound} />

      <section
        className="waiting"
        data-testid="waiting"
        style={{
          gridTemplateColumns: `repeat(${tileColumns(model.waiting.length, orientation)}, minmax(0, 1fr))`,
        }}
      >
        {model.waiting.map((s) => (
          <div className="waiting-service" key={s.serviceId} data-service={s.serviceId}>
            <FitText className="service-name" text={`${s.prefix} ${s.name.zh}`}>
              <span className="prefix">{s.prefix}</span> <span className="zh">{s.name.zh}</span>
            </FitText>
            <FitText className="service-name-en en" text={s.name.en} min={0.4} />
            <FitText className="waiting-count" text={`等候 ${s.waiting} 人 waiting`}>
              <span className="zh">等候</span> <b>{s.waiting}</b> <span className="zh">人</span>
              <span className="en"> waiting</span>
            </FitText>
          </div>
        ))}
      </section>

      <NoticeLine notices={model.scrolling} />
    </div>
  );
}

/** The last calls, newest first: as many whole rows as the box holds (the newest are the ones kept). */
function RecentCalls(props: { calls: readonly CallAnnouncement[] }) {
  const list = useRef<HTMLOListElement>(null);
  const fit = useRowsThatFit(list, props.calls.length);
  const shown = fit === null ? props.calls : props.calls.slice(0, fit);
  return (
    <section className="recent" data-testid="recent">
      <div className="recent-head">
        <span>
          <span className="zh">票号</span> <span className="en">Ticket</span>
        </span>
        <span>
          <span className="zh">窗口</span> <span className="en">Window</span>
        </span>
      </div>
      <ol ref={list}>
        {shown.map((call, i) => (
          <li
            key={`${call.ticketId}#${call.callCount}`}
            data-ticket={call.ticketNumber}
            data-window={call.windowNumber}
            className={i === 0 ? 'latest' : undefined}
          >
            <span className="ticket">
              {call.ticketNumber}
              {call.appointment ? (
                <small className="appointment-mark" data-testid="appointment-mark">
                  预约
                </small>
              ) : null}
            </span>
            <span className="arrow">→</span>
            <span className="window">{call.windowNumber}</span>
          </li>
        ))}
      </ol>
    </section>
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
  // No panel at all without a notice for it: an empty box would take a quarter of the screen.
  if (notices.length === 0) return null;
  const notice = notices[Math.floor(props.now / NOTICE_PANEL_MS) % notices.length]!;
  return (
    <aside className="notice-panel" data-testid="notice-panel">
      <h3 data-layout-wrap-ok>{notice.title}</h3>
      <p data-layout-wrap-ok>{notice.body}</p>
    </aside>
  );
}

function NoticeLine(props: { notices: readonly Notice[] }) {
  const text = props.notices.map((n) => `${n.title}：${n.body}`).join('　　◆　　');
  if (text === '') return null;
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

/**
 * What the screen needs from the hall's staff, in a strip of its own between the calls and the waiting counts:
 * it covers nothing (a prompt floating over the screen hid the called number in portrait), and it is there only
 * when there is something to say. The voice prompt shows only in a browser that holds sound back; the Electron
 * shell allows sound without a click, so there the prompt never appears.
 */
function StatusStrip(props: { connection: ConnectionStatus; sound: SoundState }) {
  const offline = props.connection !== 'connected';
  if (!offline && props.sound !== 'locked' && props.sound !== 'no-pack') return null;
  return (
    <div className="lobby-status" data-testid="status">
      {props.sound === 'locked' ? (
        // The click reaches the screen's handler, which turns the sound on.
        <button type="button" className="sound-banner" data-testid="sound-banner">
          <SpeakerIcon />
          <span className="zh">请点击屏幕任意位置，开启语音叫号</span>
          <span className="en">Click anywhere to turn on voice announcements</span>
        </button>
      ) : null}
      {offline ? (
        <span className="status-offline" role="status">
          <span className="zh">正在重新连接服务器…</span> <span className="en">Reconnecting to the hub…</span>
        </span>
      ) : null}
      {props.sound === 'no-pack' ? (
        <span className="status-nosound">
          <span className="zh">语音包缺失，仅显示叫号</span>{' '}
          <span className="en">No voice pack: calls are shown without sound</span>
        </span>
      ) : null}
    </div>
  );
}
