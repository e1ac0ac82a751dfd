import { randomUUID } from 'node:crypto';
import type { DeviceComponentStatus, DeviceKind, DeviceView, SessionUser } from '@hallq/protocol';
import {
  costText,
  hashPassword,
  type KeyDerivation,
  newToken,
  PASSWORD_COST,
  parseCost,
  type ScryptCost,
  sameCost,
  tokenHash,
  verifyPassword,
} from '../auth/secrets.ts';
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
  password_cost: string | null;
  must_change_password: number;
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
  /** The device the session was opened on; null for a browser or hallctl without one. */
  readonly deviceId: string | null;
  /** The source address it was opened from (what binds a session that has no device). */
  readonly address: string | null;
}

/** Where a session is opened: the device of the connection and its source address. */
export interface SessionOrigin {
  readonly deviceId: string | null;
  readonly address: string;
}

/** A password that matched: who, whether it must be replaced now, and whether its hash is of an older cost. */
export interface PasswordMatch {
  readonly user: SessionUser;
  readonly mustChangePassword: boolean;
  readonly outdatedHash: boolean;
}

/**
 * People (clerks, supervisors, admins), their sessions, and the hall's registered devices. `passwordCost` is
 * for tests only (a lower scrypt cost to stay fast); the hub runs at PASSWORD_COST.
 */
export function createAccounts(db: HubDatabase, options: { passwordCost?: ScryptCost } = {}) {
  const passwordCost = options.passwordCost ?? PASSWORD_COST;
  const userByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const userById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const deviceByToken = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash = ?');
  const deviceById = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?');
  const sessionByToken = db.prepare<
    [string],
    {
      user_id: string;
      window_id: string | null;
      expires_at: number;
      revoked_at: number | null;
      device_id: string | null;
      address: string | null;
    }
  >(
    'SELECT user_id, window_id, expires_at, revoked_at, device_id, address FROM sessions WHERE token_hash = ?',
  );
  const updatePassword = db.prepare<[Buffer, Buffer, string, number, string]>(
    'UPDATE users SET password_hash = ?, password_salt = ?, password_cost = ?, must_change_password = ? WHERE id = ?',
  );

  return {
    async addUser(input: {
      username: string;
      displayName: string;
      staffNumber: string;
      password: string;
      role: UserRole;
      now: number;
      /**
       * True when someone other than the person chose the password (first start, an admin's clerk:add): the
       * next login must replace it. Every account the hub creates for a person passes true; false is for
       * tests and benches that sign in with a fixed password.
       */
      mustChangePassword?: boolean;
    }): Promise<SessionUser> {
      const { hash, salt, cost } = await hashPassword(input.password, passwordCost);
      const id = randomUUID();
      db.prepare(
        `INSERT INTO users (id, username, display_name, staff_number, role, password_hash, password_salt,
                            password_cost, must_change_password, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        input.username,
        input.displayName,
        input.staffNumber,
        input.role,
        hash,
        salt,
        costText(cost),
        input.mustChangePassword ? 1 : 0,
        input.now,
      );
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
    /** The match when the password is right for an enabled account; null otherwise (which one is never said). */
    /** `derive`: where the key is derived (the libuv pool unless the caller says otherwise). */
    async checkPassword(
      username: string,
      password: string,
      derive?: KeyDerivation,
    ): Promise<PasswordMatch | null> {
      const row = userByName.get(username);
      if (!row) {
        // Spend the same time as a real check so that timing does not tell which usernames exist.
        await hashPassword(password, passwordCost, derive);
        return null;
      }
      const cost = parseCost(row.password_cost);
      const ok = await verifyPassword(password, row.password_hash, row.password_salt, cost, derive);
      if (!ok || row.disabled === 1) return null;
      const { disabled: _disabled, ...user } = userFromRow(row);
      return {
        user,
        mustChangePassword: row.must_change_password === 1,
        outdatedHash: !sameCost(cost, passwordCost),
      };
    },
    /**
     * Stores a new hash of a password (at the current cost). `mustChange`: someone else chose it (a reset), so
     * the person replaces it at their next login.
     */
    async setPassword(userId: string, password: string, mustChange: boolean): Promise<void> {
      const { hash, salt, cost } = await hashPassword(password, passwordCost);
      updatePassword.run(hash, salt, costText(cost), mustChange ? 1 : 0, userId);
    },
    /** A hash of a password for an UPDATE the caller makes in its own transaction (an audited reset). */
    hashForStorage: async (password: string) => {
      const { hash, salt, cost } = await hashPassword(password, passwordCost);
      return { hash, salt, cost: costText(cost) };
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
      origin: SessionOrigin,
    ): { token: string; expiresAt: number } {
      const token = newToken();
      const expiresAt = now + ttlMs;
      db.prepare(
        `INSERT INTO sessions (token_hash, user_id, window_id, created_at, expires_at, device_id, address)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(tokenHash(token), userId, windowId, now, expiresAt, origin.deviceId, origin.address);
      return { token, expiresAt };
    },
    session(token: string, now: number): SessionRecord | null {
      const row = sessionByToken.get(tokenHash(token));
      if (!row || row.revoked_at !== null || row.expires_at <= now) return null;
      return {
        userId: row.user_id,
        windowId: row.window_id,
        expiresAt: row.expires_at,
        deviceId: row.device_id,
        address: row.address,
      };
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
      // Sessions opened on the device end with it.
      db.prepare('UPDATE sessions SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(
        now,
        id,
      );
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
