import { type IssuedTicket, printPermitQr, ticketQrContent } from '@hallq/protocol';
import { formatWait } from '@hallq/ui';
import type { Bilingual, TicketPrintJob } from '../agent-protocol.ts';

export const TICKET_NOTICE: Bilingual = {
  zh: '请留意叫号，过号需重新取号。办理时请出示身份证。',
  en: 'Please listen for your number; a missed number must be re-issued. Bring your ID card to the window.',
};

/** 'YYYY-MM-DD HH:MM' in the hall's time zone. */
export function hallDateTime(epochMs: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  const formatter = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const MASKED = /^.{2,20}$/u;

/**
 * What the printer gets for an issued ticket. The name is the hub's masked one ('王*娜'); anything without a
 * mask character is left off the paper rather than printed.
 */
export function printJobOf(issued: IssuedTicket, timeZone: string): TicketPrintJob {
  const { ticket } = issued;
  const name = ticket.visitorName;
  const printableName = name !== null && MASKED.test(name) && /[*＊]/.test(name) ? name : undefined;
  return {
    hallName: issued.hallName,
    number: ticket.number,
    serviceName: issued.serviceName,
    peopleAhead: issued.peopleAhead,
    estimatedWait: {
      zh: formatWait(issued.peopleAhead, issued.estimatedWaitMs, 'zh', issued.estimatedWaitRange),
      en: formatWait(issued.peopleAhead, issued.estimatedWaitMs, 'en', issued.estimatedWaitRange),
    },
    waitingArea: issued.waitingArea,
    issuedAt: hallDateTime(ticket.issuedAt, timeZone),
    // The hub's QR content, as its print permit names it (the ticket page's address); the device agent prints it
    // only if the permit says the same.
    qrPayload: ticketQrOf(issued),
    notice: TICKET_NOTICE,
    ...(printableName !== undefined && { visitorName: printableName }),
    ...(ticket.appointment && {
      appointmentSlot: `${ticket.appointment.slotStart}–${ticket.appointment.slotEnd}`,
    }),
  };
}

/** The QR content of an issued ticket: the one its print permit names, printed and shown on the ticket screen. */
export function ticketQrOf(issued: IssuedTicket): string {
  return printPermitQr(issued.printPermit) ?? ticketQrContent(issued.ticket.id);
}

/** The QR content when it is a page a phone can open (http or https), else null (nothing to show). */
export function ticketPageOf(issued: IssuedTicket): string | null {
  const qr = ticketQrOf(issued);
  return /^https?:\/\//.test(qr) ? qr : null;
}

/** The hub answers in both languages, 'zh · en'; a message without the separator is used for both. */
export function splitHubMessage(message: string): Bilingual {
  const at = message.indexOf(' · ');
  if (at <= 0) return { zh: message || '操作失败', en: message || 'Something went wrong' };
  return { zh: message.slice(0, at), en: message.slice(at + 3) };
}
