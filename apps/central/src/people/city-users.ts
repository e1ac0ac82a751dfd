import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

export type CityRole = 'city-admin' | 'city-supervisor';

/** Who reads the centre: a role, and the region they see (null: every hall). */
export interface CityUser {
  readonly username: string;
  readonly role: CityRole;
  readonly region: string | null;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The people of the city's 政务服务管理办公室 who read the centre, each with an API token (shown once, kept as a
 * hash) and a scope: all halls, or the halls of one region.
 */
export function createCityUsers(pool: Pool) {
  return {
    /** Adds the user (or gives an existing one a new token and scope); returns the token. */
    async add(user: CityUser): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await pool.query(
        `INSERT INTO city_users (username, role, region, token_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO UPDATE SET role = excluded.role, region = excluded.region,
           token_hash = excluded.token_hash, disabled_at = NULL`,
        [user.username, user.role, user.region, hashOf(token)],
      );
      return token;
    },
    async disable(username: string): Promise<void> {
      await pool.query('UPDATE city_users SET disabled_at = now() WHERE username = $1', [username]);
    },
    /** The user a token belongs to, or null (unknown, or disabled). */
    async identify(token: string): Promise<CityUser | null> {
      const rows = await pool.query<{ username: string; role: CityRole; region: string | null }>(
        'SELECT username, role, region FROM city_users WHERE token_hash = $1 AND disabled_at IS NULL',
        [hashOf(token)],
      );
      return rows.rows[0] ?? null;
    },
  };
}

export type CityUsers = ReturnType<typeof createCityUsers>;
