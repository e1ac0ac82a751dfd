import type { Server as HttpServer } from 'node:http';
import {
  type Ack,
  COMMAND_NAMES,
  type CommandName,
  Commands,
  type ErrorCode,
  errorAck,
  type HallUpdate,
  HandshakeAuth,
  isCommandName,
  mayListClerks,
  PROTOCOL_VERSION,
  type RatingRequest,
  type ServerToClientEvents,
} from '@hallq/protocol';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import type { AdminServices } from '../admin/admin-services.ts';
import type { AppointmentDesk } from '../appointments/appointment-desk.ts';
import type { LoginDesk } from '../auth/login-desk.ts';
import { createSessionRegistry, sessionBindingProblem } from '../auth/session-binding.ts';
import type { CaseRecordServices } from '../case-record-services.ts';
import type { HallService } from '../hall-service.ts';
import type { IdentityVault } from '../privacy/identity-vault.ts';
import type { RatingDesk } from '../rating-desk.ts';
import type { PhoneBook } from '../sms/phone-book.ts';
import type { SmsAdmin } from '../sms/sms-admin.ts';
import type { Accounts } from '../store/accounts.ts';
import type { PrintPermits } from '../tickets/print-permits.ts';
import { type AdmissionSettings, createSocketAdmission } from './admission/socket-admission.ts';
import { commandHandlers, type HandlerContext } from './command-handlers.ts';
import { type ConnectionIdentity, roleOf, roomsOf, viewerOf } from './connection.ts';

export interface SocketSettings {
  readonly sessionTtlMs: number;
  readonly ratingTimeoutMs: number;
  readonly commandsPerSecond: number;
  readonly commandBurst: number;
  /** Larger than any valid message, so an oversized one is answered with an error instead of a dropped line. */
  readonly maxMessageBytes: number;
  /** Payload limits per role, connection caps, per-kiosk ticket rate (admission/socket-admission.ts). */
  readonly admission: AdmissionSettings;
}

export interface SocketData {
  identity: ConnectionIdentity;
}

/** Commands are dispatched from `onAny` against the catalog, so the typed map covers only what the hub sends. */
type HubSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;
export type HubIoServer = Server<
  Record<string, never>,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Checks a command against the catalog's rule for who may send it. Deny by default. */
export function authorize(name: CommandName, identity: ConnectionIdentity, payload: unknown): Ack<null> {
  const rule = Commands[name];
  if (rule.roles === 'anyone') return { ok: true, data: null };
  const role = roleOf(identity);
  if (role === null) return errorAck('UNAUTHENTICATED', '请先登录 · Sign in first');
  if (!rule.roles.includes(role)) return errorAck('FORBIDDEN', `${role} 无权执行 ${name} · not allowed`);
  if (rule.windowScoped) {
    const windowId = (payload as { windowId?: string }).windowId;
    if (identity.windowId === null)
      return errorAck('NOT_SIGNED_IN', '请先选择窗口 · Sign in at a window first');
    if (windowId !== identity.windowId) {
      return errorAck('FORBIDDEN', '只能操作本窗口 · You can only act on your own window');
    }
  }
  return { ok: true, data: null };
}

