import { emptySortedMap, type SortedMap } from './persistent/sorted-map.ts';
import type { Ticket, VisitorClass } from './ticket.ts';

/**
 * Position in a line: queue time, then issue time, then id, so the order is total. Within one line (one service
 * or one named window, one class) this is exactly the order call-next gives.
 */
export function compareInLine(a: Ticket, b: Ticket): number {
  return a.queuedAt - b.queuedAt || a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type Line = SortedMap<Ticket, true>;
const EMPTY_LINE: Line = emptySortedMap<Ticket, true>(compareInLine);

/** The line a waiting ticket stands in: its service's, or the named window's it was transferred to. */
const lineKeyOf = (t: Ticket): string =>
  t.targetWindowId !== null
    ? `window:${t.targetWindowId}:${t.visitorClass}`
    : `service:${t.serviceId}:${t.visitorClass}`;

export const serviceLineKey = (serviceId: string, visitorClass: VisitorClass): string =>
  `service:${serviceId}:${visitorClass}`;
export const windowLineKey = (windowId: string, visitorClass: VisitorClass): string =>
  `window:${windowId}:${visitorClass}`;

/** The latest instant an active ticket records: queued (issued or transferred), last called, started. */
export const latestInstantOf = (t: Ticket): number =>
  Math.max(t.queuedAt, t.lastCalledAt ?? 0, t.startedAt ?? 0);

const compareByInstant = (a: Ticket, b: Ticket): number =>
  latestInstantOf(a) - latestInstantOf(b) || compareIds(a.id, b.id);

const heldKeyOf = (visitorKey: string, serviceId: string): string => `${visitorKey}\u0000${serviceId}`;

/**
 * What the queue rules ask of the waiting tickets, kept up to date by each change instead of found by walking
 * every ticket: the lines in call order, who waits in each service (by class), and the tickets each visitor
 * holds. Every part is immutable; a change copies only the few line heads it touches.
 */
export interface WaitingIndex {
  /** Waiting tickets per line (`service:<id>:<class>` or `window:<id>:<class>`), in call order. */
  readonly lines: Readonly<Record<string, Line>>;
  /** Waiting tickets whose line is the service's (named-window transfers included), in line order. */
  readonly byService: Readonly<Record<string, Line>>;
  /** Waiting priority-lane tickets per service. */
  readonly priorityByService: Readonly<Record<string, number>>;
  /** Active tickets per (visitor key, service), for the per-ID limit. */
  readonly held: SortedMap<string, number>;
  /**
   * Every active ticket by its latest instant: the last one is the latest the tickets record, which the wait
   * estimate takes for now (the core reads no clock) without walking the tickets.
   */
  readonly byInstant: Line;
}

const EMPTY_INDEX: WaitingIndex = {
  lines: {},
  byService: {},
  priorityByService: {},
  held: emptySortedMap<string, number>(compareIds),
  byInstant: emptySortedMap<Ticket, true>(compareByInstant),
};

function withLine(
  lines: Readonly<Record<string, Line>>,
  key: string,
  change: (line: Line) => Line,
): Readonly<Record<string, Line>> {
  const next = change(lines[key] ?? EMPTY_LINE);
  if (next.size === 0) {
    const { [key]: _removed, ...rest } = lines;
    return rest;
  }
  return { ...lines, [key]: next };
}

function addTo(index: WaitingIndex, t: Ticket): WaitingIndex {
  let next: WaitingIndex = { ...index, byInstant: index.byInstant.set(t, true) };
  if (t.visitorKey !== null) {
    const key = heldKeyOf(t.visitorKey, t.serviceId);
    next = { ...next, held: next.held.set(key, (next.held.get(key) ?? 0) + 1) };
  }
  if (t.status !== 'waiting') return next;
  return {
    ...next,
    lines: withLine(next.lines, lineKeyOf(t), (line) => line.set(t, true)),
    byService: withLine(next.byService, t.serviceId, (line) => line.set(t, true)),
    priorityByService:
      t.visitorClass === 'priority'
        ? { ...next.priorityByService, [t.serviceId]: (next.priorityByService[t.serviceId] ?? 0) + 1 }
        : next.priorityByService,
  };
}

function removeFrom(index: WaitingIndex, t: Ticket): WaitingIndex {
  let next: WaitingIndex = { ...index, byInstant: index.byInstant.delete(t) };
  if (t.visitorKey !== null) {
    const key = heldKeyOf(t.visitorKey, t.serviceId);
    const held = (next.held.get(key) ?? 0) - 1;
    next = { ...next, held: held > 0 ? next.held.set(key, held) : next.held.delete(key) };
  }
  if (t.status !== 'waiting') return next;
  return {
    ...next,
    lines: withLine(next.lines, lineKeyOf(t), (line) => line.delete(t)),
    byService: withLine(next.byService, t.serviceId, (line) => line.delete(t)),
    priorityByService:
      t.visitorClass === 'priority'
        ? { ...next.priorityByService, [t.serviceId]: (next.priorityByService[t.serviceId] ?? 1) - 1 }
        : next.priorityByService,
  };
}

/**
 * The active tickets of the queue state, by id, with their waiting index. Immutable and persistent: `with` and
 * `without` return a new store sharing almost everything with the old one, in O(log n). Reads as a
 * `ReadonlyMap`, so code that only reads tickets does not know it is not a `Map`; iteration is in id order.
 */
export class TicketStore implements ReadonlyMap<string, Ticket> {
  private constructor(
    private readonly byId: SortedMap<string, Ticket>,
    readonly index: WaitingIndex,
  ) {}

  static readonly EMPTY = new TicketStore(emptySortedMap<string, Ticket>(compareIds), EMPTY_INDEX);

  static from(tickets: Iterable<Ticket>): TicketStore {
    let store = TicketStore.EMPTY;
    for (const t of tickets) store = store.with(t);
    return store;
  }

  /** The tickets as a store: itself when it already is one, built once otherwise (a state made in a test). */
  static of(tickets: ReadonlyMap<string, Ticket>): TicketStore {
    return tickets instanceof TicketStore ? tickets : TicketStore.from(tickets.values());
  }

  /** Adds the ticket, or replaces the one with its id. */
  with(ticket: Ticket): TicketStore {
    const old = this.byId.get(ticket.id);
    if (old === ticket) return this;
    // The index holds ticket objects, so a changed ticket is replaced there too: what it hands out is current.
    const index = addTo(old === undefined ? this.index : removeFrom(this.index, old), ticket);
    return new TicketStore(this.byId.set(ticket.id, ticket), index);
  }

  without(id: string): TicketStore {
    const old = this.byId.get(id);
    if (old === undefined) return this;
    return new TicketStore(this.byId.delete(id), removeFrom(this.index, old));
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Ticket | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  forEach(callback: (value: Ticket, key: string, map: ReadonlyMap<string, Ticket>) => void): void {
    for (const [id, ticket] of this.byId.entries()) callback(ticket, id, this);
  }

  entries(): MapIterator<[string, Ticket]> {
    return this.byId.entries();
  }

  keys(): MapIterator<string> {
    return this.byId.keys();
  }

  values(): MapIterator<Ticket> {
    return this.byId.values();
  }

  [Symbol.iterator](): MapIterator<[string, Ticket]> {
    return this.byId.entries();
  }
}

/** The waiting index of any ticket map: the store's own, or one built once per map (remembered by identity). */
const builtIndexes = new WeakMap<ReadonlyMap<string, Ticket>, WaitingIndex>();
export function waitingIndexOf(tickets: ReadonlyMap<string, Ticket>): WaitingIndex {
  if (tickets instanceof TicketStore) return tickets.index;
  let index = builtIndexes.get(tickets);
  if (index === undefined) {
    index = TicketStore.from(tickets.values()).index;
    builtIndexes.set(tickets, index);
  }
  return index;
}

/** The first ticket of a line, or undefined when nobody waits in it. */
export function headOf(index: WaitingIndex, lineKey: string): Ticket | undefined {
  return index.lines[lineKey]?.first()?.[0];
}

/** Waiting tickets in a service's line (named-window transfers of the service included). */
export function waitingInService(index: WaitingIndex, serviceId: string): number {
  return index.byService[serviceId]?.size ?? 0;
}

/** The latest instant any active ticket records (0 when there is none), in O(log n). */
export function latestTicketInstant(index: WaitingIndex): number {
  const last = index.byInstant.last();
  return last === undefined ? 0 : latestInstantOf(last[0]);
}

/** Active tickets a visitor holds for a service (the per-ID limit). */
export function heldBy(index: WaitingIndex, visitorKey: string, serviceId: string): number {
  return index.held.get(heldKeyOf(visitorKey, serviceId)) ?? 0;
}
