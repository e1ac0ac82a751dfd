import { localDateTime } from '@hallq/core';

/** Bumped when the summary's shape or meaning changes: older stored summaries are rebuilt. */
export const DAY_SUMMARY_VERSION = 2;

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
  waits: Int32Array;
  /** Service times in whole seconds (start → finish), for served tickets. Sorted. */
  services: Int32Array;
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
  const raw = new Map<SummaryLeaf, { waits: number[]; services: number[] }>();
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
        waits: new Int32Array(0),
        services: new Int32Array(0),
        ratings: [0, 0, 0, 0, 0, 0],
        bad: {},
      };
      leaves.set(key, leaf);
      raw.set(leaf, { waits: [], services: [] });
    }
    leaf.n += 1;
    if (t.status === 'done') leaf.served += 1;
    else if (t.status === 'no-show') leaf.noShow += 1;
    else if (t.status === 'cancelled') leaf.cancelled += 1;
    else if (t.status === 'expired') leaf.expired += 1;
    const lists = raw.get(leaf)!;
    if (t.firstCalledAt !== null) lists.waits.push(seconds(t.firstCalledAt - t.issuedAt));
    if (t.status === 'done' && t.startedAt !== null && t.endedAt !== null) {
      lists.services.push(seconds(t.endedAt - t.startedAt));
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
  for (const [leaf, lists] of raw) {
    leaf.waits = Int32Array.from(lists.waits).sort();
    leaf.services = Int32Array.from(lists.services).sort();
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

/**
 * The stored form of a summary: one BLOB — a 4-byte header length, the JSON header (everything but the
 * durations), padding to 4 bytes, then every leaf's waits and service times as little-endian int32. Reading a
 * month is then a small JSON parse and a copy of its integers, not a parse of a million numbers.
 */
export function encodeDaySummary(summary: DaySummary): Buffer {
  let total = 0;
  for (const leaf of summary.leaves) total += leaf.waits.length + leaf.services.length;
  const ints = new Int32Array(total);
  let at = 0;
  const leaves = summary.leaves.map((leaf) => {
    const { waits, services, ...rest } = leaf;
    ints.set(waits, at);
    const w = [at, waits.length];
    at += waits.length;
    ints.set(services, at);
    const sv = [at, services.length];
    at += services.length;
    return { ...rest, waits: w, services: sv };
  });
  const header = Buffer.from(JSON.stringify({ ...summary, leaves }), 'utf8');
  const start = align4(4 + header.length);
  const out = Buffer.alloc(start + ints.byteLength);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength).copy(out, start);
  return out;
}

export function decodeDaySummary(data: Buffer): DaySummary {
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(data.toString('utf8', 4, 4 + headerLength)) as Omit<DaySummary, 'leaves'> & {
    leaves: (Omit<SummaryLeaf, 'waits' | 'services'> & {
      waits: [number, number];
      services: [number, number];
    })[];
  };
  const start = align4(4 + headerLength);
  // A copy, so the integers are aligned whatever the offset of the buffer SQLite handed over.
  const ints = new Int32Array(data.buffer.slice(data.byteOffset + start, data.byteOffset + data.length));
  return {
    ...header,
    leaves: header.leaves.map((leaf) => ({
      ...leaf,
      waits: ints.subarray(leaf.waits[0], leaf.waits[0] + leaf.waits[1]),
      services: ints.subarray(leaf.services[0], leaf.services[0] + leaf.services[1]),
    })),
  };
}

const align4 = (n: number) => (n + 3) & ~3;
