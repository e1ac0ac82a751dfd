import { createStore, type ReadableStore } from '@hallq/client';
import {
  type Ack,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type HallUpdate,
  PROTOCOL_VERSION,
  type SessionUser,
  type SupervisionView,
} from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';

/** A signed-in person's session, kept for the browser tab so a reload resumes it. */
export interface AdminSession {
  readonly token: string;
  readonly user: SessionUser;
}

const SESSION_KEY = 'hallq.admin.session';
const TIMEOUT_MS = 15_000;

/**
 * - `connecting`: the first connection is being made;
 * - `connected`: commands and pushes flow;
 * - `offline`: the hub is unreachable (stopped, restarting, network down); socket.io keeps retrying.
 */
export type AdminLinkStatus = 'connecting' | 'connected' | 'offline';

/**
 * The admin console's one connection to the hub: typed commands answered through the ack, the hall stream
 * (to refresh what is shown after a change) and the supervision view the hub pushes to supervisors and admins.
 */
export interface AdminConnection {
  command<C extends CommandName>(name: C, payload: CommandRequest<C>): Promise<Ack<CommandResponse<C>>>;
  onSupervision(listener: (view: SupervisionView) => void): () => void;
  onHallUpdate(listener: (update: HallUpdate) => void): () => void;
  onRevoked(listener: (reason: string) => void): () => void;
  /** Where the link to the hub stands, for the banner shown while the hub is away. */
  readonly status: ReadableStore<AdminLinkStatus>;
  /** Called after every reconnection (not the first connection): what is shown must be fetched again. */
  onReconnected(listener: () => void): () => void;
  /** The session a reconnection signs in with (set after signing in, cleared after signing out). */
  setSessionToken(sessionToken: string | null): void;
  close(): void;
}

export function connectAdmin(url: string, sessionToken: string | null): AdminConnection {
  // Read at every (re)connection: a console signed in after it connected must come back signed in after a hub
  // restart, or it stays out of the supervision room and shows a stale view.
  let token = sessionToken;
  const socket: Socket = io(url, {
    forceNew: true,
    transports: ['websocket'],
    auth: (cb) => cb({ protocolVersion: PROTOCOL_VERSION, ...(token ? { sessionToken: token } : {}) }),
  });
  const status = createStore<AdminLinkStatus>('connecting');
  const reconnected = new Set<() => void>();
  let everConnected = false;
  socket.on('connect', () => {
    status.set('connected');
    if (everConnected) for (const l of reconnected) l();
    everConnected = true;
  });
  socket.on('disconnect', () => status.set('offline'));
  const supervision = new Set<(view: SupervisionView) => void>();
  const updates = new Set<(update: HallUpdate) => void>();
  const revoked = new Set<(reason: string) => void>();
  socket.on('supervision:update', (view: SupervisionView) => {
    for (const l of supervision) l(view);
  });
  socket.on('hall:update', (update: HallUpdate) => {
    for (const l of updates) l(update);
  });
  socket.on('session:revoked', ({ reason }: { reason: string }) => {
    for (const l of revoked) l(reason);
  });
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    status.set('offline');
    if (error.data?.code === 'UNAUTHENTICATED') for (const l of revoked) l(error.message);
  });
  const subscribe =
    <T>(set: Set<(value: T) => void>) =>
    (listener: (value: T) => void) => {
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    };
  return {
    async command(name, payload) {
      if (!socket.connected) {
        // The hub closes a connection that has not signed in within seconds (a sign-in page left open): open it
        // again for this command. Socket.IO does not reconnect by itself after the hub ended a connection.
        if (!socket.active) socket.connect();
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      }
      try {
        return (await socket.timeout(TIMEOUT_MS).emitWithAck(name, payload)) as Ack<
          CommandResponse<typeof name>
        >;
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: '连接超时 · The hub did not answer in time' },
        };
      }
    },
    onSupervision: subscribe(supervision),
    onHallUpdate: subscribe(updates),
    onRevoked: subscribe(revoked),
    status,
    onReconnected: subscribe<void>(reconnected),
    setSessionToken(next) {
      token = next;
    },
    close: () => socket.disconnect(),
  };
}

export function loadSession(storage: Storage): AdminSession | null {
  const raw = storage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as AdminSession;
  } catch {
    storage.removeItem(SESSION_KEY);
    return null;
  }
}

export function saveSession(storage: Storage, session: AdminSession | null): void {
  if (session) storage.setItem(SESSION_KEY, JSON.stringify(session));
  else storage.removeItem(SESSION_KEY);
}

/** Admins, supervisors and guides (the appointments page only) use the console; a clerk account is turned away. */
export const mayUseConsole = (user: SessionUser): boolean =>
  user.role === 'admin' || user.role === 'supervisor' || user.role === 'guide';
