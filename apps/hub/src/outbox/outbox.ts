import type { HubDatabase } from '../db/open-database.ts';
import { type EventRow, entryFromRow, type LogEntry } from '../store/event-log.ts';

/**
 * The hub's one outbox: the event log itself. Everything that leaves the hub (webhooks, SMS, the city centre)
 * is a consumer that reads the log by entry id from a durable cursor of its own, and moves the cursor only
 * after the receiver took what it was sent. The log entry is committed before anyone reads it, so nothing is
 * sent that the hall did not keep; a consumer that crashes before moving its cursor sends again (at least once,
 * the entry id making the retry recognisable). A slow or dead consumer only falls behind: no queue command ever
 * waits for it.
 */
export interface Outbox {
  /** Entries after the consumer's cursor and up to `upTo` (the last durable one), oldest first, at most `limit`. */
  read(consumer: string, limit: number, upTo: number): LogEntry[];
  /** The same from a position a consumer keeps itself (ahead of its durable cursor while it batches writes). */
  readAfter(afterId: number, limit: number, upTo: number): LogEntry[];
  /** The consumer's cursor: the id of the last entry it is done with (0 before the first). */
  cursor(consumer: string): number;
  /** Moves the cursor forward (never back: a late acknowledgement of an older entry changes nothing). */
  advance(consumer: string, entryId: number, now: number): void;
  /** Sets the cursor anywhere, for an admin's replay from a sequence number. */
  rewind(consumer: string, entryId: number, now: number): void;
  /** How far behind the consumer is: entries not yet done, and the age of the oldest of them. */
  lag(consumer: string, now: number): ConsumerLag;
  /** Every consumer with a cursor, and its lag. */
  consumers(now: number): (ConsumerLag & { readonly consumer: string })[];
  /** Registers a consumer at the log's current end (it starts with what happens from now on). */
  registerAtEnd(consumer: string, now: number): void;
  /** Forgets a consumer (a deleted subscription). */
  remove(consumer: string): void;
}

export interface ConsumerLag {
  readonly cursor: number;
  readonly behind: number;
  /** Seconds since the oldest entry the consumer has not done yet was written; 0 when it is up to date. */
  readonly seconds: number;
}

export function createOutbox(db: HubDatabase): Outbox {
  const readAfter = db.prepare<[number, number, number], EventRow>(
    'SELECT * FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?',
  );
  const getCursor = db.prepare<[string], { last_id: number }>(
    'SELECT last_id FROM outbox_cursors WHERE consumer = ?',
  );
  const upsertForward = db.prepare<[string, number, number]>(`
    INSERT INTO outbox_cursors (consumer, last_id, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (consumer) DO UPDATE SET last_id = MAX(last_id, excluded.last_id), updated_at = excluded.updated_at`);
  const upsertAny = db.prepare<[string, number, number]>(`
    INSERT INTO outbox_cursors (consumer, last_id, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (consumer) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at`);
  const lastId = db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM events');
  const firstAfter = db.prepare<[number], { at: number }>(
    'SELECT at FROM events WHERE id > ? ORDER BY id LIMIT 1',
  );
  const all = db.prepare<[], { consumer: string; last_id: number }>(
    'SELECT consumer, last_id FROM outbox_cursors ORDER BY consumer',
  );
  const deleteCursor = db.prepare<[string]>('DELETE FROM outbox_cursors WHERE consumer = ?');

  const cursor = (consumer: string) => getCursor.get(consumer)?.last_id ?? 0;
  const lagAt = (position: number, now: number): ConsumerLag => {
    const end = lastId.get()?.id ?? 0;
    const oldest = position < end ? firstAfter.get(position) : undefined;
    return {
      cursor: position,
      behind: Math.max(0, end - position),
      seconds: oldest ? Math.max(0, Math.round((now - oldest.at) / 1000)) : 0,
    };
  };

  return {
    read: (consumer, limit, upTo) => readAfter.all(cursor(consumer), upTo, limit).map(entryFromRow),
    readAfter: (afterId, limit, upTo) => readAfter.all(afterId, upTo, limit).map(entryFromRow),
    cursor,
    advance(consumer, entryId, now) {
      upsertForward.run(consumer, entryId, now);
    },
    rewind(consumer, entryId, now) {
      upsertAny.run(consumer, Math.max(0, entryId), now);
    },
    lag: (consumer, now) => lagAt(cursor(consumer), now),
    consumers: (now) => all.all().map((row) => ({ consumer: row.consumer, ...lagAt(row.last_id, now) })),
    registerAtEnd(consumer, now) {
      if (getCursor.get(consumer) === undefined) upsertAny.run(consumer, lastId.get()?.id ?? 0, now);
    },
    remove(consumer) {
      deleteCursor.run(consumer);
    },
  };
}
