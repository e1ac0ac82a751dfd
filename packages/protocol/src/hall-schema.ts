import { z } from 'zod';
import { SmsSettings } from './sms-settings.ts';

/** The hall configuration on the wire and in hall files; its shape is the core's `Hall`. */
export const LocalizedText = z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) });
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * What one hall can have. Every string and array of the hall file is bounded, so a hall:configure costs the hub
 * at most a bounded amount of validation work whoever sends it (request-limits.test.ts checks the whole catalog).
 */
export const HALL_LIMITS = { services: 100, windows: 300 } as const;

const TimeOfDay = z
  .string()
  .max(5)
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'time of day as HH:MM');

export const OpeningSpan = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  .refine((s) => s.from < s.to, { message: 'opening span must end after it starts' });

const ServiceId = z
  .string()
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'service id: lower-case letters, digits, dashes');

export const ServiceGuide = z.object({
  materials: z.array(LocalizedText).max(50),
  notes: z.array(LocalizedText).max(50),
});

const Day = z
  .string()
  .max(10)
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date as YYYY-MM-DD');

/** 预约 rules of one service (the core's `AppointmentRules`). Absent or null: the service takes no appointments. */
export const AppointmentRulesConfig = z
  .object({
    slotMinutes: z.number().int().min(5).max(240),
    capacity: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('fixed'), places: z.number().int().min(1).max(500) }),
      z.object({ kind: z.literal('per-window'), places: z.number().int().min(1).max(50) }),
    ]),
    weekdays: z.array(z.number().int().min(1).max(7)).max(7),
    makeUpDays: z.boolean(),
    hours: z.array(OpeningSpan).min(1).max(6),
    minWorkingDaysAhead: z.number().int().min(0).max(60),
    maxWorkingDaysAhead: z.number().int().min(0).max(120),
    cancelDeadlineMinutes: z.number().int().min(0).max(10_080),
    releaseAfterMinutes: z.number().int().min(0).max(1440),
    checkInBeforeMinutes: z.number().int().min(0).max(240),
    checkInAfterMinutes: z.number().int().min(0).max(240),
    latePolicy: z.enum(['refuse', 'walk-in']),
    perPersonUpcoming: z.number().int().min(1).max(20).nullable(),
  })
  .refine((r) => r.minWorkingDaysAhead <= r.maxWorkingDaysAhead, {
    message: 'the first bookable day must not come after the last',
  })
  .refine((r) => new Set(r.weekdays).size === r.weekdays.length, { message: 'a weekday is listed twice' });
export type AppointmentRulesConfig = z.infer<typeof AppointmentRulesConfig>;

/** Hall-wide appointment policy (the core's `AppointmentPolicy`). */
export const AppointmentPolicyConfig = z.object({
  personLimits: z.object({
    perDay: z.number().int().min(1).max(20).nullable(),
    perWeek: z.number().int().min(1).max(50).nullable(),
    perMonth: z.number().int().min(1).max(100).nullable(),
  }),
  noShowBlock: z.object({
    missed: z.number().int().min(1).max(20),
    withinDays: z.number().int().min(1).max(366),
    blockDays: z.number().int().min(1).max(366),
  }),
  calendar: z.object({
    closedDays: z.array(Day).max(400),
    workingDays: z.array(Day).max(400),
  }),
});
export type AppointmentPolicyConfig = z.infer<typeof AppointmentPolicyConfig>;
/** GB 32100 unified social credit code: 18 characters, the last a check character over the first 17. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function isUnifiedSocialCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

/**
 * A 事项 implementation code (实施编码, GB/T 39554.1): the implementing body's 18-character unified social
 * credit code followed by 13 digits (事权 level and the item's basic code); a 业务办理项 code adds 2 digits.
 */
export const ItemCode = z
  .string()
  .max(33)
  .regex(
    /^[0-9A-Z]{18}\d{13}(\d{2})?$/,
    '事项实施编码: 18-character credit code + 13 digits (+ 2 for a 办理项)',
  )
  .refine((code) => isUnifiedSocialCreditCode(code.slice(0, 18)), {
    message:
      '事项实施编码: the implementing body’s credit code (first 18 characters) fails its check character',
  });
/** The department (实施部门) code as the provincial platform lists it: its credit code or its own code. */
export const DepartmentCode = z
  .string()
  .max(32)
  .regex(/^[0-9A-Z]{6,32}$/, 'department code: 6–32 of 0-9 A-Z');
/** GB/T 2260 administrative division (6 digits), or the 12-digit statistical code for a street or town. */
export const RegionCode = z
  .string()
  .max(12)
  .regex(/^\d{6}(\d{6})?$/, 'region code: 6 or 12 digits (GB/T 2260)');

