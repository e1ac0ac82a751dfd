import {
  type Ack,
  type CallAnnouncement,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  Commands,
  commandAckSchema,
  type ErrorBody,
  ErrorCode,
  type HallChange,
  type HallSnapshot,
  type HallUpdate,
  type HandshakeAuth,
  type HubEventName,
  type HubEventPayload,
  HubEvents,
  PROTOCOL_VERSION,
  type RatingRequest,
} from '@hallq/protocol';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { applyHallUpdate } from './apply-hall-update.ts';
import { createStore, notifyAll, type ReadableStore } from './store.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** What moved the view: a live change from the hall stream, or a whole snapshot (first load or resync). */
export type ViewChange = HallChange | 'snapshot';
export type ViewListener = (view: HallSnapshot, change: ViewChange) => void;

/** Something the hub sent that the client could not use. The client has already started a resync if one helps. */
export interface ProtocolError {
  readonly kind:
    | 'invalid-snapshot'
    | 'invalid-update'
    | 'invalid-answer'
    | 'invalid-event'
    | 'resync-failed'
    /** The hub's `protocol:error`: it refused a message it could not answer through an ack. */
    | 'hub-error';
  /** The event or command it concerns, e.g. `hall:update`. */
  readonly event: string;
  readonly message: string;
}

export interface HubClientOptions {
  /** The hub's Socket.IO address, e.g. `http://hub.local:8080`. */
  readonly url: string;
  readonly auth?: { readonly deviceToken?: string; readonly sessionToken?: string };
  /** Passed to `io()`; `auth` is always the client's own. Defaults add `forceNew: true`. */
  readonly socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Check payloads, answers, snapshots and updates with the protocol's schemas (default true). */
  readonly validate?: boolean;
  /** How long a command waits for its answer (default 5000 ms). */
  readonly commandTimeoutMs?: number;
  /**
   * After the hub ends the connection itself (`io server disconnect`), connect again after this long (default
   * 2000 ms). Socket.IO does not retry such a disconnect on its own; a hall screen must come back by itself.
   */
  readonly serverDisconnectRetryMs?: number;
  /** After a failed resync (error answer, timeout, invalid snapshot), try again after this long (default 2000 ms). */
  readonly resyncRetryMs?: number;
  /** Where protocol problems are reported (default `console.warn`). */
  readonly onProtocolError?: (error: ProtocolError) => void;
  /**
   * The hub refused the connection or could not be reached. `code` is the hub's reason when it gave one
   * (`UNAUTHENTICATED`, `PROTOCOL_VERSION`, `BAD_REQUEST`); null when the hub was not reached.
   */
  readonly onConnectError?: (error: Error, code: ErrorCode | null) => void;
}

export interface HubClient {
  /**
   * Sends one command and resolves with its answer; never rejects. Besides the hub's own answers:
   * - `BAD_REQUEST`: the payload failed the catalog's request schema; nothing was sent.
   * - `UNAUTHENTICATED` (message starts `not connected`): the socket is not connected, so the hub holds no
   *   session for it; nothing was sent and the command is safe to send again once `connection` is `connected`.
   * - `INTERNAL` (message starts `timeout`, `disconnected` or `invalid answer`): the command was sent but its
   *   answer was lost or unusable; it may or may not have taken effect (`ticket:issue` retries by `requestId`).
   */
  command<C extends CommandName>(name: C, payload: CommandRequest<C>): Promise<Ack<CommandResponse<C>>>;
  /**
   * `session:login`; on success the token is kept and passed in the handshake of every later reconnect.
   * `newPassword` replaces a one-time password in the same login (the hub answers PASSWORD_CHANGE_REQUIRED
   * without it).
   */
  login(
    username: string,
    password: string,
    windowId: string | null,
    newPassword?: string,
  ): Promise<Ack<CommandResponse<'session:login'>>>;
  /** `session:logout`; on success the session token is dropped. */
  logout(): Promise<Ack<CommandResponse<'session:logout'>>>;
  /** The hall as last known, or null before the first snapshot. Stale while `connection` is not `connected`. */
  view(): HallSnapshot | null;
  subscribe(listener: ViewListener): () => void;
  /** Live `ticket:called` / `ticket:recalled` announcements (never replayed from a snapshot). */
  onCall(listener: (call: CallAnnouncement) => void): () => void;
  onRatingRequest(listener: (request: RatingRequest) => void): () => void;
  /**
   * The hub ended this session (`session:revoked`, or it refused the session token on reconnect, e.g. expired);
   * the session token has already been dropped and, after a refusal, the client reconnects without it.
   */
  onSessionRevoked(listener: (reason: string) => void): () => void;
  readonly connection: ReadableStore<ConnectionStatus>;
  /** Disconnects for good; later commands answer `UNAUTHENTICATED` without sending. */
  close(): void;
}

