import type {
  CallAnnouncement,
  HallChange,
  HallSnapshot,
  HallUpdate,
  TicketStatus,
  TicketView,
  WindowStateView,
} from '@hallq/protocol';

/** How many call announcements the view keeps, newest first. */
export const RECENT_CALLS_LIMIT = 20;

const ACTIVE: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['waiting', 'called', 'serving']);

/** True for the ticket states the view keeps: waiting, called, serving. */
export const isActiveTicket = (ticket: TicketView): boolean => ACTIVE.has(ticket.status);

export const assertNever = (value: never): never => {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
};

/** Replaces the ticket with the same id (in place), appends a new one, or removes it once it has ended. */
const upsertTicket = (tickets: TicketView[], ticket: TicketView): TicketView[] => {
  const index = tickets.findIndex((t) => t.id === ticket.id);
  if (!isActiveTicket(ticket)) {
    return index === -1 ? tickets : tickets.filter((t) => t.id !== ticket.id);
  }
  if (index === -1) return [...tickets, ticket];
  const next = [...tickets];
  next[index] = ticket;
  return next;
};

const replaceWindow = (windows: WindowStateView[], window: WindowStateView): WindowStateView[] => {
  const index = windows.findIndex((w) => w.windowId === window.windowId);
  if (index === -1) return [...windows, window];
  const next = [...windows];
  next[index] = window;
  return next;
};

const prependCall = (calls: CallAnnouncement[], call: CallAnnouncement): CallAnnouncement[] =>
  [call, ...calls].slice(0, RECENT_CALLS_LIMIT);

/** The part of the view one change touches. */
const applyChange = (view: HallSnapshot, change: HallChange): HallSnapshot => {
  switch (change.type) {
    case 'ticket:issued':
    case 'ticket:cancelled':
    case 'ticket:case-attached':
      return { ...view, tickets: upsertTicket(view.tickets, change.ticket) };
    case 'ticket:expired':
      return {
        ...view,
        tickets: upsertTicket(view.tickets, change.ticket),
        windows: change.window ? replaceWindow(view.windows, change.window) : view.windows,
      };
    case 'ticket:called':
    case 'ticket:recalled':
      return {
        ...view,
        tickets: upsertTicket(view.tickets, change.ticket),
        windows: replaceWindow(view.windows, change.window),
        recentCalls: prependCall(view.recentCalls, change.call),
      };
    case 'ticket:started':
    case 'ticket:finished':
    case 'ticket:no-show':
      return {
        ...view,
        tickets: upsertTicket(view.tickets, change.ticket),
        windows: replaceWindow(view.windows, change.window),
      };
    case 'ticket:transferred':
      return {
        ...view,
        tickets: upsertTicket(view.tickets, change.ticket),
        windows: change.fromWindow === null ? view.windows : replaceWindow(view.windows, change.fromWindow),
      };
    case 'window:paused':
    case 'window:resumed':
    case 'window:signed-in':
    case 'window:signed-out':
      return { ...view, windows: replaceWindow(view.windows, change.window) };
    case 'day:changed':
      return { ...view, businessDay: change.businessDay };
    case 'rating:recorded':
      return view;
    case 'hall:configured':
      return { ...view, hall: change.hall };
    case 'notices:changed':
      return { ...view, notices: change.notices };
    default:
      return assertNever(change);
  }
};

/**
 * The hall view after one update: a pure reducer. The caller checks ordering (`update.seq === view.seq + 1`
 * within the same epoch); this only applies. `seq` and `serverTime` move to the update's `seq` and `at`,
 * `figures` are replaced, and arrays the change does not touch keep their identity.
 */
export const applyHallUpdate = (view: HallSnapshot, update: HallUpdate): HallSnapshot => ({
  ...applyChange(view, update.change),
  seq: update.seq,
  serverTime: update.at,
  figures: update.figures,
});
