import type { SeededRandom } from '../simulation/seeded-random.ts';
import type { VisitorClass } from '../ticket.ts';

/**
 * Visitors not here yet who will be called before someone issued now: priority-lane visitors (绿色通道, called
 * before every normal ticket whenever they come), and appointments (预约) checking in late, whose place in line
 * is their slot's start, before anyone who took a ticket after it.
 */
export interface ComingArrivals {
  /** Expected priority-lane arrivals per hour, per service (history: the lane's share of the day's arrivals). */
  readonly priorityPerHour: Readonly<Record<string, number>>;
  /** Booked appointments not checked in whose slot has started: they may still come, ahead of walk-ins. */
  readonly lateAppointments: readonly LateAppointment[];
  /** No more tickets after this instant (the services close): no arrivals are drawn past it. */
  readonly until: number;
}

export interface LateAppointment {
  readonly serviceId: string;
  /** Their place in line (the slot's start). */
  readonly queuedAt: number;
  /** The last instant they may still check in. */
  readonly checkInUntil: number;
  /** Chance they come at all, 0…1 (history: the share of late appointments that checked in). */
  readonly showProbability: number;
}

export const NO_ARRIVALS: ComingArrivals = { priorityPerHour: {}, lateAppointments: [], until: 0 };

/** One drawn visitor still to come: when they arrive, their place in line and their lane. */
export interface ComingVisitor {
  readonly serviceId: string;
  readonly arriveAt: number;
  readonly queuedAt: number;
  readonly visitorClass: VisitorClass;
}

const HOUR = 3_600_000;

/** The visitors still to come in one run, drawn from `from` on, in arrival order. */
export function drawComingVisitors(
  coming: ComingArrivals,
  from: number,
  random: SeededRandom,
): ComingVisitor[] {
  const out: ComingVisitor[] = [];
  for (const [serviceId, perHour] of Object.entries(coming.priorityPerHour)) {
    if (!(perHour > 0)) continue;
    for (
      let t = from + random.exponential(HOUR / perHour);
      t < coming.until;
      t += random.exponential(HOUR / perHour)
    ) {
      out.push({ serviceId, arriveAt: t, queuedAt: t, visitorClass: 'priority' });
    }
  }
  for (const a of coming.lateAppointments) {
    if (a.checkInUntil <= from || !random.chance(a.showProbability)) continue;
    const arriveAt = from + random.next() * (a.checkInUntil - from);
    out.push({ serviceId: a.serviceId, arriveAt, queuedAt: a.queuedAt, visitorClass: 'normal' });
  }
  return out.sort((a, b) => a.arriveAt - b.arriveAt);
}
