import type { LostCommitsView } from '@hallq/protocol';
import type { HighWaterMark } from './high-water-mark.ts';
import type { HubDatabase } from './open-database.ts';

/**
 * Someone who remembers where the hall's log stood: the local high-water mark file today; the city centre,
 * which holds each hall's chain, is the next one (it will answer asynchronously, once connected, and its
 * verdict goes through the same `findLostCommits`). Each witness gives the newest tail it saw.
 */
export interface TailWitness {
  readonly name: string;
  tail(): HighWaterMark | null;
}

/**
 * Compares the database with a witnessed mark. The database may be at the mark or ahead of it (a crash between
 * a commit and the mark's write); behind it, or holding a different entry at the mark's position, means the
 * storage lost commits it had acknowledged. Returns what was lost, or null.
 */
export function findLostCommits(
  db: HubDatabase,
  mark: HighWaterMark,
  now: number,
  witness = 'high-water mark',
): LostCommitsView | null {
  if (mark.eventId === 0) return null;
  const atMark = db
    .prepare<[number], { hash: string }>('SELECT hash FROM events WHERE id = ?')
    .get(mark.eventId);
  if (atMark?.hash === mark.hash) return null;
  const lastId =
    db.prepare<[], { id: number }>('SELECT id FROM events ORDER BY id DESC LIMIT 1').get()?.id ?? 0;
  const lastSeq =
    db.prepare<[], { seq: number | null }>('SELECT MAX(hall_seq) AS seq FROM events').get()?.seq ?? 0;
  const base = {
    detectedAt: now,
    hallSeqs: mark.hallSeq > lastSeq ? { from: lastSeq + 1, to: mark.hallSeq } : null,
    businessDay: mark.businessDay,
    lastSequence: { ...mark.lastSequence },
  };
  if (!atMark) {
    return {
      ...base,
      eventIds: { from: lastId + 1, to: mark.eventId },
      reason: `the database ends at event ${lastId}; the ${witness} says event ${mark.eventId} was committed`,
    };
  }
  return {
    ...base,
    eventIds: { from: mark.eventId, to: mark.eventId },
    reason: `event ${mark.eventId} in the database is not the one the ${witness} recorded (the file was replaced or rolled back)`,
  };
}

/** A mark file as a witness. */
export function markWitness(read: () => HighWaterMark | null): TailWitness {
  return { name: 'high-water mark', tail: read };
}