export const ServiceConfig = z.object({
  id: ServiceId,
  prefix: z
    .string()
    .max(2)
    .regex(/^[A-Z]{1,2}$/, 'prefix: one or two capital letters'),
  name: LocalizedText,
  /** An abbreviation for screens with little room (the lobby's waiting tiles); the full name when absent. */
  shortName: LocalizedText.optional(),
  numberWidth: z.number().int().min(2).max(4),
  dailyLimit: z.number().int().min(1).nullable(),
  perIdLimit: z.number().int().min(1).max(10),
  openingHours: z.array(OpeningSpan).max(6),
  waitingArea: LocalizedText,
  enabled: z.boolean(),
  defaultServiceMinutes: z.number().min(0.5).max(240),
  slaWaitMinutes: z.number().min(1).max(600),
  slaServiceMinutes: z.number().min(1).max(600),
  guide: ServiceGuide,
  appointments: AppointmentRulesConfig.nullable().optional(),
  /** 事项 implementation code, its version in the province's catalogue, and the department that carries it out. */
  itemCode: ItemCode.optional(),
  itemVersion: z
    .string()
    .max(16)
    .regex(/^[0-9A-Za-z.]{1,16}$/, 'item version: 1–16 of 0-9 A-Z .')
    .optional(),
  departmentCode: DepartmentCode.optional(),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export const WindowConfig = z.object({
  id: z
    .string()
    .max(40)
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'window id: lower-case letters, digits, dashes'),
  number: z.number().int().min(1).max(999),
  name: LocalizedText,
  serviceIds: z.array(ServiceId).min(1).max(HALL_LIMITS.services),
  enabled: z.boolean(),
  zone: z.string().min(1).max(40),
});
export type WindowConfig = z.infer<typeof WindowConfig>;

/** The behaviour monitoring rules (行为监控), each of which a hall may switch off. */
export const BehaviourRuleName = z.enum([
  'out-of-order-calls',
  'repeat-out-of-order',
  'away-from-window',
  'short-services',
  'no-show-streak',
  'rating-pace',
  'rating-instant',
  'rating-jump',
  'after-hours',
]);
export type BehaviourRuleName = z.infer<typeof BehaviourRuleName>;

/**
 * Thresholds of the behaviour monitoring rules, per hall. Every field is optional: a hall sets those it wants to
 * differ from the defaults (`DEFAULT_BEHAVIOUR_THRESHOLDS` in the hub), and lists in `off` the rules it does not
 * want at all.
 */
export const BehaviourThresholds = z
  .object({
    /** 跳号: more than this many out-of-order calls by one clerk in a day. */
    outOfOrderCallsPerDay: z.number().int().min(0).max(200),
    /** 离岗: a window signed in, not paused and idle for more than this while visitors wait for its services. */
    awayIdleMinutes: z.number().min(1).max(240),
    /** 异常办理: a service shorter than this share of the service's typical time counts as suspiciously short … */
    shortServiceShare: z.number().min(0.01).max(0.9),
    /** … and this many of them by one clerk in a day raise an alert. */
    shortServicesPerDay: z.number().int().min(1).max(200),
    /** 异常办理: this many no-shows in a row by one clerk, with no visitor served between. */
    noShowStreak: z.number().int().min(2).max(200),
    /** 评价异常: two ratings on one pad closer together than this no visitor could give … */
    ratingMinGapSeconds: z.number().min(1).max(600),
    /** … and this many such pairs on one pad in a day raise an alert. */
    fastRatingsPerDay: z.number().int().min(1).max(200),
    /** 评价异常: every rating of a clerk given within this of 办结 … */
    ratingInstantSeconds: z.number().min(0.1).max(60),
    /** … over at least this many ratings. */
    ratingInstantMinCount: z.number().int().min(3).max(10_000),
    /** 评价异常: a clerk's mean rating rising by at least this many levels after the pad rating them changed … */
    ratingJumpLevels: z.number().min(0.1).max(4),
    /** … with at least this many ratings before and after the change. */
    ratingJumpMinCount: z.number().int().min(3).max(10_000),
    /** After hours: clerk actions outside these hours (default: the services' opening hours) … */
    workingHours: z.array(OpeningSpan).max(6),
    /** … by more than this many minutes. */
    afterHoursGraceMinutes: z.number().min(0).max(240),
    off: z.array(BehaviourRuleName).max(20),
  })
  .partial();
export type BehaviourThresholds = z.infer<typeof BehaviourThresholds>;

/** Every behaviour threshold with a value: a hall's own settings over these defaults. */
export type ResolvedBehaviourThresholds = Required<Omit<BehaviourThresholds, 'workingHours' | 'off'>> & {
  /** null: the services' opening hours. */
  readonly workingHours: BehaviourThresholds['workingHours'] | null;
  readonly off: readonly BehaviourRuleName[];
};

/** What a hall gets for a threshold it does not set (the console shows them beside its fields). */
export const DEFAULT_BEHAVIOUR_THRESHOLDS: ResolvedBehaviourThresholds = {
  outOfOrderCallsPerDay: 5,
  awayIdleMinutes: 10,
  shortServiceShare: 0.2,
  shortServicesPerDay: 5,
  noShowStreak: 5,
  ratingMinGapSeconds: 5,
  fastRatingsPerDay: 3,
  ratingInstantSeconds: 1,
  ratingInstantMinCount: 10,
  ratingJumpLevels: 1,
  ratingJumpMinCount: 10,
  workingHours: null,
  afterHoursGraceMinutes: 30,
  off: [],
};

export const HallRules = z.object({
  timeZone: z
    .string()
    .max(64)
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'not a known IANA time zone' },
    ),
  callPolicy: z.enum(['earliest-first', 'service-order']),
  dayChangePolicy: z.enum(['expire', 'keep']),
  noShowMinCalls: z.number().int().min(1).max(10),
  noShowMinWaitSeconds: z.number().int().min(0).max(3600),
  priorityMinAge: z.number().int().min(50).max(120).nullable(),
  slaPauseMinutes: z.number().min(1).max(600),
  appointmentPolicy: AppointmentPolicyConfig.optional(),
  /** Optional: behaviour monitoring thresholds (absent: the defaults). */
  behaviour: BehaviourThresholds.optional(),
});
export type HallRules = z.infer<typeof HallRules>;

