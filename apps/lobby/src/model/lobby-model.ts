import type { CallAnnouncement, HallSnapshot, LocalizedText, Notice } from '@hallq/protocol';

/** What the lobby shows, derived from the hall view for one display — pure. */
export interface LobbyModel {
  readonly hallName: LocalizedText;
  readonly timeZone: string;
  /** The display's zone, or null for a display of the whole hall. */
  readonly zone: string | null;
  /** Calls of this display's windows, newest first, one per ticket (a recall moves it up), at most `recent`. */
  readonly recentCalls: readonly CallAnnouncement[];
  /** Waiting counts of the services this display's windows serve, in the hall's order, under their short names. */
  readonly waiting: readonly { serviceId: string; prefix: string; name: LocalizedText; waiting: number }[];
  /** Enabled notices for the scrolling line. */
  readonly scrolling: readonly Notice[];
  /** Enabled notices for the panel (those not only meant to scroll). */
  readonly panel: readonly Notice[];
}

/** True when a call belongs on a display of `zone` (every call does on a display without a zone). */
export const callInZone = (call: CallAnnouncement, zone: string | null): boolean =>
  zone === null || call.zone === zone;

export function lobbyModel(view: HallSnapshot, options: { recent: number }): LobbyModel {
  const zone = view.viewer?.zone ?? null;
  const windows = view.hall.windows.filter((w) => w.enabled && (zone === null || w.zone === zone));
  const served = new Set(windows.flatMap((w) => w.serviceIds));
  const counts = new Map(view.figures.map((f) => [f.serviceId, f.waiting]));
  const enabled = view.notices.filter((n) => n.enabled);
  return {
    hallName: view.hall.name,
    timeZone: view.hall.rules.timeZone,
    zone,
    recentCalls: latestCallPerTicket(view.recentCalls.filter((c) => callInZone(c, zone))).slice(
      0,
      options.recent,
    ),
    waiting: view.hall.services
      .filter((s) => s.enabled && served.has(s.id))
      .map((s) => ({
        serviceId: s.id,
        prefix: s.prefix,
        name: s.shortName ?? s.name,
        waiting: counts.get(s.id) ?? 0,
      })),
    scrolling: enabled.filter((n) => n.scrolling),
    panel: enabled.filter((n) => !n.scrolling),
  };
}

/**
 * The newest call of each ticket, newest first: the hub keeps every call (a recall is a call of its own), but a
 * visitor looks for their number once — a recall moves it to the top instead of listing it twice.
 */
export function latestCallPerTicket(calls: readonly CallAnnouncement[]): CallAnnouncement[] {
  const listed = new Set<string>();
  return calls.filter((c) => {
    if (listed.has(c.ticketId)) return false;
    listed.add(c.ticketId);
    return true;
  });
}

export const callId = (call: CallAnnouncement): string => `${call.ticketId}#${call.callCount}`;

/**
 * Calls this display has not announced, found in a snapshot taken after it was away (a reconnect, a gap in the
 * stream): the newest calls it has not seen, made at most `maxAgeMs` before the snapshot, oldest first, so a
 * visitor called during a short outage still hears it. Calls in the first snapshot are history, not news: the
 * caller marks them seen instead.
 */
export function unseenCalls(
  view: HallSnapshot,
  seen: ReadonlySet<string>,
  maxAgeMs: number,
): CallAnnouncement[] {
  const zone = view.viewer?.zone ?? null;
  return view.recentCalls
    .filter((c) => callInZone(c, zone) && !seen.has(callId(c)) && view.serverTime - c.calledAt <= maxAgeMs)
    .reverse();
}

/** A set that forgets its oldest entries beyond `limit`: what a display remembers having announced. */
export function boundedSet(limit: number) {
  const order: string[] = [];
  const set = new Set<string>();
  return {
    has: (id: string) => set.has(id),
    add(id: string) {
      if (set.has(id)) return;
      set.add(id);
      order.push(id);
      while (order.length > limit) set.delete(order.shift()!);
    },
    get size() {
      return set.size;
    },
    view: (): ReadonlySet<string> => set,
  };
}
