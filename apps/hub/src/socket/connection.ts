import type { Role, SessionUser, SnapshotViewer } from '@hallq/protocol';
import type { DeviceRecord } from '../store/accounts.ts';
import type { Actor } from '../store/event-log.ts';

/** Who is on one connection: the device it runs on, the person signed in on it, and the window it acts at. */
export interface ConnectionIdentity {
  device: DeviceRecord | null;
  user: SessionUser | null;
  sessionToken: string | null;
  sessionExpiresAt: number | null;
  /** The clerk's window (from the counter device, the login, or window:sign-in), or a pad's/sign's window. */
  windowId: string | null;
}

/** The role a connection acts in: the person's when someone is signed in, else the device's; null if neither. */
export function roleOf(identity: ConnectionIdentity): Role | null {
  if (identity.user) return identity.user.role;
  return identity.device?.kind ?? null;
}

export function actorOf(identity: ConnectionIdentity): Actor {
  if (identity.user) return { kind: 'user', id: identity.user.id, deviceId: identity.device?.id ?? null };
  if (identity.device) return { kind: 'device', id: identity.device.id, deviceId: identity.device.id };
  return { kind: 'system', id: null, deviceId: null };
}

export function roomsOf(identity: ConnectionIdentity): string[] {
  const role = roleOf(identity);
  if (role === null) return [];
  const rooms = ['hall', `role:${role}`];
  if (identity.windowId) rooms.push(`window:${identity.windowId}`);
  if (identity.device?.zone) rooms.push(`zone:${identity.device.zone}`);
  if (identity.device) rooms.push(`device:${identity.device.id}`);
  return rooms;
}

/** The device on a connection as a snapshot tells it (a lobby display learns its zone from this). */
export function viewerOf(identity: ConnectionIdentity): SnapshotViewer | null {
  const { device } = identity;
  if (!device) return null;
  return { deviceId: device.id, kind: device.kind, windowId: device.windowId, zone: device.zone };
}
