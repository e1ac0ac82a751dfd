import { z } from 'zod';
import { Day, Id } from './wire-values.ts';

/**
 * What a hall's hub sends to the city centre and what it gets back. The hub pushes its event log (the outbox) in
 * batches, oldest first; the centre stores each entry once per (hall, entry id), checks the hash chain as it
 * goes, and answers with the highest entry id it holds for the hall, from which the hub continues.
 */

/** A SHA-256 in hex. Its content is checked where it matters: recomputed (`hash`) or compared (`prevHash`). */
const Hash = z.string().length(64);
export const CentralHallId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/);

/** Most entries a batch may carry (the hub sends this many when it has them: apps/hub/src/central/central-sync.ts). */
export const CENTRAL_BATCH_MAX_ENTRIES = 2000;

/**
 * A rating's answer as the hub's ratings table holds it: the log entry `rating:recorded` names only the ticket
 * and the window, and the centre's reports need the level. Not covered by the chain hash (it is not in the log);
 * the entry it rides with is.
 */
export const CentralRatingDetail = z.object({
  level: z.number().int().min(1).max(5).nullable(),
  clerkId: z.string().max(128).nullable(),
  tags: z.array(z.string().max(64)).max(20),
});
export type CentralRatingDetail = z.infer<typeof CentralRatingDetail>;

/** One entry of the hub's log, field for field as the hub hashed it (apps/hub/src/store/event-log.ts). */
export const CentralLogEntry = z.strictObject({
  id: z.number().int().positive(),
  hallSeq: z.number().int().positive().nullable(),
  at: z.number().int().nonnegative(),
  type: z.string().min(1).max(64),
  actorKind: z.string().max(32),
  actorId: z.string().max(128).nullable(),
  deviceId: z.string().max(128).nullable(),
  /** The entry's payload as the JSON text the hub stored (and hashed). */
  payload: z.string().max(1_000_000),
  prevHash: Hash,
  hash: Hash,
  rating: CentralRatingDetail.optional(),
});
export type CentralLogEntry = z.infer<typeof CentralLogEntry>;

/** A batch of consecutive log entries; an empty one only asks where the centre stands. */
export const CentralBatch = z.strictObject({
  hallId: CentralHallId,
  entries: z.array(CentralLogEntry).max(CENTRAL_BATCH_MAX_ENTRIES),
});
export type CentralBatch = z.infer<typeof CentralBatch>;

/**
 * What the hall had handed out as far as the centre's copy goes, for a hub to number past it when its own storage
 * lost commits the centre holds: the last hall-stream position, the hall's business day and each service's last
 * issued ticket number that day (the number as printed: the hub reads the sequence out of it with the service's
 * prefix). Sent with the answer to an empty batch only (a hub's hello), not with every acknowledgement.
 */
export const CentralHallTail = z.object({
  hallSeq: z.number().int().nonnegative(),
  /** null: the centre holds no day change and no ticket of the hall. */
  businessDay: Day.nullable(),
  lastNumbers: z.array(z.object({ serviceId: Id, number: z.string().max(32) })).max(1000),
});
export type CentralHallTail = z.infer<typeof CentralHallTail>;

/** Where the centre stands for a hall: the highest entry id it stored (0: none yet) and that entry's hash. */
export const CentralAck = z.object({
  hallId: CentralHallId,
  storedThrough: z.number().int().nonnegative(),
  lastHash: Hash,
  tail: CentralHallTail.optional(),
});
export type CentralAck = z.infer<typeof CentralAck>;

/**
 * Why a batch was refused. `ahead`: it starts after an entry the centre does not have yet (a batch overtook an
 * earlier one): send from `storedThrough` again. The others mean the hall's log is not the one the centre
 * verified so far; the centre has stored an alert, and refuses
 * every batch that does not continue the chain it holds.
 */
export const CentralRefusalCode = z.enum(['ahead', 'gap', 'fork', 'altered', 'rewritten']);
export type CentralRefusalCode = z.infer<typeof CentralRefusalCode>;

export const CentralRefusal = z.object({
  refused: CentralRefusalCode,
  message: z.string(),
  entryId: z.number().int().nonnegative().nullable(),
  ack: CentralAck,
});
export type CentralRefusal = z.infer<typeof CentralRefusal>;
