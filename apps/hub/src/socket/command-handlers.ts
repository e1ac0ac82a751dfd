import { type QueueCommand, visitorClassFor } from '@hallq/core';
import {
  type Ack,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type DeviceComponentStatus,
  type ErrorBody,
  errorAck,
  type HallSnapshot,
  type IdentityInput,
  okAck,
} from '@hallq/protocol';
import type { AdminServices } from '../admin/admin-services.ts';
import type { AppointmentDesk } from '../appointments/appointment-desk.ts';
import type { LoginDesk } from '../auth/login-desk.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import type { CaseRecordServices } from '../case-record-services.ts';
import type { HallService } from '../hall-service.ts';
import type { DeviceStatusChange } from '../outbox/webhook-events.ts';
import { isValidIdNumber, maskName } from '../privacy/identity-check.ts';
import type { IdentityVault } from '../privacy/identity-vault.ts';
import type { PhoneBook } from '../sms/phone-book.ts';
import type { SmsAdmin } from '../sms/sms-admin.ts';
import { type Accounts, deviceView } from '../store/accounts.ts';
import type { Actor } from '../store/event-log.ts';
import type { PrintPermits } from '../tickets/print-permits.ts';
import { ticketView } from '../views.ts';
import { actorOf, type ConnectionIdentity, viewerOf } from './connection.ts';

/** What a handler may use besides the payload. */
export interface HandlerContext {
  readonly identity: ConnectionIdentity;
  readonly hall: HallService;
  readonly accounts: Accounts;
  readonly vault: IdentityVault;
  /** Where a visitor's mobile number for text messages is sealed; absent: the hub sends no SMS. */
  readonly phones?: PhoneBook;
  /** Failed text messages for the admin console; absent in a hub without SMS. */
  readonly sms?: SmsAdmin;
  /** Password checks: throttled per address and for the hub, locks per username and address. */
  readonly login: LoginDesk;
  /** The connection's source address (what a failed login and a device-less session are recorded with). */
  readonly address: string;
  /** Signs the permit the kiosk's device agent needs to print an issued ticket. */
  readonly printPermits: PrintPermits;
  readonly clock: () => number;
  readonly settings: { readonly sessionTtlMs: number; readonly ratingTimeoutMs: number };
  readonly clerks: () => HallSnapshot['clerks'];
  /** The connection's identity changed (login, sign-in): re-join rooms and send a fresh snapshot. */
  readonly identityChanged: () => void;
  /** Ends every other open connection of a session (at logout). */
  readonly endSession: (sessionToken: string, reason: string) => void;
  readonly isOnline: (deviceId: string) => boolean;
  /** Ends every open connection of a revoked device at once. */
  readonly disconnectDevice: (deviceId: string, reason: string) => void;
  readonly recordRating: (
    ticketId: string,
    windowId: string,
    input: { level: number; tags: string[]; comment: string },
    actor: Actor,
  ) => Ack<Record<string, never>>;
  /** The admin console's services (reports, audit, supervision, accounts). */
  readonly admin: () => AdminServices;
  /** Case numbers (办件编号), 好差评 records and 差评 follow-ups. */
  readonly caseRecords: () => CaseRecordServices;
  /** 预约 (appointments/appointment-desk.ts). */
  readonly appointments: () => AppointmentDesk;
}

type Handler<C extends CommandName> = (
  payload: CommandRequest<C>,
  ctx: HandlerContext,
) => Ack<CommandResponse<C>> | Promise<Ack<CommandResponse<C>>>;

export type CommandHandlers = { readonly [C in CommandName]: Handler<C> };

type WindowCommand = Extract<QueueCommand, { windowId: string }>;

/** Runs a window command and answers with the window's ticket and state as the hub committed them. */
function windowCommand(
  command: WindowCommand,
  ctx: HandlerContext,
): Ack<CommandResponse<'window:call-next'>> {
  const outcome = ctx.hall.execute(command, actorOf(ctx.identity));
  if (!outcome.ok) return { ok: false, error: outcome.error };
  const state = outcome.value.state;
  const window = state.windows[command.windowId]!;
  // The ticket the command acted on: the one the window holds now, or the one it just let go of.
  const acted = outcome.value.events.findLast((e) => 'ticket' in e);
  const ticket = window.currentTicketId
    ? state.tickets.get(window.currentTicketId)
    : acted && 'ticket' in acted
      ? acted.ticket
      : null;
  return okAck({
    ticket: ticket ? ctx.hall.view(ticket) : null,
    window,
  });
}

