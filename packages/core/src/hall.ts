import type { AppointmentPolicy, AppointmentRules } from './appointment-rules.ts';

/** Text shown to visitors: Chinese first, English second. */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/** A time-of-day span in the hall's time zone, "HH:MM" 24-hour, `to` exclusive. */
export interface OpeningSpan {
  readonly from: string;
  readonly to: string;
}

export interface ServiceGuide {
  readonly materials: readonly LocalizedText[];
  readonly notes: readonly LocalizedText[];
}

/** 业务 / 事项: what a visitor comes for. */
export interface Service {
  readonly id: string;
  /** Ticket prefix, one or two capital letters (A, B, GJ …). Unique in the hall. */
  readonly prefix: string;
  readonly name: LocalizedText;
  /** Digits after the prefix: 3 gives A001 … A999. */
  readonly numberWidth: number;
  /** Tickets per business day; null means no limit other than the number width. */
  readonly dailyLimit: number | null;
  /** Active tickets (waiting, called or serving) one visitor (one ID card) may hold in this service's line at once. */
  readonly perIdLimit: number;
  /** When tickets can be taken. An empty list means closed all day. */
  readonly openingHours: readonly OpeningSpan[];
  readonly waitingArea: LocalizedText;
  readonly enabled: boolean;
  /** Used by the wait estimate until real service times exist. */
  readonly defaultServiceMinutes: number;
  /** Supervision: a wait longer than this raises an alert. */
  readonly slaWaitMinutes: number;
  /** Supervision: a service taking longer than this raises an alert. */
  readonly slaServiceMinutes: number;
  readonly guide: ServiceGuide;
  /** 预约: the service's appointment rules; absent or null, it takes no appointments. */
  readonly appointments?: AppointmentRules | null;
}

/** 窗口: a numbered counter serving an ordered list of services. */
export interface HallWindow {
  readonly id: string;
  readonly number: number;
  readonly name: LocalizedText;
  readonly serviceIds: readonly string[];
  readonly enabled: boolean;
  /** Floor or area; a lobby display of a zone shows only its windows. */
  readonly zone: string;
}

/**
 * Which waiting ticket call-next picks, after the priority lane.
 * - `earliest-first`: the earliest queued ticket across all of the window's services (the default: fair to visitors).
 * - `service-order`: the window's first service with anyone waiting, earliest ticket within it.
 */
export type CallPolicy = 'earliest-first' | 'service-order';

/**
 * What happens at the business-day change to tickets still waiting or called.
 * - `expire`: they end as `expired` (numbering restarts, so yesterday's A001 must not stay in line with today's).
 * - `keep`: they stay in line with their place and old number.
 */
export type DayChangePolicy = 'expire' | 'keep';

export interface HallRules {
  readonly timeZone: string;
  readonly callPolicy: CallPolicy;
  readonly dayChangePolicy: DayChangePolicy;
  /** No-show is allowed once a ticket was called this many times … */
  readonly noShowMinCalls: number;
  /** … or once this many seconds passed since its first call. */
  readonly noShowMinWaitSeconds: number;
  /** Visitors of at least this age are put in the priority lane (null: no age rule). */
  readonly priorityMinAge: number | null;
  /** Supervision: a window paused longer than this raises an alert. */
  readonly slaPauseMinutes: number;
  /** Hall-wide appointment policy (person limits, no-show blocks, calendar corrections); defaults when absent. */
  readonly appointmentPolicy?: AppointmentPolicy;
}

export interface Hall {
  readonly name: LocalizedText;
  readonly rules: HallRules;
  readonly services: readonly Service[];
  readonly windows: readonly HallWindow[];
}
