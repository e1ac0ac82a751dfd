/**
 * The renderer's side of the 预约 effects: asks the hub (`appointment:offer`, `appointment:check-in`) and feeds the
 * answers back to the kiosk flow as events. Never throws: a refused or failed call is an event too.
 */
import type { HubClient } from '@hallq/client';
import { checkInRefusal, offerWording } from './logic/appointment-wording.ts';
import type { KioskEffect } from './logic/kiosk-flow.ts';
import { splitHubMessage } from './logic/print-job.ts';
import type { Dispatch } from './use-kiosk-flow.ts';

/** The hall's zone and business day now, for the wording of times and days. */
export interface HallMoment {
  readonly timeZone: string;
  readonly today: string;
}

export function findAppointment(
  hub: HubClient,
  effect: Extract<KioskEffect, { type: 'find-appointment' }>,
  moment: () => HallMoment,
  dispatch: Dispatch,
): void {
  const { key, requestId } = effect;
  void hub.command('appointment:offer', { key }).then((answer) => {
    if (!answer.ok) {
      dispatch({
        type: 'offer-failed',
        key,
        requestId,
        code: answer.error.code,
        message: splitHubMessage(answer.error.message),
      });
      return;
    }
    const { offer } = answer.data;
    const { timeZone, today } = moment();
    dispatch({
      type: 'offer-answered',
      key,
      requestId,
      offer,
      wording: offer ? offerWording(offer, timeZone, today) : null,
    });
  });
}

export function checkIn(
  hub: HubClient,
  effect: Extract<KioskEffect, { type: 'check-in' }>,
  moment: () => HallMoment,
  dispatch: Dispatch,
): void {
  const { attempt } = effect;
  const key = attempt.checkIn;
  if (!key) return;
  void hub.command('appointment:check-in', { requestId: attempt.requestId, key }).then((answer) => {
    if (!answer.ok) {
      dispatch({
        type: 'issue-failed',
        requestId: attempt.requestId,
        code: answer.error.code,
        message: splitHubMessage(answer.error.message),
      });
      return;
    }
    const result = answer.data;
    if (result.outcome === 'checked-in' || result.outcome === 'walk-in') {
      dispatch({ type: 'ticket-issued', requestId: attempt.requestId, issued: result.issued });
      return;
    }
    const { timeZone, today } = moment();
    dispatch({
      type: 'issue-failed',
      requestId: attempt.requestId,
      ...checkInRefusal(result, timeZone, today),
    });
  });
}
