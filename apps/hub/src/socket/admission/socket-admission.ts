import { randomUUID } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import {
  type Ack,
  type CommandName,
  Commands,
  type ErrorCode,
  errorAck,
  isCommandName,
  type Role,
} from '@hallq/protocol';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import { type ConnectionIdentity, roleOf } from '../connection.ts';
import { createRateLimiter } from '../rate-limit.ts';
import { createAddressPenalty, type PenaltySettings } from './address-penalty.ts';
import { type ConnectionBudget, connectionBudget, type DescriptorLimit } from './descriptor-limit.ts';
import { limitIncomingFrames, terminateWebSocket } from './frame-limit.ts';
import { createIssueLimiter } from './issue-limiter.ts';
import {
  messageCost,
  PACKET_BINARY_EVENT,
  PACKET_EVENT,
  type PacketHead,
  type PayloadLimits,
  packetHead,
  payloadLimitOf,
  type Refusal,
  refusalFrame,
} from './message-cost.ts';

/** Commands by which a kiosk gets a ticket: a walk-in's, and an appointment's check-in (预约签到). */
const issuesTicket = (name: CommandName): boolean =>
  name === 'ticket:issue' || name === 'appointment:check-in';

/**
 * Socket admission: what a connection may cost the hub before the hub does any work for it. Who is sending is
 * known before a frame is parsed; a frame larger than its sender may send, or an anonymous command other than
 * a sign-in, is refused unread; messages cost the rate limiter what they make the hub do (bytes, validation);
 * anonymous and half-open connections are capped (in all and per address) and closed when they do not sign in
 * in time, so descriptors stay for the hall's devices; and tickets are limited per kiosk, not per socket.
 */
export interface AdmissionSettings {
  /** The largest frame each kind of sender may send, in characters (the admin's is the hub's maxMessageBytes). */
  readonly payloadChars: Omit<PayloadLimits, 'admin'>;
  /** Anonymous sockets (joined, but no device token and no session) in all and per source address. */
  readonly anonymousMax: number;
  readonly anonymousPerAddress: number;
  /** An anonymous socket that has not signed in after this long is closed (an admin console reconnects). */
  readonly anonymousGraceMs: number;
  /** Connections that have not finished the Socket.IO handshake, in all and per address, and for how long. */
  readonly handshakesMax: number;
  readonly handshakesPerAddress: number;
  readonly handshakeTimeoutMs: number;
  /** Descriptors kept for registered devices and signed-in people, whatever the anonymous ones do. */
  readonly reservedForAuthenticated: number;
  /** An anonymous socket's own bucket: a sign-in takes a handful of messages. */
  readonly anonymousPerSecond: number;
  readonly anonymousBurst: number;
  /** Tickets one kiosk device may issue (all its sockets together): a busy kiosk serves one visitor in 10–20 s. */
  readonly issuesPerMinute: number;
  readonly issueBurst: number;
  /** Addresses whose anonymous connections keep being dropped for what they send wait before the next. */
  readonly penalty: PenaltySettings;
  /** Reads (and where it can, raises) the descriptor limit at start; injectable so tests can play a small one. */
  readonly descriptorLimit: () => DescriptorLimit | null;
}

type HubSocket = Socket<never, never, never, { identity: ConnectionIdentity }>;
type EngineSocket = HubSocket['conn'];
type ConnectionState = 'handshake' | 'anonymous' | 'authenticated' | 'gone';

interface Tracked {
  readonly address: string;
  state: ConnectionState;
  identity: ConnectionIdentity | null;
  /** Sizes of the EVENT frames received and not yet dispatched, in order (binary attachments add to the last). */
  readonly arrivals: number[];
  graceTimer: NodeJS.Timeout | null;
  /** Sign-ins whose password check is running: the grace waits for them (a few grace periods at most). */
  signingIn: number;
  graceExtensions: number;
  /** Ends the Socket.IO connection properly (the client learns the hub ended it), once it has one. */
  end: (() => void) | null;
}