/** Updates held while a snapshot is awaited; beyond this the oldest are dropped (the snapshot covers them). */
const MAX_BUFFERED_UPDATES = 1000;

/** Resync answers that retrying cannot fix. */
const FINAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PROTOCOL_VERSION',
]);

const fail = (code: ErrorCode, message: string): { ok: false; error: ErrorBody } => ({
  ok: false,
  error: { code, message },
});

interface ZodLikeIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}
const describeIssues = (issues: readonly ZodLikeIssue[]): string =>
  issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');

const warn = (error: ProtocolError): void => {
  console.warn(`[hallq/client] ${error.kind} (${error.event}): ${error.message}`);
};

export const createHubClient = (options: HubClientOptions): HubClient => {
  const validate = options.validate ?? true;
  const commandTimeoutMs = options.commandTimeoutMs ?? 5000;
  const serverDisconnectRetryMs = options.serverDisconnectRetryMs ?? 2000;
  const resyncRetryMs = options.resyncRetryMs ?? 2000;
  const onProtocolError = options.onProtocolError ?? warn;

  const credentials: { deviceToken?: string; sessionToken?: string } = { ...options.auth };
  const handshake = (): HandshakeAuth => ({
    protocolVersion: PROTOCOL_VERSION,
    ...(credentials.deviceToken === undefined ? {} : { deviceToken: credentials.deviceToken }),
    ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
  });
  const authenticated = () => credentials.deviceToken !== undefined || credentials.sessionToken !== undefined;

  const connection = createStore<ConnectionStatus>('connecting');
  const viewListeners = new Set<ViewListener>();
  const callListeners = new Set<(call: CallAnnouncement) => void>();
  const ratingListeners = new Set<(request: RatingRequest) => void>();
  const revokedListeners = new Set<(reason: string) => void>();

  let current: HallSnapshot | null = null;
  let closed = false;
  let connectedOnce = false;
  /** A `hall:snapshot` command is in flight; its token tells a current answer from one of an old connection. */
  let resync: object | null = null;
  /** Connected and waiting for the snapshot the hub pushes after an authenticated connect. */
  let awaitingPush = false;
  let buffer: HallUpdate[] = [];
  /** Counts snapshots taken into the view, so `login` can tell whether the hub already pushed one. */
  let snapshotsAccepted = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return timer;
  };
  const cancel = (timer: ReturnType<typeof setTimeout> | null) => {
    if (timer === null) return;
    clearTimeout(timer);
    timers.delete(timer);
  };
  let pushTimer: ReturnType<typeof setTimeout> | null = null;

  const socket: Socket = io(options.url, {
    forceNew: true,
    ...options.socketOptions,
    auth: (cb) => cb(handshake()),
  });

  const setView = (view: HallSnapshot, change: ViewChange) => {
    current = view;
    notifyAll(viewListeners, view, change);
  };

  // ---- the hall stream -------------------------------------------------------------------------------------

  const hold = (update: HallUpdate) => {
    buffer.push(update);
    if (buffer.length > MAX_BUFFERED_UPDATES) buffer.shift();
  };

  const apply = (update: HallUpdate) => {
    if (current === null || update.epoch !== current.epoch || update.seq > current.seq + 1) {
      hold(update);
      requestResync();
      return;
    }
    if (update.seq <= current.seq) return; // already in the view
    setView(applyHallUpdate(current, update), update.change);
    const { change } = update;
    if (change.type === 'ticket:called' || change.type === 'ticket:recalled')
      notifyAll(callListeners, change.call);
  };

  const onUpdate = (update: HallUpdate) => {
    if (resync !== null || awaitingPush) hold(update);
    else apply(update);
  };

  /** Applies the updates held during a resync: those the snapshot already covers, or from another epoch, go. */
  const drain = () => {
    if (resync !== null || awaitingPush || current === null) return;
    const held = buffer;
    buffer = [];
    for (const update of held) {
      if (current === null || update.epoch !== current.epoch || update.seq <= current.seq) continue;
      if (resync !== null) hold(update);
      else apply(update);
    }
  };

  const acceptSnapshot = (snapshot: HallSnapshot) => {
    const stale = current !== null && snapshot.epoch === current.epoch && snapshot.seq < current.seq;
    if (!stale) {
      snapshotsAccepted += 1;
      setView(snapshot, 'snapshot');
    }
    drain();
  };

  const onPushedSnapshot = (snapshot: HallSnapshot) => {
    awaitingPush = false;
    cancel(pushTimer);
    pushTimer = null;
    acceptSnapshot(snapshot);
  };

  function requestResync(): void {
    if (resync !== null || closed || !socket.connected) return;
    const token = {};
    resync = token;
    void command('hall:snapshot', {}).then((answer) => {
      if (resync !== token) return; // a reconnect started over
      resync = null;
      if (answer.ok) {
        awaitingPush = false;
        acceptSnapshot(answer.data);
        return;
      }
      onProtocolError({
        kind: 'resync-failed',
        event: 'hall:snapshot',
        message: `${answer.error.code}: ${answer.error.message}`,
      });
      if (FINAL_CODES.has(answer.error.code)) return;
      later(resyncRetryMs, () => {
        if (socket.connected) requestResync();
      });
    });
  }

  // ---- commands --------------------------------------------------------------------------------------------

  function command<C extends CommandName>(
    name: C,
    payload: CommandRequest<C>,
  ): Promise<Ack<CommandResponse<C>>> {
    type Answer = Ack<CommandResponse<C>>;
    if (validate) {
      const checked = Commands[name].request.safeParse(payload);
      if (!checked.success) {
        return Promise.resolve(fail('BAD_REQUEST', `${name}: ${describeIssues(checked.error.issues)}`));
      }
    }
    if (closed || !socket.connected) {
      return Promise.resolve(fail('UNAUTHENTICATED', `not connected to the hub: ${name} was not sent`));
    }
    return new Promise<Answer>((resolve) => {
      socket.timeout(commandTimeoutMs).emit(name, payload, (error: Error | null, answer: unknown) => {
        if (error !== null) {
          const timedOut = socket.connected && !closed;
          resolve(
            fail(
              'INTERNAL',
              timedOut
                ? `timeout: no answer to ${name} within ${commandTimeoutMs} ms`
                : `disconnected before the answer to ${name}`,
            ),
          );
          return;
        }
        if (!validate) {
          resolve(answer as Answer);
          return;
        }
        const checked = commandAckSchema(name).safeParse(answer);
        if (!checked.success) {
          const message = `invalid answer to ${name}: ${describeIssues(checked.error.issues)}`;
          onProtocolError({ kind: 'invalid-answer', event: name, message });
          resolve(fail('INTERNAL', message));
          return;
        }
        resolve(checked.data as Answer);
      });
    });
  }

  const login: HubClient['login'] = async (username, password, windowId, newPassword) => {
    const before = snapshotsAccepted;
    const answer = await command('session:login', {
      username,
      password,
      windowId,
      ...(newPassword === undefined ? {} : { newPassword }),
    });
    if (answer.ok) {
      credentials.sessionToken = answer.data.sessionToken;
      // The hub upgrades this same socket and pushes the hall before it answers; ask only if it did not.
      if (snapshotsAccepted === before) requestResync();
    }
    return answer;
  };

  const logout: HubClient['logout'] = async () => {
    const answer = await command('session:logout', {});
    if (answer.ok) credentials.sessionToken = undefined;
    return answer;
  };

  // ---- hub events ------------------------------------------------------------------------------------------

  const parse = <E extends HubEventName>(event: E, raw: unknown): HubEventPayload<E> | null => {
    if (!validate) return raw as HubEventPayload<E>;
    const checked = HubEvents[event].safeParse(raw);
    if (checked.success) return checked.data as HubEventPayload<E>;
    const kind =
      event === 'hall:snapshot'
        ? 'invalid-snapshot'
        : event === 'hall:update'
          ? 'invalid-update'
          : 'invalid-event';
    onProtocolError({ kind, event, message: describeIssues(checked.error.issues) });
    return null;
  };

  socket.on('hall:snapshot', (raw: unknown) => {
    const snapshot = parse('hall:snapshot', raw);
    if (snapshot === null) {
      awaitingPush = false;
      requestResync();
    } else onPushedSnapshot(snapshot);
  });

  socket.on('hall:update', (raw: unknown) => {
    const update = parse('hall:update', raw);
    if (update === null) requestResync();
    else onUpdate(update);
  });

  socket.on('rating:request', (raw: unknown) => {
    const request = parse('rating:request', raw);
    if (request !== null) notifyAll(ratingListeners, request);
  });

  socket.on('session:revoked', (raw: unknown) => {
    const revoked = parse('session:revoked', raw);
    credentials.sessionToken = undefined;
    notifyAll(revokedListeners, revoked?.reason ?? 'revoked');
  });

  socket.on('protocol:error', (raw: unknown) => {
    const refused = parse('protocol:error', raw);
    if (refused === null) return;
    onProtocolError({
      kind: 'hub-error',
      event: refused.event,
      message: `${refused.code}: ${refused.message}`,
    });
  });

  // ---- connection ------------------------------------------------------------------------------------------

  socket.on('connect', () => {
    connection.set('connected');
    resync = null;
    buffer = [];
    awaitingPush = false;
    if (!authenticated()) {
      connectedOnce = true;
      return; // only `session:login` is allowed until then
    }
    if (connectedOnce) {
      requestResync();
    } else {
      // The hub pushes a snapshot after an authenticated connect; ask for it ourselves if it does not come.
      awaitingPush = true;
      pushTimer = later(commandTimeoutMs, () => {
        pushTimer = null;
        if (!awaitingPush) return;
        awaitingPush = false;
        requestResync();
      });
    }
    connectedOnce = true;
  });

  const reconnectLater = () => {
    later(serverDisconnectRetryMs, () => {
      if (!closed && !socket.connected) {
        connection.set('connecting');
        socket.connect();
      }
    });
  };

  socket.on('disconnect', (reason) => {
    resync = null;
    awaitingPush = false;
    cancel(pushTimer);
    pushTimer = null;
    if (closed) return;
    connection.set('disconnected');
    if (reason === 'io server disconnect') reconnectLater();
  });

  socket.on('connect_error', (error) => {
    const data: unknown = (error as Error & { data?: unknown }).data;
    const reason =
      typeof data === 'object' && data !== null && 'code' in data ? ErrorCode.safeParse(data.code) : null;
    const code = reason?.success === true ? reason.data : null;
    connection.set(socket.active ? 'connecting' : 'disconnected');
    options.onConnectError?.(error, code);
    if (code === 'UNAUTHENTICATED' && credentials.sessionToken !== undefined && !socket.active) {
      // Most likely the session expired while we were away: carry on as the device (or signed out).
      credentials.sessionToken = undefined;
      notifyAll(revokedListeners, error.message);
      reconnectLater();
    }
  });

  socket.io.on('reconnect_attempt', () => {
    if (!closed) connection.set('connecting');
  });

  const listen =
    <L>(set: Set<L>) =>
    (listener: L) => {
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    };

  return {
    command,
    login,
    logout,
    view: () => current,
    subscribe: listen(viewListeners),
    onCall: listen(callListeners),
    onRatingRequest: listen(ratingListeners),
    onSessionRevoked: listen(revokedListeners),
    connection,
    close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      socket.disconnect();
      connection.set('disconnected');
    },
  };
};
