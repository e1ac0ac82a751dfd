import type { IssuedTicket, LocalizedText, ServiceConfig } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui';
// Its own entry: the QR drawing is JSX, which the kiosk's Node-side type check (print-job.ts) does not compile.
import { QrCode } from '@hallq/ui/qr-code';
import type { ReactNode } from 'react';
import type { Bilingual, CardReadEvent } from '../agent-protocol.ts';
import { greeting } from '../logic/kiosk-flow.ts';
import { ticketPageOf } from '../logic/print-job.ts';
import type { TileGrid } from '../logic/tile-pages.ts';
import { T } from '../text.ts';
import { type ServiceTileData, ServiceTiles } from './ServiceTiles.tsx';
import { WaitText } from './WaitText.tsx';

type Handler = () => void;

function Say({ text, className }: { text: LocalizedText; className?: string }) {
  const language = useLanguage();
  return <span className={className}>{localized(text, language)}</span>;
}

export function HomeScreen(props: {
  tiles: readonly ServiceTileData[];
  grid: TileGrid;
  canIssue: boolean;
  cardAvailable: boolean;
  /** The hall takes appointments: offer 预约签到 (code keypad, QR scan). */
  appointments: boolean;
  onTake: (serviceId: string) => void;
  onGuide: (serviceId: string) => void;
  onCard: Handler;
  onAppointment: Handler;
  /** The SMS offer (PhoneEntryScreen's entry point), beside the card button, when the hall sends texts. */
  smsOffer?: ReactNode;
}) {
  return (
    <section className="screen screen-home" data-screen="home">
      <div className="home-head">
        <h1>
          <Say text={T.chooseService} />
        </h1>
        {(props.cardAvailable || props.appointments || props.smsOffer) && (
          <div className="home-buttons">
            {props.cardAvailable && (
              <button type="button" className="card-button" data-action="card" onClick={props.onCard}>
                <span className="card-icon" aria-hidden="true" />
                <span>
                  <Say text={T.swipeCard} className="card-button-title" />
                  <Say text={T.swipeCardHint} className="card-button-hint" />
                </span>
              </button>
            )}
            {props.appointments && (
              <button
                type="button"
                className="card-button appointment-button"
                data-action="appointment"
                onClick={props.onAppointment}
              >
                <span className="qr-icon" aria-hidden="true" />
                <span>
                  <Say text={T.appointmentCheckIn} className="card-button-title" />
                  <Say text={T.appointmentCheckInHint} className="card-button-hint" />
                </span>
              </button>
            )}
            {props.smsOffer}
          </div>
        )}
      </div>
      <ServiceTiles
        tiles={props.tiles}
        grid={props.grid}
        disabled={!props.canIssue}
        onTake={props.onTake}
        onGuide={props.onGuide}
      />
    </section>
  );
}

export function GuideScreen(props: {
  service: ServiceConfig;
  canTake: boolean;
  onTake: Handler;
  onBack: Handler;
}) {
  const language = useLanguage();
  const { guide } = props.service;
  return (
    <section className="screen screen-guide" data-screen="guide">
      <h1>
        {localized(props.service.name, language)} · <Say text={T.guide} />
      </h1>
      <div className="guide-body">
        <h2>
          <Say text={T.materials} />
        </h2>
        {guide.materials.length === 0 ? (
          <p>
            <Say text={T.noMaterials} />
          </p>
        ) : (
          <ol className="guide-list">
            {guide.materials.map((m) => (
              <li key={m.zh}>{localized(m, language)}</li>
            ))}
          </ol>
        )}
        {guide.notes.length > 0 && (
          <>
            <h2>
              <Say text={T.notes} />
            </h2>
            <ul className="guide-list">
              {guide.notes.map((n) => (
                <li key={n.zh}>{localized(n, language)}</li>
              ))}
            </ul>
          </>
        )}
        <p className="guide-hours">
          <Say text={T.hours} />:{' '}
          {props.service.openingHours.map((s) => `${s.from}–${s.to}`).join(', ') || '—'} ·{' '}
          {localized(props.service.waitingArea, language)}
        </p>
      </div>
      <div className="actions">
        <button type="button" className="secondary" data-action="back" onClick={props.onBack}>
          <Say text={T.back} />
        </button>
        <button
          type="button"
          className="primary"
          data-action="take"
          disabled={!props.canTake}
          onClick={props.onTake}
        >
          <Say text={T.takeTicket} />
        </button>
      </div>
    </section>
  );
}

