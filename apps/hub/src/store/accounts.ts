import { randomUUID } from 'node:crypto';
import type { DeviceComponentStatus, DeviceKind, DeviceView, SessionUser } from '@hallq/protocol';
import { hashPassword, newToken, tokenHash, verifyPassword } from '../auth/secrets.ts';
import type { HubDatabase } from '../db/open-database.ts';

export type UserRole = SessionUser['role'];

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  staff_number: string;
  role: UserRole;
  password_hash: Buffer;
  password_salt: Buffer;
  disabled: number;
}

interface DeviceRow {
  id: string;
  kind: DeviceKind;
  name: string;
  window_id: string | null;
  zone: string | null;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
  status: string | null;
}

export interface DeviceRecord {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly windowId: string | null;
  readonly zone: string | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastSeenAt: number | null;
  readonly components: DeviceComponentStatus[];
}

const userFromRow = (r: UserRow): SessionUser & { disabled: boolean } => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  staffNumber: r.staff_number,
  role: r.role,
  disabled: r.disabled === 1,
});

const deviceFromRow = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  windowId: r.window_id,
  zone: r.zone,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
  components: r.status ? (JSON.parse(r.status) as DeviceComponentStatus[]) : [],
});

export const deviceView = (d: DeviceRecord, online: boolean): DeviceView => ({
  id: d.id,
  kind: d.kind,
  name: d.name,
  windowId: d.windowId,
  zone: d.zone,
  createdAt: d.createdAt,
  revokedAt: d.revokedAt,
  lastSeenAt: d.lastSeenAt,
  online,
});

export interface SessionRecord {
  readonly userId: string;
  readonly windowId: string | null;
  readonly expiresAt: number;
}

/** People (clerks, supervisors, admins), their sessions, and the hall's registered devices. */
export function createAccounts(db: HubDatabase) {
  const userByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const userById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const deviceByToken = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash = ?');
  const deviceById = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?');
  const sessionByToken = db.prepare<
    [string],
    { user_id: string; window_id: string | null; expires_at: number; revoked_at: number | null }
  >('SELECT user_id, window_id, expires_at, revoked_at FROM sessions WHERE token_hash = ?');

  return {
    async addUser(input: {
      username: string;
      displayName: string;
      staffNumber: string;
      password: string;
      role: UserRole;
      now: number;
    }): Promise<SessionUser> {
      const { hash, salt } = await hashPassword(input.password);
      const id = randomUUID();
      db.prepare(
        `INSERT INTO users (id, username, display_name, staff_number, role, password_hash, password_salt, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, input.username, input.displayName, input.staffNumber, input.role, hash, salt, input.now);
      return {
        id,
        username: input.username,
        displayName: input.displayName,
        staffNumber: input.staffNumber,
        role: input.role,
      };
    },
    hasUsername(username: string): boolean {
      return userByName.get(username) !== undefined;
    },
    hasAdmin(): boolean {
      return (
        db.prepare("SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0 LIMIT 1").get() !== undefined
      );
    },
    /** The user when the password matches an enabled account; null otherwise (which one is never said). */
    async checkPassword(username: string, password: string): Promise<SessionUser | null> {
      const row = userByName.get(username);
      if (!row) {
        // Spend the same time as a real check so that timing does not tell which usernames exist.
        await hashPassword(password);
        return null;
      }
      const ok = await verifyPassword(password, row.password_hash, row.password_salt);
      if (!ok || row.disabled === 1) return null;
      const { disabled: _disabled, ...user } = userFromRow(row);
      return user;
    },
    user(id: string): (SessionUser & { disabled: boolean }) | null {
      const row = userById.get(id);
      return row ? userFromRow(row) : null;
    },
    users(): (SessionUser & { disabled: boolean })[] {
      return db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username').all().map(userFromRow);
    },
    createSession(
      userId: string,
      windowId: string | null,
      now: number,
      ttlMs: number,
    ): { token: string; expiresAt: number } {
      const token = newToken();
      const expiresAt = now + ttlMs;
      db.prepare(
        'INSERT INTO sessions (token_hash, user_id, window_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ).run(tokenHash(token), userId, windowId, now, expiresAt);
      return { token, expiresAt };
    },
    session(token: string, now: number): SessionRecord | null {
      const row = sessionByToken.get(tokenHash(token));
      if (!row || row.revoked_at !== null || row.expires_at <= now) return null;
      return { userId: row.user_id, windowId: row.window_id, expiresAt: row.expires_at };
    },
    setSessionWindow(token: string, windowId: string | null): void {
      db.prepare('UPDATE sessions SET window_id = ? WHERE token_hash = ?').run(windowId, tokenHash(token));
    },
    revokeSession(token: string, now: number): void {
      db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?').run(now, tokenHash(token));
    },
    addDevice(input: {
      kind: DeviceKind;
      name: string;
      windowId: string | null;
      zone: string | null;
      now: number;
    }): {
      device: DeviceRecord;
      token: string;
    } {
      const token = newToken();
      const id = randomUUID();
      db.prepare(
        'INSERT INTO devices (id, kind, name, window_id, zone, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(id, input.kind, input.name, input.windowId, input.zone, tokenHash(token), input.now);
      return { device: deviceFromRow(deviceById.get(id)!), token };
    },
    /** The device a token belongs to, if it was never revoked. */
    deviceByToken(token: string): DeviceRecord | null {
      const row = deviceByToken.get(tokenHash(token));
      return row && row.revoked_at === null ? deviceFromRow(row) : null;
    },
    device(id: string): DeviceRecord | null {
      const row = deviceById.get(id);
      return row ? deviceFromRow(row) : null;
    },
    devices(): DeviceRecord[] {
      return db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY created_at').all().map(deviceFromRow);
    },
    revokeDevice(id: string, now: number): DeviceRecord | null {
      db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id);
      const row = deviceById.get(id);
      return row ? deviceFromRow(row) : null;
    },
    touchDevice(id: string, now: number, components?: DeviceComponentStatus[]): void {
      if (components) {
        db.prepare('UPDATE devices SET last_seen_at = ?, status = ? WHERE id = ?').run(
          now,
          JSON.stringify(components),
          id,
        );
      } else {
        db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(now, id);
      }
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
