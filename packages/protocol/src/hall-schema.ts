import { z } from 'zod';

/** The hall configuration on the wire and in hall files; its shape is the core's `Hall`. */
export const LocalizedText = z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) });
export type LocalizedText = z.infer<typeof LocalizedText>;

const TimeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'time of day as HH:MM');

export const OpeningSpan = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  .refine((s) => s.from < s.to, { message: 'opening span must end after it starts' });

export const ServiceGuide = z.object({
  materials: z.array(LocalizedText).max(50),
  notes: z.array(LocalizedText).max(50),
});

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date as YYYY-MM-DD');

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

export const ServiceConfig = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'service id: lower-case letters, digits, dashes'),
  prefix: z.string().regex(/^[A-Z]{1,2}$/, 'prefix: one or two capital letters'),
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
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export const WindowConfig = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'window id: lower-case letters, digits, dashes'),
  number: z.number().int().min(1).max(999),
  name: LocalizedText,
  serviceIds: z.array(z.string()).min(1),
  enabled: z.boolean(),
  zone: z.string().min(1).max(40),
});
export type WindowConfig = z.infer<typeof WindowConfig>;

export const HallRules = z.object({
  timeZone: z.string().refine(
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
});
export type HallRules = z.infer<typeof HallRules>;

export const HallConfig = z
  .object({
    name: LocalizedText,
    rules: HallRules,
    services: z.array(ServiceConfig).min(1).max(100),
    windows: z.array(WindowConfig).min(1).max(300),
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
  });
export type HallConfig = z.infer<typeof HallConfig>;
