/**
 * The 预约 part of the kiosk's pure transition: the code keypad, scans, the hub's offer after a swipe or a code,
 * and the visitor's confirmation, which starts an ordinary issue attempt (printer check first) carrying the
 * appointment key. Called by `kioskTransition` for the appointment events only.
 */
import type { AppointmentKey } from '@hallq/protocol';
import type { Bilingual } from '../agent-protocol.ts';
import { NOT_A_BOOKING_CODE, NOT_FOUND } from './appointment-wording.ts';
import { bookingCodeFromScan, isCompleteCode, typeKey } from './booking-code-input.ts';
import { type AppointmentEvent, busy, type KioskState, startAttempt, type Transition } from './kiosk-flow.ts';

const stay = (state: KioskState): Transition => ({ state, effects: [] });

/** A new lookup or message may replace these screens; a ticket in flight or a failed print keeps the kiosk. */
const interruptible = (state: KioskState): boolean => !busy(state) && state.screen !== 'print-failed';

const lookUp = (key: AppointmentKey, requestId: string): Transition => ({
  state: { screen: 'appointment-lookup', requestId },
  effects: [{ type: 'find-appointment', key, requestId }],
});

const message = (code: string, text: Bilingual): Transition => ({
  state: { screen: 'appointment-message', code, message: text },
  effects: [{ type: 'speak', text }],
});

/** Whether an answer about `key` belongs to the card now on screen (a card lookup has no request id). */
const forCardOnScreen = (state: KioskState, key: AppointmentKey): boolean => {
  if (key.kind !== 'identity') return false;
  const card = state.screen === 'card-greet' || state.screen === 'guide' ? state.card : null;
  return card?.identity?.idNumber === key.identity.idNumber;
};

export function appointmentTransition(state: KioskState, event: AppointmentEvent): Transition {
  switch (event.type) {
    case 'code-entry-opened':
      if (!interruptible(state)) return stay(state);
      return {
        state: { screen: 'code-entry', code: '' },
        effects: [
          {
            type: 'speak',
            text: { zh: '请输入预约码，或扫描预约二维码', en: 'Type your booking code, or scan its QR code' },
          },
        ],
      };
    case 'code-key':
      if (state.screen !== 'code-entry') return stay(state);
      return stay({ screen: 'code-entry', code: typeKey(state.code, event.key) });
    case 'code-submitted':
      if (state.screen !== 'code-entry' || !isCompleteCode(state.code)) return stay(state);
      return lookUp({ kind: 'code', code: state.code }, event.requestId);
    case 'code-scanned': {
      if (!interruptible(state) || state.screen === 'appointment-lookup') return stay(state);
      const code = bookingCodeFromScan(event.text);
      if (code === null) return message('NOT_A_BOOKING_CODE', NOT_A_BOOKING_CODE);
      return lookUp({ kind: 'code', code }, event.requestId);
    }
    case 'scan-garbled':
      if (!interruptible(state) || state.screen === 'appointment-lookup') return stay(state);
      return message('SCAN_GARBLED', event.message);
    case 'offer-answered': {
      const card = state.screen === 'card-greet' || state.screen === 'guide' ? state.card : null;
      if (event.requestId === null) {
        // After a swipe: offer the appointment first; no appointment leaves the service choice as it is.
        if (!forCardOnScreen(state, event.key) || !event.offer || !event.wording) return stay(state);
      } else if (state.screen !== 'appointment-lookup' || state.requestId !== event.requestId) {
        return stay(state);
      } else if (!event.offer || !event.wording) {
        return message('APPOINTMENT_NOT_FOUND', NOT_FOUND);
      }
      return {
        state: {
          screen: 'appointment-offer',
          offer: event.offer,
          wording: event.wording,
          key: event.key,
          card,
        },
        effects: [
          {
            type: 'speak',
            text: event.wording.detail
              ? {
                  zh: `${event.wording.question.zh}${event.wording.detail.zh}`,
                  en: `${event.wording.question.en} ${event.wording.detail.en}`,
                }
              : event.wording.question,
          },
        ],
      };
    }
    case 'offer-failed':
      // A card's lookup failing leaves the visitor with the services; a code's says why.
      if (event.requestId === null || state.screen !== 'appointment-lookup') return stay(state);
      if (state.requestId !== event.requestId) return stay(state);
      return message(event.code, event.message);
    case 'check-in-confirmed': {
      if (state.screen !== 'appointment-offer' || state.wording.action === null) return stay(state);
      const { appointment } = state.offer;
      return startAttempt({
        requestId: event.requestId,
        serviceId: appointment.serviceId,
        identity: state.card?.identity ?? null,
        maskedName: state.card?.maskedName ?? appointment.visitorName,
        checkIn: state.key,
      });
    }
  }
}
