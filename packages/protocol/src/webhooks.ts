import { z } from 'zod';
import { TicketView } from './entities.ts';

/**
 * What the hub sends to outside systems (the approval system, the province's 好差评 platform) by webhook, signed
 * per the Standard Webhooks spec. One delivery per log entry, in log order; the `webhook-id` header is the
 * entry's, the same on every retry, so a receiver can drop a repeat.
 */
export const WebhookEventType = z.enum([
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.finished',
  'ticket.no_show',
  'ticket.transferred',
  'ticket.cancelled',
  'ticket.expired',
  'window.paused',
  'window.resumed',
  'rating.recorded',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** A ticket as an outside system sees it: no visitor name, no visitor key, nothing personal. */
export const WebhookTicket = TicketView.omit({ visitorName: true, kioskId: true });
export type WebhookTicket = z.infer<typeof WebhookTicket>;

const Epoch = z.number().int();

export const WebhookTicketData = z.object({
  /** Position of the change in the hall stream. */
  hallSeq: z.number().int().positive(),
  ticket: WebhookTicket,
  /** The window concerned (the one calling, serving, finishing, or the one a transfer left). */
  windowId: z.string().nullable(),
  windowNumber: z.number().int().nullable(),
});

export const WebhookWindowData = z.object({
  hallSeq: z.number().int().positive(),
  windowId: z.string(),
  windowNumber: z.number().int().nullable(),
  status: z.enum(['open', 'paused']),
  pauseReason: z.string().nullable(),
  clerkId: z.string().nullable(),
});

export const WebhookRatingData = z.object({
  hallSeq: z.number().int().positive(),
  ticketId: z.string(),
  windowId: z.string(),
  clerkId: z.string().nullable(),
  /** 5 非常满意 … 1 非常不满意; null: the visitor did not rate. */
  level: z.number().int().min(1).max(5).nullable(),
  tags: z.array(z.string()),
  comment: z.string(),
  ratedAt: Epoch,
});

const ticketEvent = <T extends WebhookEventType>(type: T) =>
  z.object({ type: z.literal(type), timestamp: z.string(), data: WebhookTicketData });
const windowEvent = <T extends WebhookEventType>(type: T) =>
  z.object({ type: z.literal(type), timestamp: z.string(), data: WebhookWindowData });

/** The body of every webhook: Standard Webhooks' `{ type, timestamp, data }`. */
export const WebhookPayload = z.discriminatedUnion('type', [
  ticketEvent('ticket.issued'),
  ticketEvent('ticket.called'),
  ticketEvent('ticket.recalled'),
  ticketEvent('ticket.started'),
  ticketEvent('ticket.finished'),
  ticketEvent('ticket.no_show'),
  ticketEvent('ticket.transferred'),
  ticketEvent('ticket.cancelled'),
  ticketEvent('ticket.expired'),
  windowEvent('window.paused'),
  windowEvent('window.resumed'),
  z.object({ type: z.literal('rating.recorded'), timestamp: z.string(), data: WebhookRatingData }),
]);
export type WebhookPayload = z.infer<typeof WebhookPayload>;