export function createSocketServer(deps: {
  http: HttpServer;
  hall: HallService;
  accounts: Accounts;
  vault: IdentityVault;
  /** Visitors' mobile numbers for SMS (sealed); absent in a hub that sends none. */
  phones?: PhoneBook;
  /** Failed text messages for the admin console. */
  sms?: SmsAdmin;
  printPermits: PrintPermits;
  ratings: RatingDesk;
  clock: () => number;
  logger: Logger;
  settings: SocketSettings;
  /** Reports, audit trail, supervision and accounts for the admin console's commands. */
  admin: () => AdminServices;
  login: LoginDesk;
  /** Case numbers, rating records and 差评 follow-ups. */
  caseRecords: () => CaseRecordServices;
  /** 预约: booking at the help desk, check-in at the kiosk, the day's slots and the report. */
  appointments: () => AppointmentDesk;
}) {
  const { hall, accounts, clock, logger, settings } = deps;
  const admission = createSocketAdmission({
    settings: settings.admission,
    maxMessageBytes: settings.maxMessageBytes,
    commands: { perSecond: settings.commandsPerSecond, burst: settings.commandBurst },
    http: deps.http,
    clock,
    logger,
  });
  const io: HubIoServer = new Server(deps.http, {
    ...admission.serverOptions,
    serveClient: false,
    cors: { origin: false },
  });
  admission.attach(io);
  const onlineDevices = new Map<string, number>();
  const liveSessions = createSessionRegistry<HubSocket>();
  const SESSION_EXPIRED = '登录已过期，请重新登录 · Your session expired; sign in again';

  io.use((socket: HubSocket, next) => {
    const parsed = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(connectError('BAD_REQUEST', 'handshake auth is malformed'));
    const auth = parsed.data;
    if (auth.protocolVersion !== PROTOCOL_VERSION) {
      return next(connectError('PROTOCOL_VERSION', `hub speaks protocol ${PROTOCOL_VERSION}`));
    }
    const identity: ConnectionIdentity = {
      device: null,
      user: null,
      sessionToken: null,
      sessionExpiresAt: null,
      windowId: null,
    };
    if (auth.deviceToken) {
      const device = accounts.deviceByToken(auth.deviceToken);
      if (!device) return next(connectError('UNAUTHENTICATED', 'unknown or revoked device token'));
      identity.device = device;
      identity.windowId = device.windowId;
    }
    if (auth.sessionToken) {
      const session = accounts.session(auth.sessionToken, clock());
      const user = session ? accounts.user(session.userId) : null;
      if (!session || !user || user.disabled) return next(connectError('UNAUTHENTICATED', 'session expired'));
      const unbound = sessionBindingProblem(
        session,
        { device: identity.device, address: socket.handshake.address },
        accounts.device,
      );
      if (unbound) return next(connectError('UNAUTHENTICATED', `session refused: ${unbound}`));
      const { disabled: _disabled, ...sessionUser } = user;
      identity.user = sessionUser;
      identity.sessionToken = auth.sessionToken;
      identity.sessionExpiresAt = session.expiresAt;
      identity.windowId = session.windowId ?? identity.windowId;
    }
    socket.data.identity = identity;
    next();
  });
  io.use(admission.admitConnection);

  function joinRooms(socket: HubSocket): void {
    for (const room of socket.rooms) if (room !== socket.id) socket.leave(room);
    const rooms = roomsOf(socket.data.identity);
    if (rooms.length > 0) socket.join(rooms);
  }

  const clerks = () =>
    accounts
      .users()
      .filter((u) => !u.disabled)
      .map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        staffNumber: u.staffNumber,
      }));

  /** Only the screens that manage people get the list of accounts; a kiosk, lobby or pad learns no username. */
  const clerksFor = (identity: ConnectionIdentity) => (mayListClerks(roleOf(identity)) ? clerks() : []);

  function sendSnapshot(socket: HubSocket): void {
    if (roleOf(socket.data.identity) === null) return;
    socket.emit('hall:snapshot', {
      ...hall.snapshot(clerksFor(socket.data.identity)),
      viewer: viewerOf(socket.data.identity),
    });
  }

  io.on('connection', (socket: HubSocket) => {
    const identity = socket.data.identity;
    const guard = admission.guard(socket);
    const deviceId = identity.device?.id;
    if (deviceId) {
      onlineDevices.set(deviceId, (onlineDevices.get(deviceId) ?? 0) + 1);
      accounts.touchDevice(deviceId, clock());
    }
    liveSessions.track(socket, identity.sessionToken, identity.sessionExpiresAt);
    joinRooms(socket);
    sendSnapshot(socket);

    const context: HandlerContext = {
      identity,
      hall,
      accounts,
      vault: deps.vault,
      ...(deps.phones ? { phones: deps.phones } : {}),
      ...(deps.sms ? { sms: deps.sms } : {}),
      printPermits: deps.printPermits,
      login: deps.login,
      address: socket.handshake.address,
      clock,
      settings,
      clerks: () => clerksFor(identity),
      identityChanged: () => {
        guard.identityChanged();
        liveSessions.track(socket, identity.sessionToken, identity.sessionExpiresAt);
        joinRooms(socket);
        sendSnapshot(socket);
      },
      endSession: (token, reason) => liveSessions.end(token, reason, socket),
      isOnline: (id) => (onlineDevices.get(id) ?? 0) > 0,
      disconnectDevice,
      recordRating: deps.ratings.submit,
      admin: deps.admin,
      caseRecords: deps.caseRecords,
      appointments: deps.appointments,
    };

    socket.onAny((event: string, ...args: unknown[]) => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
      void dispatch(event, args[0], ack);
    });

    async function dispatch(event: string, payload: unknown, ack: ((answer: unknown) => void) | null) {
      const answer = (a: Ack<unknown>) => {
        if (ack) ack(a);
        else if (!a.ok) socket.emit('protocol:error', { event: String(event).slice(0, 64), ...a.error });
      };
      const refused = guard.admit(event, payload);
      if (refused) return answer(refused);
      if (!isCommandName(event))
        return answer(errorAck('UNKNOWN_EVENT', `unknown event ${String(event).slice(0, 64)}`));
      if (!ack) {
        // A command whose answer cannot be delivered is not carried out: the sender could not know it happened.
        return answer(errorAck('BAD_REQUEST', `${event} needs an acknowledgement callback; not carried out`));
      }
      const spec = Commands[event];
      // Who may send it comes before what it says: an anonymous socket's hall:configure costs no validation.
      const mayTry = guard.roleAllows(event);
      if (!mayTry.ok) return answer(mayTry);
      const parsed = guard.validate(spec.request, payload ?? {});
      if (!parsed.success) {
        const detail = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
          .join('; ');
        return answer(errorAck('BAD_REQUEST', detail.slice(0, 300)));
      }
      if (identity.sessionExpiresAt !== null && identity.sessionExpiresAt <= clock()) {
        Object.assign(identity, { user: null, sessionToken: null, sessionExpiresAt: null });
        liveSessions.track(socket, null, null);
        joinRooms(socket);
        return answer(errorAck('UNAUTHENTICATED', SESSION_EXPIRED));
      }
      const allowed = authorize(event, identity, parsed.data);
      if (!allowed.ok) return answer(allowed);
      const held = guard.beforeCommand(event);
      if (held) return answer(held);
      try {
        const handler = commandHandlers[event] as (
          p: unknown,
          ctx: HandlerContext,
        ) => Ack<unknown> | Promise<Ack<unknown>>;
        const result = await handler(parsed.data, context);
        // Answer only once what the command wrote is durable (group commit); a rolled-back batch is a failure.
        const durable = await hall.settled();
        const final =
          durable || !result.ok
            ? result
            : errorAck(
                'STORAGE_FAILURE',
                '未保存，请稍后重试 · Not saved (the database refused the write); try again',
              );
        guard.afterCommand(event, final);
        answer(final);
      } catch (error) {
        logger.error({ err: error, event }, 'command handler failed');
        answer(errorAck('INTERNAL', '系统内部错误 · Internal error; the command was not carried out'));
      }
    }

    socket.on('disconnect', () => {
      liveSessions.track(socket, null, null);
      if (deviceId) {
        const left = (onlineDevices.get(deviceId) ?? 1) - 1;
        if (left <= 0) onlineDevices.delete(deviceId);
        else onlineDevices.set(deviceId, left);
        accounts.touchDevice(deviceId, clock());
      }
    });
  });

  function disconnectDevice(deviceId: string, reason: string): void {
    const room = io.in(`device:${deviceId}`);
    room.emit('session:revoked', { reason });
    room.disconnectSockets(true);
  }

  return {
    io,
    commandNames: COMMAND_NAMES,
    publish(update: HallUpdate): void {
      // No update reaches a connection whose session is over: those are ended first.
      liveSessions.sweep(clock(), SESSION_EXPIRED);
      io.to('hall').emit('hall:update', update);
    },
    /** Ends the connections of sessions that expired (the hub's tick; `publish` does it too). */
    endExpiredSessions: () => liveSessions.sweep(clock(), SESSION_EXPIRED),
    requestRating(windowId: string, request: RatingRequest): void {
      io.to(`window:${windowId}`).emit('rating:request', request);
    },
    isOnline: (deviceId: string) => (onlineDevices.get(deviceId) ?? 0) > 0,
    close: () =>
      new Promise<void>((resolve) => {
        admission.close();
        io.close(() => resolve());
      }),
  };
}

function connectError(code: ErrorCode, message: string): Error & { data: { code: ErrorCode } } {
  return Object.assign(new Error(message), { data: { code } });
}

export type SocketHub = ReturnType<typeof createSocketServer>;
