/**
 * What the kiosk says about an appointment (预约): the offer after a swipe or a code, and why check-in was refused.
 * Pure: the hall's time zone and today's business day come in as arguments.
 */

import { SCAN_GARBLED_WORDING } from '@hallq/devices/scan-wording';
import type { AppointmentCheckIn, AppointmentOffer, AppointmentView } from '@hallq/protocol';
import { formatClock } from '@hallq/ui';
import type { Bilingual } from '../agent-protocol.ts';

/** The offer as the screen shows it; `action` is what the main button does (none: the visitor can only leave). */
export interface OfferWording {
  readonly question: Bilingual;
  readonly detail: Bilingual | null;
  readonly action: 'check-in' | 'walk-in' | null;
}

const slotOf = (a: AppointmentView): string => `${a.slotStart}–${a.slotEnd}`;

/** "12月8日" / "8 Dec" when the appointment is not today, else nothing. */
function dayPrefix(a: AppointmentView, today: string): { zh: string; en: string } {
  if (a.day === today) return { zh: '', en: '' };
  const [, month, day] = a.day.split('-').map(Number);
  const monthEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    (month ?? 1) - 1
  ];
  return { zh: `${month}月${day}日 `, en: `${day} ${monthEn}, ` };
}

/** "您预约了 10:00–10:30 社保业务" — the first line of every offer. */
export function bookedLine(a: AppointmentView, today: string): Bilingual {
  const d = dayPrefix(a, today);
  return {
    zh: `您预约了 ${d.zh}${slotOf(a)} ${a.serviceName.zh}`,
    en: `You booked ${a.serviceName.en}, ${d.en}${slotOf(a)}`,
  };
}

const STATUS_WORDS = {
  booked: { zh: '尚未签到', en: 'is not checked in yet' },
  'checked-in': { zh: '已经签到过了', en: 'has already been checked in' },
  cancelled: { zh: '已经取消', en: 'was cancelled' },
  missed: { zh: '已失约（未在签到时间内签到）', en: 'was missed (no check-in in time)' },
} as const;

export function offerWording(offer: AppointmentOffer, timeZone: string, today: string): OfferWording {
  const a = offer.appointment;
  const booked = bookedLine(a, today);
  const decision = offer.decision;
  switch (decision.kind) {
    case 'in-window':
      return {
        question: { zh: `${booked.zh}，现在签到？`, en: `${booked.en}. Check in now?` },
        detail: decision.late
          ? {
              zh: '您已过预约时段开始时间，签到后按签到时间排队',
              en: 'Your slot has started: after check-in you queue from now.',
            }
          : null,
        action: 'check-in',
      };
    case 'too-early': {
      const opens = formatClock(decision.opensAt, timeZone);
      const d = dayPrefix(a, today);
      return {
        question: { zh: `${booked.zh}。`, en: `${booked.en}.` },
        detail: {
          zh: `还未到签到时间，请于 ${d.zh}${opens} 后再来签到`,
          en: `Check-in opens at ${d.en}${opens}. Please come back then.`,
        },
        action: null,
      };
    }
    case 'too-late': {
      const closed = formatClock(decision.closedAt, timeZone);
      return decision.outcome === 'walk-in'
        ? {
            question: { zh: `${booked.zh}。`, en: `${booked.en}.` },
            detail: {
              zh: `签到已于 ${closed} 截止，预约已失效。可为您改取普通号，按现场顺序排队`,
              en: `Check-in closed at ${closed}, so the appointment has lapsed. You can take an ordinary ticket and queue as a walk-in.`,
            },
            action: 'walk-in',
          }
        : {
            question: { zh: `${booked.zh}。`, en: `${booked.en}.` },
            detail: {
              zh: `签到已于 ${closed} 截止，预约已失效，不能签到。如需办理请重新预约或现场取号`,
              en: `Check-in closed at ${closed}, so the appointment has lapsed and cannot be checked in. Book again or take an ordinary ticket.`,
            },
            action: null,
          };
    }
    case 'not-checkable': {
      const words = STATUS_WORDS[decision.status];
      return {
        question: { zh: `${booked.zh}。`, en: `${booked.en}.` },
        detail: { zh: `此预约${words.zh}`, en: `This appointment ${words.en}.` },
        action: null,
      };
    }
  }
}

/** A check-in the hub refused at the last moment (the clock moved on, or another kiosk was quicker). */
export function checkInRefusal(
  answer: Exclude<AppointmentCheckIn, { outcome: 'checked-in' | 'walk-in' }>,
  timeZone: string,
  today: string,
): { code: string; message: Bilingual } {
  switch (answer.outcome) {
    case 'none':
      return { code: 'APPOINTMENT_NOT_FOUND', message: NOT_FOUND };
    case 'too-early':
      return {
        code: 'TOO_EARLY',
        message: offerDetail({
          appointment: answer.appointment,
          decision: { kind: 'too-early', opensAt: answer.opensAt },
        }),
      };
    case 'refused-late':
      return {
        code: 'TOO_LATE',
        message: offerDetail({
          appointment: answer.appointment,
          decision: { kind: 'too-late', closedAt: answer.closedAt, outcome: 'refused' },
        }),
      };
    case 'not-checkable':
      return {
        code: 'NOT_CHECKABLE',
        message: offerDetail({
          appointment: answer.appointment,
          decision: { kind: 'not-checkable', status: answer.appointment.status },
        }),
      };
  }
  function offerDetail(offer: AppointmentOffer): Bilingual {
    const w = offerWording(offer, timeZone, today);
    return w.detail ?? w.question;
  }
}

export const NOT_FOUND: Bilingual = {
  zh: '没有找到这个预约码对应的预约，请核对后重新输入',
  en: 'No appointment was found for this code. Please check it and try again.',
};

export const NOT_A_BOOKING_CODE: Bilingual = {
  zh: '扫描的不是本大厅的预约二维码，请扫描预约成功页面上的二维码',
  en: 'That is not a booking QR code of this hall. Please scan the QR code shown when you booked.',
};

/** A keyboard-wedge burst that was not a usable read, in the serial driver's words. */
export const WEDGE_GARBLED: Readonly<Record<'too-long' | 'missing-prefix', Bilingual>> = {
  'too-long': SCAN_GARBLED_WORDING['too-long'],
  'missing-prefix': SCAN_GARBLED_WORDING['missing-prefix'],
};
