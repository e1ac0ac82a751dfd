/**
 * The kiosk's visitor flow as a pure transition: `(state, event) → { state, effects }`. It runs nothing; the
 * renderer executes the effects (ask the agent, call the hub, print, speak) and feeds their results back as events
 * tagged with the visitor action's `requestId`, so a late answer to an abandoned action changes nothing.
 */
import type {
  AppointmentKey,
  AppointmentOffer,
  IdentityInput,
  IssuedTicket,
  SmsConsent,
} from '@hallq/protocol';
import type { Bilingual, CardReadEvent, PrinterProblemCode, PrinterReadiness } from '../agent-protocol.ts';
import { appointmentTransition } from './appointment-flow.ts';
import type { OfferWording } from './appointment-wording.ts';

/** One visitor action: a service chosen, maybe with an ID card. Its `requestId` makes retries idempotent. */
export interface IssueAttempt {
  readonly requestId: string;
  readonly serviceId: string;
  readonly identity: IdentityInput | null;
  readonly maskedName: string | null;
  /** The mobile number the visitor left for text messages, if any (never required). */
  readonly sms?: SmsConsent | null;
  /** Set for 预约 check-in: the ticket comes from `appointment:check-in` with this key, not `ticket:issue`. */
  readonly checkIn?: AppointmentKey;
}

export interface PrintProblem {
  readonly code: PrinterProblemCode;
  readonly message: Bilingual;
}

export type KioskState =
  | { readonly screen: 'home' }
  | { readonly screen: 'guide'; readonly serviceId: string; readonly card: CardReadEvent | null }
  | { readonly screen: 'card-wait' }
  | { readonly screen: 'card-greet'; readonly card: CardReadEvent }
  | { readonly screen: 'card-refused'; readonly message: Bilingual }
  /** 预约签到: the booking code typed on the on-screen keypad (or a QR code scanned meanwhile). */
  | { readonly screen: 'code-entry'; readonly code: string }
  /** A typed or scanned code was sent to the hub; its answer is matched by `requestId`. */
  | { readonly screen: 'appointment-lookup'; readonly requestId: string }
  | {
      readonly screen: 'appointment-offer';
      readonly offer: AppointmentOffer;
      readonly wording: OfferWording;
      readonly key: AppointmentKey;
      /** The swiped card, when the offer came from one (back then returns to its service choice). */
      readonly card: CardReadEvent | null;
    }
  /** No appointment for the code, a QR code that is not ours, a garbled scan, the hub unreachable. */
  | { readonly screen: 'appointment-message'; readonly code: string; readonly message: Bilingual }
  | { readonly screen: 'checking'; readonly attempt: IssueAttempt }
  | { readonly screen: 'issuing'; readonly attempt: IssueAttempt }
  | { readonly screen: 'printing'; readonly attempt: IssueAttempt; readonly issued: IssuedTicket }
  | {
      readonly screen: 'printed';
      readonly attempt: IssueAttempt;
      readonly issued: IssuedTicket;
      readonly warnings: readonly Bilingual[];
    }
  | {
      readonly screen: 'print-failed';
      readonly attempt: IssueAttempt;
      readonly issued: IssuedTicket;
      readonly problem: PrintProblem;
    }
  | {
      /** No ticket was issued: the printer is not ready, or the hub said no. */
      readonly screen: 'refused';
      readonly source: 'printer' | 'hub';
      readonly code: string;
      readonly message: Bilingual;
      /** Set when trying the same action again may help (same requestId: never a second ticket). */
      readonly retry: IssueAttempt | null;
    };

export type KioskScreen = KioskState['screen'];

/** The 预约 events, handled in appointment-flow.ts. */
export type AppointmentEvent = Extract<
  KioskEvent,
  {
    type:
      | 'code-entry-opened'
      | 'code-key'
      | 'code-submitted'
      | 'code-scanned'
      | 'scan-garbled'
      | 'offer-answered'
      | 'offer-failed'
      | 'check-in-confirmed';
  }
>;

