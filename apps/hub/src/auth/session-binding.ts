import type { DeviceRecord, SessionRecord } from '../store/accounts.ts';

/**
 * Whether a session may be resumed on a new connection, and why not. A session is bound to where it was
 * opened: to the registered device it was opened on (which must still be registered), or, opened on a
 * connection without a device (a browser, hallctl), to that source address and to no device. A stolen token
 * alone, replayed from a bare socket or from another terminal, is refused.
 */
export function sessionBindingProblem(
  session: SessionRecord,
  connection: { readonly device: DeviceRecord | null; readonly address: string },
  deviceOf: (id: string) => DeviceRecord | null,
): string | null {
  if (session.deviceId !== null) {
    const device = deviceOf(session.deviceId);
    if (!device || device.revokedAt !== null) return 'the device this session was opened on is revoked';
    if (connection.device?.id !== session.deviceId) return 'this session belongs to another device';
    if (session.windowId !== null && device.windowId !== null && session.windowId !== device.windowId) {
      return 'this session belongs to another window';
    }
    return null;
  }
  if (connection.device !== null) return 'this session was not opened on this device';
  // Sessions from before sessions were bound have no address: they end with the upgrade.
  if (session.address === null || session.address !== connection.address) {
    return 'this session was opened from another address';
  }
  return null;
}

/** What the registry needs of a connection: to be told and to be closed. */
export interface SessionConnection {
  emit(event: 'session:revoked', payload: { reason: string }): unknown;
  disconnect(close: boolean): unknown;
}

/**
 * Every open connection of every session, so that a logout, a password reset or an expiry ends all of them
 * at once, not only the one that asked. An expired session's connections are ended before the next hall update
 * goes out (`sweep`), so no update reaches a connection whose session is over.
 */
export function createSessionRegistry<C extends SessionConnection>() {
  const sessions = new Map<string, { expiresAt: number; connections: Set<C> }>();
  let nextExpiry = Number.POSITIVE_INFINITY;

  const recomputeNextExpiry = () => {
    nextExpiry = Number.POSITIVE_INFINITY;
    for (const s of sessions.values()) nextExpiry = Math.min(nextExpiry, s.expiresAt);
  };

  function end(token: string, reason: string, except?: C): void {
    const session = sessions.get(token);
    if (!session) return;
    sessions.delete(token);
    recomputeNextExpiry();
    for (const connection of session.connections) {
      if (connection === except) continue;
      connection.emit('session:revoked', { reason });
      connection.disconnect(true);
    }
  }

  return {
    /** The connection now carries this session (or none): moves it from the one it carried before. */
    track(connection: C, token: string | null, expiresAt: number | null): void {
      for (const [key, s] of sessions) {
        if (key !== token && s.connections.delete(connection) && s.connections.size === 0)
          sessions.delete(key);
      }
      if (token !== null && expiresAt !== null) {
        const session = sessions.get(token) ?? { expiresAt, connections: new Set<C>() };
        session.connections.add(connection);
        sessions.set(token, session);
      }
      recomputeNextExpiry();
    },
    /** Ends every connection of a session but `except` (the one that logged out stays, as its device). */
    end,
    /** Ends every connection whose session has expired; cheap when none has. */
    sweep(now: number, reason: string): void {
      if (now < nextExpiry) return;
      for (const [token, s] of [...sessions]) if (s.expiresAt <= now) end(token, reason);
    },
    /** For tests: how many connections a session has open. */
    connections: (token: string) => sessions.get(token)?.connections.size ?? 0,
  };
}

export type SessionRegistry<C extends SessionConnection> = ReturnType<typeof createSessionRegistry<C>>;
