import { z } from 'zod';

/** What the city centre shows its people (city admins and supervisors), over its read API. */

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Region = z.string().min(1).max(64);
const Epoch = z.number().int();

export const CityBoardQuery = z.strictObject({ region: Region.optional() });
export type CityBoardQuery = z.infer<typeof CityBoardQuery>;

/** The wait limit the board holds a hall to when the hall never reported its own (the hub's default SLA). */
export const DEFAULT_WAIT_SLA_MINUTES = 30;

const LocalizedName = z.object({ zh: z.string(), en: z.string() });

/** The waiting service of a hall that is furthest along its wait limit (its longest wait ÷ its SLA). */
export const BoardWorstWait = z.object({
  serviceId: z.string(),
  /** The service's name as the hall configured it (null: the hall never reported it). */
  serviceName: LocalizedName.nullable(),
  /** When that service's longest-waiting ticket was issued. */
  waitingSince: Epoch,
  slaWaitMinutes: z.number(),
  /** The hall never reported this service's limit: DEFAULT_WAIT_SLA_MINUTES stands in. */
  slaIsDefault: z.boolean(),
});
export type BoardWorstWait = z.infer<typeof BoardWorstWait>;

/** One hall on the live city board. */
export const BoardHall = z.object({
  hallId: z.string(),
  name: z.string(),
  region: z.string(),
  businessDay: Day.nullable(),
  waiting: z.number().int(),
  /** When the longest-waiting ticket of the day was issued (null: nobody waiting). */
  longestWaitingSince: Epoch.nullable(),
  /** The service to hold against its SLA (null: nobody waiting). */
  worstWait: BoardWorstWait.nullable(),
  /** The tightest wait limit of the hall's services (null: the hall never reported its configuration). */
  hallSlaWaitMinutes: z.number().nullable(),
  openWindows: z.number().int(),
  ratedToday: z.number().int(),
  averageRatingToday: z.number().nullable(),
  badRatingsToday: z.number().int(),
  openAlerts: z.number().int(),
  /** When the centre last heard from the hall: a hall that stopped reporting shows since when. */
  lastReceivedAt: Epoch.nullable(),
  lastEventAt: Epoch.nullable(),
});
export type BoardHall = z.infer<typeof BoardHall>;

export const CrossHallReportQuery = z.strictObject({
  from: Day,
  to: Day,
  region: Region.optional(),
  format: z.enum(['json', 'csv', 'xlsx']).optional(),
  /** `item`: one line per 事项 code across halls instead of one per hall × service. */
  by: z.enum(['line', 'item']).optional(),
});
export type CrossHallReportQuery = z.infer<typeof CrossHallReportQuery>;

/** One hall × service line of a cross-hall report over a range of business days. */
export const ReportLine = z.object({
  hallId: z.string(),
  hallName: z.string(),
  region: z.string(),
  serviceId: z.string(),
  /** The service's name as the hall last configured it (null: the hall never reported its configuration). */
  serviceName: LocalizedName.nullable(),
  /** The 事项实施编码 the hall gave the service (null: none reported). */
  itemCode: z.string().nullable(),
  /** The 事项 code without the implementing body's credit code: the same item in every hall that carries it out. */
  itemBaseCode: z.string().nullable(),
  issued: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  averageWaitMs: z.number().nullable(),
  longestWaitMs: z.number(),
  averageServiceMs: z.number().nullable(),
  rated: z.number().int(),
  averageRating: z.number().nullable(),
  badRatings: z.number().int(),
});
export type ReportLine = z.infer<typeof ReportLine>;

/** One 事项 across the halls that carry it out (whatever each calls the service), over a range of days. */
export const ItemReportLine = z.object({
  /** null: the services no hall gave a 事项 code. */
  itemBaseCode: z.string().nullable(),
  /** What the halls call it (Chinese names, each once). */
  serviceNames: z.array(z.string()),
  halls: z.number().int(),
  issued: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  averageWaitMs: z.number().nullable(),
  longestWaitMs: z.number(),
  averageServiceMs: z.number().nullable(),
  rated: z.number().int(),
  averageRating: z.number().nullable(),
  badRatings: z.number().int(),
});
export type ItemReportLine = z.infer<typeof ItemReportLine>;

