import type { HubDatabase } from '../db/open-database.ts';

interface FailureRow {
  failures: number;
  last_failed_at: number;
  locked_until: number;
}

/** How failed logins hold an address off a username: after how many, for how long, growing to what. */
export interface LockPolicy {
  /** Failures of one username from one address before the address is held off that username. */
  readonly lockAfter: number;
  /** The first hold; each further failure doubles it, up to `maxLockMs`. */
  readonly firstLockMs: number;
  readonly maxLockMs: number;
  /** Failures older than this are forgotten (the count starts again). */
  readonly forgetAfterMs: number;
}

export const DEFAULT_LOCK_POLICY: LockPolicy = {
  lockAfter: 5,
  firstLockMs: 60_000,
  maxLockMs: 3_600_000,
  forgetAfterMs: 86_400_000,
};

/**
 * Failed logins per (username, source address), in the database so that `hallctl clerk unlock` on the hub's
 * machine can clear them while the hub runs, and so that a restart does not reset them. A lock holds one
 * address off one username for a while: the admin can still sign in from any other address, and no lock lasts.
 */
export function createLoginFailures(db: HubDatabase, policy: LockPolicy = DEFAULT_LOCK_POLICY) {
  const get = db.prepare<[string, string], FailureRow>(
    'SELECT failures, last_failed_at, locked_until FROM login_failures WHERE username = ? AND address = ?',
  );
  const upsert = db.prepare<[string, string, number, number, number]>(
    `INSERT INTO login_failures (username, address, failures, last_failed_at, locked_until) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (username, address) DO UPDATE SET
       failures = excluded.failures, last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until`,
  );
  const clear = db.prepare<[string, string]>('DELETE FROM login_failures WHERE username = ? AND address = ?');
  const key = (username: string) => username.toLowerCase().slice(0, 64);

  return {
    /** Until when this address may not try this username (ms since the epoch), or null. */
    lockedUntil(username: string, address: string, now: number): number | null {
      const row = get.get(key(username), address);
      return row && row.locked_until > now ? row.locked_until : null;
    },
    /** Counts a failure; returns the lock it causes (until when), or null. */
    fail(username: string, address: string, now: number): number | null {
      const row = get.get(key(username), address);
      const failures = row && now - row.last_failed_at < policy.forgetAfterMs ? row.failures + 1 : 1;
      const over = failures - policy.lockAfter;
      const lockedUntil =
        over >= 0 ? now + Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(over, 30)) : 0;
      upsert.run(key(username), address, failures, now, lockedUntil);
      return lockedUntil > 0 ? lockedUntil : null;
    },
    succeed(username: string, address: string): void {
      clear.run(key(username), address);
    },
    /** `hallctl clerk unlock`: every address may try this username again. Returns how many addresses it clears. */
    unlock(username: string): number {
      return db.prepare('DELETE FROM login_failures WHERE username = ?').run(key(username)).changes;
    },
    /** Forgets failures nobody repeated for a day, so the table stays small. */
    prune(now: number): void {
      db.prepare('DELETE FROM login_failures WHERE last_failed_at < ? AND locked_until < ?').run(
        now - policy.forgetAfterMs,
        now,
      );
    },
  };
}

export type LoginFailures = ReturnType<typeof createLoginFailures>;
