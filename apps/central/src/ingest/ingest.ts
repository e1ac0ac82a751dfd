import type { CentralAck, CentralLogEntry, CentralRefusal } from '@hallq/protocol';
import type { Pool, PoolClient } from 'pg';
import type { Partitions } from '../db/partitions.ts';
import { type BatchVerdict, type ChainCursor, checkBatch, firstAlteredIndex } from './chain-check.ts';
import { startCopyEvents } from './copy-rows.ts';
import { hallTailOf } from './hall-tail.ts';

/**
 * Work done with the batch's new entries inside its transaction (the projections). It is called while the COPY of
 * those entries is still under way: its statements on `client` queue behind the COPY (and see its rows), and its
 * own JavaScript runs meanwhile. Nothing it does stays if the batch is refused or fails: the transaction is
 * rolled back.
 */
export type OnStored = (
  client: PoolClient,
  hallId: string,
  fresh: readonly CentralLogEntry[],
) => Promise<void>;

export type IngestOutcome =
  | { readonly ok: true; readonly ack: CentralAck; readonly stored: number }
  | { readonly ok: false; readonly refusal: CentralRefusal };

/** Entries hashed between two turns of the event loop while the COPY runs: about a millisecond of work. */
const HASH_SLICE = 250;

/** firstAlteredIndex over the whole batch in slices, yielding before each so the connection's I/O goes on. */
async function firstAlteredYielding(entries: readonly CentralLogEntry[]): Promise<number> {
  for (let from = 0; from < entries.length; from += HASH_SLICE) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const altered = firstAlteredIndex(entries, from, Math.min(from + HASH_SLICE, entries.length));
    if (altered !== -1) return altered;
  }
  return -1;
}

/**
 * Checks the batch and, when it may be stored, stores its new entries and their projections (in the caller's
 * transaction; the caller commits or rolls back). Every chain rule but the hashes is checked first; then the
 * rows go to PostgreSQL by COPY, and while PostgreSQL takes them in, the projections fold the batch (their
 * statements queue behind the COPY on the connection) and the hashes, the costly part of the check, are
 * computed. A batch with an entry that does not hash to what it claims is refused exactly as before (the caller
 * rolls everything back). The verdict is the one checkBatch gives for the whole batch; `stored` says whether
 * the new entries and their projections were written.
 */
async function checkAndStore(
  client: PoolClient,
  hallId: string,
  cursor: ChainCursor,
  entries: readonly CentralLogEntry[],
  storedHashes: ReadonlyMap<number, string>,
  onStored: OnStored | undefined,
): Promise<BatchVerdict> {
  const unhashed = checkBatch(cursor, entries, storedHashes, -1);
  if (!unhashed.ok || unhashed.fresh.length === 0) return checkBatch(cursor, entries, storedHashes);
  const fresh = unhashed.fresh;
  const copy = startCopyEvents(client, hallId, fresh);
  // Both are awaited below whatever happens; until then a failure is not an unhandled rejection.
  copy.done.catch(() => undefined);
  await copy.sent;
  const projecting = onStored ? onStored(client, hallId, fresh) : Promise.resolve();
  projecting.catch(() => undefined);
  const altered = await firstAlteredYielding(entries);
  const [copied, projected] = await Promise.allSettled([copy.done, projecting]);
  if (altered !== -1) return checkBatch(cursor, entries, storedHashes, altered);
  // The COPY's own error first: the projections' statements fail after it only because it did.
  if (copied.status === 'rejected') throw copied.reason;
  if (projected.status === 'rejected') throw projected.reason;
  return unhashed;
}

/**
 * Stores a hall's batch: once per (hall, entry id), in chain order, under the lock of the hall's cursor row so two
 * batches of one hall never interleave (batches of different halls run side by side). The entries, the
 * projections and the cursor commit together: a centre killed mid-batch has stored all of it or none. A batch
 * that breaks the chain is refused and an alert stored (once per hall, kind and entry while it is open).
 */
