import type { QueueState } from '@hallq/core';
import type {
  AlertView,
  HallConfig,
  SupervisedDevice,
  SupervisionSettings,
  SupervisionView,
} from '@hallq/protocol';

export interface PersonName {
  readonly id: string;
  readonly displayName: string;
  readonly staffNumber: string;
}

/** The live picture of the hall for the supervision office: a pure function of what the hub holds. */
export function supervisionView(input: {
  readonly hall: HallConfig;
  readonly state: QueueState;
  readonly devices: readonly SupervisedDevice[];
  readonly alerts: readonly AlertView[];
  readonly people: ReadonlyMap<string, PersonName>;
  readonly settings: SupervisionSettings;
  readonly now: number;
}): SupervisionView {
  const { hall, state, people, now } = input;
  const waiting = new Map<string, { count: number; oldest: number }>();
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting') continue;
    const entry = waiting.get(t.serviceId) ?? { count: 0, oldest: t.queuedAt };
    entry.count += 1;
    entry.oldest = Math.min(entry.oldest, t.queuedAt);
    waiting.set(t.serviceId, entry);
  }
  const windows = hall.windows.map((w) => {
    const ws = state.windows[w.id];
    const ticket = ws?.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
    const clerk = ws?.clerkId ? people.get(ws.clerkId) : undefined;
    const status: SupervisionView['windows'][number]['status'] = !w.enabled
      ? 'closed'
      : !ws || ws.clerkId === null
        ? ws?.status === 'paused'
          ? 'paused'
          : 'offline'
        : ws.status === 'paused'
          ? 'paused'
          : ticket?.status === 'serving'
            ? 'serving'
            : ticket?.status === 'called'
              ? 'called'
              : 'idle';
    return {
      windowId: w.id,
      number: w.number,
      name: w.name,
      zone: w.zone,
      status,
      ticketNumber: ticket?.number ?? null,
      clerkId: ws?.clerkId ?? null,
      clerkName: clerk ? `${clerk.displayName}（${clerk.staffNumber}）` : null,
      since: (ws?.status === 'paused' ? ws.pausedAt : null) ?? ws?.since ?? now,
      pauseReason: ws?.status === 'paused' ? ws.pauseReason : null,
      pauseNote: ws?.status === 'paused' ? ws.pauseNote : null,
    };
  });
  const clerks = hall.windows.flatMap((w) => {
    const id = state.windows[w.id]?.clerkId;
    const person = id ? people.get(id) : undefined;
    return person
      ? [{ id: person.id, displayName: person.displayName, staffNumber: person.staffNumber, windowId: w.id }]
      : [];
  });
  return {
    at: now,
    businessDay: state.businessDay,
    timeZone: hall.rules.timeZone,
    services: hall.services.map((s) => {
      const entry = waiting.get(s.id);
      return {
        serviceId: s.id,
        name: s.name,
        waiting: entry?.count ?? 0,
        longestWaitMs: entry ? Math.max(0, now - entry.oldest) : null,
        slaWaitMinutes: s.slaWaitMinutes,
      };
    }),
    windows,
    clerks,
    devices: [...input.devices],
    alerts: [...input.alerts],
    settings: input.settings,
  };
}