/** A per-address counter with a total. */
function createTally() {
  const byAddress = new Map<string, number>();
  let total = 0;
  return {
    get total() {
      return total;
    },
    of: (address: string) => byAddress.get(address) ?? 0,
    add(address: string, delta: 1 | -1) {
      total += delta;
      const next = (byAddress.get(address) ?? 0) + delta;
      if (next <= 0) byAddress.delete(address);
      else byAddress.set(address, next);
    },
  };
}

/** How many grace periods a running password check may add before the anonymous connection is closed anyway. */
const MAX_GRACE_EXTENSIONS = 6;

const refuseConnection = (code: ErrorCode, message: string) =>
  Object.assign(new Error(message), { data: { code } });

export function createSocketAdmission(deps: {
  settings: AdmissionSettings;
  /** The engine's frame limit, which is also the admin's. */
  maxMessageBytes: number;
  /** A signed-in or device connection's bucket (an anonymous one has its own, smaller one). */
  commands: { readonly perSecond: number; readonly burst: number };
  http: HttpServer;
  clock: () => number;
  logger: Logger;
}) {
  const { settings, clock, logger } = deps;
  const limits: PayloadLimits = { ...settings.payloadChars, admin: deps.maxMessageBytes };
  const descriptors = settings.descriptorLimit();
  const budget: ConnectionBudget = connectionBudget(descriptors, {
    anonymous: settings.anonymousMax,
    handshakes: settings.handshakesMax,
    reserved: settings.reservedForAuthenticated,
  });
  reportBudget(logger, descriptors, budget);
  // Beyond this the HTTP server closes new connections at once, so the database never runs out of descriptors.
  if (Number.isFinite(budget.connections) && deps.http.maxConnections === undefined)
    deps.http.maxConnections = budget.connections;

  const sentinel = `admission:refused:${randomUUID()}`;
  const tracked = new WeakMap<EngineSocket, Tracked>();
  const handshakes = createTally();
  const anonymous = createTally();
  const issues = createIssueLimiter({ perMinute: settings.issuesPerMinute, burst: settings.issueBurst });
  const penalty = createAddressPenalty(settings.penalty);
  let refusedConnections = 0;
  let closedAtAccept = 0;
  const held = createHeldConnections(settings.penalty);
  gateConnections(deps.http, (connection) => {
    const address = connection.remoteAddress ?? 'unknown';
    const waitMs = penalty.admissionWait(address, clock());
    if (waitMs === 0) return true;
    closedAtAccept += 1;
    held.hold(connection, address, waitMs);
    return false;
  });

  function strike(entry: Tracked): void {
    const wasBlocked = penalty.isBlocked(entry.address, clock());
    penalty.strike(entry.address, clock());
    if (!wasBlocked && penalty.isBlocked(entry.address, clock()))
      logger.warn(
        { address: entry.address },
        'address blocked for a while: its anonymous connections keep sending more than they may',
      );
  }

  function setState(entry: Tracked, conn: EngineSocket, state: ConnectionState): void {
    if (entry.state === state) return;
    if (entry.state === 'handshake') handshakes.add(entry.address, -1);
    if (entry.state === 'anonymous') anonymous.add(entry.address, -1);
    if (state === 'handshake') handshakes.add(entry.address, 1);
    if (state === 'anonymous') anonymous.add(entry.address, 1);
    entry.state = state;
    applyFrameLimit(entry, conn);
    restartGrace(entry, conn);
  }

  let frameLimitUnavailable = false;
  /** Until a connection is known, its WebSocket frames are held to the anonymous limit by ws itself. */
  function applyFrameLimit(entry: Tracked, conn: EngineSocket): void {
    if (entry.state === 'gone') return;
    const bytes = entry.state === 'authenticated' ? deps.maxMessageBytes : limits.anonymous;
    if (limitIncomingFrames(conn.transport, bytes) || conn.transport.name !== 'websocket') return;
    if (!frameLimitUnavailable)
      logger.warn('ws frame limit per connection unavailable; relying on the frame check');
    frameLimitUnavailable = true;
  }

  /**
   * An anonymous connection has `anonymousGraceMs` to sign in. A sign-in's answer starts the time again, and
   * while a password check is running (slow when many run at once) the grace waits for it — up to
   * MAX_GRACE_EXTENSIONS more periods, so a check that never answers cannot keep a connection open.
   */
  function restartGrace(entry: Tracked, conn: EngineSocket): void {
    if (entry.graceTimer) clearTimeout(entry.graceTimer);
    entry.graceTimer = null;
    if (entry.state === 'anonymous') {
      entry.graceTimer = setTimeout(() => {
        if (entry.state !== 'anonymous') return;
        if (entry.signingIn > 0 && entry.graceExtensions < MAX_GRACE_EXTENSIONS) {
          entry.graceExtensions += 1;
          restartGrace(entry, conn);
          return;
        }
        logger.debug({ address: entry.address }, 'anonymous connection did not sign in in time; closed');
        if (entry.end) entry.end();
        else conn.close();
      }, settings.anonymousGraceMs);
      entry.graceTimer.unref();
    }
  }

  const roleOfEntry = (entry: Tracked | undefined): Role | null =>
    entry?.identity ? roleOf(entry.identity) : null;

  /**
   * Every frame, before Socket.IO parses it: a frame over its sender's limit, or an anonymous command that is
   * not a sign-in, is swapped for a small refusal packet (engine.io hands the same packet object on to the
   * parser after its `packet` listeners). Anything else over the limit ends the connection.
   */
  function inspect(conn: EngineSocket, entry: Tracked, packet: { type: string; data?: unknown }): void {
    if (packet.type !== 'message') return;
    const role = roleOfEntry(entry);
    const limit = payloadLimitOf(role, limits);
    const { data } = packet;
    if (typeof data !== 'string') {
      const size = Buffer.isBuffer(data) ? data.length : limit + 1;
      if (size > limit || role === null) {
        packet.data = '';
        if (role === null) strike(entry);
        conn.close();
        return;
      }
      const last = entry.arrivals.length - 1;
      if (last >= 0) entry.arrivals[last] = (entry.arrivals[last] ?? 0) + size;
      return;
    }
    const head = packetHead(data);
    const isEvent = head !== null && (head.type === PACKET_EVENT || head.type === PACKET_BINARY_EVENT);
    if (!isEvent) {
      if (data.length > limit) {
        packet.data = '';
        if (role === null) strike(entry);
        conn.close();
      }
      return;
    }
    const refusal = refusalOf(head, role, data.length, limit);
    if (refusal) {
      packet.data = refusalFrame(head, sentinel, refusal);
      // Binary attachments that follow a refused frame have nothing to join; the parser then ends the connection.
      return;
    }
    entry.arrivals.push(data.length);
  }

  function refusalOf(head: PacketHead, role: Role | null, chars: number, limit: number): Refusal | null {
    const event = (head.event ?? '').slice(0, 64);
    if (role === null && head.event !== null && head.event !== sentinel) {
      // Who may send it is known before the payload is read: anonymous, only the commands open to anyone.
      if (!isCommandName(head.event)) return { code: 'UNKNOWN_EVENT', event, chars };
      if (Commands[head.event].roles !== 'anyone') return { code: 'UNAUTHENTICATED', event, chars };
    }
    if (chars > limit) return { code: 'PAYLOAD_TOO_LARGE', event, chars };
    return null;
  }

  return {
    budget,
    descriptors,
    /** Options for the Socket.IO server: the frame limit, the handshake timeout, the handshake caps. */
    serverOptions: {
      maxHttpBufferSize: deps.maxMessageBytes,
      connectTimeout: settings.handshakeTimeoutMs,
      allowRequest(request: IncomingMessage, callback: (error: string | null, ok: boolean) => void): void {
        const address = request.socket.remoteAddress ?? 'unknown';
        const full =
          handshakes.total >= budget.handshakes ||
          handshakes.of(address) >= settings.handshakesPerAddress ||
          // Blocked since this connection was accepted (a polling client's next request).
          penalty.isBlocked(address, clock());
        if (full) refusedConnections += 1;
        callback(full ? 'TOO_MANY_CONNECTIONS' : null, !full);
      },
    },

    /** Tracks every engine connection from its handshake, and reads its frames before they are parsed. */
    attach(io: Server): void {
      io.engine.on('connection', (conn: EngineSocket) => {
        const entry: Tracked = {
          address: conn.remoteAddress ?? 'unknown',
          state: 'gone',
          identity: null,
          arrivals: [],
          graceTimer: null,
          signingIn: 0,
          graceExtensions: 0,
          end: null,
        };
        tracked.set(conn, entry);
        setState(entry, conn, 'handshake');
        conn.on('packet', (packet: { type: string; data?: unknown }) => inspect(conn, entry, packet));
        conn.on('upgrade', () => applyFrameLimit(entry, conn));
        conn.once('close', (reason: string) => {
          // A transport error before sign-in is ws refusing an oversized frame (or garbage): drop the TCP
          // connection now rather than read on through what the sender is still piping in.
          if (reason === 'transport error' && entry.state !== 'authenticated') {
            terminateWebSocket(conn.transport);
            strike(entry);
          }
          setState(entry, conn, 'gone');
        });
      });
    },

    /** Middleware after the identity one: anonymous sockets are capped, in all and per address. */
    admitConnection(socket: HubSocket, next: (error?: Error) => void): void {
      const entry = tracked.get(socket.conn);
      if (entry) entry.identity = socket.data.identity;
      if (!entry || roleOf(socket.data.identity) !== null) {
        if (entry) setState(entry, socket.conn, 'authenticated');
        next();
        return;
      }
      if (
        anonymous.total >= budget.anonymous ||
        anonymous.of(entry.address) >= settings.anonymousPerAddress
      ) {
        refusedConnections += 1;
        next(
          refuseConnection(
            'TOO_MANY_CONNECTIONS',
            '连接过多，请稍后再试 · Too many connections without a device or a sign-in; try again later',
          ),
        );
        // The refusal is sent first (engine.io drains its buffer before closing), then the descriptor is freed.
        setImmediate(() => socket.conn.close());
        return;
      }
      setState(entry, socket.conn, 'anonymous');
      next();
    },

    /** One connection's gate, for the dispatcher. */
    guard(socket: HubSocket) {
      const conn = socket.conn;
      const entry = tracked.get(conn);
      const identity = socket.data.identity;
      if (entry) entry.end = () => socket.disconnect(true);
      const bucket = createRateLimiter(deps.commands.perSecond, deps.commands.burst, clock());
      const anonymousBucket = createRateLimiter(
        settings.anonymousPerSecond,
        settings.anonymousBurst,
        clock(),
      );
      const bucketNow = () => (roleOf(identity) === null ? anonymousBucket : bucket);
      return {
        /**
         * Every event as it arrives, before anything else: its cost in bytes, and the refusals made unread.
         * Returns the answer to send instead of going on, or null.
         */
        admit(event: string, payload: unknown): Ack<never> | null {
          // A session that expired (or ended) since the last message makes the socket anonymous again.
          if (entry && (entry.state === 'anonymous' || entry.state === 'authenticated'))
            setState(entry, conn, roleOf(identity) === null ? 'anonymous' : 'authenticated');
          const refused = event === sentinel ? (payload as Refusal) : null;
          const chars = refused ? refused.chars : (entry?.arrivals.shift() ?? 0);
          if (!refused) {
            if (bucketNow().take(clock(), messageCost.arrival(chars))) return null;
            return errorAck('RATE_LIMITED', '操作过于频繁 · Too many commands; slow down');
          }
          // Refused unread: it takes one token like any message, and its bytes, received all the same, are owed
          // by the next messages.
          const bucket = bucketNow();
          const within = bucket.take(clock(), 1);
          bucket.charge(clock(), messageCost.arrival(chars) - 1);
          // An anonymous sender has no use for a large message, whatever it names: answer, then close.
          if (refused.chars > limits.anonymous && roleOf(identity) === null && entry) {
            strike(entry);
            setImmediate(() => socket.disconnect(true));
          }
          if (!within) return errorAck('RATE_LIMITED', '操作过于频繁 · Too many commands; slow down');
          switch (refused.code) {
            case 'PAYLOAD_TOO_LARGE':
              return errorAck(
                'PAYLOAD_TOO_LARGE',
                `消息过大 · Message too large (${refused.chars} characters; at most ${payloadLimitOf(roleOf(identity), limits)} for this connection)`,
              );
            case 'UNAUTHENTICATED':
              return errorAck('UNAUTHENTICATED', '请先登录 · Sign in first');
            case 'UNKNOWN_EVENT':
              return errorAck('UNKNOWN_EVENT', `unknown event ${refused.event}`);
          }
        },
        /** Who may send the command, checked before its payload is validated (the window scope comes after). */
        roleAllows(name: CommandName): Ack<null> {
          const rule = Commands[name];
          if (rule.roles === 'anyone') return { ok: true, data: null };
          const role = roleOf(identity);
          if (role === null) return errorAck('UNAUTHENTICATED', '请先登录 · Sign in first');
          if (!rule.roles.includes(role))
            return errorAck('FORBIDDEN', `${role} 无权执行 ${name} · not allowed`);
          return { ok: true, data: null };
        },
        /** Validates and charges the work it took (time, issues found) to the connection's bucket. */
        validate<T extends ZodType>(schema: T, payload: unknown): ReturnType<T['safeParse']> {
          const started = performance.now();
          const parsed = schema.safeParse(payload) as ReturnType<T['safeParse']>;
          const issuesFound = parsed.success ? 0 : parsed.error.issues.length;
          bucketNow().charge(clock(), messageCost.validation(performance.now() - started, issuesFound));
          return parsed;
        },
        /**
         * Before the handler: a sign-in's password check holds the anonymous grace; a kiosk's ticket is refused
         * when the device has used its share.
         */
        beforeCommand(name: CommandName): Ack<never> | null {
          if (name === 'session:login' && entry) entry.signingIn += 1;
          const deviceId = identity.device?.id;
          if (!issuesTicket(name) || !deviceId) return null;
          if (issues.mayIssue(deviceId, clock())) return null;
          logger.warn({ deviceId }, 'kiosk issue rate reached; ticket refused');
          return errorAck(
            'ISSUE_RATE_LIMITED',
            '本机取号过于频繁，请稍后再试或联系工作人员 · This kiosk is issuing tickets too fast; wait a moment or ask staff',
          );
        },
        afterCommand(name: CommandName, result: Ack<unknown>): void {
          if (name === 'session:login' && entry) {
            entry.signingIn = Math.max(0, entry.signingIn - 1);
            entry.graceExtensions = 0;
            restartGrace(entry, conn);
          }
          const deviceId = identity.device?.id;
          if (!issuesTicket(name) || !deviceId || !result.ok) return;
          // A check-in's ticket is in `issued` (none when it was too early, refused or not checkable).
          const data = result.data as { replayed?: boolean; issued?: { replayed: boolean } };
          const issued = name === 'ticket:issue' ? data : data.issued;
          if (!issued || issued.replayed) return;
          issues.issued(deviceId, clock());
        },
        /** After a sign-in or a sign-out on the socket: anonymous again, or not any more. */
        identityChanged(): void {
          if (!entry || entry.state === 'gone') return;
          setState(entry, conn, roleOf(identity) === null ? 'anonymous' : 'authenticated');
        },
      };
    },

    /** Figures for tests, the bench and the log. */
    counts: () => ({
      handshakes: handshakes.total,
      anonymous: anonymous.total,
      refusedConnections,
      closedAtAccept,
      heldConnections: held.size(),
      ...penalty.counts(clock()),
    }),
    /** Ends the connections held from blocked addresses (the hub is closing: nothing may keep it waiting). */
    close(): void {
      held.releaseAll();
    },
  };
}

