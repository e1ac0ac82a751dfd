import { z } from 'zod';
import { TicketAppointmentMark } from './appointment-views.ts';
import { DeviceKind, type Role } from './auth.ts';
import { HallConfig } from './hall-schema.ts';
import { Epoch, Id } from './wire-values.ts';

export const VisitorClass = z.enum(['normal', 'priority']);
export const TicketStatus = z.enum([
  'waiting',
  'called',
  'serving',
  'done',
  'no-show',
  'cancelled',
  'expired',
]);
export type TicketStatus = z.infer<typeof TicketStatus>;

/**
 * A ticket as clients see it. The visitor's keyed hash never leaves the hub; `visitorName` is already masked
 * (张*三) and present only for tickets taken with an ID card.
 */
export const TicketView = z.object({
  id: Id,
  number: z.string().min(2).max(8),
  businessDay: z.string(),
  serviceId: Id,
  issuedServiceId: Id,
  visitorClass: VisitorClass,
  status: TicketStatus,
  issuedAt: Epoch,
  queuedAt: Epoch,
  targetWindowId: Id.nullable(),
  windowId: Id.nullable(),
  clerkId: Id.nullable(),
  callCount: z.number().int().nonnegative(),
  firstCalledAt: Epoch.nullable(),
  lastCalledAt: Epoch.nullable(),
  startedAt: Epoch.nullable(),
  endedAt: Epoch.nullable(),
  transferCount: z.number().int().nonnegative(),
  kioskId: Id.nullable(),
  visitorName: z.string().max(40).nullable(),
  /** The 办件编号 attached at the window or by the approval system; absent until one is. */
  caseNumber: z.string().max(64).optional(),
  /** 预约: the appointment this ticket was checked in from (its slot); absent for a walk-in. */
  appointment: TicketAppointmentMark.optional(),
});
export type TicketView = z.infer<typeof TicketView>;

export const PauseReason = z.enum(['break', 'meeting', 'system-fault', 'other']);
export type PauseReason = z.infer<typeof PauseReason>;

export const WindowStateView = z.object({
  windowId: Id,
  status: z.enum(['open', 'paused']),
  pauseReason: PauseReason.nullable(),
  pauseNote: z.string().max(200).nullable(),
  pausedAt: Epoch.nullable(),
  currentTicketId: Id.nullable(),
  clerkId: Id.nullable(),
  since: Epoch,
});
export type WindowStateView = z.infer<typeof WindowStateView>;

export const TransferTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), serviceId: Id }),
  z.object({ kind: z.literal('window'), windowId: Id }),
]);
export type TransferTarget = z.infer<typeof TransferTarget>;

/** The 20th–80th percentile of the estimator's simulated waits, ms: what the range shown to visitors is made from. */
export const WaitRangeMs = z.object({ lowMs: z.number().nonnegative(), highMs: z.number().nonnegative() });
export type WaitRangeMs = z.infer<typeof WaitRangeMs>;

export const ServiceFigures = z.object({
  serviceId: Id,
  waiting: z.number().int().nonnegative(),
  estimatedWaitMs: z.number().nonnegative(),
  /** Absent while the hub has too little history to simulate (the single figure alone is shown). */
  estimatedWaitRange: WaitRangeMs.optional(),
  longestWaitingSince: Epoch.nullable(),
});
export type ServiceFigures = z.infer<typeof ServiceFigures>;

/** What a call shows and says: everything the lobby and a sign need, in one pushed message. */
export const CallAnnouncement = z.object({
  ticketId: Id,
  ticketNumber: z.string(),
  serviceId: Id,
  windowId: Id,
  windowNumber: z.number().int(),
  zone: z.string(),
  calledAt: Epoch,
  callCount: z.number().int().positive(),
  recall: z.boolean(),
  /** 预约: the called ticket was checked in from an appointment (the lobby marks it); absent for a walk-in. */
  appointment: z.literal(true).optional(),
});
export type CallAnnouncement = z.infer<typeof CallAnnouncement>;

export const ClerkView = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  staffNumber: z.string(),
});
export type ClerkView = z.infer<typeof ClerkView>;

export const Notice = z.object({
  id: Id,
  title: z.string().max(100),
  body: z.string().max(2000),
  scrolling: z.boolean(),
  enabled: z.boolean(),
});
export type Notice = z.infer<typeof Notice>;

/**
 * The registered device a snapshot was sent to, as the hub knows it: a lobby display learns its zone (and a sign
 * or pad its window) from its registration, not from a setting on the screen.
 */
export const SnapshotViewer = z.object({
  deviceId: Id,
  kind: DeviceKind,
  windowId: Id.nullable(),
  zone: z.string().nullable(),
});
export type SnapshotViewer = z.infer<typeof SnapshotViewer>;

/**
 * Who receives the list of accounts (usernames included) in a snapshot: supervisors and admins. A kiosk, a
 * lobby display, a sign, a pad or a counter has no use for it, and every username it holds is one an attacker
 * on the LAN need not guess.
 */
export const CLERK_LIST_ROLES = ['supervisor', 'admin'] as const satisfies readonly Role[];
export const mayListClerks = (role: Role | null): boolean =>
  role !== null && (CLERK_LIST_ROLES as readonly Role[]).includes(role);

/** The state of the hall a client starts from, at stream position `seq`. */
export const HallSnapshot = z.object({
  seq: z.number().int().nonnegative(),
  /** Changes when the hub restarts: a client seeing a new epoch must not trust its old state. */
  epoch: z.string(),
  serverTime: Epoch,
  businessDay: z.string(),
  hall: HallConfig,
  tickets: z.array(TicketView),
  windows: z.array(WindowStateView),
  figures: z.array(ServiceFigures),
  /** The latest calls and recalls, newest first. */
  recentCalls: z.array(CallAnnouncement),
  /** The hall's accounts, for the screens that manage people (CLERK_LIST_ROLES); empty for every other screen. */
  clerks: z.array(ClerkView),
  notices: z.array(Notice),
  /** The receiving connection's device; null for a connection without one; absent from older hubs. */
  viewer: SnapshotViewer.nullable().optional(),
});
export type HallSnapshot = z.infer<typeof HallSnapshot>;

/** 5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意 */
export const RatingLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type RatingLevel = z.infer<typeof RatingLevel>;

/** One component of a device (printer, reader …) and its state, as the device reports it. */
export const DeviceComponentStatus = z
  .object({
    component: z.enum(['printer', 'id-reader', 'keypad', 'sign', 'evaluator', 'display', 'scanner']),
    state: z.enum(['ok', 'warning', 'error', 'disconnected']),
    code: z.string().max(40).nullable(),
    message: z.string().max(300),
  })
  .strict();
export type DeviceComponentStatus = z.infer<typeof DeviceComponentStatus>;