/** Answers with a service's outcome, shaped for the command. */
function answer<T, R>(
  outcome: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody },
  shape: (value: T) => R,
): Ack<R> {
  return outcome.ok ? okAck(shape(outcome.value)) : { ok: false, error: outcome.error };
}

const clerkId = (ctx: HandlerContext) => ctx.identity.user?.id ?? null;

function checkIdentity(identity: IdentityInput, businessDay: string): string | null {
  // The 2017 foreigner card's number has no documented check digit; its form was checked by the schema.
  if (identity.cardType !== 'foreign-2017' && !isValidIdNumber(identity.idNumber)) {
    return '证件号码校验失败 · The ID number is not valid';
  }
  if (identity.birthDate > businessDay) return '出生日期无效 · The birth date is not valid';
  return null;
}

export const commandHandlers: CommandHandlers = {
  'session:login': async (payload, ctx) => {
    const device = ctx.identity.device;
    const checked = await ctx.login.attempt(payload, {
      address: ctx.address,
      lane: device ? 'device' : 'anonymous',
      actor: actorOf(ctx.identity),
    });
    const slowDown = ctx.login.refused(ctx.identity, !checked.ok && checked.error.code === 'RATE_LIMITED');
    if (slowDown > 0) await new Promise((resolve) => setTimeout(resolve, slowDown));
    if (!checked.ok) return checked;
    const { user, passwordChanged } = checked.data;
    const now = ctx.clock();
    if (passwordChanged) {
      ctx.hall.audit(
        'session:password-changed',
        { kind: 'user', id: user.id, deviceId: device?.id ?? null },
        { username: user.username, address: ctx.address },
      );
    }
    let windowId: string | null = payload.windowId;
    if (user.role === 'clerk' && device?.kind === 'counter' && device.windowId) {
      if (windowId !== null && windowId !== device.windowId) {
        return errorAck('FORBIDDEN', '此终端属于另一个窗口 · This terminal belongs to another window');
      }
      windowId = device.windowId;
    }
    if (user.role !== 'clerk') windowId = null;
    if (windowId !== null) {
      const signIn = ctx.hall.execute(
        { type: 'window:sign-in', windowId, clerkId: user.id },
        {
          kind: 'user',
          id: user.id,
          deviceId: device?.id ?? null,
        },
      );
      if (!signIn.ok) return { ok: false, error: signIn.error };
    }
    const session = ctx.accounts.createSession(user.id, windowId, now, ctx.settings.sessionTtlMs, {
      deviceId: device?.id ?? null,
      address: ctx.address,
    });
    Object.assign(ctx.identity, {
      user,
      sessionToken: session.token,
      sessionExpiresAt: session.expiresAt,
      windowId,
    });
    ctx.hall.audit('session:login', actorOf(ctx.identity), { username: user.username, windowId });
    ctx.identityChanged();
    return okAck({ sessionToken: session.token, user, windowId, expiresAt: session.expiresAt });
  },

  'session:logout': (_payload, ctx) => {
    const { identity } = ctx;
    if (identity.sessionToken) {
      ctx.accounts.revokeSession(identity.sessionToken, ctx.clock());
      ctx.endSession(identity.sessionToken, '已退出登录 · Signed out');
    }
    const windowId = identity.windowId;
    if (windowId && identity.user?.role === 'clerk') {
      ctx.hall.execute({ type: 'window:sign-out', windowId }, actorOf(identity));
    }
    ctx.hall.audit('session:logout', actorOf(identity), {});
    Object.assign(identity, {
      user: null,
      sessionToken: null,
      sessionExpiresAt: null,
      windowId: identity.device?.windowId ?? null,
    });
    ctx.identityChanged();
    return okAck({});
  },

  'hall:snapshot': (_payload, ctx) =>
    okAck({ ...ctx.hall.snapshot(ctx.clerks()), viewer: viewerOf(ctx.identity) }),

  'ticket:issue': (payload, ctx) => {
    const replay = ctx.hall.store.issueRequest(payload.requestId);
    const hall = ctx.hall.hall();
    const describe = (serviceId: string) => {
      const service = hall.services.find((s) => s.id === serviceId)!;
      return { serviceName: service.name, waitingArea: service.waitingArea, hallName: hall.name };
    };
    if (replay) {
      const ticket = ctx.hall.state().tickets.get(replay.ticketId) ?? ctx.hall.store.ticket(replay.ticketId);
      if (!ticket) return errorAck('INTERNAL', 'the recorded ticket of this request is missing');
      return okAck({
        ticket: ctx.hall.view(ticket),
        peopleAhead: replay.peopleAhead,
        estimatedWaitMs: replay.estimatedWaitMs,
        ...describe(ticket.issuedServiceId),
        replayed: true,
        printPermit: ctx.printPermits.permitFor(ticket, ctx.clock()),
      });
    }
    const businessDay = ctx.hall.state().businessDay;
    let visitorKey: string | null = null;
    let maskedName: string | null = null;
    if (payload.identity) {
      const problem = checkIdentity(payload.identity, businessDay);
      if (problem) return errorAck('INVALID_IDENTITY', problem);
      visitorKey = ctx.vault.visitorKey(payload.identity.idNumber);
      maskedName = maskName(payload.identity.name);
    }
    const visitorClass = visitorClassFor(hall.rules, payload.identity?.birthDate ?? null, businessDay);
    const identity = payload.identity;
    const outcome = ctx.hall.execute(
      {
        type: 'ticket:issue',
        serviceId: payload.serviceId,
        visitorClass,
        visitorKey,
        kioskId: ctx.identity.device?.id ?? null,
      },
      actorOf(ctx.identity),
      {
        issuedMaskedName: maskedName,
        inTransaction: (events, now) => {
          const issued = events.find((e) => e.type === 'ticket:issued');
          if (issued?.type !== 'ticket:issued') return;
          ctx.hall.store.saveIssueRequest(
            payload.requestId,
            issued.ticket.id,
            issued.peopleAhead,
            issued.estimatedWaitMs,
            now,
          );
          if (identity && visitorKey) {
            ctx.hall.store.saveIdentity(issued.ticket.id, visitorKey, ctx.vault.seal(identity), now);
          }
          // A number is kept only while the hall sends texts: personal data with no use is not stored.
          if (payload.sms && ctx.phones && hall.sms?.enabled)
            ctx.phones.save(issued.ticket.id, payload.sms, now);
        },
      },
    );
    if (!outcome.ok) {
      return { ok: false, error: outcome.error };
    }
    const issued = outcome.value.events.find((e) => e.type === 'ticket:issued');
    if (issued?.type !== 'ticket:issued') return errorAck('INTERNAL', 'no ticket was issued');
    return okAck({
      ticket: ticketView(issued.ticket, maskedName),
      peopleAhead: issued.peopleAhead,
      estimatedWaitMs: issued.estimatedWaitMs,
      ...(issued.estimatedWaitRange ? { estimatedWaitRange: issued.estimatedWaitRange } : {}),
      ...describe(issued.ticket.serviceId),
      replayed: false,
      printPermit: ctx.printPermits.permitFor(issued.ticket, ctx.clock()),
    });
  },

  'window:sign-in': (payload, ctx) => {
    const { identity } = ctx;
    const device = identity.device;
    if (device?.kind === 'counter' && device.windowId && device.windowId !== payload.windowId) {
      return errorAck('FORBIDDEN', '此终端属于另一个窗口 · This terminal belongs to another window');
    }
    const result = windowCommand(
      { type: 'window:sign-in', windowId: payload.windowId, clerkId: clerkId(ctx)! },
      ctx,
    );
    if (!result.ok) return result;
    if (identity.windowId && identity.windowId !== payload.windowId) {
      ctx.hall.execute({ type: 'window:sign-out', windowId: identity.windowId }, actorOf(identity));
    }
    identity.windowId = payload.windowId;
    if (identity.sessionToken) ctx.accounts.setSessionWindow(identity.sessionToken, payload.windowId);
    ctx.identityChanged();
    return result;
  },
  'window:call-next': (p, ctx) =>
    windowCommand({ type: 'window:call-next', windowId: p.windowId, clerkId: clerkId(ctx) }, ctx),
  'window:call-ticket': (p, ctx) =>
    windowCommand(
      {
        type: 'window:call-ticket',
        windowId: p.windowId,
        ticketId: p.ticketId,
        reason: p.reason,
        clerkId: clerkId(ctx),
      },
      ctx,
    ),
  'window:recall': (p, ctx) => windowCommand({ type: 'window:recall', windowId: p.windowId }, ctx),
  'window:start': (p, ctx) => windowCommand({ type: 'window:start', windowId: p.windowId }, ctx),
  'window:finish': (p, ctx) => windowCommand({ type: 'window:finish', windowId: p.windowId }, ctx),
  'window:no-show': (p, ctx) => windowCommand({ type: 'window:no-show', windowId: p.windowId }, ctx),
  'window:transfer': (p, ctx) =>
    windowCommand(
      { type: 'window:transfer', windowId: p.windowId, to: p.to, note: p.note, keepPlace: p.keepPlace },
      ctx,
    ),
  'window:pause': (p, ctx) =>
    windowCommand({ type: 'window:pause', windowId: p.windowId, reason: p.reason, note: p.note }, ctx),
  'window:resume': (p, ctx) => windowCommand({ type: 'window:resume', windowId: p.windowId }, ctx),

  'ticket:transfer': (p, ctx) => {
    const outcome = ctx.hall.execute(
      { type: 'ticket:transfer', ticketId: p.ticketId, to: p.to, note: p.note, keepPlace: p.keepPlace },
      actorOf(ctx.identity),
    );
    if (!outcome.ok) return { ok: false, error: outcome.error };
    const ticket = outcome.value.state.tickets.get(p.ticketId)!;
    return okAck({ ticket: ctx.hall.view(ticket) });
  },
  'ticket:cancel': (p, ctx) => {
    const outcome = ctx.hall.execute({ type: 'ticket:cancel', ticketId: p.ticketId }, actorOf(ctx.identity));
    if (!outcome.ok) return { ok: false, error: outcome.error };
    const event = outcome.value.events.find((e) => e.type === 'ticket:cancelled');
    if (event?.type !== 'ticket:cancelled') return errorAck('INTERNAL', 'ticket was not cancelled');
    return okAck({ ticket: ticketView(event.ticket, null) });
  },

  'ticket:attach-case': (p, ctx) => {
    const role = ctx.identity.user?.role;
    // A clerk attaches to the ticket their window holds, and only while signed in at one.
    const attacher =
      role === 'clerk'
        ? ctx.identity.windowId
          ? ({ kind: 'window', windowId: ctx.identity.windowId } as const)
          : null
        : ({ kind: 'any' } as const);
    if (attacher === null) return errorAck('NOT_SIGNED_IN', '请先登录窗口 · Sign in at a window first');
    return answer(
      ctx.caseRecords().attachCaseNumber(p.ticketId, p.caseNumber, actorOf(ctx.identity), attacher),
      (ticket) => ({ ticket }),
    );
  },

  'rating:submit': (p, ctx) => {
    const windowId = ctx.identity.device?.windowId;
    if (!windowId) return errorAck('FORBIDDEN', '评价器未绑定窗口 · This pad is not bound to a window');
    return ctx.recordRating(p.ticketId, windowId, p, actorOf(ctx.identity));
  },

  'device:report': (p, ctx) => {
    const device = ctx.identity.device;
    if (!device) return errorAck('FORBIDDEN', 'only devices report their status');
    const before = ctx.accounts.device(device.id)?.components ?? [];
    ctx.accounts.touchDevice(device.id, ctx.clock(), p.components);
    // A change of state (not every report) goes into the log, and so to webhook subscribers (`device.status`).
    if (JSON.stringify(stateOf(before)) !== JSON.stringify(stateOf(p.components))) {
      const change: DeviceStatusChange = {
        deviceId: device.id,
        kind: device.kind,
        name: device.name,
        windowId: device.windowId,
        components: p.components,
      };
      ctx.hall.audit('device:status-changed', actorOf(ctx.identity), change);
    }
    return okAck({});
  },

  'device:add': (p, ctx) => {
    const hall = ctx.hall.hall();
    if (p.windowId !== null && !hall.windows.some((w) => w.id === p.windowId)) {
      return errorAck('NOT_FOUND', `没有这个窗口 (${p.windowId}) · No such window`);
    }
    if ((p.kind === 'counter' || p.kind === 'pad' || p.kind === 'sign') && p.windowId === null) {
      return errorAck('BAD_REQUEST', `a ${p.kind} device must be bound to a window`);
    }
    let added: ReturnType<Accounts['addDevice']> | undefined;
    const audit = ctx.hall.audit(
      'device:add',
      actorOf(ctx.identity),
      { kind: p.kind, name: p.name, windowId: p.windowId },
      () => {
        added = ctx.accounts.addDevice({ ...p, now: ctx.clock() });
      },
    );
    if (!audit.ok || !added)
      return { ok: false, error: audit.ok ? { code: 'INTERNAL', message: 'device not added' } : audit.error };
    return okAck({ device: deviceView(added.device, false), token: added.token });
  },
  'device:list': (_p, ctx) =>
    okAck({ devices: ctx.accounts.devices().map((d) => deviceView(d, ctx.isOnline(d.id))) }),
  'device:revoke': (p, ctx) => {
    if (!ctx.accounts.device(p.deviceId)) return errorAck('NOT_FOUND', 'no such device');
    const audit = ctx.hall.audit('device:revoke', actorOf(ctx.identity), { deviceId: p.deviceId }, () => {
      ctx.accounts.revokeDevice(p.deviceId, ctx.clock());
    });
    if (!audit.ok) return { ok: false, error: audit.error };
    ctx.disconnectDevice(p.deviceId, '设备已被注销 · This device was revoked');
    return okAck({ device: deviceView(ctx.accounts.device(p.deviceId)!, false) });
  },

  'clerk:add': async (p, ctx) => {
    if (ctx.accounts.hasUsername(p.username))
      return errorAck('CONFLICT', `用户名 ${p.username} 已存在 · already exists`);
    const weak = passwordProblem(p.password, [p.username, p.displayName, p.staffNumber]);
    if (weak) return errorAck('WEAK_PASSWORD', weak);
    // The admin chose this password: the person replaces it at the first sign-in.
    const user = await ctx.accounts.addUser({ ...p, now: ctx.clock(), mustChangePassword: true });
    ctx.hall.audit('clerk:add', actorOf(ctx.identity), { username: p.username, role: p.role });
    return okAck({
      clerk: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        staffNumber: user.staffNumber,
      },
    });
  },
  'clerk:list': (_p, ctx) => okAck({ clerks: ctx.accounts.users() }),

  'hall:configure': (p, ctx) => {
    const outcome = ctx.hall.configure(p.hall, actorOf(ctx.identity));
    if (!outcome.ok) return { ok: false, error: outcome.error };
    return okAck({ hall: p.hall });
  },

  // ---- admin console and supervision: thin handlers over apps/hub/src/admin and supervision ----
  'clerk:reset-password': async (p, ctx) =>
    answer(await ctx.admin().resetPassword(p.userId, p.password, actorOf(ctx.identity)), () => ({})),
  'clerk:set-disabled': (p, ctx) =>
    answer(ctx.admin().setDisabled(p.userId, p.disabled, actorOf(ctx.identity)), () => ({})),
  'device:status': (_p, ctx) => okAck({ devices: ctx.admin().supervision.devices() }),
  'notices:set': (p, ctx) =>
    answer(ctx.admin().setNotices(p.notices, actorOf(ctx.identity)), (notices) => ({ notices })),
  'supervision:snapshot': (_p, ctx) => okAck(ctx.admin().supervision.view()),
  'supervision:configure': (p, ctx) => {
    const outcome = ctx.admin().supervision.configure(p.settings, actorOf(ctx.identity));
    if (outcome.ok) ctx.admin().supervision.check();
    return answer(outcome, () => ({}));
  },
  'alert:acknowledge': (p, ctx) => {
    const outcome = ctx.admin().supervision.acknowledge(p.alertId, actorOf(ctx.identity));
    if (outcome.ok) ctx.admin().supervision.check();
    return answer(outcome, (alert) => ({ alert }));
  },
  'report:query': (p, ctx) => answer(ctx.admin().report(p), (report) => report),
  'planner:plan': (p, ctx) => ctx.admin().planner.plan(p),
  'report:export': async (p, ctx) =>
    answer(await ctx.admin().exportReport(p, actorOf(ctx.identity)), (file) => file),
  'report:tickets-export': async (p, ctx) =>
    answer(await ctx.admin().exportTicketList(p, actorOf(ctx.identity)), (file) => file),
  'scorecard:query': (p, ctx) => okAck(ctx.admin().scorecard(p)),
  'scorecard:export': async (p, ctx) =>
    answer(await ctx.admin().exportScorecard(p, actorOf(ctx.identity)), (file) => file),
  'audit:query': (p, ctx) => okAck({ entries: ctx.admin().auditQuery(p) }),
  'rating:export': async (p, ctx) =>
    answer(await ctx.caseRecords().ratingRecords.exportRecords(p, actorOf(ctx.identity)), (file) => file),
  'follow-up:list': (p, ctx) => okAck({ followUps: ctx.caseRecords().followUps.list(p.status) }),
  'follow-up:update': (p, ctx) =>
    answer(ctx.caseRecords().followUps.update(p, actorOf(ctx.identity)), (followUp) => {
      ctx.admin().supervision.check();
      return { followUp };
    }),
  'audit:verify': (_p, ctx) => okAck(ctx.admin().verifyAudit()),

  // ---- clients of the open API: thin handlers over apps/hub/src/api/api-client-admin.ts ----
  'api-client:add': (p, ctx) =>
    answer(ctx.admin().apiClients.add(p, actorOf(ctx.identity)), (added) => added),
  'api-client:list': (_p, ctx) => okAck({ clients: ctx.admin().apiClients.list() }),
  'api-client:revoke': (p, ctx) =>
    answer(ctx.admin().apiClients.revoke(p.clientId, actorOf(ctx.identity)), (client) => ({ client })),
  'api-client:limit': (p, ctx) =>
    answer(ctx.admin().apiClients.limit(p, actorOf(ctx.identity)), (client) => ({ client })),
  'webhook:list': (_p, ctx) => okAck(ctx.admin().webhooks.list()),
  'webhook:deliveries': (p, ctx) =>
    answer(ctx.admin().webhooks.deliveries(p.subscriptionId, p.limit), (deliveries) => deliveries),
  'webhook:replay': (p, ctx) =>
    answer(ctx.admin().webhooks.replay(p.subscriptionId, p.afterEntryId, actorOf(ctx.identity)), () => ({})),
  'sms:failures': (p, ctx) =>
    ctx.sms ? okAck(ctx.sms.failures(p.limit)) : errorAck('NOT_FOUND', 'this hub sends no SMS'),
  'sms:resend': (p, ctx) => {
    const outcome = ctx.sms?.resend(p.messageId, actorOf(ctx.identity));
    if (!outcome) return errorAck('NOT_FOUND', 'this hub sends no SMS');
    return outcome.ok ? okAck({}) : errorAck(outcome.code, outcome.message);
  },
  'storage:status': (_p, ctx) => okAck(ctx.admin().storage.status()),
  'storage:accept-loss': (_p, ctx) =>
    answer(ctx.admin().storage.acceptLostCommits(actorOf(ctx.identity)), () => ({})),

  // ---- 预约: thin handlers over apps/hub/src/appointments ----
  'appointment:slots': (p, ctx) => answer(ctx.appointments().slots(p.serviceId, p.day), (slots) => slots),
  'appointment:book': (p, ctx) =>
    answer(ctx.appointments().book(p, p.via ?? 'desk', actorOf(ctx.identity)), (appointment) => ({
      appointment,
    })),
  'appointment:cancel': (p, ctx) =>
    answer(ctx.appointments().cancel(p.code, null, actorOf(ctx.identity)), (appointment) => ({
      appointment,
    })),
  'appointment:lookup': (p, ctx) => {
    if (p.kind === 'id-number') return okAck(ctx.appointments().lookupPerson(p.idNumber));
    const found = ctx.appointments().lookup(p.code);
    return okAck({ appointments: found ? [found] : [], block: null });
  },
  'appointment:lift-block': (p, ctx) =>
    answer(ctx.appointments().liftBlock(p.idNumber, p.reason, actorOf(ctx.identity)), (v) => v),
  'appointment:offer': (p, ctx) => okAck({ offer: ctx.appointments().offer(p.key) }),
  'appointment:check-in': (p, ctx) => {
    if (p.key.kind === 'identity') {
      const problem = checkIdentity(p.key.identity, ctx.hall.state().businessDay);
      if (problem) return errorAck('INVALID_IDENTITY', problem);
    }
    return answer(
      ctx.appointments().checkIn(p.requestId, p.key, actorOf(ctx.identity), ctx.identity.device?.id ?? null),
      (result) => result,
    );
  },
  'appointment:day': (p, ctx) => okAck(ctx.appointments().day(p.day ?? ctx.hall.state().businessDay)),
  'appointment:report': (p, ctx) => answer(ctx.appointments().report(p.from, p.to), (report) => report),
};

/** What a component reports that matters for a change of state: which component, in which state, with which code. */
function stateOf(components: readonly DeviceComponentStatus[]): string[] {
  return components.map((c) => `${c.component}:${c.state}:${c.code ?? ''}`).sort();
}
