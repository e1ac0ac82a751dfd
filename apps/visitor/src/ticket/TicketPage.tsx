import type { TicketPageView } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui/language';
import { useEffect, useRef, useState } from 'react';
import { type CallAlert, createCallAlert } from './call-alert.ts';
import { RatingForm } from './RatingForm.tsx';
import { followTicket, type StreamState } from './ticket-stream.ts';
import { goToWindow, servedAt, TT } from './ticket-text.ts';
import { waitTextOf } from './wait-text.ts';

/** What the page shows and when (tests read it: the update lag, the alerts). */
export interface TicketPageProbe {
  readonly shown: { state: string; peopleAhead: number | null; callCount: number; at: number }[];
  readonly alerts: { vibrated: boolean; sounded: boolean; at: number }[];
}

declare global {
  interface Window {
    __hallqTicket?: TicketPageProbe;
  }
}

/** A ticket's page: its number and place in line, live; the call in large type with an alert; the rating. */
export function TicketPage(props: { token: string }) {
  const language = useLanguage();
  const [stream, setStream] = useState<StreamState>({ kind: 'loading' });
  const alertRef = useRef<CallAlert | null>(null);
  const [soundOn, setSoundOn] = useState(false);
  const callsSeen = useRef<number | null>(null);

  useEffect(() => {
    alertRef.current = createCallAlert(window);
    window.__hallqTicket = { shown: [], alerts: [] };
    return followTicket({
      token: props.token,
      open: (url) => new EventSource(url),
      fetchView: (url) => fetch(url),
      onState: setStream,
    });
  }, [props.token]);

  const view = stream.kind === 'live' ? stream.view : null;
  useEffect(() => {
    if (!view) return;
    window.__hallqTicket?.shown.push({
      state: view.state,
      peopleAhead: view.peopleAhead,
      callCount: view.callCount,
      at: Date.now(),
    });
    // Each new call (and recall) while the page is open: vibration and sound, where the phone allows them.
    const before = callsSeen.current;
    callsSeen.current = view.callCount;
    if (before !== null && view.callCount > before && view.state === 'called' && alertRef.current) {
      window.__hallqTicket?.alerts.push({ ...alertRef.current.alert(), at: Date.now() });
    }
  }, [view]);

  if (stream.kind === 'loading') return <p className="card muted">{localized(TT.loading, language)}</p>;
  if (stream.kind === 'not-found' || !view) {
    return (
      <section className="card" data-testid="ticket-not-found">
        <h1>{localized(TT.notFound, language)}</h1>
        <p>{localized(TT.notFoundHint, language)}</p>
      </section>
    );
  }

  return (
    <>
      {view.state === 'called' && view.window && (
        <section className="call" role="alert" data-testid="call" data-window={view.window.number}>
          <p className="call-number">{view.number}</p>
          <p className="call-window">{localized(goToWindow(view.window.number), language)}</p>
        </section>
      )}
      <section className="card ticket" data-state={view.state} data-testid="ticket">
        <p className="hall-name" data-hall-name>
          {localized(view.hallName, language)}
        </p>
        <p className="label">{localized(TT.yourNumber, language)}</p>
        <p className="ticket-number" data-ticket-number={view.number}>
          {view.number}
        </p>
        <dl className="facts">
          <div>
            <dt>{localized(TT.service, language)}</dt>
            <dd data-service>{localized(view.service, language)}</dd>
          </div>
          <div>
            <dt>{localized(TT.waitingArea, language)}</dt>
            <dd data-waiting-area>{localized(view.waitingArea, language)}</dd>
          </div>
          {view.state === 'waiting' && view.peopleAhead !== null && (
            <>
              <div>
                <dt>{localized(TT.peopleAhead, language)}</dt>
                <dd data-people-ahead={view.peopleAhead}>
                  {language === 'zh' ? `${view.peopleAhead} 人` : view.peopleAhead}
                </dd>
              </div>
              <div>
                <dt>{localized(TT.estimatedWait, language)}</dt>
                <dd data-wait>{waitTextOf(view, language)}</dd>
              </div>
            </>
          )}
        </dl>
        {view.state === 'waiting' && view.peopleAhead === 0 && (
          <p className="next" data-testid="next">
            {localized(TT.youAreNext, language)}
          </p>
        )}
        {view.state === 'serving' && view.window && (
          <p className="status" data-testid="serving">
            {localized(servedAt(view.window.number), language)}
          </p>
        )}
        {view.state === 'done' && (
          <p className="status" data-testid="done">
            {localized(TT.done, language)}
          </p>
        )}
        {view.state === 'ended' && (
          <div className="status" data-testid="ended">
            <p>{localized(TT.ended, language)}</p>
            <p className="muted">{localized(TT.endedHint, language)}</p>
          </div>
        )}
      </section>
      {view.live && (
        <section className="card quiet">
          <p className={stream.connected ? 'muted' : 'problem'} data-connected={stream.connected}>
            {localized(stream.connected ? TT.live : TT.reconnecting, language)}
          </p>
          {soundOn ? (
            <p className="muted" data-sound="on">
              {localized(TT.soundIsOn, language)}
            </p>
          ) : (
            <button
              type="button"
              className="secondary"
              data-action="sound"
              onClick={() => {
                void alertRef.current?.unlock().then(setSoundOn);
              }}
            >
              {localized(TT.soundOn, language)}
            </button>
          )}
        </section>
      )}
      {view.state === 'done' && view.rating && <RatingForm token={props.token} rating={view.rating} />}
    </>
  );
}

export type { TicketPageView };
