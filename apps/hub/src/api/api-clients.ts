import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type ApiClientView, type ApiScope, DEFAULT_API_RATE_LIMIT } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';

interface ClientRow {
  id: string;
  name: string;
  scopes: string;
  secret_hash: string;
  rate_per_second: number;
  burst: number;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

const viewOf = (r: ClientRow): ApiClientView => ({
  id: r.id,
  name: r.name,
  scopes: JSON.parse(r.scopes) as ApiScope[],
  ratePerSecond: r.rate_per_second,
  burst: r.burst,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

/** The secret is 256 random bits, so one SHA-256 is enough to keep it (no salt or slow hash as for a password). */
const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** `ac_` and 16 hex characters: the part of a token a log or the audit trail may show. */
const CLIENT_ID = /^ac_[0-9a-f]{16}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/**
 * Clients of the open API: who they are, what they may do (scopes) and the hash of their secret. The token an
 * admin hands to the outside system is `<client id>.<secret>`; it is shown once, when the client is added.
 */
export function createApiClients(db: HubDatabase) {
  const byId = db.prepare<[string], ClientRow>('SELECT * FROM api_clients WHERE id = ?');
  const touch = db.prepare<[number, string]>('UPDATE api_clients SET last_used_at = ? WHERE id = ?');
  return {
    /** Writes the new client (call inside the audited write); returns it with its token. */
    add(input: {
      name: string;
      scopes: readonly ApiScope[];
      ratePerSecond?: number | undefined;
      burst?: number | undefined;
      now: number;
    }) {
      const id = `ac_${randomBytes(8).toString('hex')}`;
      const secret = randomBytes(32).toString('base64url');
      db.prepare(`
        INSERT INTO api_clients (id, name, scopes, secret_hash, rate_per_second, burst, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
        id,
        input.name,
        JSON.stringify(input.scopes),
        hashSecret(secret).toString('hex'),
        input.ratePerSecond ?? DEFAULT_API_RATE_LIMIT.ratePerSecond,
        input.burst ?? DEFAULT_API_RATE_LIMIT.burst,
        input.now,
      );
      return { client: viewOf(byId.get(id)!), token: `${id}.${secret}` };
    },
    get(id: string): ApiClientView | null {
      const row = byId.get(id);
      return row ? viewOf(row) : null;
    },
    list: (): ApiClientView[] =>
      db.prepare<[], ClientRow>('SELECT * FROM api_clients ORDER BY created_at, id').all().map(viewOf),
    revoke(id: string, now: number): void {
      db.prepare('UPDATE api_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id);
    },
    /** Writes a new rate limit (call inside the audited write); the router reads it on the next request. */
    setLimit(id: string, limit: { ratePerSecond: number; burst: number }): void {
      db.prepare('UPDATE api_clients SET rate_per_second = ?, burst = ? WHERE id = ?').run(
        limit.ratePerSecond,
        limit.burst,
        id,
      );
    },
    touch(id: string, now: number): void {
      touch.run(now, id);
    },
    /**
     * The client a bearer token belongs to, or why not. The comparison of hashes takes the same time whatever
     * the secret, so timing tells nothing about it.
     */
    authenticate(
      token: string,
    ): { ok: true; client: ApiClientView } | { ok: false; clientId: string | null } {
      const dot = token.indexOf('.');
      const id = token.slice(0, dot);
      const secret = token.slice(dot + 1);
      if (dot < 0 || !CLIENT_ID.test(id)) return { ok: false, clientId: null };
      const row = byId.get(id);
      if (!row || !SECRET.test(secret)) return { ok: false, clientId: row ? id : null };
      const stored = Buffer.from(row.secret_hash, 'hex');
      if (!timingSafeEqual(stored, hashSecret(secret)) || row.revoked_at !== null) {
        return { ok: false, clientId: id };
      }
      return { ok: true, client: viewOf(row) };
    },
  };
}

export type ApiClients = ReturnType<typeof createApiClients>;
