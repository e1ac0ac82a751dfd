import { z } from 'zod';
import { SupervisionView } from './admin-views.ts';
import {
  CallAnnouncement,
  HallSnapshot,
  Notice,
  ServiceFigures,
  TicketView,
  TransferTarget,
  WaitRangeMs,
  WindowStateView,
} from './entities.ts';
import { ErrorCode } from './errors.ts';
import { HallConfig } from './hall-schema.ts';

/** Changes to the hall, in order. Each carries what changed so a screen never fetches a second time. */
export const HallChange = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ticket:issued'),
    ticket: TicketView,
    peopleAhead: z.number().int(),
    estimatedWaitMs: z.number(),
    estimatedWaitRange: WaitRangeMs.optional(),
  }),
  z.object({
    type: z.literal('ticket:called'),
    ticket: TicketView,
    window: WindowStateView,
    call: CallAnnouncement,
    outOfOrderReason: z.string().nullable(),
  }),
  z.object({
    type: z.literal('ticket:recalled'),
    ticket: TicketView,
    window: WindowStateView,
    call: CallAnnouncement,
  }),
  z.object({ type: z.literal('ticket:started'), ticket: TicketView, window: WindowStateView }),
  z.object({ type: z.literal('ticket:finished'), ticket: TicketView, window: WindowStateView }),
  z.object({ type: z.literal('ticket:no-show'), ticket: TicketView, window: WindowStateView }),
  z.object({
    type: z.literal('ticket:transferred'),
    ticket: TicketView,
    fromServiceId: z.string(),
    fromWindow: WindowStateView.nullable(),
    to: TransferTarget,
    note: z.string(),
  }),
  z.object({ type: z.literal('ticket:cancelled'), ticket: TicketView }),
  z.object({
    type: z.literal('ticket:case-attached'),
    ticket: TicketView,
    caseNumber: z.string(),
    previousCaseNumber: z.string().nullable(),
  }),
  z.object({ type: z.literal('ticket:expired'), ticket: TicketView, window: WindowStateView.nullable() }),
  z.object({ type: z.literal('window:paused'), window: WindowStateView }),
  z.object({ type: z.literal('window:resumed'), window: WindowStateView }),
  z.object({ type: z.literal('window:signed-in'), window: WindowStateView }),
  z.object({ type: z.literal('window:signed-out'), window: WindowStateView }),
  z.object({ type: z.literal('day:changed'), previousDay: z.string(), businessDay: z.string() }),
  z.object({ type: z.literal('rating:recorded'), ticketId: z.string(), windowId: z.string() }),
  z.object({ type: z.literal('hall:configured'), hall: HallConfig }),
  z.object({ type: z.literal('notices:changed'), notices: z.array(Notice) }),
]);
export type HallChange = z.infer<typeof HallChange>;
export type HallChangeType = HallChange['type'];

/** One message of the hall stream. `figures` are the per-service queue figures after the change. */
export const HallUpdate = z.object({
  seq: z.number().int().positive(),
  epoch: z.string(),
  at: z.number().int(),
  change: HallChange,
  figures: z.array(ServiceFigures),
});
export type HallUpdate = z.infer<typeof HallUpdate>;

/** Sent to a window's evaluation pad when its ticket is finished. Not sequenced: it is a prompt, not state. */
export const RatingRequest = z.object({
  ticketId: z.string(),
  ticketNumber: z.string(),
  windowId: z.string(),
  windowNumber: z.number().int(),
  serviceName: z.object({ zh: z.string(), en: z.string() }),
  clerkName: z.string().nullable(),
  clerkStaffNumber: z.string().nullable(),
  expiresAt: z.number().int(),
});
export type RatingRequest = z.infer<typeof RatingRequest>;

/** Every hub → client event, by name. */
export const HubEvents = {
  'hall:snapshot': HallSnapshot,
  'hall:update': HallUpdate,
  'rating:request': RatingRequest,
  'session:revoked': z.object({ reason: z.string() }),
  /** The answer to a message that had no acknowledgement callback to answer through. */
  'protocol:error': z.object({ event: z.string(), code: ErrorCode, message: z.string() }),
  /** To supervisors and admins: the live supervision view, whenever it is re-evaluated (alerts within a second). */
  'supervision:update': SupervisionView,
} as const;
export type HubEventName = keyof typeof HubEvents;
export type HubEventPayload<E extends HubEventName> = z.infer<(typeof HubEvents)[E]>;

export type ServerToClientEvents = {
  [E in HubEventName]: (payload: HubEventPayload<E>) => void;
};
