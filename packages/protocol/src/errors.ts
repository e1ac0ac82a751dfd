import { z } from 'zod';

/**
 * The closed set of error codes a command can answer with: the queue rules' own codes (from the core) plus the
 * codes of the protocol, authentication and storage.
 */
export const ErrorCode = z.enum([
  // queue rules
  'SERVICE_NOT_FOUND',
  'SERVICE_DISABLED',
  'SERVICE_CLOSED',
  'DAILY_LIMIT_REACHED',
  'PER_ID_LIMIT_REACHED',
  'WINDOW_NOT_FOUND',
  'WINDOW_DISABLED',
  'WINDOW_PAUSED',
  'WINDOW_NOT_PAUSED',
  'WINDOW_BUSY',
  'WINDOW_IDLE',
  'NO_WAITING_TICKET',
  'TICKET_NOT_FOUND',
  'TICKET_NOT_WAITING',
  'TICKET_NOT_FOR_WINDOW',
  'INVALID_TRANSITION',
  'NO_SHOW_TOO_EARLY',
  'REASON_REQUIRED',
  // protocol
  'BAD_REQUEST',
  'UNKNOWN_EVENT',
  'PROTOCOL_VERSION',
  'RATE_LIMITED',
  // admission: what a connection may cost before the hub does any work for it
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_CONNECTIONS',
  'ISSUE_RATE_LIMITED',
  // who you are
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  /** The password was right but is one-time (first start, new account, reset): log in again with a new one. */
  'PASSWORD_CHANGE_REQUIRED',
  /** The new password is too short or too common. */
  'WEAK_PASSWORD',
  'FORBIDDEN',
  'NOT_SIGNED_IN',
  // data
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_IDENTITY',
  'ALREADY_RATED',
  'RATING_CLOSED',
  'INVALID_CONFIG',
  /** A booking or cancellation the appointment rules refuse (full, blocked, limit, deadline …): the message says why. */
  'APPOINTMENT_REFUSED',
  // the hub itself
  'STORAGE_FAILURE',
  /** A long computation (the staffing planner) has no room now: the hub refuses it rather than queue it for long. */
  'BUSY',
  /** A long computation was stopped after its time limit. */
  'TIMEOUT',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({ code: ErrorCode, message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Every command answers through its ack with exactly one of these. */
export type Ack<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: ErrorBody };

export const ackSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBody }),
  ]);

export const okAck = <T>(data: T): Ack<T> => ({ ok: true, data });
export const errorAck = (code: ErrorCode, message: string): Ack<never> => ({
  ok: false,
  error: { code, message },
});
