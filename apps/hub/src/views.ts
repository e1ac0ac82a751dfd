import type { Hall, QueueEvent, Ticket, WindowState } from '@hallq/core';
import type { CallAnnouncement, HallChange, TicketAppointmentMark, TicketView } from '@hallq/protocol';

/**
 * A ticket as clients may see it: without the visitor's keyed hash, with the masked name if any, its case
 * number (办件编号) once one is attached, and its appointment slot (预约) if it was checked in from one.
 */
export function ticketView(
  ticket: Ticket,
  maskedName: string | null,
  caseNumber: string | null = null,
  appointment: TicketAppointmentMark | null = null,
): TicketView {
  const { visitorKey: _visitorKey, ...rest } = ticket;
  const view: TicketView =
    caseNumber === null
      ? { ...rest, visitorName: maskedName }
      : { ...rest, visitorName: maskedName, caseNumber };
  return appointment === null ? view : { ...view, appointment };
}

export function callAnnouncement(
  hall: Hall,
  ticket: Ticket,
  window: WindowState,
  recall: boolean,
): CallAnnouncement {
  const hallWindow = hall.windows.find((w) => w.id === window.windowId);
  return {
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    serviceId: ticket.serviceId,
    windowId: window.windowId,
    windowNumber: hallWindow?.number ?? 0,
    zone: hallWindow?.zone ?? '',
    calledAt: ticket.lastCalledAt ?? 0,
    callCount: ticket.callCount,
    recall,
  };
}

/** The wire form of a core event: what it carries, plus the call announcement for calls. */
export function hallChangeOf(
  hall: Hall,
  event: QueueEvent,
  maskedName: (ticketId: string) => string | null,
  caseNumber: (ticketId: string) => string | null = () => null,
  appointment: (ticketId: string) => TicketAppointmentMark | null = () => null,
): HallChange {
  const view = (t: Ticket) => ticketView(t, maskedName(t.id), caseNumber(t.id), appointment(t.id));
  switch (event.type) {
    case 'ticket:issued':
      return { ...event, ticket: view(event.ticket) };
    case 'ticket:called':
    case 'ticket:recalled': {
      const call = callAnnouncement(hall, event.ticket, event.window, event.type === 'ticket:recalled');
      return {
        ...event,
        ticket: view(event.ticket),
        call: appointment(event.ticket.id) === null ? call : { ...call, appointment: true },
      } as HallChange;
    }
    case 'ticket:started':
    case 'ticket:finished':
    case 'ticket:no-show':
    case 'ticket:transferred':
    case 'ticket:cancelled':
    case 'ticket:expired':
      return { ...event, ticket: view(event.ticket) } as HallChange;
    case 'window:paused':
    case 'window:resumed':
    case 'window:signed-in':
    case 'window:signed-out':
    case 'day:changed':
      return event;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}