export const CityFollowUpsQuery = z.strictObject({
  region: Region.optional(),
  all: z.enum(['0', '1']).optional(),
});
export type CityFollowUpsQuery = z.infer<typeof CityFollowUpsQuery>;

/** A 差评 follow-up (整改) as the city sees it: whose, how bad, where it stands, and by when. */
export const CityFollowUp = z.object({
  hallId: z.string(),
  hallName: z.string(),
  region: z.string(),
  followUpId: z.string(),
  caseNumber: z.string().nullable(),
  level: z.number().int(),
  status: z.string(),
  dueDay: Day,
  dueAt: Epoch,
  overdue: z.boolean(),
  openedAt: Epoch,
});
export type CityFollowUp = z.infer<typeof CityFollowUp>;

/** Who a city token belongs to (GET /v1/me): the web app shows the role and the scope it reads. */
export const CityMe = z.object({
  username: z.string().max(64),
  role: z.enum(['city-admin', 'city-supervisor']),
  /** null: every hall of the city. */
  region: z.string().max(64).nullable(),
});
export type CityMe = z.infer<typeof CityMe>;

/** How many halls a comparison puts side by side when they are picked one by one. */
export const COMPARISON_HALLS = { min: 2, max: 6 } as const;
/** A region's halls compared at once: at most this many (the first by id). */
export const COMPARISON_REGION_MAX = 30;

/**
 * GET /v1/compare: 2–6 halls (`halls`, their ids separated by commas) or every hall of a region (`region`), over
 * a range of business days.
 */
export const HallComparisonQuery = z
  .strictObject({
    halls: z
      .string()
      .max(COMPARISON_HALLS.max * 65)
      .regex(/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/)
      .optional(),
    region: Region.optional(),
    from: Day,
    to: Day,
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
  })
  .refine((q) => (q.halls === undefined) !== (q.region === undefined), {
    message: 'either halls or region',
  })
  .refine(
    (q) => {
      if (q.halls === undefined) return true;
      const ids = q.halls.split(',');
      return (
        new Set(ids).size === ids.length &&
        ids.length >= COMPARISON_HALLS.min &&
        ids.length <= COMPARISON_HALLS.max &&
        ids.every((id) => id.length <= 64)
      );
    },
    { message: `halls: ${COMPARISON_HALLS.min}–${COMPARISON_HALLS.max} different hall ids` },
  )
  .refine((q) => q.from <= q.to, { message: 'from ≤ to' });
export type HallComparisonQuery = z.infer<typeof HallComparisonQuery>;

/** One hall's key figures over the compared range (shares are 0–1; null: nothing to count them over). */
export const HallFigures = z.object({
  hallId: z.string(),
  hallName: z.string(),
  region: z.string(),
  /** Tickets issued on the range's business days. */
  tickets: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  /** Issue → first call, over the tickets called. */
  medianWaitMs: z.number().nullable(),
  p90WaitMs: z.number().nullable(),
  /** Start → finish, over the tickets served. */
  medianServiceMs: z.number().nullable(),
  /** The called tickets whose wait stayed within their service's wait limit. */
  withinSlaShare: z.number().nullable(),
  /** Some of those were held to the default limit: the hall never reported its service's own. */
  slaIsDefault: z.boolean(),
  rated: z.number().int(),
  averageRating: z.number().nullable(),
  /** 差评 (不满意, 非常不满意) among the rated tickets. */
  badRatingShare: z.number().nullable(),
  /** No-shows among the tickets issued. */
  noShowShare: z.number().nullable(),
});
export type HallFigures = z.infer<typeof HallFigures>;