/**
 * Puts a gate in front of the server's own connection handling (HTTP, or TLS then HTTP): a connection the gate
 * refuses never reaches it, so not a byte of it is read or parsed.
 */
function gateConnections(server: HttpServer, admit: (connection: NetSocket) => boolean): void {
  const listeners = server.listeners('connection') as ((connection: NetSocket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (connection: NetSocket) => {
    if (!admit(connection)) return;
    for (const listener of listeners) listener.call(server, connection);
  });
}

/**
 * Connections from a blocked address (or one on probation after a block, see `admissionWait`) are held, unread,
 * until it may connect again, then closed: an attacker that
 * reconnects the moment it is refused would otherwise cost the hub an accept and a close per attempt, thousands a
 * second. Held at most `maxHeldPerAddress` per address and `maxHeld` in all (each holds a descriptor); past that
 * a connection is closed at once.
 */
function createHeldConnections(settings: PenaltySettings) {
  const byAddress = new Map<string, Set<NetSocket>>();
  let total = 0;
  const release = (connection: NetSocket, address: string) => {
    const set = byAddress.get(address);
    if (!set?.delete(connection)) return;
    total -= 1;
    if (set.size === 0) byAddress.delete(address);
  };
  return {
    hold(connection: NetSocket, address: string, forMs: number): void {
      const set = byAddress.get(address) ?? new Set<NetSocket>();
      connection.on('error', () => {});
      if (set.size >= settings.maxHeldPerAddress || total >= settings.maxHeld) {
        connection.destroy();
        return;
      }
      connection.pause();
      set.add(connection);
      byAddress.set(address, set);
      total += 1;
      const timer = setTimeout(() => connection.destroy(), forMs);
      timer.unref();
      connection.once('close', () => {
        clearTimeout(timer);
        release(connection, address);
      });
    },
    size: () => total,
    releaseAll(): void {
      for (const set of byAddress.values()) for (const connection of set) connection.destroy();
    },
  };
}

function reportBudget(logger: Logger, limit: DescriptorLimit | null, budget: ConnectionBudget): void {
  if (!limit) {
    logger.warn(
      { anonymous: budget.anonymous, handshakes: budget.handshakes },
      'open-file limit unknown (no /proc/self/limits); connection caps as configured',
    );
    return;
  }
  const facts = {
    softLimit: limit.soft,
    hardLimit: limit.hard,
    raisedFrom: limit.raisedFrom,
    connections: budget.connections,
    anonymous: budget.anonymous,
    handshakes: budget.handshakes,
    reservedForDevices: budget.reserved,
  };
  const raised = limit.raisedFrom === null ? '' : ` (raised from ${limit.raisedFrom})`;
  const message =
    `open-file limit ${limit.soft}${raised}, hard ${limit.hard}: at most ${budget.connections} connections, ` +
    `${budget.anonymous} anonymous, ${budget.handshakes} in handshake, ${budget.reserved} kept for devices and signed-in people`;
  if (limit.soft < 4096)
    logger.warn(facts, `${message}; raise it (LimitNOFILE=65536 or ulimit -n) for a large hall`);
  else logger.info(facts, message);
}
