/** 预约签到 screens: the booking-code keypad, the offer after a swipe or a code, and the lookup's wait. */
import type { LocalizedText } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui';
import type { Bilingual } from '../agent-protocol.ts';
import type { OfferWording } from '../logic/appointment-wording.ts';
import { BOOKING_CODE_LENGTH, isCompleteCode, KEYPAD_KEYS } from '../logic/booking-code-input.ts';
import { T } from '../text.ts';

type Handler = () => void;

function Say({ text, className }: { text: LocalizedText; className?: string }) {
  const language = useLanguage();
  return <span className={className}>{localized(text, language)}</span>;
}

/** Eight boxes for the code and the alphabet's 31 keys (no 0/O, 1/I/L), with delete and clear. */
export function CodeEntryScreen(props: {
  code: string;
  scannerReady: boolean;
  onKey: (key: string) => void;
  onSubmit: Handler;
  onBack: Handler;
}) {
  const boxes = Array.from({ length: BOOKING_CODE_LENGTH }, (_, i) => props.code[i] ?? '');
  return (
    <section className="screen screen-code-entry" data-screen="code-entry">
      <h1>
        <Say text={T.enterCode} />
      </h1>
      <p className="hint" data-layout-wrap-ok>
        <Say text={props.scannerReady ? T.enterCodeOrScan : T.enterCodeHint} />
      </p>
      <output className="code-boxes" data-code={props.code} aria-live="polite">
        {boxes.map((ch, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the boxes are positions, not items
          <span key={i} className={`code-box${ch ? ' code-box-filled' : ''}`}>
            {ch}
          </span>
        ))}
      </output>
      <div className="keypad">
        {KEYPAD_KEYS.map((key) => (
          <button
            type="button"
            key={key}
            className="keypad-key"
            data-key={key}
            disabled={props.code.length >= BOOKING_CODE_LENGTH}
            onClick={() => props.onKey(key)}
          >
            {key}
          </button>
        ))}
        <button
          type="button"
          className="keypad-key keypad-edit"
          data-key="backspace"
          disabled={props.code === ''}
          onClick={() => props.onKey('backspace')}
        >
          <Say text={T.deleteKey} />
        </button>
        <button
          type="button"
          className="keypad-key keypad-edit"
          data-key="clear"
          disabled={props.code === ''}
          onClick={() => props.onKey('clear')}
        >
          <Say text={T.clearKey} />
        </button>
      </div>
      <div className="actions">
        <button type="button" className="secondary" data-action="back" onClick={props.onBack}>
          <Say text={T.back} />
        </button>
        <button
          type="button"
          className="primary"
          data-action="submit-code"
          disabled={!isCompleteCode(props.code)}
          onClick={props.onSubmit}
        >
          <Say text={T.findAppointment} />
        </button>
      </div>
    </section>
  );
}

export function AppointmentOfferScreen(props: {
  wording: OfferWording;
  maskedName: string | null;
  canConfirm: boolean;
  onConfirm: Handler;
  onBack: Handler;
  /** The card holder may choose a service instead; a code user goes home. */
  fromCard: boolean;
}) {
  const { wording } = props;
  return (
    <section className="screen screen-appointment-offer" data-screen="appointment-offer">
      <div className="offer-badge">
        <Say text={T.appointment} />
      </div>
      <h1 className="offer-question" data-layout-wrap-ok data-offer-action={wording.action ?? 'none'}>
        <Say text={wording.question} />
      </h1>
      {props.maskedName && (
        <p className="offer-name" data-layout-wrap-ok>
          <Say text={T.bookedBy} /> {props.maskedName}
        </p>
      )}
      {wording.detail && (
        <p
          className={`offer-detail offer-detail-${wording.action ?? 'none'}`}
          data-layout-wrap-ok
          role="status"
        >
          <Say text={wording.detail} />
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" data-action="back" onClick={props.onBack}>
          <Say text={props.fromCard ? T.otherService : T.home} />
        </button>
        {wording.action && (
          <button
            type="button"
            className="primary"
            data-action="check-in"
            disabled={!props.canConfirm}
            onClick={props.onConfirm}
          >
            <Say text={wording.action === 'check-in' ? T.checkIn : T.takeWalkIn} />
          </button>
        )}
      </div>
    </section>
  );
}

export function AppointmentMessageScreen(props: {
  code: string;
  message: Bilingual;
  onRetype: Handler;
  onHome: Handler;
}) {
  return (
    <section className="screen screen-message screen-appointment-message" data-screen="appointment-message">
      <div className="message-icon" aria-hidden="true">
        !
      </div>
      <h1>
        <Say text={T.appointmentCheckIn} />
      </h1>
      <p className="message" data-code={props.code} data-layout-wrap-ok>
        <Say text={props.message} />
      </p>
      <div className="actions">
        <button type="button" className="primary" data-action="retype" onClick={props.onRetype}>
          <Say text={T.enterCodeAgain} />
        </button>
        <button type="button" className="secondary" data-action="home" onClick={props.onHome}>
          <Say text={T.home} />
        </button>
      </div>
    </section>
  );
}
