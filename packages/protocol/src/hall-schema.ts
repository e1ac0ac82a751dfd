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
  .regex(
    /^[0-9A-Z]{18}\d{13}(\d{2})?$/,
    '事项实施编码: 18-character credit code + 13 digits (+ 2 for a 办理项)',
  )
  .refine((code) => isUnifiedSocialCreditCode(code.slice(0, 18)), {
    message:
      '事项实施编码: the implementing body’s credit code (first 18 characters) fails its check character',
  });
/** The department (实施部门) code as the provincial platform lists it: its credit code or its own code. */
export const DepartmentCode = z.string().regex(/^[0-9A-Z]{6,32}$/, 'department code: 6–32 of 0-9 A-Z');
/** GB/T 2260 administrative division (6 digits), or the 12-digit statistical code for a street or town. */
export const RegionCode = z.string().regex(/^\d{6}(\d{6})?$/, 'region code: 6 or 12 digits (GB/T 2260)');

export const ServiceConfig = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'service id: lower-case letters, digits, dashes'),
  prefix: z.string().regex(/^[A-Z]{1,2}$/, 'prefix: one or two capital letters'),
  name: LocalizedText,
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
  /** 事项 implementation code, its version in the province's catalogue, and the department that carries it out. */
  itemCode: ItemCode.optional(),
  itemVersion: z
    .string()
    .regex(/^[0-9A-Za-z.]{1,16}$/, 'item version: 1–16 of 0-9 A-Z .')
    .optional(),
  departmentCode: DepartmentCode.optional(),
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
});
export type HallRules = z.infer<typeof HallRules>;

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
