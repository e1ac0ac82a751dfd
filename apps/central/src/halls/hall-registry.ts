import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GENESIS_HASH } from '@hallq/hub/event-log';
import type { Pool } from 'pg';

export interface HallRecord {
  readonly hallId: string;
  readonly name: string;
  readonly region: string;
  readonly revoked: boolean;
}

/** Who a batch comes from: a registered hub with its own token, one whose credential was revoked, or nobody. */
export type HubIdentity = 'ok' | 'revoked' | 'unknown';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A hub's credential: 256 random bits, shown once at registration; the centre keeps only its hash. */
const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * The halls the centre knows, each with the credential of its hub. A revoked hub is refused until it is given a
 * new credential; what it stored before stays.
 */
export function createHallRegistry(pool: Pool) {
  return {
    /** Registers a hall (or gives a registered one a new credential); returns the hub's token. */
    async register(hall: { hallId: string; name: string; region: string }): Promise<string> {
      const token = newToken();
      await pool.query(
        `INSERT INTO halls (hall_id, name, region, credential_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (hall_id) DO UPDATE SET name = excluded.name, region = excluded.region,
           credential_hash = excluded.credential_hash, revoked_at = NULL`,
        [hall.hallId, hall.name, hall.region, hashOf(token)],
      );
      await pool.query(
        `INSERT INTO hall_cursors (hall_id, stored_through, last_hash) VALUES ($1, 0, $2)
         ON CONFLICT (hall_id) DO NOTHING`,
        [hall.hallId, GENESIS_HASH],
      );
      return token;
    },
    async revoke(hallId: string): Promise<boolean> {
      const result = await pool.query(
        'UPDATE halls SET revoked_at = now() WHERE hall_id = $1 AND revoked_at IS NULL',
        [hallId],
      );
      return (result.rowCount ?? 0) > 0;
    },
    /** Whether `token` is the hall's credential; a wrong token is `unknown`, whatever the hall. */
    async identify(hallId: string, token: string): Promise<HubIdentity> {
      const row = await pool.query<{ credential_hash: string; revoked: boolean }>(
        'SELECT credential_hash, revoked_at IS NOT NULL AS revoked FROM halls WHERE hall_id = $1',
        [hallId],
      );
      const hall = row.rows[0];
      if (!hall) return 'unknown';
      const given = Buffer.from(hashOf(token), 'hex');
      const kept = Buffer.from(hall.credential_hash, 'hex');
      if (given.length !== kept.length || !timingSafeEqual(given, kept)) return 'unknown';
      return hall.revoked ? 'revoked' : 'ok';
    },
    async list(): Promise<HallRecord[]> {
      const rows = await pool.query<{ hall_id: string; name: string; region: string; revoked: boolean }>(
        'SELECT hall_id, name, region, revoked_at IS NOT NULL AS revoked FROM halls ORDER BY hall_id',
      );
      return rows.rows.map((r) => ({
        hallId: r.hall_id,
        name: r.name,
        region: r.region,
        revoked: r.revoked,
      }));
    },
  };
}

export type HallRegistry = ReturnType<typeof createHallRegistry>;
