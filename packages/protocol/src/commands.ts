import { z } from 'zod';
import {
  AlertView,
  AuditEntryView,
  AuditQuery,
  ChainVerdictView,
  ExportedFile,
  NoticeInput,
  Report,
  ReportExportQuery,
  ReportQuery,
  Scorecard,
  ScorecardQuery,
  StorageStatusView,
  SupervisedDevice,
  SupervisionSettings,
  SupervisionView,
  TicketListExportQuery,
} from './admin-views.ts';
import { ApiClientAdd, ApiClientAdded, ApiClientLimit, ApiClientView } from './api.ts';
import {
  AppointmentBlockView,
  AppointmentBookRequest,
  AppointmentDayView,
  AppointmentOffer,
  AppointmentReport,
  AppointmentSlots,
  AppointmentSlotsQuery,
  AppointmentView,
  BookingCode,
} from './appointment-views.ts';
import { DeviceKind, type Role } from './auth.ts';
import {
  CaseNumber,
  FollowUpStatus,
  FollowUpUpdate,
  FollowUpView,
  RatingExportQuery,
} from './case-records.ts';
import {
  ClerkView,
  DeviceComponentStatus,
  HallSnapshot,
  PauseReason,
  RatingLevel,
  TicketView,
  TransferTarget,
  WaitRangeMs,
  WindowStateView,
} from './entities.ts';
import { type Ack, ackSchema } from './errors.ts';
import { HallConfig, LocalizedText } from './hall-schema.ts';
import { PlannerAnswer, PlannerQuery } from './planner.ts';
import { PrintPermit } from './print-permit.ts';
import { SmsFailures, SmsFailuresQuery, SmsResendRequest } from './sms-admin.ts';
import { SmsConsent } from './sms-settings.ts';
import {
  WebhookAdminDeliveries,
  WebhookAdminList,
  WebhookDeliveriesQuery,
  WebhookReplayRequest,
} from './webhook-admin.ts';
import { Id } from './wire-values.ts';

export * from './admin-views.ts';

const Note = z.string().max(500);
const Empty = z.object({}).strict();

/** Who may send a command, and whether it is bound to the sender's own window. */
export interface CommandRule {
  /** `anyone` includes a connection that has not authenticated yet (only `session:login` is so). */
  readonly roles: readonly Role[] | 'anyone';
  /** The payload's windowId must be the window the clerk (or pad) is signed in at / bound to. */
  readonly windowScoped: boolean;
}

const command = <Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
  rule: CommandRule,
) => ({ request, response, ...rule });

const WindowAction = z.object({ windowId: Id }).strict();
const WindowResult = z.object({ ticket: TicketView.nullable(), window: WindowStateView });

/** GB 11643 numbers (18 characters, MOD 11-2 check digit): resident cards, 港澳台 permits, 2023 foreigner cards. */
export const GB11643_NUMBER = /^[0-9]{17}[0-9X]$/;
/** The 2017 foreigner permanent residence card: 3 letters (nationality) and 12 digits; no documented check digit. */
export const FOREIGN_2017_NUMBER = /^[A-Z]{3}[0-9]{12}$/;

export const IdentityInput = z
  .object({
    /** The card's number, validated again at the hub. */
    idNumber: z
      .string()
      .max(18)
      .regex(/^([0-9]{17}[0-9X]|[A-Z]{3}[0-9]{12})$/, 'an ID card number'),
    name: z.string().min(1).max(60),
    birthDate: z
      .string()
      .max(10)
      .regex(/^\d{4}-\d{2}-\d{2}$/),
    cardType: z.enum(['resident', 'hk-mo-tw', 'foreign-2017', 'foreign-2023']),
  })
  .strict()
  .refine((id) => (id.cardType === 'foreign-2017' ? FOREIGN_2017_NUMBER : GB11643_NUMBER).test(id.idNumber), {
    message: 'the number does not have the form of its card type',
    path: ['idNumber'],
  });
export type IdentityInput = z.infer<typeof IdentityInput>;