export function CardWaitScreen(props: { onBack: Handler }) {
  return (
    <section className="screen screen-card-wait" data-screen="card-wait">
      <h1>
        <Say text={T.placeCard} />
      </h1>
      <div className="reader-art" aria-hidden="true">
        <div className="reader-card" />
        <div className="reader-pad" />
      </div>
      <p className="hint">
        <Say text={T.placeCardHint} />
      </p>
      <div className="actions">
        <button type="button" className="secondary" data-action="back" onClick={props.onBack}>
          <Say text={T.back} />
        </button>
      </div>
    </section>
  );
}

export function CardGreetScreen(props: {
  card: CardReadEvent;
  tiles: readonly ServiceTileData[];
  grid: TileGrid;
  canIssue: boolean;
  onTake: (serviceId: string) => void;
  onGuide: (serviceId: string) => void;
  onBack: Handler;
}) {
  return (
    <section className="screen screen-card-greet" data-screen="card-greet">
      <h1 className="greeting" data-greeting={props.card.maskedName}>
        <Say text={greeting(props.card.maskedName)} />
      </h1>
      {props.card.identity === null && (
        <p className="notice">
          <Say text={T.cardNotForHub} />
        </p>
      )}
      <ServiceTiles
        tiles={props.tiles}
        grid={props.grid}
        disabled={!props.canIssue}
        onTake={props.onTake}
        onGuide={props.onGuide}
      />
      <div className="actions">
        <button type="button" className="secondary" data-action="back" onClick={props.onBack}>
          <Say text={T.home} />
        </button>
      </div>
    </section>
  );
}

export function ProgressScreen(props: {
  screen: 'checking' | 'issuing' | 'appointment-lookup';
  text: LocalizedText;
}) {
  return (
    <section className="screen screen-progress" data-screen={props.screen}>
      <div className="spinner" aria-hidden="true" />
      <h1>
        <Say text={props.text} />
      </h1>
    </section>
  );
}

export function TicketScreen(props: {
  screen: 'printing' | 'printed' | 'print-failed';
  issued: IssuedTicket;
  problem: Bilingual | null;
  /** A late appointment the hall turned into an ordinary ticket: say so beside the number. */
  walkInFromAppointment?: boolean;
  onRetry: Handler;
  onDone: Handler;
}) {
  const language = useLanguage();
  const { issued } = props;
  // The ticket's page on the visitor's phone (the QR printed on the ticket, shown here too), when the hall has one.
  const page = ticketPageOf(issued);
  const status =
    props.screen === 'printing' ? T.printing : props.screen === 'printed' ? T.takeYourTicket : T.printFailed;
  return (
    <section className={`screen screen-ticket screen-${props.screen}`} data-screen={props.screen}>
      <div className="ticket-main">
        <h1 className="ticket-heading">
          <Say text={T.ticketIssued} />
        </h1>
        <p className="ticket-label">
          <Say text={T.yourNumber} />
        </p>
        <p className="ticket-number" data-ticket-number={issued.ticket.number}>
          {issued.ticket.number}
        </p>
        <p className="ticket-service" data-layout-wrap-ok>
          {localized(issued.serviceName, language)}
          {issued.ticket.visitorClass === 'priority' && (
            <span className="badge-priority">
              <Say text={T.priority} />
            </span>
          )}
          {issued.ticket.appointment && (
            <span className="badge-appointment" data-appointment={issued.ticket.appointment.code}>
              <Say text={T.appointment} />
            </span>
          )}
        </p>
        {issued.ticket.appointment && (
          <p className="ticket-slot" data-ticket-slot>
            <Say text={T.appointmentSlot} /> {issued.ticket.appointment.slotStart}–
            {issued.ticket.appointment.slotEnd}
          </p>
        )}
        {props.walkInFromAppointment && (
          <p className="ticket-walk-in" data-walk-in data-layout-wrap-ok>
            <Say text={T.walkInInstead} />
          </p>
        )}
        {page && (
          <figure className="ticket-qr" data-ticket-page={page}>
            <QrCode text={page} label={localized(T.scanToFollow, language)} className="ticket-qr-code" />
            <figcaption>
              <Say text={T.scanToFollow} />
            </figcaption>
          </figure>
        )}
      </div>
      <div className="ticket-side">
        <dl className="ticket-facts">
          <div>
            <dt className="fact-label">
              <Say text={T.peopleAhead} />
            </dt>
            <dd data-people-ahead={issued.peopleAhead}>
              {language === 'zh' ? `${issued.peopleAhead} 人` : issued.peopleAhead}
            </dd>
          </div>
          <div>
            <dt className="fact-label">
              <Say text={T.estimatedWait} />
            </dt>
            <dd data-wait>
              <WaitText
                peopleAhead={issued.peopleAhead}
                ms={issued.estimatedWaitMs}
                range={issued.estimatedWaitRange}
              />
            </dd>
          </div>
          <div>
            <dt className="fact-label">
              <Say text={T.waitAt} />
            </dt>
            <dd data-layout-wrap-ok>{localized(issued.waitingArea, language)}</dd>
          </div>
        </dl>
        <p className={`print-status print-${props.screen}`} data-print-status={props.screen}>
          <Say text={status} />
        </p>
        {props.problem && (
          <div className="problem" role="alert">
            <p>
              <Say text={props.problem} />
            </p>
            <p>
              <Say text={T.numberKept} />
            </p>
          </div>
        )}
        <div className="actions">
          {props.screen === 'print-failed' && (
            <button type="button" className="primary" data-action="retry" onClick={props.onRetry}>
              <Say text={T.retry} />
            </button>
          )}
          {props.screen !== 'printing' && (
            <button type="button" className="secondary" data-action="home" onClick={props.onDone}>
              <Say text={T.home} />
            </button>
          )}
        </div>
      </div>
    </section>
  );
}

