import type { HallSnapshot, ServiceConfig } from '@hallq/protocol';

/** Why a service tile is not taking tickets right now. */
export type UnavailableReason =
  | { readonly kind: 'disabled' }
  | { readonly kind: 'closed'; readonly hours: string; readonly opensAt: string | null }
  | { readonly kind: 'daily-limit' };

export type ServiceAvailability =
  | { readonly available: true }
  | ({ readonly available: false } & UnavailableReason);

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Minute of the day (0..1439) at `epochMs` in the hall's time zone, whatever zone the kiosk's computer uses. */
export function hallMinuteOfDay(epochMs: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Same rule as the hub's queue core: open when `from <= now < to` for one of the spans. */
export function isOpenAt(service: Pick<ServiceConfig, 'openingHours'>, minuteOfDay: number): boolean {
  return service.openingHours.some((s) => minuteOfDay >= minutesOf(s.from) && minuteOfDay < minutesOf(s.to));
}

/** The sequence part of a ticket number ('A012' → 12), or null when it is not one of this service's. */
export function sequenceOf(number: string, prefix: string): number | null {
  if (!number.startsWith(prefix)) return null;
  const digits = number.slice(prefix.length);
  return /^\d+$/.test(digits) ? Number(digits) : null;
}

/** The highest number a service can issue in a day (the hub's `maxSequence`). */
export const maxSequenceOf = (service: Pick<ServiceConfig, 'numberWidth' | 'dailyLimit'>): number => {
  const widthLimit = 10 ** service.numberWidth - 1;
  return service.dailyLimit === null ? widthLimit : Math.min(service.dailyLimit, widthLimit);
};

export interface AvailabilityContext {
  /** The hub's time (the kiosk's clock corrected by the snapshot's `serverTime`). */
  readonly now: number;
  readonly timeZone: string;
  /** The highest sequence the kiosk has seen issued today for the service (0 when none). */
  readonly highestIssued: number;
  /** The hub answered DAILY_LIMIT_REACHED for this service today. */
  readonly limitReported: boolean;
}

/**
 * Whether a service takes tickets now, and why not: switched off, outside its opening hours (in the hall's time
 * zone), or its daily limit reached. The hub decides in the end; this keeps visitors from touching a dead tile.
 */
export function serviceAvailability(service: ServiceConfig, ctx: AvailabilityContext): ServiceAvailability {
  if (!service.enabled) return { available: false, kind: 'disabled' };
  const minute = hallMinuteOfDay(ctx.now, ctx.timeZone);
  if (!isOpenAt(service, minute)) {
    const hours = service.openingHours.map((s) => `${s.from}–${s.to}`).join(', ');
    const later = service.openingHours
      .map((s) => s.from)
      .filter((from) => minutesOf(from) > minute)
      .sort();
    return { available: false, kind: 'closed', hours, opensAt: later[0] ?? null };
  }
  if (ctx.limitReported || ctx.highestIssued >= maxSequenceOf(service))
    return { available: false, kind: 'daily-limit' };
  return { available: true };
}

/** Highest issued sequence per service among the tickets a view holds (a lower bound: ended tickets leave it). */
export function highestIssuedIn(view: Pick<HallSnapshot, 'tickets' | 'hall'>): Map<string, number> {
  const highest = new Map<string, number>();
  for (const ticket of view.tickets) {
    const service = view.hall.services.find((s) => s.id === ticket.issuedServiceId);
    if (!service) continue;
    const sequence = sequenceOf(ticket.number, service.prefix);
    if (sequence !== null && sequence > (highest.get(service.id) ?? 0)) highest.set(service.id, sequence);
  }
  return highest;
}
