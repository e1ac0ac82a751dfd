import { z } from 'zod';

/**
 * What the hub may text a visitor about. The ticket kinds are decided from the event log
 * (apps/hub/src/sms/sms-decisions.ts); the appointment kinds from the appointments' log entries and, for the
 * reminder, the hub's tick (apps/hub/src/sms/sms-appointments.ts). In appointment texts {number} is the booking code.
 */
export const SMS_MESSAGE_KINDS = [
  'issued',
  'n-ahead',
  'called',
  'no-show-warning',
  'appointment-confirmed',
  'appointment-reminder',
  'appointment-cancelled',
] as const;
export const SmsMessageKind = z.enum(SMS_MESSAGE_KINDS);
export type SmsMessageKind = z.infer<typeof SmsMessageKind>;

/** The `{name}` placeholders a template may use; anything else in braces is refused when the hall file loads. */
export const SMS_TEMPLATE_VARIABLES = [
  'hall',
  'number',
  'service',
  'peopleAhead',
  'window',
  'link',
  'date',
  'time',
] as const;
export type SmsTemplateVariable = (typeof SMS_TEMPLATE_VARIABLES)[number];

const placeholders = (text: string) => [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
const knownVariable = (text: string) =>
  placeholders(text).every((name) => (SMS_TEMPLATE_VARIABLES as readonly string[]).includes(name));

const TemplateText = z
  .string()
  .min(1)
  .max(500)
  .refine(knownVariable, {
    message: `placeholders: ${SMS_TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}`,
  });

/** One message in Chinese, optionally with an English text sent after it to visitors who chose English. */
export const SmsTemplate = z.object({ zh: TemplateText, en: TemplateText.optional() });
export type SmsTemplate = z.infer<typeof SmsTemplate>;

/** One optional template per kind (an object with known keys, so the hall file stays bounded). */
export const SmsTemplates = z
  .object(
    Object.fromEntries(SMS_MESSAGE_KINDS.map((kind) => [kind, SmsTemplate.optional()])) as {
      [K in SmsMessageKind]: z.ZodOptional<typeof SmsTemplate>;
    },
  )
  .strict();
export type SmsTemplates = z.infer<typeof SmsTemplates>;

const TimeOfDay = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time of day as HH:MM');

/** Which kind of sender the hub uses; the sender's address and secrets are hub settings, never in the hall file. */
export const SmsSenderKind = z.enum(['http', 'smpp', 'modem']);
export type SmsSenderKind = z.infer<typeof SmsSenderKind>;

export const SmsSettings = z.object({
  enabled: z.boolean(),
  sender: SmsSenderKind,
  /** The 短信签名 carriers require, e.g. 【某市政务服务中心】; put before every message. */
  signature: z.string().max(24),
  /** A template kind absent here is not sent. */
  templates: SmsTemplates,
  /** The "N ahead" message goes when this many people or fewer are ahead (default 3). */
  peopleAheadThreshold: z.number().int().min(1).max(50),
  /** At most this many messages to one number in one business day (default 5); the rest are not sent. */
  dailyCapPerNumber: z.number().int().min(1).max(50),
  /** Reminders due in these hours wait for their end; may run over midnight (22:00–08:00). */
  quietHours: z.object({ from: TimeOfDay, to: TimeOfDay }).nullable(),
  /** When the day-before appointment reminder goes. */
  reminderAt: TimeOfDay,
  /** A rendered message longer than this many segments is refused when the hall file loads (70 UCS-2 chars each). */
  maxSegments: z.number().int().min(1).max(10),
});
export type SmsSettings = z.infer<typeof SmsSettings>;

export const DEFAULT_SMS_SETTINGS: SmsSettings = {
  enabled: false,
  sender: 'http',
  signature: '',
  templates: {},
  peopleAheadThreshold: 3,
  dailyCapPerNumber: 5,
  quietHours: { from: '21:00', to: '08:00' },
  reminderAt: '18:00',
  maxSegments: 3,
};

/** A mainland mobile number: 11 digits starting 13–19. Stored sealed, shown masked (138****1234). */
export const MOBILE_NUMBER = /^1[3-9]\d{9}$/;
export const MobileNumber = z.string().max(11).regex(MOBILE_NUMBER, 'a mainland mobile number (11 digits)');

export function maskMobile(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}

/** What a kiosk sends when the visitor chose to get text messages: the number and the language to write in. */
export const SmsConsent = z.object({ phone: MobileNumber, language: z.enum(['zh', 'en']) }).strict();
export type SmsConsent = z.infer<typeof SmsConsent>;
