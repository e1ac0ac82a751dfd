import { z } from 'zod';
import { SmsMessageKind } from './sms-settings.ts';

export const SmsStatus = z.enum(['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped']);
export type SmsStatus = z.infer<typeof SmsStatus>;

/** A message that did not reach its visitor, as the admin sees it: the number masked, never whole. */
export const SmsFailureView = z.object({
  id: z.number().int(),
  kind: SmsMessageKind,
  ticketNumber: z.string().nullable(),
  businessDay: z.string(),
  /** 138****1234 */
  maskedPhone: z.string(),
  text: z.string(),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  updatedAt: z.number().int(),
  /** False once the number was purged with the identity retention: nothing left to send to. */
  resendable: z.boolean(),
});
export type SmsFailureView = z.infer<typeof SmsFailureView>;

export const SmsFailuresQuery = z.object({ limit: z.number().int().min(1).max(500) }).strict();
export const SmsFailures = z.object({
  failures: z.array(SmsFailureView),
  counts: z.record(SmsStatus, z.number().int()),
  /** The sender the hall file picks, and whether this hub has it configured. */
  sender: z.object({ kind: z.string(), configured: z.boolean() }),
});
export type SmsFailures = z.infer<typeof SmsFailures>;

export const SmsResendRequest = z.object({ messageId: z.number().int().positive() }).strict();
