import type { Logger } from 'pino';
import type { HubDatabase } from './open-database.ts';

export class BatchAbortedError extends Error {
  readonly code = 'SQLITE_BATCH_ABORTED';
  constructor() {
    super('the open commit batch was rolled back by SQLite; nothing more can join it');
  }
}

/**
 * Group commit. Every write that happens in one turn of the event loop joins one SQLite transaction, committed
 * (and fsynced, with synchronous = FULL) once at the end of that turn; nobody is answered before the commit.
 * Each command still runs in its own savepoint (better-sqlite3 nests `db.transaction()` as a savepoint inside
 * an open transaction), so a failing command rolls back alone. A burst of 50 commands costs one fsync instead
 * of 50; a single command costs what it did.
 *
 * If the commit fails (disk full, read-only file, I/O error) the whole batch is rolled back, every command in
 * it is answered with a storage failure, and `onRollback` restores the in-memory state from the database.
 *
 * `onCommitted` runs after a successful commit and before anyone is answered: the hub writes its out-of-band
 * high-water mark there (one more fdatasync per batch, not per command), so nothing is acknowledged that the
 * mark does not cover.
 *
 * `joinSoon` is for bookkeeping nobody waits for (a consumer's cursor moved past entries that needed nothing):
 * the write rides in the next batch the hall commits anyway, or in one of its own after `maxDelayMs` when the
 * hall is quiet. One such write per command would otherwise double the fsyncs every command pays for.
 */
export function createCommitBatcher(
  db: HubDatabase,
  options: {
    logger: Logger;
    onRollback: () => void;
    onCommitted?: () => void;
    /** After a committed batch has been published and answered (the WAL checkpoint's turn). */
    onAnswered?: () => void;
  },
) {
  let open = false;
  let waiters: ((committed: boolean) => void)[] = [];
  let afterCommit: (() => void)[] = [];
  let soon: (() => void)[] = [];
  let soonTimer: NodeJS.Timeout | null = null;

  /** The deferred writes, each in its own savepoint inside the open batch; one that fails is dropped alone. */
  function writeSoonOnes(): void {
    if (soonTimer) clearTimeout(soonTimer);
    soonTimer = null;
    const writes = soon;
    soon = [];
    for (const write of writes) {
      try {
        db.transaction(write)();
      } catch (error) {
        options.logger.error({ err: error }, 'deferred bookkeeping not written');
      }
    }
  }

  function join(): void {
    if (open) {
      if (!db.inTransaction) throw new BatchAbortedError();
      return;
    }
    db.exec('BEGIN IMMEDIATE');
    open = true;
    setImmediate(flush);
  }

  function flush(): void {
    if (!open) {
      // Closing with deferred writes and no batch: they get one of their own.
      if (soon.length === 0) return;
      join();
    }
    if (soon.length > 0 && db.inTransaction) writeSoonOnes();
    open = false;
    const settle = waiters;
    const publish = afterCommit;
    waiters = [];
    afterCommit = [];
    let committed = true;
    try {
      if (!db.inTransaction) throw new BatchAbortedError();
      db.exec('COMMIT');
    } catch (error) {
      committed = false;
      options.logger.error({ err: error }, 'commit failed; the batch was rolled back');
      if (db.inTransaction) {
        try {
          db.exec('ROLLBACK');
        } catch (rollbackError) {
          options.logger.error({ err: rollbackError }, 'rollback failed');
        }
      }
      options.onRollback();
    }
    if (committed && options.onCommitted) {
      try {
        options.onCommitted();
      } catch (error) {
        // The batch is durable in the database; only the mark is stale (behind it), which is safe.
        options.logger.error({ err: error }, 'high-water mark not written after a commit');
      }
    }
    if (committed) for (const task of publish) task();
    for (const resolve of settle) resolve(committed);
    if (committed) options.onAnswered?.();
  }

  return {
    /** Joins the open batch (opening one if there is none); throws if SQLite already rolled the batch back. */
    join,
    /**
     * Runs `write` in the next batch committed, opening one after `maxDelayMs` if none comes. Nobody is told
     * whether it committed: for writes that may be lost and redone (a crash repeats work, it loses nothing).
     */
    joinSoon(write: () => void, maxDelayMs: number): void {
      soon.push(write);
      if (open || soonTimer) return;
      soonTimer = setTimeout(() => {
        soonTimer = null;
        try {
          join();
        } catch (error) {
          options.logger.error({ err: error }, 'deferred bookkeeping: no batch could be opened');
        }
      }, maxDelayMs);
      soonTimer.unref();
    },
    /** Runs `task` once what was written so far is durable; dropped if the batch is rolled back. */
    afterCommit(task: () => void): void {
      if (open) afterCommit.push(task);
      else task();
    },
    /** Resolves true once everything written so far is committed, false if it was rolled back. */
    settled(): Promise<boolean> {
      if (!open) return Promise.resolve(true);
      return new Promise((resolve) => waiters.push(resolve));
    },
    /** Commits now (before closing the database). */
    flush,
  };
}

export type CommitBatcher = ReturnType<typeof createCommitBatcher>;
