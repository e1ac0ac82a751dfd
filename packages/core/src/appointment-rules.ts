import type { OpeningSpan } from './hall.ts';

/**
 * Places in one slot: a fixed number, or so many per enabled window serving the service (so closing a window in
 * the hall file shrinks the slots with it).
 */
export type SlotCapacity =
  | { readonly kind: 'fixed'; readonly places: number }
  | { readonly kind: 'per-window'; readonly places: number };

/**
 * What happens to a visitor who comes after the check-in window closed:
 * - `refuse`: no ticket; the kiosk says the appointment has lapsed.
 * - `walk-in`: an ordinary ticket, queued from the moment of check-in (no slot precedence).
 */
export type LatePolicy = 'refuse' | 'walk-in';

/** 预约规则 of one service. A service without them takes no appointments. */
export interface AppointmentRules {
  /** Slot grid in minutes (15, 20, 30, 60 …), counted from the start of each span in `hours`. */
  readonly slotMinutes: number;
  readonly capacity: SlotCapacity;
  /** ISO weekdays (1 = Monday … 7 = Sunday) taking appointments, when they are also working days. */
  readonly weekdays: readonly number[];
  /** Make-up working days (调休上班, often a Saturday) take appointments like a working weekday. */
  readonly makeUpDays: boolean;
  /** When slots start and end: a slot must fit wholly inside one span. */
  readonly hours: readonly OpeningSpan[];
  /** Working days ahead: 0 lets a visitor book today, 1 from the next working day on. */
  readonly minWorkingDaysAhead: number;
  /** The last bookable day, in working days after today. */
  readonly maxWorkingDaysAhead: number;
  /** A booking can be cancelled until this many minutes before its slot starts. */
  readonly cancelDeadlineMinutes: number;
  /** A cancelled place comes free again only after this many minutes (against slot trading). */
  readonly releaseAfterMinutes: number;
  /** Check-in opens this many minutes before the slot starts … */
  readonly checkInBeforeMinutes: number;
  /** … and closes this many minutes after. */
  readonly checkInAfterMinutes: number;
  readonly latePolicy: LatePolicy;
  /** Upcoming (booked, not yet checked in) appointments one person may hold for this service; null: no limit. */
  readonly perPersonUpcoming: number | null;
}

/** Limits per person (keyed by the ID number's keyed hash) across every service, counted by slot day. */
export interface PersonLimits {
  readonly perDay: number | null;
  readonly perWeek: number | null;
  readonly perMonth: number | null;
}

/** No-shows: `missed` missed appointments within `withinDays` days block booking for `blockDays` days. */
export interface NoShowBlockRule {
  readonly missed: number;
  readonly withinDays: number;
  readonly blockDays: number;
}

/** The hall's own corrections to the national calendar (a local holiday, a closure, an extra opening). */
export interface CalendarOverrides {
  /** YYYY-MM-DD days the hall is closed although the national calendar says working day. */
  readonly closedDays: readonly string[];
  /** YYYY-MM-DD days the hall works although the national calendar says rest day. */
  readonly workingDays: readonly string[];
}

/** Hall-wide appointment policy. */
export interface AppointmentPolicy {
  readonly personLimits: PersonLimits;
  readonly noShowBlock: NoShowBlockRule;
  readonly calendar: CalendarOverrides;
}

/** The defaults Chinese halls use: check-in 30 min before to 15 min after; 2 no-shows in 30 days → 90 days. */
export const DEFAULT_CHECK_IN_BEFORE_MINUTES = 30;
export const DEFAULT_CHECK_IN_AFTER_MINUTES = 15;
export const DEFAULT_NO_SHOW_BLOCK: NoShowBlockRule = { missed: 2, withinDays: 30, blockDays: 90 };

export const DEFAULT_APPOINTMENT_POLICY: AppointmentPolicy = {
  personLimits: { perDay: 2, perWeek: null, perMonth: null },
  noShowBlock: DEFAULT_NO_SHOW_BLOCK,
  calendar: { closedDays: [], workingDays: [] },
};

/** A service's rules with the hall defaults filled in, for the parts a hall file may leave out. */
export function appointmentRules(overrides: Partial<AppointmentRules> = {}): AppointmentRules {
  return {
    slotMinutes: 30,
    capacity: { kind: 'per-window', places: 2 },
    weekdays: [1, 2, 3, 4, 5],
    makeUpDays: true,
    hours: [
      { from: '09:00', to: '12:00' },
      { from: '13:30', to: '17:00' },
    ],
    minWorkingDaysAhead: 1,
    maxWorkingDaysAhead: 10,
    cancelDeadlineMinutes: 60,
    releaseAfterMinutes: 30,
    checkInBeforeMinutes: DEFAULT_CHECK_IN_BEFORE_MINUTES,
    checkInAfterMinutes: DEFAULT_CHECK_IN_AFTER_MINUTES,
    latePolicy: 'walk-in',
    perPersonUpcoming: 1,
    ...overrides,
  };
}
