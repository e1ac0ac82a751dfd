import type { CentralLogEntry } from '@hallq/protocol';

/** The fields of a ticket the projections keep (as the hub's TicketView carries them in each ticket change). */
export interface TicketRow {
  readonly ticketId: string;
  readonly number: string;
  readonly businessDay: string;
  readonly serviceId: string;
  readonly issuedServiceId: string;
  readonly visitorClass: string;
  readonly status: string;
  readonly issuedAt: number;
  readonly firstCalledAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly windowId: string | null;
  readonly clerkId: string | null;
  readonly callCount: number;
  readonly transferCount: number;
  readonly caseNumber: string | null;
  readonly entryId: number;
}

export interface WindowRow {
  readonly windowId: string;
  readonly status: string;
  readonly pauseReason: string | null;
  readonly clerkId: string | null;
  readonly currentTicketId: string | null;
  readonly since: number;
  readonly entryId: number;
}

export interface FollowUpRow {
  readonly followUpId: string;
  readonly ticketId: string;
  readonly caseNumber: string | null;
  readonly level: number;
  readonly status: string;
  readonly assigneeId: string | null;
  readonly dueDay: string;
  readonly dueAt: number;
  /** The entry's time: the opening time for `follow-up:opened`. */
  readonly at: number;
  readonly opened: boolean;
}

export interface DeviceRow {
  readonly deviceId: string;
  readonly kind: string | null;
  readonly name: string | null;
  readonly windowId: string | null;
  readonly components: unknown;
  readonly lastSeenAt: number;
}

export interface RatingRow {
  readonly ticketId: string;
  readonly windowId: string;
  readonly clerkId: string | null;
  readonly level: number | null;
  readonly tags: readonly string[];
  readonly at: number;
}

/** Counts and sums to add to one roll-up row. */
export interface RollupDelta {
  businessDay: string;
  serviceId: string;
  windowId: string;
  clerkId: string;
  issued: number;
  served: number;
  noShows: number;
  cancelled: number;
  expired: number;
  waitMsSum: number;
  waitMsMax: number;
  serviceMsSum: number;
  rated: number;
  ratingSum: number;
  badRatings: number;
}

