import type { LostCommitsView } from '@hallq/protocol';
import type { HighWaterMark } from './high-water-mark.ts';
import type { HubDatabase } from './open-database.ts';

/**
 * Who remembers where the hall's log stood: the local high-water mark file, read at start, and the city centre,
 * which holds each hall's chain and answers once connected (apps/hub/src/central/centre-witness.ts). Both give
 * a mark and go through `findLostCommits`; the hall service records what either finds in one way.
 */
export type WitnessName = 'high-water mark' | 'city centre';

/** Where the database's log ended before this run wrote to it: what a witness's mark is compared with. */
export interface LogEnd {
  readonly eventId: number;
  readonly hallSeq: number;
}

export function logEndOf(db: HubDatabase): LogEnd {
  return {
    eventId: db.prepare<[], { id: number }>('SELECT id FROM events ORDER BY id DESC LIMIT 1').get()?.id ?? 0,
    hallSeq:
      db.prepare<[], { seq: number | null }>('SELECT MAX(hall_seq) AS seq FROM events').get()?.seq ?? 0,
  };
}

/**
 * Compares the database with a witnessed mark. The database may be at the mark or ahead of it (a crash between
 * a commit and the mark's write; a centre that has not been sent everything); behind it, or holding a different
 * entry at the mark's position, means the storage lost commits it had acknowledged. `end` is where the log ended
 * at start: a witness that answers later (the centre) may find entries written since under ids it knows, and
 * the loss is still counted from where the database ended. Returns what was lost, or null.
 */
export function findLostCommits(
  db: HubDatabase,
  mark: HighWaterMark,
  now: number,
  witness: WitnessName = 'high-water mark',
  end: LogEnd = logEndOf(db),
): LostCommitsView | null {
  if (mark.eventId === 0) return null;
  const atMark = db
    .prepare<[number], { hash: string }>('SELECT hash FROM events WHERE id = ?')
    .get(mark.eventId);
  if (atMark?.hash === mark.hash) return null;
  const base = {
    detectedAt: now,
    hallSeqs: mark.hallSeq > end.hallSeq ? { from: end.hallSeq + 1, to: mark.hallSeq } : null,
    businessDay: mark.businessDay,
    lastSequence: { ...mark.lastSequence },
  };
  if (mark.eventId > end.eventId) {
    return {
      ...base,
      eventIds: { from: end.eventId + 1, to: mark.eventId },
      reason: `the database ends at event ${end.eventId}; the ${witness} says event ${mark.eventId} was committed`,
    };
  }
  return {
    ...base,
    eventIds: { from: mark.eventId, to: mark.eventId },
    reason: `event ${mark.eventId} in the database is not the one the ${witness} recorded (the file was replaced or rolled back)`,
  };
}
