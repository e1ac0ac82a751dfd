/**
 * A small discrete-event day at one service for the call-order properties: two windows, a fixed service time,
 * walk-ins and appointment check-ins arriving minute by minute, call-next with appointments in the order.
 * Internal to the tests.
 */
import { nextTicketWithAppointments } from '../appointment-order.ts';
import type { Ticket } from '../ticket.ts';
import { hallWindow, MINUTE, ticketOf } from './hall-fixture.ts';

export type Arrival =
  | { readonly kind: 'walk-in'; readonly at: number; readonly priority: boolean }
  /** `at`: check-in minute; `slot`: the slot's start minute. */
  | { readonly kind: 'appointment'; readonly at: number; readonly slot: number };

export interface Called {
  readonly arrival: Arrival;
  readonly ticket: Ticket;
  /** Minute of the call. */
  readonly calledAt: number;
  /** Who was still waiting when this visitor was called (passed over). */
  readonly waiting: readonly Arrival[];
}

export interface DayLoad {
  readonly windows: number;
  readonly serviceMinutes: number;
}

const T0 = Date.parse('2026-10-08T08:00:00+08:00');
const at = (minute: number): number => T0 + minute * MINUTE;

/** Runs the day until everyone was called; returns the calls in the order they happened. */
export function runDay(arrivals: readonly Arrival[], load: DayLoad): Called[] {
  const windows = Array.from({ length: load.windows }, (_, i) =>
    hallWindow({ id: `w${i + 1}`, number: i + 1, serviceIds: ['social'] }),
  );
  const busyUntil = windows.map(() => 0);
  const sorted = [...arrivals].sort((a, b) => a.at - b.at);
  const slotOf = new Map<string, number>();
  const arrivalOf = new Map<string, Arrival>();
  let waiting: Ticket[] = [];
  const calls: Called[] = [];
  let next = 0;
  for (let minute = 0; calls.length < sorted.length; minute++) {
    if (minute > 24 * 60) throw new Error('the day never ended');
    while (next < sorted.length && (sorted[next] as Arrival).at <= minute) {
      const arrival = sorted[next] as Arrival;
      const number = `A${String(next + 1).padStart(3, '0')}`;
      const ticket = ticketOf({
        number,
        serviceId: 'social',
        issuedAt: at(arrival.at),
        queuedAt: at(arrival.at),
        visitorClass: arrival.kind === 'walk-in' && arrival.priority ? 'priority' : 'normal',
      });
      if (arrival.kind === 'appointment') slotOf.set(ticket.id, at(arrival.slot));
      arrivalOf.set(ticket.id, arrival);
      waiting.push(ticket);
      next++;
    }
    windows.forEach((window, i) => {
      if ((busyUntil[i] as number) > minute) return;
      const ticket = nextTicketWithAppointments(
        window,
        waiting,
        'earliest-first',
        (t) => slotOf.get(t.id) ?? null,
      );
      if (ticket === null) return;
      waiting = waiting.filter((t) => t !== ticket);
      busyUntil[i] = minute + load.serviceMinutes;
      calls.push({
        arrival: arrivalOf.get(ticket.id) as Arrival,
        ticket,
        calledAt: minute,
        waiting: waiting.map((t) => arrivalOf.get(t.id) as Arrival),
      });
    });
  }
  return calls;
}

/** Minutes an appointment visitor waited past their slot (on time) or past their check-in (late). */
export const appointmentWait = (c: Called): number =>
  c.arrival.kind === 'appointment' ? Math.max(0, c.calledAt - Math.max(c.arrival.slot, c.arrival.at)) : 0;

export const walkInWait = (c: Called): number => c.calledAt - c.arrival.at;
