import type { Hall, Service } from './hall.ts';
import type { QueueState } from './state.ts';
import type { Ticket, VisitorClass } from './ticket.ts';

/** How many recent service durations the estimate remembers per service. */
export const RECENT_SERVICE_SAMPLES = 20;

/**
 * Typical service time of a service: the median of its recent service durations (robust to one visitor who
 * took an hour), or the configured default until a few real ones exist.
 */
export function typicalServiceMs(service: Service, recent: readonly number[] | undefined): number {
  if (!recent || recent.length < 3) return service.defaultServiceMinutes * 60_000;
  const sorted = [...recent].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Windows working on a service: enabled, serving it and not paused. When every one of them is paused (lunch),
 * they are still counted, since they will come back; a service no window serves gets one, so the estimate
 * stays finite and shows as long rather than as nothing.
 */
export function windowsServing(hall: Hall, state: QueueState, serviceId: string): number {
  const serving = hall.windows.filter((w) => w.enabled && w.serviceIds.includes(serviceId));
  const open = serving.filter((w) => state.windows[w.id]?.status !== 'paused');
  return Math.max(1, open.length || serving.length);
}

/** Waiting tickets in a service's line that would be called before a new ticket of this class. */
export function peopleAheadInService(
  state: QueueState,
  serviceId: string,
  visitorClass: VisitorClass,
): number {
  let ahead = 0;
  for (const ticket of state.tickets.values()) {
    if (ticket.status !== 'waiting' || ticket.serviceId !== serviceId) continue;
    if (visitorClass === 'priority' && ticket.visitorClass !== 'priority') continue;
    ahead += 1;
  }
  return ahead;
}

/**
 * Estimated wait for someone with `peopleAhead` in front: those people shared out over the windows working on
 * the service, each taking the typical service time. Simple on purpose; the "Prove it" benchmark measures it.
 */
export function estimateWaitMs(hall: Hall, state: QueueState, service: Service, peopleAhead: number): number {
  const perPerson = typicalServiceMs(service, state.recentServiceMs[service.id]);
  return Math.round((peopleAhead * perPerson) / windowsServing(hall, state, service.id));
}

export interface ServiceQueueFigures {
  readonly serviceId: string;
  readonly waiting: number;
  readonly estimatedWaitMs: number;
  readonly longestWaitingSince: number | null;
}

/** Per-service figures a kiosk tile, the lobby and supervision show. */
export function serviceQueueFigures(hall: Hall, state: QueueState): ServiceQueueFigures[] {
  const waiting = new Map<string, Ticket[]>();
  for (const ticket of state.tickets.values()) {
    if (ticket.status !== 'waiting') continue;
    const list = waiting.get(ticket.serviceId) ?? [];
    list.push(ticket);
    waiting.set(ticket.serviceId, list);
  }
  return hall.services.map((service) => {
    const line = waiting.get(service.id) ?? [];
    return {
      serviceId: service.id,
      waiting: line.length,
      estimatedWaitMs: estimateWaitMs(hall, state, service, line.length),
      longestWaitingSince: line.reduce<number | null>(
        (oldest, t) => (oldest === null || t.queuedAt < oldest ? t.queuedAt : oldest),
        null,
      ),
    };
  });
}