export const IssuedTicket = z.object({
  ticket: TicketView,
  peopleAhead: z.number().int().nonnegative(),
  estimatedWaitMs: z.number().nonnegative(),
  estimatedWaitRange: WaitRangeMs.optional(),
  serviceName: LocalizedText,
  waitingArea: LocalizedText,
  hallName: LocalizedText,
  /** True when this answers a retry of a request already done: the same ticket, not a second one. */
  replayed: z.boolean(),
  /** The hub's signed word that this ticket may be printed, with its QR content (see print-permit.ts). */
  printPermit: PrintPermit,
});
export type IssuedTicket = z.infer<typeof IssuedTicket>;

/** How a kiosk names the appointment to check in: the booking code (typed or scanned), or the swiped ID card. */
export const AppointmentKey = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('code'), code: BookingCode }).strict(),
  z.object({ kind: z.literal('identity'), identity: IdentityInput }).strict(),
]);
export type AppointmentKey = z.infer<typeof AppointmentKey>;

/**
 * The kiosk's check-in answer. `checked-in`: a ticket marked 预约 standing in line from the slot (or from the
 * check-in when late). `walk-in`: the window had closed and the hall turns latecomers into ordinary tickets.
 * `too-early` / `refused-late` / `not-checkable`: no ticket, and what to tell the visitor. `none`: the swiped
 * card has no appointment today.
 */
export const AppointmentCheckIn = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('checked-in'),
    appointment: AppointmentView,
    late: z.boolean(),
    issued: IssuedTicket,
  }),
  z.object({
    outcome: z.literal('walk-in'),
    appointment: AppointmentView,
    closedAt: z.number().int(),
    issued: IssuedTicket,
  }),
  z.object({ outcome: z.literal('too-early'), appointment: AppointmentView, opensAt: z.number().int() }),
  z.object({ outcome: z.literal('refused-late'), appointment: AppointmentView, closedAt: z.number().int() }),
  z.object({ outcome: z.literal('not-checkable'), appointment: AppointmentView }),
  z.object({ outcome: z.literal('none') }),
]);
export type AppointmentCheckIn = z.infer<typeof AppointmentCheckIn>;

/** The help desk looks up by booking code or by ID number (with the person's no-show block, if any). */
export const AppointmentLookup = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('code'), code: BookingCode }).strict(),
  z
    .object({
      kind: z.literal('id-number'),
      idNumber: z
        .string()
        .max(18)
        .regex(/^([0-9]{17}[0-9X]|[A-Z]{3}[0-9]{12})$/, 'an ID card number'),
    })
    .strict(),
]);
export type AppointmentLookup = z.infer<typeof AppointmentLookup>;

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  staffNumber: z.string(),
  role: z.enum(['clerk', 'guide', 'supervisor', 'admin']),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const DeviceView = z.object({
  id: Id,
  kind: DeviceKind,
  name: z.string(),
  windowId: Id.nullable(),
  zone: z.string().nullable(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  lastSeenAt: z.number().int().nullable(),
  online: z.boolean(),
});
export type DeviceView = z.infer<typeof DeviceView>;

const Username = z
  .string()
  .max(32)
  .regex(/^[a-z0-9_.-]{2,32}$/, 'username: 2–32 of a-z 0-9 _ . -');
/** The hub also checks a new password against a list of common ones (PASSWORD_CHANGE_REQUIRED, WEAK_PASSWORD). */
export const MIN_PASSWORD_LENGTH = 12;
const Password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200);

/**
 * The command catalog: every client → hub event, its payload, its answer and who may send it. The Socket.IO
 * event maps and the authorization matrix test are both derived from this one object.
 */
