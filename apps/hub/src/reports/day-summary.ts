import { localDateTime } from '@hallq/core';

/** Bumped when the summary's shape or meaning changes: older stored summaries are rebuilt. */
export const DAY_SUMMARY_VERSION = 1;

/** The tickets of one (final service, window, clerk) group of a day: counts and the measured durations. */
export interface SummaryLeaf {
  /** The service the ticket ended in (after any transfers). */
  readonly s: string;
  /** The window and clerk that handled it last; null if never called. */
  readonly w: string | null;
  readonly c: string | null;
  n: number;
  served: number;
  noShow: number;
  cancelled: number;
  expired: number;
  /** Waits in whole seconds (issue → first call), for tickets that were called. Sorted. */
  waits: number[];
  /** Service times in whole seconds (start → finish), for served tickets. Sorted. */
  services: number[];
  /** [not rated, level 1 … level 5] */
  ratings: number[];
  /** Reason tags of 差评 (levels 1–2). */
  bad: Record<string, number>;
}

/** One business day, summed once: reports over long ranges read these instead of every ticket. */
export interface DaySummary {
  readonly version: number;
  readonly day: string;
  /** Tickets issued, by the service they were issued for. */
  readonly issued: Record<string, number>;
  /** Tickets issued per local hour. */
  readonly hours: number[];
  /** Tickets transferred at least once (each counted once). */
  readonly transferredTickets: number;
  /** Distinct tickets sent on by each service, window and clerk. */
  readonly transfersOut: {
    readonly services: Record<string, number>;
    readonly windows: Record<string, number>;
    readonly clerks: Record<string, number>;
  };
  readonly leaves: SummaryLeaf[];
}

/** A ticket of the day as the summary needs it (one row of tickets LEFT JOIN ratings). */
export interface TicketFact {
  readonly issuedServiceId: string;
  readonly serviceId: string;
  readonly windowId: string | null;
  readonly clerkId: string | null;
  readonly status: string;
  readonly issuedAt: number;
  readonly firstCalledAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly transferCount: number;
  /** Whether a rating row exists, and its level (null = the pad timed out). */
  readonly rated: boolean;
  readonly level: number | null;
  readonly tags: string | null;
}

export interface TransferFact {
  readonly ticketId: string;
  readonly fromServiceId: string;
  readonly fromWindowId: string | null;
  readonly fromClerkId: string | null;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));
const QUARTER_HOUR = 900_000;

/** Sums one day's tickets. Pure: the local hour comes from the hall's time zone, never the machine's. */
export function summarizeDay(
  day: string,
  tickets: Iterable<TicketFact>,
  transfers: Iterable<TransferFact>,
  timeZone: string,
): DaySummary {
  const issued: Record<string, number> = {};
  const hours = new Array<number>(24).fill(0);
  const leaves = new Map<string, SummaryLeaf>();
  // Every zone's offset is a multiple of 15 minutes: one Intl call per quarter hour is enough.
  const hourOf = new Map<number, number>();
  let transferredTickets = 0;
  for (const t of tickets) {
    issued[t.issuedServiceId] = (issued[t.issuedServiceId] ?? 0) + 1;
    const quarter = Math.floor(t.issuedAt / QUARTER_HOUR);
    let hour = hourOf.get(quarter);
    if (hour === undefined) {
      hour = localDateTime(quarter * QUARTER_HOUR, timeZone).hour;
      hourOf.set(quarter, hour);
    }
    hours[hour] = (hours[hour] ?? 0) + 1;
    if (t.transferCount > 0) transferredTickets += 1;
    const key = `${t.serviceId}\u0000${t.windowId ?? ''}\u0000${t.clerkId ?? ''}`;
    let leaf = leaves.get(key);
    if (!leaf) {
      leaf = {
        s: t.serviceId,
        w: t.windowId,
        c: t.clerkId,
        n: 0,
        served: 0,
        noShow: 0,
        cancelled: 0,
        expired: 0,
        waits: [],
        services: [],
        ratings: [0, 0, 0, 0, 0, 0],
        bad: {},
      };
      leaves.set(key, leaf);
    }
    leaf.n += 1;
    if (t.status === 'done') leaf.served += 1;
    else if (t.status === 'no-show') leaf.noShow += 1;
    else if (t.status === 'cancelled') leaf.cancelled += 1;
    else if (t.status === 'expired') leaf.expired += 1;
    if (t.firstCalledAt !== null) leaf.waits.push(seconds(t.firstCalledAt - t.issuedAt));
    if (t.status === 'done' && t.startedAt !== null && t.endedAt !== null) {
      leaf.services.push(seconds(t.endedAt - t.startedAt));
    }
    if (t.rated) {
      const level = t.level ?? 0;
      leaf.ratings[level] = (leaf.ratings[level] ?? 0) + 1;
      if (level === 1 || level === 2) {
        for (const tag of t.tags ? (JSON.parse(t.tags) as string[]) : [])
          leaf.bad[tag] = (leaf.bad[tag] ?? 0) + 1;
      }
    }
  }
  const byNumber = (a: number, b: number) => a - b;
  for (const leaf of leaves.values()) {
    leaf.waits.sort(byNumber);
    leaf.services.sort(byNumber);
  }
  const distinct = (pick: (t: TransferFact) => string | null) => {
    const seen = new Set<string>();
    const counts: Record<string, number> = {};
    for (const t of transferList) {
      const id = pick(t);
      if (id === null || seen.has(`${id}\u0000${t.ticketId}`)) continue;
      seen.add(`${id}\u0000${t.ticketId}`);
      counts[id] = (counts[id] ?? 0) + 1;
    }
    return counts;
  };
  const transferList = [...transfers];
  return {
    version: DAY_SUMMARY_VERSION,
    day,
    issued,
    hours,
    transferredTickets,
    transfersOut: {
      services: distinct((t) => t.fromServiceId),
      windows: distinct((t) => t.fromWindowId),
      clerks: distinct((t) => t.fromClerkId),
    },
    leaves: [...leaves.values()],
  };
}