export type KioskEvent =
  | {
      readonly type: 'service-touched';
      readonly serviceId: string;
      readonly requestId: string;
      readonly sms?: SmsConsent | null;
    }
  | { readonly type: 'guide-opened'; readonly serviceId: string }
  | { readonly type: 'card-flow-started' }
  | { readonly type: 'card-read'; readonly card: CardReadEvent }
  | { readonly type: 'card-refused'; readonly message: Bilingual }
  | { readonly type: 'printer-checked'; readonly requestId: string; readonly readiness: PrinterReadiness }
  | { readonly type: 'ticket-issued'; readonly requestId: string; readonly issued: IssuedTicket }
  | {
      readonly type: 'issue-failed';
      readonly requestId: string;
      readonly code: string;
      readonly message: Bilingual;
    }
  | { readonly type: 'ticket-printed'; readonly requestId: string; readonly warnings: readonly Bilingual[] }
  | { readonly type: 'print-failed'; readonly requestId: string; readonly problem: PrintProblem }
  | { readonly type: 'code-entry-opened' }
  /** A keypad key: a character of the code alphabet, 'backspace' or 'clear'. */
  | { readonly type: 'code-key'; readonly key: string }
  | { readonly type: 'code-submitted'; readonly requestId: string }
  /** A scanner read something (serial scanner through the agent, or a keyboard-wedge burst in the page). */
  | { readonly type: 'code-scanned'; readonly text: string; readonly requestId: string }
  | { readonly type: 'scan-garbled'; readonly message: Bilingual }
  /** The hub's `appointment:offer` answer; `requestId` null for the lookup a swiped card started. */
  | {
      readonly type: 'offer-answered';
      readonly key: AppointmentKey;
      readonly requestId: string | null;
      readonly offer: AppointmentOffer | null;
      readonly wording: OfferWording | null;
    }
  | {
      readonly type: 'offer-failed';
      readonly key: AppointmentKey;
      readonly requestId: string | null;
      readonly code: string;
      readonly message: Bilingual;
    }
  | { readonly type: 'check-in-confirmed'; readonly requestId: string }
  | { readonly type: 'retry' }
  | { readonly type: 'back' }
  | { readonly type: 'idle-timeout' };

export type KioskEffect =
  | { readonly type: 'check-printer'; readonly requestId: string }
  | { readonly type: 'issue-ticket'; readonly attempt: IssueAttempt }
  /** 预约: ask the hub what check-in would do (`requestId` null: the lookup after a card swipe). */
  | { readonly type: 'find-appointment'; readonly key: AppointmentKey; readonly requestId: string | null }
  | { readonly type: 'check-in'; readonly attempt: IssueAttempt }
  | { readonly type: 'print-ticket'; readonly attempt: IssueAttempt; readonly issued: IssuedTicket }
  /** The hub said the service's daily numbers are gone: grey its tile for the rest of the day. */
  | { readonly type: 'mark-daily-limit'; readonly serviceId: string }
  | { readonly type: 'speak'; readonly text: Bilingual };

export interface Transition {
  readonly state: KioskState;
  readonly effects: readonly KioskEffect[];
}

export const initialKioskState: KioskState = { screen: 'home' };

/** Hub answers that may go away when the same request is sent again. */
const TRANSIENT_HUB_CODES: ReadonlySet<string> = new Set([
  'INTERNAL',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'STORAGE_FAILURE',
]);
/** Printer problems a member of staff can fix while the visitor waits. */
const RETRYABLE_PRINTER: ReadonlySet<PrinterProblemCode> = new Set([
  'PAPER_OUT',
  'COVER_OPEN',
  'OFFLINE',
  'PRINTER_ERROR',
  'DISCONNECTED',
  'TIMEOUT',
  'AGENT_UNREACHABLE',
]);

const stay = (state: KioskState): Transition => ({ state, effects: [] });
const home: Transition = { state: initialKioskState, effects: [] };

export const busy = (state: KioskState): boolean =>
  state.screen === 'checking' || state.screen === 'issuing' || state.screen === 'printing';

const attemptOf = (state: KioskState): IssueAttempt | null =>
  state.screen === 'checking' || state.screen === 'issuing' || state.screen === 'printing'
    ? state.attempt
    : null;

const cardOf = (state: KioskState): CardReadEvent | null => {
  if (state.screen === 'card-greet') return state.card;
  if (state.screen === 'guide') return state.card;
  return null;
};

export const startAttempt = (attempt: IssueAttempt): Transition => ({
  state: { screen: 'checking', attempt },
  effects: [{ type: 'check-printer', requestId: attempt.requestId }],
});

export const greeting = (maskedName: string): Bilingual => ({
  zh: `您好，${maskedName}，请选择要办理的业务`,
  en: `Hello, ${maskedName}. Please choose a service.`,
});

