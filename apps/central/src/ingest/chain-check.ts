import { hash } from 'node:crypto';
import type { CentralLogEntry, CentralRefusalCode } from '@hallq/protocol';

/** Where a hall's chain stands at the centre. */
export interface ChainCursor {
  readonly storedThrough: number;
  readonly lastHash: string;
}

export type BatchVerdict =
  | { readonly ok: true; readonly fresh: readonly CentralLogEntry[] }
  | {
      readonly ok: false;
      readonly refused: CentralRefusalCode;
      readonly entryId: number | null;
      readonly message: string;
    };

/**
 * The hub's entryHash (apps/hub/src/store/event-log.ts), the same canonical JSON, for an entry as the centre
 * receives it: the fields read one by one (no copy of the entry without its hash and rating) and hashed in one
 * call (no Hash object per entry). It runs once for every entry the centre stores; chain-check.test.ts holds it
 * to the hub's.
 */
export function receivedEntryHash(entry: CentralLogEntry): string {
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
  return hash('sha256', canonical, 'hex');
}

const refuse = (refused: CentralRefusalCode, entryId: number | null, message: string): BatchVerdict => ({
  ok: false,
  refused,
  entryId,
  message,
});

/**
 * Where the first entry of `entries[from, to)` whose content does not hash to what it claims is, or -1: the costly
 * part of the check (a SHA-256 an entry), so the ingest may run it while PostgreSQL takes in the batch.
 */
export function firstAlteredIndex(
  entries: readonly CentralLogEntry[],
  from = 0,
  to = entries.length,
): number {
  for (let i = from; i < to; i += 1) {
    const entry = entries[i]!;
    if (receivedEntryHash(entry) !== entry.hash) return i;
  }
  return -1;
}

/**
 * Checks a batch against the chain the centre holds for the hall, with the same hash the hub computed
 * (apps/hub/src/store/event-log.ts). Entries the centre already has must be the very same (a repeat is fine, a
 * different entry under a stored id is `rewritten`); the new ones must start right after the stored end, link to
 * it (else `fork`), follow each other without a hole (`gap`) and hash to what they claim (`altered`). Returns the
 * new entries to store. `storedHashes`: the centre's hashes of the batch's ids it already holds. `firstAltered`:
 * what firstAlteredIndex says of the whole batch, when it was computed already (-1 checks everything but the
 * hashes, for the ingest to run them beside the COPY).
 */
export function checkBatch(
  cursor: ChainCursor,
  entries: readonly CentralLogEntry[],
  storedHashes: ReadonlyMap<number, string>,
  firstAltered?: number,
): BatchVerdict {
  for (let i = 1; i < entries.length; i += 1) {
    const [before, entry] = [entries[i - 1]!, entries[i]!];
    if (entry.id !== before.id + 1) {
      return refuse('gap', before.id + 1, `entry ${before.id + 1} is missing from the hall's log`);
    }
    if (entry.prevHash !== before.hash) {
      return refuse('altered', entry.id, `entry ${entry.id} does not link to the entry before it`);
    }
  }
  const altered = firstAltered ?? firstAlteredIndex(entries);
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i]!;
    if (i === altered) {
      return refuse(
        'altered',
        entry.id,
        `entry ${entry.id} was altered: its content does not match its hash`,
      );
    }
    const stored = storedHashes.get(entry.id);
    if (entry.id <= cursor.storedThrough && stored !== entry.hash) {
      return refuse('rewritten', entry.id, `entry ${entry.id} differs from the one the centre stored`);
    }
  }
  const fresh = entries.filter((e) => e.id > cursor.storedThrough);
  const first = fresh[0];
  if (first === undefined) return { ok: true, fresh };
  if (first.id > cursor.storedThrough + 1) {
    return refuse('ahead', null, `the centre holds entries up to ${cursor.storedThrough}; send from there`);
  }
  if (first.prevHash !== cursor.lastHash) {
    return refuse('fork', first.id, `entry ${first.id} does not continue the chain the centre holds`);
  }
  return { ok: true, fresh };
}
