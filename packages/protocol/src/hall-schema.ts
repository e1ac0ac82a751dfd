import { z } from 'zod';

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
});
export type HallRules = z.infer<typeof HallRules>;

export const HallConfig = z
  .object({
    name: LocalizedText,
    rules: HallRules,
    services: z.array(ServiceConfig).min(1).max(HALL_LIMITS.services),
    windows: z.array(WindowConfig).min(1).max(HALL_LIMITS.windows),
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