export interface BatchProjection {
  /** The last state of each ticket, window, follow-up and device the batch touched. */
  readonly tickets: Map<string, TicketRow>;
  readonly windows: Map<string, WindowRow>;
  readonly followUps: Map<string, FollowUpRow>;
  readonly devices: Map<string, DeviceRow>;
  readonly ratings: RatingRow[];
  readonly day: { readonly businessDay: string; readonly at: number } | null;
  /** Roll-up additions by hall day × service × window × clerk (ratings are added once their ticket is known). */
  readonly rollups: Map<string, RollupDelta>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function ticketOf(v: unknown, entryId: number): TicketRow | null {
  if (!isObject(v)) return null;
  const [ticketId, number, businessDay, serviceId, status] = [
    v.id,
    v.number,
    v.businessDay,
    v.serviceId,
    v.status,
  ].map(str);
  const issuedAt = num(v.issuedAt);
  if (!ticketId || !number || !businessDay || !serviceId || !status || issuedAt === null) return null;
  return {
    ticketId,
    number,
    businessDay,
    serviceId,
    issuedServiceId: str(v.issuedServiceId) ?? serviceId,
    visitorClass: str(v.visitorClass) ?? 'normal',
    status,
    issuedAt,
    firstCalledAt: num(v.firstCalledAt),
    startedAt: num(v.startedAt),
    endedAt: num(v.endedAt),
    windowId: str(v.windowId),
    clerkId: str(v.clerkId),
    callCount: num(v.callCount) ?? 0,
    transferCount: num(v.transferCount) ?? 0,
    caseNumber: str(v.caseNumber),
    entryId,
  };
}

function windowOf(v: unknown, entryId: number): WindowRow | null {
  if (!isObject(v)) return null;
  const windowId = str(v.windowId);
  const status = str(v.status);
  const since = num(v.since);
  if (!windowId || !status || since === null) return null;
  return {
    windowId,
    status,
    pauseReason: str(v.pauseReason),
    clerkId: str(v.clerkId),
    currentTicketId: str(v.currentTicketId),
    since,
    entryId,
  };
}

const rollupKey = (day: string, service: string, window: string, clerk: string) =>
  `${day}\u0000${service}\u0000${window}\u0000${clerk}`;

/** The roll-up row a change counts in, made empty the first time. */
export function rollupIn(
  rollups: Map<string, RollupDelta>,
  day: string,
  serviceId: string,
  windowId: string | null,
  clerkId: string | null,
): RollupDelta {
  const key = rollupKey(day, serviceId, windowId ?? '', clerkId ?? '');
  let delta = rollups.get(key);
  if (!delta) {
    delta = {
      businessDay: day,
      serviceId,
      windowId: windowId ?? '',
      clerkId: clerkId ?? '',
      issued: 0,
      served: 0,
      noShows: 0,
      cancelled: 0,
      expired: 0,
      waitMsSum: 0,
      waitMsMax: 0,
      serviceMsSum: 0,
      rated: 0,
      ratingSum: 0,
      badRatings: 0,
    };
    rollups.set(key, delta);
  }
  return delta;
}

/** What the ticket's change adds to the day's figures. */
function countTicket(rollups: Map<string, RollupDelta>, type: string, t: TicketRow): void {
  const day = t.businessDay;
  switch (type) {
    case 'ticket:issued':
      rollupIn(rollups, day, t.issuedServiceId, null, null).issued += 1;
      return;
    case 'ticket:finished': {
      const row = rollupIn(rollups, day, t.serviceId, t.windowId, t.clerkId);
      row.served += 1;
      const wait = t.firstCalledAt === null ? 0 : Math.max(0, t.firstCalledAt - t.issuedAt);
      row.waitMsSum += wait;
      row.waitMsMax = Math.max(row.waitMsMax, wait);
      if (t.startedAt !== null && t.endedAt !== null)
        row.serviceMsSum += Math.max(0, t.endedAt - t.startedAt);
      return;
    }
    case 'ticket:no-show':
      rollupIn(rollups, day, t.serviceId, t.windowId, t.clerkId).noShows += 1;
      return;
    case 'ticket:cancelled':
      rollupIn(rollups, day, t.serviceId, null, null).cancelled += 1;
      return;
    case 'ticket:expired':
      rollupIn(rollups, day, t.serviceId, null, null).expired += 1;
      return;
  }
}

/**
 * Folds a batch of new log entries into what the projections must change: pure, so it is tested without a
 * database and costs one pass over the batch. An entry whose payload is not what the projection expects is
 * skipped (it is stored raw all the same): a hub of another version never stops the ingest.
 */
export function projectBatch(entries: readonly CentralLogEntry[]): BatchProjection {
  const out: BatchProjection = {
    tickets: new Map(),
    windows: new Map(),
    followUps: new Map(),
    devices: new Map(),
    ratings: [],
    day: null,
    rollups: new Map(),
  };
  let day: BatchProjection['day'] = null;
  for (const entry of entries) {
    let payload: unknown;
    try {
      payload = JSON.parse(entry.payload);
    } catch {
      continue;
    }
    if (!isObject(payload)) continue;
    if (entry.deviceId) {
      const known = out.devices.get(entry.deviceId);
      out.devices.set(entry.deviceId, {
        deviceId: entry.deviceId,
        kind: known?.kind ?? null,
        name: known?.name ?? null,
        windowId: known?.windowId ?? null,
        components: known?.components ?? null,
        lastSeenAt: entry.at,
      });
    }
    if (entry.type.startsWith('ticket:')) {
      const ticket = ticketOf(payload.ticket, entry.id);
      if (ticket) {
        out.tickets.set(ticket.ticketId, ticket);
        countTicket(out.rollups, entry.type, ticket);
      }
    }
    for (const w of [payload.window, payload.fromWindow]) {
      const window = windowOf(w, entry.id);
      if (window) out.windows.set(window.windowId, window);
    }
    switch (entry.type) {
      case 'day:changed': {
        const businessDay = str(payload.businessDay);
        if (businessDay) day = { businessDay, at: entry.at };
        break;
      }
      case 'rating:recorded': {
        const [ticketId, windowId] = [str(payload.ticketId), str(payload.windowId)];
        if (ticketId && windowId) {
          out.ratings.push({
            ticketId,
            windowId,
            clerkId: entry.rating?.clerkId ?? null,
            level: entry.rating?.level ?? null,
            tags: entry.rating?.tags ?? [],
            at: entry.at,
          });
        }
        break;
      }
      case 'follow-up:opened':
      case 'follow-up:changed': {
        const [followUpId, ticketId, status, dueDay] = [
          payload.followUpId,
          payload.ticketId,
          payload.status,
          payload.dueDay,
        ].map(str);
        const [level, dueAt] = [num(payload.level), num(payload.dueAt)];
        if (followUpId && ticketId && status && dueDay && level !== null && dueAt !== null) {
          const opened = entry.type === 'follow-up:opened' || out.followUps.get(followUpId)?.opened === true;
          out.followUps.set(followUpId, {
            followUpId,
            ticketId,
            caseNumber: str(payload.caseNumber),
            level,
            status,
            assigneeId: str(payload.assigneeId),
            dueDay,
            dueAt,
            at:
              entry.type === 'follow-up:opened' ? entry.at : (out.followUps.get(followUpId)?.at ?? entry.at),
            opened,
          });
        }
        break;
      }
      case 'device:status-changed': {
        const deviceId = str(payload.deviceId);
        if (deviceId) {
          out.devices.set(deviceId, {
            deviceId,
            kind: str(payload.kind),
            name: str(payload.name),
            windowId: str(payload.windowId),
            components: payload.components ?? null,
            lastSeenAt: entry.at,
          });
        }
        break;
      }
    }
  }
  return { ...out, day };
}