export function MessageScreen(props: {
  screen: 'refused' | 'card-refused';
  title: LocalizedText;
  message: Bilingual;
  code: string | null;
  onRetry: Handler | null;
  onHome: Handler;
}) {
  return (
    <section className={`screen screen-message screen-${props.screen}`} data-screen={props.screen}>
      <div className="message-icon" aria-hidden="true">
        !
      </div>
      <h1>
        <Say text={props.title} />
      </h1>
      <p className="message" data-code={props.code ?? ''}>
        <Say text={props.message} />
      </p>
      <div className="actions">
        {props.onRetry && (
          <button type="button" className="primary" data-action="retry" onClick={props.onRetry}>
            <Say text={T.retry} />
          </button>
        )}
        <button type="button" className="secondary" data-action="home" onClick={props.onHome}>
          <Say text={T.home} />
        </button>
      </div>
    </section>
  );
}

/** Both languages at once, Chinese first: an outage screen has nothing to touch, not even the language button. */
function Both({ text, className }: { text: LocalizedText; className: string }) {
  return (
    <p className={className} data-layout-wrap-ok>
      <span lang="zh-CN">{text.zh}</span>
      <span lang="en">{text.en}</span>
    </p>
  );
}

/** 暂停服务: the hub has been out of reach for a while. It goes away by itself when the link is back. */
export function OutOfServiceScreen() {
  return (
    <section className="screen screen-outage" data-screen="out-of-service" role="alert">
      <div className="outage-icon" aria-hidden="true" />
      <h1 className="outage-title">
        <span lang="zh-CN">{T.outOfService.zh}</span>
        <span lang="en">{T.outOfService.en}</span>
      </h1>
      <Both text={T.outOfServiceWhy} className="outage-why" />
      <Both text={T.outOfServiceWhat} className="outage-what" />
    </section>
  );
}

/** The hub refuses this kiosk's token: say so, and what staff must do; visitors are sent to the desk. */
export function NotAuthorisedScreen() {
  return (
    <section className="screen screen-outage" data-screen="not-authorised" role="alert">
      <div className="outage-icon" aria-hidden="true" />
      <h1 className="outage-title">
        <span lang="zh-CN">{T.notAuthorised.zh}</span>
        <span lang="en">{T.notAuthorised.en}</span>
      </h1>
      <Both text={T.notAuthorisedVisitor} className="outage-what" />
      <Both text={T.notAuthorisedStaff} className="outage-staff" />
    </section>
  );
}
