import { z } from 'zod';
import { RatingLevel, WaitRangeMs } from './entities.ts';
import { LocalizedText } from './hall-schema.ts';

/**
 * A ticket's page on the public listener (`/t/<token>`), as the hub sends it to the visitor's phone: this ticket
 * only, nothing of other visitors (no names, no other numbers), nothing personal. Sent as the first event of the
 * page's stream (`GET /t/<token>/events`, event `ticket`) and again on every change.
 */
export const TicketPageState = z.enum([
  /** In line. */
  'waiting',
  /** Called to a window: 请到 N 号窗口. */
  'called',
  /** At the window. */
  'serving',
  /** Served: the rating may follow. */
  'done',
  /** Ended otherwise (no-show, cancelled, expired): nothing more will happen. */
  'ended',
]);
export type TicketPageState = z.infer<typeof TicketPageState>;

export const TicketPageRating = z.object({
  /** `open`: the visitor may rate now; `given`: rated (here or at the window's pad); `closed`: too late. */
  status: z.enum(['open', 'given', 'closed']),
  /** Until when a rating is taken (hub clock, ms), while open. */
  until: z.number().int().nullable(),
});
export type TicketPageRating = z.infer<typeof TicketPageRating>;

export const TicketPageView = z.object({
  number: z.string().max(16),
  service: LocalizedText,
  waitingArea: LocalizedText,
  hallName: LocalizedText,
  state: TicketPageState,
  /** Waiting tickets of its line ahead of it; null unless waiting. */
  peopleAhead: z.number().int().nonnegative().nullable(),
  /** The estimate behind the range the page shows (see `waitRangeOf`); null unless waiting. */
  estimatedWaitMs: z.number().nonnegative().nullable(),
  /**
   * The estimator's 20th–80th percentile for this place in line, when the hub has the history to simulate (the
   * kiosk tile's range, in proportion): the page's range covers it, as the tile's and the paper's do.
   */
  estimatedWaitRange: WaitRangeMs.optional(),
  /** The window it is called to or served at; null before the first call. */
  window: z.object({ number: z.number().int(), name: LocalizedText }).nullable(),
  /** How often it was called: the page alerts (vibration, sound) each time this grows. */
  callCount: z.number().int().nonnegative(),
  /** Null until it is served. */
  rating: TicketPageRating.nullable(),
  /** False once nothing more can change: the page stops listening. */
  live: z.boolean(),
  /** The hub's clock when this was sent (ms). */
  at: z.number().int(),
});
export type TicketPageView = z.infer<typeof TicketPageView>;

/** Reason tags of the two lowest levels, the same as the window pad's (`rating:submit`). */
export const RatingReasonTag = z.enum(['attitude', 'efficiency', 'one-time-notice', 'other']);
export type RatingReasonTag = z.infer<typeof RatingReasonTag>;

/** A rating from a ticket's page (`POST /t/<token>/rating`): channel "qr", the same record as the pad's. */
export const QrRatingRequest = z
  .object({
    level: RatingLevel,
    tags: z.array(RatingReasonTag).max(4),
    comment: z.string().max(200),
  })
  .strict();
export type QrRatingRequest = z.infer<typeof QrRatingRequest>;

/** The answer to a QR rating: `ok`, or why not, in both languages. */
export const QrRatingAnswer = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['ALREADY_RATED', 'RATING_CLOSED', 'NOT_FOUND', 'INVALID', 'UNAVAILABLE']),
    message: z.string().max(200),
  }),
]);
export type QrRatingAnswer = z.infer<typeof QrRatingAnswer>;