export const Commands = {
  'session:login': command(
    z
      .object({
        username: z.string().min(1).max(64),
        password: z.string().min(1).max(200),
        windowId: Id.nullable(),
        /**
         * Replaces the password as part of this login. Required when the password is one-time (the hub answers
         * PASSWORD_CHANGE_REQUIRED without it); at least 12 characters and not a common password.
         */
        newPassword: Password.optional(),
      })
      .strict(),
    z.object({
      sessionToken: z.string(),
      user: SessionUser,
      windowId: Id.nullable(),
      expiresAt: z.number().int(),
    }),
    { roles: 'anyone', windowScoped: false },
  ),
  'session:logout': command(Empty, Empty, {
    roles: ['clerk', 'guide', 'supervisor', 'admin'],
    windowScoped: false,
  }),
  'hall:snapshot': command(Empty, HallSnapshot, {
    roles: ['kiosk', 'counter', 'lobby', 'sign', 'pad', 'clerk', 'guide', 'supervisor', 'admin'],
    windowScoped: false,
  }),
  'ticket:issue': command(
    z
      .object({
        /** Chosen by the kiosk per visitor action; a retry with the same id returns the same ticket. */
        requestId: z.string().min(8).max(64),
        serviceId: Id,
        identity: IdentityInput.nullable(),
        /** A mobile number the visitor left for text messages (never required). */
        sms: SmsConsent.nullable().optional(),
      })
      .strict(),
    IssuedTicket,
    { roles: ['kiosk'], windowScoped: false },
  ),
  'window:sign-in': command(WindowAction, WindowResult, { roles: ['clerk'], windowScoped: false }),
  'window:call-next': command(WindowAction, WindowResult, { roles: ['clerk'], windowScoped: true }),
  'window:call-ticket': command(
    z.object({ windowId: Id, ticketId: Id, reason: Note }).strict(),
    WindowResult,
    { roles: ['clerk'], windowScoped: true },
  ),
  'window:recall': command(WindowAction, WindowResult, { roles: ['clerk'], windowScoped: true }),
  'window:start': command(WindowAction, WindowResult, { roles: ['clerk'], windowScoped: true }),
  'window:finish': command(WindowAction, WindowResult, { roles: ['clerk'], windowScoped: true }),
  'window:no-show': command(WindowAction, WindowResult, { roles: ['clerk'], windowScoped: true }),
  'window:transfer': command(
    z.object({ windowId: Id, to: TransferTarget, note: Note, keepPlace: z.boolean() }).strict(),
    WindowResult,
    { roles: ['clerk'], windowScoped: true },
  ),
  'window:pause': command(
    z.object({ windowId: Id, reason: PauseReason, note: Note.nullable() }).strict(),
    WindowResult,
    { roles: ['clerk'], windowScoped: true },
  ),
  'window:resume': command(WindowAction, WindowResult, { roles: ['clerk'], windowScoped: true }),
  'ticket:transfer': command(
    z.object({ ticketId: Id, to: TransferTarget, note: Note, keepPlace: z.boolean() }).strict(),
    z.object({ ticket: TicketView }),
    { roles: ['supervisor', 'admin'], windowScoped: false },
  ),
  'ticket:cancel': command(z.object({ ticketId: Id }).strict(), z.object({ ticket: TicketView }), {
    roles: ['supervisor', 'admin'],
    windowScoped: false,
  }),
  'ticket:attach-case': command(
    z.object({ ticketId: Id, caseNumber: CaseNumber }).strict(),
    z.object({ ticket: TicketView }),
    // A clerk only for the ticket their window holds (checked by the handler); supervisors and admins for any.
    { roles: ['clerk', 'supervisor', 'admin'], windowScoped: false },
  ),
  'rating:submit': command(
    z
      .object({
        ticketId: Id,
        level: RatingLevel,
        tags: z.array(z.enum(['attitude', 'efficiency', 'one-time-notice', 'other'])).max(4),
        comment: z.string().max(200),
      })
      .strict(),
    Empty,
    { roles: ['pad'], windowScoped: false },
  ),
  'device:report': command(z.object({ components: z.array(DeviceComponentStatus).max(10) }).strict(), Empty, {
    roles: ['kiosk', 'counter', 'lobby', 'sign', 'pad'],
    windowScoped: false,
  }),
  'device:add': command(
    z
      .object({
        kind: DeviceKind,
        name: z.string().min(1).max(60),
        windowId: Id.nullable(),
        zone: z.string().max(40).nullable(),
      })
      .strict(),
    z.object({ device: DeviceView, token: z.string() }),
    { roles: ['admin'], windowScoped: false },
  ),
  'device:list': command(Empty, z.object({ devices: z.array(DeviceView) }), {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'device:revoke': command(z.object({ deviceId: Id }).strict(), z.object({ device: DeviceView }), {
    roles: ['admin'],
    windowScoped: false,
  }),
  'clerk:add': command(
    z
      .object({
        username: Username,
        displayName: z.string().min(1).max(40),
        staffNumber: z.string().min(1).max(20),
        password: Password,
        role: z.enum(['clerk', 'guide', 'supervisor', 'admin']),
      })
      .strict(),
    z.object({ clerk: ClerkView }),
    { roles: ['admin'], windowScoped: false },
  ),
  'clerk:list': command(Empty, z.object({ clerks: z.array(SessionUser.extend({ disabled: z.boolean() })) }), {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'hall:configure': command(z.object({ hall: HallConfig }).strict(), z.object({ hall: HallConfig }), {
    roles: ['admin'],
    windowScoped: false,
  }),
  // ---- admin console and supervision (效能监察) ----
  'clerk:reset-password': command(z.object({ userId: Id, password: Password }).strict(), Empty, {
    roles: ['admin'],
    windowScoped: false,
  }),
  'clerk:set-disabled': command(z.object({ userId: Id, disabled: z.boolean() }).strict(), Empty, {
    roles: ['admin'],
    windowScoped: false,
  }),
  'device:status': command(Empty, z.object({ devices: z.array(SupervisedDevice) }), {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'notices:set': command(
    z.object({ notices: z.array(NoticeInput).max(50) }).strict(),
    z.object({ notices: z.array(NoticeInput) }),
    { roles: ['admin'], windowScoped: false },
  ),
  'supervision:snapshot': command(Empty, SupervisionView, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'supervision:configure': command(z.object({ settings: SupervisionSettings }).strict(), Empty, {
    roles: ['admin'],
    windowScoped: false,
  }),
  'alert:acknowledge': command(z.object({ alertId: Id }).strict(), z.object({ alert: AlertView }), {
    roles: ['supervisor', 'admin'],
    windowScoped: false,
  }),
  'report:query': command(ReportQuery, Report, { roles: ['admin', 'supervisor'], windowScoped: false }),
  /** 排班建议: forecast arrivals, planned windows and predicted waits per half-hour of a day. */
  'planner:plan': command(PlannerQuery, PlannerAnswer, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'report:export': command(ReportExportQuery, ExportedFile, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  /** The tickets of a date range one row each, with their 办件编号 case numbers (masked personal data only). */
  'report:tickets-export': command(TicketListExportQuery, ExportedFile, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'scorecard:query': command(ScorecardQuery, Scorecard, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'scorecard:export': command(ScorecardQuery, ExportedFile, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'audit:query': command(AuditQuery, z.object({ entries: z.array(AuditEntryView) }), {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'rating:export': command(RatingExportQuery, ExportedFile, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'follow-up:list': command(
    z.object({ status: FollowUpStatus.nullable() }).strict(),
    z.object({ followUps: z.array(FollowUpView) }),
    { roles: ['admin', 'supervisor'], windowScoped: false },
  ),
  'follow-up:update': command(FollowUpUpdate, z.object({ followUp: FollowUpView }), {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'audit:verify': command(Empty, ChainVerdictView, { roles: ['admin', 'supervisor'], windowScoped: false }),
  // ---- clients of the open API (/api/v1): registered by an admin, the token shown once ----
  'api-client:add': command(ApiClientAdd, ApiClientAdded, { roles: ['admin'], windowScoped: false }),
  'api-client:list': command(Empty, z.object({ clients: z.array(ApiClientView) }), {
    roles: ['admin'],
    windowScoped: false,
  }),
  'api-client:revoke': command(z.object({ clientId: Id }).strict(), z.object({ client: ApiClientView }), {
    roles: ['admin'],
    windowScoped: false,
  }),
  'api-client:limit': command(ApiClientLimit, z.object({ client: ApiClientView }), {
    roles: ['admin'],
    windowScoped: false,
  }),
  // ---- webhooks of every client, and the outbox's consumers: seen and replayed by an admin ----
  'webhook:list': command(Empty, WebhookAdminList, { roles: ['admin'], windowScoped: false }),
  'webhook:deliveries': command(WebhookDeliveriesQuery, WebhookAdminDeliveries, {
    roles: ['admin'],
    windowScoped: false,
  }),
  'webhook:replay': command(WebhookReplayRequest, Empty, { roles: ['admin'], windowScoped: false }),
  // ---- text messages to visitors: what failed, and sending one again ----
  'sms:failures': command(SmsFailuresQuery, SmsFailures, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  'sms:resend': command(SmsResendRequest, Empty, { roles: ['admin'], windowScoped: false }),
  'storage:status': command(Empty, StorageStatusView, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  // ---- 预约 appointments: the help desk (guide, supervisor, admin), kiosk check-in, supervision and reports ----
  'appointment:slots': command(AppointmentSlotsQuery, AppointmentSlots, {
    roles: ['guide', 'supervisor', 'admin'],
    windowScoped: false,
  }),
  'appointment:book': command(
    // `via`: recorded as the appointment's channel (the admin console's help desk, or hallctl).
    AppointmentBookRequest.extend({ via: z.enum(['desk', 'hallctl']).optional() }),
    z.object({ appointment: AppointmentView }),
    {
      roles: ['guide', 'supervisor', 'admin'],
      windowScoped: false,
    },
  ),
  'appointment:cancel': command(
    z.object({ code: BookingCode }).strict(),
    z.object({ appointment: AppointmentView }),
    {
      roles: ['guide', 'supervisor', 'admin'],
      windowScoped: false,
    },
  ),
  'appointment:lookup': command(
    AppointmentLookup,
    z.object({ appointments: z.array(AppointmentView), block: AppointmentBlockView.nullable() }),
    { roles: ['guide', 'supervisor', 'admin'], windowScoped: false },
  ),
  /** An admin lifts a person's no-show block (audited with the reason). */
  'appointment:lift-block': command(
    z
      .object({
        idNumber: z
          .string()
          .max(18)
          .regex(/^([0-9]{17}[0-9X]|[A-Z]{3}[0-9]{12})$/, 'an ID card number'),
        reason: z.string().min(1).max(200),
      })
      .strict(),
    z.object({ wasBlocked: z.boolean() }),
    { roles: ['admin'], windowScoped: false },
  ),
  /** What check-in would do for a swiped card or a typed/scanned code, without doing it. */
  'appointment:offer': command(
    z.object({ key: AppointmentKey }).strict(),
    z.object({ offer: AppointmentOffer.nullable() }),
    { roles: ['kiosk'], windowScoped: false },
  ),
  'appointment:check-in': command(
    z.object({ requestId: z.string().min(8).max(64), key: AppointmentKey }).strict(),
    AppointmentCheckIn,
    { roles: ['kiosk'], windowScoped: false },
  ),
  'appointment:day': command(
    z
      .object({
        day: z
          .string()
          .max(10)
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .nullable(),
      })
      .strict(),
    AppointmentDayView,
    { roles: ['supervisor', 'admin'], windowScoped: false },
  ),
  'appointment:report': command(ReportQuery, AppointmentReport, {
    roles: ['admin', 'supervisor'],
    windowScoped: false,
  }),
  /** The admin accepts commits the storage lost (after reading what they were); numbering stays past them. */
  'storage:accept-loss': command(Empty, Empty, { roles: ['admin'], windowScoped: false }),
} as const;

export type CommandName = keyof typeof Commands;
export const COMMAND_NAMES = Object.keys(Commands) as CommandName[];
export type CommandRequest<C extends CommandName> = z.infer<(typeof Commands)[C]['request']>;
export type CommandResponse<C extends CommandName> = z.infer<(typeof Commands)[C]['response']>;

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(Commands, name);

/** Ack schemas, for clients that validate what the hub answers. */
export const commandAckSchema = <C extends CommandName>(name: C) => ackSchema(Commands[name].response);

export type ClientToServerEvents = {
  [C in CommandName]: (payload: CommandRequest<C>, ack: (answer: Ack<CommandResponse<C>>) => void) => void;
};
