import { createHash } from 'node:crypto';
import type { HubDatabase } from '../db/open-database.ts';

/** Who did something: a person, a device, an outside system through the open API, or the hub itself (the day change). */
export interface Actor {
  readonly kind: 'user' | 'device' | 'system' | 'api-client';
  readonly id: string | null;
  readonly deviceId: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, deviceId: null };

export interface LogEntry {
  readonly id: number;
  readonly hallSeq: number | null;
  readonly at: number;
  readonly type: string;
  readonly actorKind: string;
  readonly actorId: string | null;
  readonly deviceId: string | null;
  readonly payload: string;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The `meta` key of the log's anchor: the id and hash of its last entry, rewritten in the same transaction as
 * every append. A chain walk alone cannot see that its last rows were deleted; the anchor can.
 */
export const AUDIT_ANCHOR_KEY = 'audit_anchor';

/**
 * The `meta` key of the lowest hall sequence number the stream may continue from: set when the storage lost
 * acknowledged commits, so positions the lobby and counters already saw are never given to other changes.
 */
export const HALL_SEQ_FLOOR_KEY = 'hall_seq_floor';

/** The hash that chains an entry to the one before it: any change to a field, or to the order, breaks it. */
export function entryHash(entry: Omit<LogEntry, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.id,
    entry.hallSeq,
    entry.at,
    entry.type,
    entry.actorKind,
    entry.actorId,
    entry.deviceId,
    entry.payload,
    entry.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** An `events` row as SQLite returns it. */
export interface EventRow {
  id: number;
  hall_seq: number | null;
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  device_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

export const entryFromRow = (r: EventRow): LogEntry => ({
  id: r.id,
  hallSeq: r.hall_seq,
  at: r.at,
  type: r.type,
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  deviceId: r.device_id,
  payload: r.payload,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * The append-only event log (who, what, when), which is also the audit trail. Appends must run inside the
 * caller's transaction so the log and the change it records commit together.
 */
export function createEventLog(db: HubDatabase) {
  const last = db.prepare<[], { id: number; hash: string; hall_seq: number | null }>(
    'SELECT id, hash, hall_seq FROM events ORDER BY id DESC LIMIT 1',
  );
  const lastHallSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(hall_seq) AS seq FROM events');
  const insert = db.prepare(`
    INSERT INTO events (id, hall_seq, at, type, actor_kind, actor_id, device_id, payload, prev_hash, hash)
    VALUES (@id, @hallSeq, @at, @type, @actorKind, @actorId, @deviceId, @payload, @prevHash, @hash)`);

  const writeAnchor = db.prepare(
    `INSERT INTO meta (key, value) VALUES ('${AUDIT_ANCHOR_KEY}', ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );

  const readFloor = db.prepare<[], { value: string }>(
    `SELECT value FROM meta WHERE key = '${HALL_SEQ_FLOOR_KEY}'`,
  );
  const writeFloor = db.prepare(
    `INSERT INTO meta (key, value) VALUES ('${HALL_SEQ_FLOOR_KEY}', ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const storedHallSeq = () => Math.max(lastHallSeq.get()?.seq ?? 0, Number(readFloor.get()?.value ?? 0));

  let tail = last.get() ?? { id: 0, hash: GENESIS_HASH, hall_seq: null };
  let hallSeq = storedHallSeq();

  return {
    /** The position of the last change in the hall stream. */
    hallSeq: () => hallSeq,
    /** The log's last entry: what the high-water mark records. */
    tail: (): { id: number; hash: string } => ({ id: tail.id, hash: tail.hash }),
    /** Continues the hall stream after `seq` (inside the caller's transaction). */
    raiseHallSeqFloor(seq: number): void {
      if (seq <= hallSeq) return;
      writeFloor.run(String(seq));
      hallSeq = seq;
    },
    /** The id of the last entry appended (committed or still in the open batch). */
    lastId: () => tail.id,
    /**
     * Appends one entry. `inHallStream` entries get the next hall sequence number, which clients use to
     * notice a missed update. Returns that number (or null).
     */
    append(at: number, type: string, actor: Actor, payload: unknown, inHallStream: boolean): number | null {
      const base = {
        id: tail.id + 1,
        hallSeq: inHallStream ? hallSeq + 1 : null,
        at,
        type,
        actorKind: actor.kind,
        actorId: actor.id,
        deviceId: actor.deviceId,
        payload: JSON.stringify(payload),
        prevHash: tail.hash,
      };
      const hash = entryHash(base);
      insert.run({ ...base, hash });
      writeAnchor.run(JSON.stringify({ id: base.id, hash }));
      tail = { id: base.id, hash, hall_seq: base.hallSeq };
      if (base.hallSeq !== null) hallSeq = base.hallSeq;
      return base.hallSeq;
    },
    /** After a failed transaction the in-memory tail must go back to what the database holds. */
    reload(): void {
      tail = last.get() ?? { id: 0, hash: GENESIS_HASH, hall_seq: null };
      hallSeq = storedHallSeq();
    },
    entries(filter: { type?: string; fromId?: number; limit?: number } = {}): LogEntry[] {
      const rows = db
        .prepare<[string | null, string | null, number, number], EventRow>(
          'SELECT * FROM events WHERE (? IS NULL OR type = ?) AND id >= ? ORDER BY id LIMIT ?',
        )
        .all(filter.type ?? null, filter.type ?? null, filter.fromId ?? 0, filter.limit ?? 1000);
      return rows.map(entryFromRow);
    },
    /** The last `limit` entries of these types, oldest first: one index range per type, never the history. */
    recent(types: readonly string[], limit: number): LogEntry[] {
      const newest = db.prepare<[string, number], EventRow>(
        'SELECT * FROM events INDEXED BY events_type_id WHERE type = ? ORDER BY id DESC LIMIT ?',
      );
      return types
        .flatMap((type) => newest.all(type, limit))
        .sort((a, b) => b.id - a.id)
        .slice(0, limit)
        .map(entryFromRow)
        .reverse();
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;

export interface ChainVerdict {
  readonly ok: boolean;
  readonly checked: number;
  /** The first entry whose link is broken, and why. */
  readonly firstBroken: { readonly id: number; readonly reason: string } | null;
}

/** Walks the whole log and reports the first broken link: an altered, removed or reordered row. */
export function verifyEventChain(db: HubDatabase): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  for (const row of db.prepare<[], EventRow>('SELECT * FROM events ORDER BY id').iterate()) {
    const entry = entryFromRow(row);
    if (entry.id !== expectedId) {
      return { ok: false, checked, firstBroken: { id: entry.id, reason: `entry ${expectedId} is missing` } };
    }
    if (entry.prevHash !== prevHash) {
      return {
        ok: false,
        checked,
        firstBroken: { id: entry.id, reason: 'does not link to the entry before it' },
      };
    }
    const { hash, ...rest } = entry;
    if (entryHash(rest) !== hash) {
      return { ok: false, checked, firstBroken: { id: entry.id, reason: 'its content was altered' } };
    }
    prevHash = hash;
    expectedId += 1;
    checked += 1;
  }
  const anchored = readAnchor(db);
  const lastId = expectedId - 1;
  if (anchored === 'unreadable') {
    return {
      ok: false,
      checked,
      firstBroken: { id: lastId + 1, reason: 'the anchor of the log is unreadable' },
    };
  }
  if (anchored === null) {
    if (checked === 0) return { ok: true, checked, firstBroken: null };
    return {
      ok: false,
      checked,
      firstBroken: { id: lastId, reason: 'the anchor of the log is missing: its end cannot be confirmed' },
    };
  }
  if (anchored.id > lastId) {
    return {
      ok: false,
      checked,
      firstBroken: {
        id: lastId + 1,
        reason: `entries ${lastId + 1}–${anchored.id} were removed from the end of the log`,
      },
    };
  }
  if (anchored.id < lastId) {
    return {
      ok: false,
      checked,
      firstBroken: { id: anchored.id + 1, reason: 'entries after the anchor were added outside the hub' },
    };
  }
  if (anchored.hash !== prevHash) {
    return {
      ok: false,
      checked,
      firstBroken: { id: lastId, reason: 'the last entry does not match the anchor' },
    };
  }
  return { ok: true, checked, firstBroken: null };
}

function readAnchor(db: HubDatabase): { id: number; hash: string } | null | 'unreadable' {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(AUDIT_ANCHOR_KEY);
  if (!row) return null;
  try {
    const parsed = JSON.parse(row.value) as { id?: unknown; hash?: unknown };
    if (typeof parsed.id !== 'number' || typeof parsed.hash !== 'string') return 'unreadable';
    return { id: parsed.id, hash: parsed.hash };
  } catch {
    return 'unreadable';
  }
}