/**
 * One window's working day (排班): when it is staffed and its planned breaks inside that time. The staffing
 * planner and the wait estimate read it; a window the schedule does not list is not planned to open.
 */
export const WindowShift = z.object({
  windowId: z.string().max(40),
  open: z.array(OpeningSpan).min(1).max(6),
  breaks: z.array(OpeningSpan).max(6),
});
export type WindowShift = z.infer<typeof WindowShift>;

/** The hall's window schedule: the same every working day until a later version says otherwise. */
export const WindowSchedule = z.object({ windows: z.array(WindowShift).max(300) });
export type WindowSchedule = z.infer<typeof WindowSchedule>;
/** What the province's 好差评 platform asks of rating records, and how 差评 follow-ups are timed. */
export const RatingRecordSettings = z.object({
  /** The province requires the applicant's name and ID number with each rating (off unless it says so). */
  applicantRequired: z.boolean(),
  /** A 不满意/非常不满意 rating must be followed up within this many working days (holidays and 调休 counted). */
  followUpWorkingDays: z.number().int().min(1).max(30),
});
export type RatingRecordSettings = z.infer<typeof RatingRecordSettings>;
export const DEFAULT_RATING_RECORD_SETTINGS: RatingRecordSettings = {
  applicantRequired: false,
  followUpWorkingDays: 3,
};

export const HallConfig = z
  .object({
    name: LocalizedText,
    /** The hall's administrative division, carried on every rating record. */
    regionCode: RegionCode.optional(),
    ratingRecords: RatingRecordSettings.optional(),
    rules: HallRules,
    services: z.array(ServiceConfig).min(1).max(HALL_LIMITS.services),
    windows: z.array(WindowConfig).min(1).max(HALL_LIMITS.windows),
    /** Optional: a hall without one has every enabled window planned open whenever its services are. */
    schedule: WindowSchedule.optional(),
    /** Text messages to visitors who left a mobile number; absent: none are sent. */
    sms: SmsSettings.optional(),
  })
  .superRefine((hall, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const unique = (values: readonly (string | number)[], what: string) => {
      const seen = new Set<string | number>();
      for (const v of values) {
        if (seen.has(v)) issue(`${what} ${v} is used twice`);
        seen.add(v);
      }
    };
    unique(
      hall.services.map((s) => s.id),
      'service id',
    );
    unique(
      hall.services.map((s) => s.prefix),
      'ticket prefix',
    );
    unique(
      hall.windows.map((w) => w.id),
      'window id',
    );
    unique(
      hall.windows.map((w) => w.number),
      'window number',
    );
    const serviceIds = new Set(hall.services.map((s) => s.id));
    for (const w of hall.windows) {
      for (const id of w.serviceIds)
        if (!serviceIds.has(id)) issue(`window ${w.id} serves unknown service ${id}`);
    }
    if (hall.schedule) {
      const windowIds = new Set(hall.windows.map((w) => w.id));
      unique(
        hall.schedule.windows.map((s) => s.windowId),
        'scheduled window',
      );
      for (const shift of hall.schedule.windows) {
        if (!windowIds.has(shift.windowId)) issue(`schedule names unknown window ${shift.windowId}`);
        for (const pause of shift.breaks) {
          const inside = shift.open.some((span) => span.from <= pause.from && pause.to <= span.to);
          if (!inside)
            issue(`window ${shift.windowId}: break ${pause.from}–${pause.to} is outside its working hours`);
        }
      }
    }
  });
export type HallConfig = z.infer<typeof HallConfig>;
