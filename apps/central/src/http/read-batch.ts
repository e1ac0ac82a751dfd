import {
  CENTRAL_BATCH_MAX_ENTRIES,
  CentralBatch,
  type CentralLogEntry,
  type CentralRatingDetail,
} from '@hallq/protocol';

/** What the protocol's schema says is wrong with a batch it refuses. */
type BatchIssues = NonNullable<ReturnType<typeof CentralBatch.safeParse>['error']>['issues'];

export type BatchReading =
  | { readonly ok: true; readonly batch: CentralBatch }
  | { readonly ok: false; readonly issues: BatchIssues };

/*
 * The protocol's zod schema (CentralBatch) is the authority on what a batch is. Checking it costs a few
 * microseconds an entry, a large share of the centre's work per entry, so the bulk path first checks the very
 * same rules by hand, on the parsed JSON as it is: a batch that passes is one the schema accepts, unchanged (no
 * key it would strip, nothing it would convert). Anything the hand check does not pass, zod reads: it decides,
 * and words the answer. apps/central/src/http/read-batch.test.ts holds the two to the same verdicts.
 */

const HALL_ID = /^[A-Za-z0-9_.-]+$/;
const HASH_LENGTH = 64;
const ENTRY_KEYS = new Set([
  'id',
  'hallSeq',
  'at',
  'type',
  'actorKind',
  'actorId',
  'deviceId',
  'payload',
  'prevHash',
  'hash',
  'rating',
]);
const RATING_KEYS = new Set(['level', 'clerkId', 'tags']);

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isTextOrNull = (v: unknown, max: number): boolean => v === null || isText(v, max);
const isCount = (v: unknown, min: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** Exactly these keys, no other: what a strict object (and a plain one that strips nothing) holds. */
function hasOnlyKeys(v: Json, allowed: ReadonlySet<string>, required: number): boolean {
  let count = 0;
  for (const key in v) {
    if (!Object.hasOwn(v, key) || !allowed.has(key)) return false;
    count += 1;
  }
  return count === required;
}

function isRating(v: unknown): v is CentralRatingDetail {
  if (!isRecord(v) || !hasOnlyKeys(v, RATING_KEYS, RATING_KEYS.size)) return false;
  const level = v.level;
  if (level !== null && !(isCount(level, 1) && level <= 5)) return false;
  if (!isTextOrNull(v.clerkId, 128)) return false;
  const tags = v.tags;
  return Array.isArray(tags) && tags.length <= 20 && tags.every((t) => isText(t, 64));
}

function isEntry(v: unknown): v is CentralLogEntry {
  if (!isRecord(v)) return false;
  const rated = Object.hasOwn(v, 'rating');
  if (!hasOnlyKeys(v, ENTRY_KEYS, rated ? ENTRY_KEYS.size : ENTRY_KEYS.size - 1)) return false;
  return (
    isCount(v.id, 1) &&
    (v.hallSeq === null || isCount(v.hallSeq, 1)) &&
    isCount(v.at, 0) &&
    isText(v.type, 64) &&
    v.type.length >= 1 &&
    isText(v.actorKind, 32) &&
    isTextOrNull(v.actorId, 128) &&
    isTextOrNull(v.deviceId, 128) &&
    isText(v.payload, 1_000_000) &&
    isText(v.prevHash, HASH_LENGTH) &&
    v.prevHash.length === HASH_LENGTH &&
    isText(v.hash, HASH_LENGTH) &&
    v.hash.length === HASH_LENGTH &&
    (!rated || isRating(v.rating))
  );
}

/** Whether the parsed JSON is a batch the schema accepts as it is, by the schema's own rules. */
function isPlainBatch(v: unknown): v is CentralBatch {
  if (!isRecord(v) || !hasOnlyKeys(v, new Set(['hallId', 'entries']), 2)) return false;
  const { hallId, entries } = v;
  return (
    isText(hallId, 64) &&
    hallId.length >= 1 &&
    HALL_ID.test(hallId) &&
    Array.isArray(entries) &&
    entries.length <= CENTRAL_BATCH_MAX_ENTRIES &&
    entries.every(isEntry)
  );
}

/** A hub's batch from its parsed JSON body: the hand check first, the protocol's schema when it does not pass. */
export function readBatch(json: unknown): BatchReading {
  if (isPlainBatch(json)) return { ok: true, batch: json };
  const parsed = CentralBatch.safeParse(json);
  return parsed.success ? { ok: true, batch: parsed.data } : { ok: false, issues: parsed.error.issues };
}