export function kioskTransition(state: KioskState, event: KioskEvent): Transition {
  switch (event.type) {
    case 'code-entry-opened':
    case 'code-key':
    case 'code-submitted':
    case 'code-scanned':
    case 'scan-garbled':
    case 'offer-answered':
    case 'offer-failed':
    case 'check-in-confirmed':
      return appointmentTransition(state, event);
    case 'service-touched': {
      if (busy(state)) return stay(state);
      const card = cardOf(state);
      return startAttempt({
        requestId: event.requestId,
        serviceId: event.serviceId,
        identity: card?.identity ?? null,
        maskedName: card?.maskedName ?? null,
        ...(event.sms ? { sms: event.sms } : {}),
      });
    }
    case 'guide-opened':
      if (busy(state)) return stay(state);
      return stay({ screen: 'guide', serviceId: event.serviceId, card: cardOf(state) });
    case 'card-flow-started':
      if (busy(state)) return stay(state);
      return {
        state: { screen: 'card-wait' },
        effects: [
          {
            type: 'speak',
            text: { zh: '请将身份证放在感应区', en: 'Please place your ID card on the reader' },
          },
        ],
      };
    case 'card-read':
      // A card placed while a ticket is being issued or printed waits for the next visitor.
      if (busy(state) || state.screen === 'print-failed') return stay(state);
      return {
        state: { screen: 'card-greet', card: event.card },
        effects: [
          { type: 'speak', text: greeting(event.card.maskedName) },
          // 预约: an appointment of this person today is offered before the services.
          ...(event.card.identity
            ? [
                {
                  type: 'find-appointment',
                  key: { kind: 'identity', identity: event.card.identity },
                  requestId: null,
                } as const,
              ]
            : []),
        ],
      };
    case 'card-refused':
      if (busy(state) || state.screen === 'print-failed') return stay(state);
      return {
        state: { screen: 'card-refused', message: event.message },
        effects: [{ type: 'speak', text: event.message }],
      };
    case 'printer-checked': {
      if (state.screen !== 'checking' || state.attempt.requestId !== event.requestId) return stay(state);
      const { readiness } = event;
      if (readiness.ready) {
        return {
          state: { screen: 'issuing', attempt: state.attempt },
          effects: [{ type: state.attempt.checkIn ? 'check-in' : 'issue-ticket', attempt: state.attempt }],
        };
      }
      return {
        state: {
          screen: 'refused',
          source: 'printer',
          code: readiness.code,
          message: readiness.message,
          retry: RETRYABLE_PRINTER.has(readiness.code) ? state.attempt : null,
        },
        effects: [{ type: 'speak', text: readiness.message }],
      };
    }
    case 'ticket-issued':
      if (state.screen !== 'issuing' || state.attempt.requestId !== event.requestId) return stay(state);
      return {
        state: { screen: 'printing', attempt: state.attempt, issued: event.issued },
        effects: [{ type: 'print-ticket', attempt: state.attempt, issued: event.issued }],
      };
    case 'issue-failed': {
      if (state.screen !== 'issuing' || state.attempt.requestId !== event.requestId) return stay(state);
      const effects: KioskEffect[] = [{ type: 'speak', text: event.message }];
      if (event.code === 'DAILY_LIMIT_REACHED')
        effects.unshift({ type: 'mark-daily-limit', serviceId: state.attempt.serviceId });
      return {
        state: {
          screen: 'refused',
          source: 'hub',
          code: event.code,
          message: event.message,
          retry: TRANSIENT_HUB_CODES.has(event.code) ? state.attempt : null,
        },
        effects,
      };
    }
    case 'ticket-printed':
      if (state.screen !== 'printing' || state.attempt.requestId !== event.requestId) return stay(state);
      return {
        state: { screen: 'printed', attempt: state.attempt, issued: state.issued, warnings: event.warnings },
        effects: [
          {
            type: 'speak',
            text: {
              zh: `您的号码是 ${state.issued.ticket.number}，请取走您的号票`,
              en: `Your number is ${state.issued.ticket.number}. Please take your ticket.`,
            },
          },
        ],
      };
    case 'print-failed':
      if (state.screen !== 'printing' || state.attempt.requestId !== event.requestId) return stay(state);
      return {
        state: {
          screen: 'print-failed',
          attempt: state.attempt,
          issued: state.issued,
          problem: event.problem,
        },
        effects: [{ type: 'speak', text: event.problem.message }],
      };
    case 'retry':
      if (state.screen === 'print-failed') {
        return {
          state: { screen: 'printing', attempt: state.attempt, issued: state.issued },
          effects: [{ type: 'print-ticket', attempt: state.attempt, issued: state.issued }],
        };
      }
      if (state.screen === 'refused' && state.retry) return startAttempt(state.retry);
      return stay(state);
    case 'back':
      if (busy(state)) return stay(state);
      if (state.screen === 'guide' && state.card) return stay({ screen: 'card-greet', card: state.card });
      // Not now, thanks: a card holder who was offered an appointment chooses a service instead.
      if (state.screen === 'appointment-offer' && state.card)
        return stay({ screen: 'card-greet', card: state.card });
      return home;
    case 'idle-timeout':
      return busy(state) ? stay(state) : home;
  }
}

/** The attempt in flight, if any (for tests and the effect runner). */
export const inFlightAttempt = attemptOf;