export function createIngest(deps: { pool: Pool; partitions: Partitions; onStored?: OnStored }) {
  const { pool, partitions } = deps;

  async function ackOf(client: PoolClient | Pool, hallId: string): Promise<CentralAck> {
    const row = await client.query<{ stored_through: number; last_hash: string }>(
      'SELECT stored_through, last_hash FROM hall_cursors WHERE hall_id = $1',
      [hallId],
    );
    const cursor = row.rows[0];
    if (!cursor) throw new Error(`hall ${hallId} has no cursor`);
    return { hallId, storedThrough: cursor.stored_through, lastHash: cursor.last_hash };
  }

  async function raiseAlert(hallId: string, kind: string, entryId: number | null, detail: string) {
    await pool.query(
      `INSERT INTO chain_alerts (hall_id, kind, entry_id, detail)
       SELECT $1, $2, $3, $4 WHERE NOT EXISTS (
         SELECT 1 FROM chain_alerts WHERE hall_id = $1 AND kind = $2 AND entry_id IS NOT DISTINCT FROM $3
           AND resolved_at IS NULL)`,
      [hallId, kind, entryId, detail],
    );
  }

  async function ingest(hallId: string, entries: readonly CentralLogEntry[]): Promise<IngestOutcome> {
    if (entries.length > 0) await partitions.ensureFor(entries.map((e) => e.at));
    const client = await pool.connect();
    let outcome: IngestOutcome;
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ stored_through: number; last_hash: string }>(
        'SELECT stored_through, last_hash FROM hall_cursors WHERE hall_id = $1 FOR UPDATE',
        [hallId],
      );
      const cursor = locked.rows[0];
      if (!cursor) throw new Error(`hall ${hallId} has no cursor`);
      const repeated = entries.filter((e) => e.id <= cursor.stored_through).map((e) => e.id);
      const storedHashes = new Map<number, string>();
      if (repeated.length > 0) {
        const rows = await client.query<{ entry_id: number; hash: string }>(
          'SELECT entry_id, hash FROM events WHERE hall_id = $1 AND entry_id = ANY($2::bigint[])',
          [hallId, repeated],
        );
        for (const r of rows.rows) storedHashes.set(r.entry_id, r.hash);
      }
      const verdict = await checkAndStore(
        client,
        hallId,
        { storedThrough: cursor.stored_through, lastHash: cursor.last_hash },
        entries,
        storedHashes,
        deps.onStored,
      );
      const ackNow: CentralAck = { hallId, storedThrough: cursor.stored_through, lastHash: cursor.last_hash };
      if (!verdict.ok) {
        await client.query('ROLLBACK');
        outcome = {
          ok: false,
          refusal: {
            refused: verdict.refused,
            message: verdict.message,
            entryId: verdict.entryId,
            ack: ackNow,
          },
        };
      } else if (verdict.fresh.length === 0) {
        await client.query('COMMIT');
        outcome = { ok: true, ack: ackNow, stored: 0 };
      } else {
        const fresh = verdict.fresh;
        const last = fresh[fresh.length - 1]!;
        await client.query(
          `UPDATE hall_cursors SET stored_through = $2, last_hash = $3, last_received_at = now(),
             last_event_at = GREATEST(last_event_at, timestamptz 'epoch' + $4 * interval '1 millisecond')
           WHERE hall_id = $1`,
          [hallId, last.id, last.hash, Math.max(...fresh.map((e) => e.at))],
        );
        await client.query('COMMIT');
        outcome = {
          ok: true,
          ack: { hallId, storedThrough: last.id, lastHash: last.hash },
          stored: fresh.length,
        };
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A connection that failed mid-query is not given back to the pool.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    client.release();
    if (!outcome.ok && outcome.refusal.refused !== 'ahead') {
      await raiseAlert(hallId, outcome.refusal.refused, outcome.refusal.entryId, outcome.refusal.message);
    }
    return outcome;
  }

  return {
    ingest,
    /** Where the centre stands for the hall. */
    ack: (hallId: string) => ackOf(pool, hallId),
    /**
     * What an empty batch (a hub's hello) is answered with: where the centre stands, and what the hall had handed
     * out as far as that goes (a hub whose storage lost commits numbers past it). One snapshot: a batch of the
     * same hall committing meanwhile cannot pair one end with another's tail.
     */
    async hello(hallId: string): Promise<CentralAck> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const ack = await ackOf(client, hallId);
        const tail = await hallTailOf(client, hallId);
        await client.query('COMMIT');
        client.release();
        return { ...ack, tail };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    /** The hall's open chain alerts, newest first. */
    async openAlerts(hallId: string) {
      const rows = await pool.query<{ kind: string; entry_id: number | null; detail: string }>(
        `SELECT kind, entry_id, detail FROM chain_alerts WHERE hall_id = $1 AND resolved_at IS NULL ORDER BY id DESC`,
        [hallId],
      );
      return rows.rows.map((r) => ({ kind: r.kind, entryId: r.entry_id, detail: r.detail }));
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
