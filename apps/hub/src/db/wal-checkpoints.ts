import type { Logger } from 'pino';
import type { HubDatabase } from './open-database.ts';

/**
 * When the WAL is copied back into the database file. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses its threshold (1,000 pages): that command's answer waits for the copy and an fsync of the database
 * file, several milliseconds every few hundred commands, which was the p99 of every queue command. Here the
 * hub's connection never checkpoints inside a commit; after a batch has been committed and answered, a PASSIVE
 * checkpoint runs on the next turn of the event loop, at most every `minIntervalMs`. Only a command that
 * arrives during that copy waits for it, and the copy is small because it runs often.
 *
 * A worker thread with its own connection would keep even that off the event loop, but its V8 isolate cost
 * 9–14 MB of resident memory (measured), which the hub's 150 MB budget with 500 clients does not have.
 */
export interface WalCheckpoints {
  /** A batch was committed and answered: a checkpoint follows on the next turn if one is due. */
  readonly afterBatch: () => void;
  /** Runs a checkpoint now, unless a batch is open (then false). */
  readonly checkpointNow: () => boolean;
}

export function createWalCheckpoints(
  db: HubDatabase,
  options: { readonly minIntervalMs: number; readonly now: () => number; readonly logger: Logger },
): WalCheckpoints {
  db.pragma('wal_autocheckpoint = 0');
  let lastAt = options.now();
  let queued = false;

  function checkpointNow(): boolean {
    // A batch opened meanwhile holds the write lock on this connection: the next batch's turn comes soon.
    if (db.inTransaction) return false;
    lastAt = options.now();
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      // The WAL only grows until the next one succeeds; nothing acknowledged depends on it.
      options.logger.warn({ err: error }, 'WAL checkpoint failed; the next one retries');
    }
    return true;
  }

  return {
    afterBatch() {
      if (queued || options.now() - lastAt < options.minIntervalMs) return;
      queued = true;
      setImmediate(() => {
        queued = false;
        checkpointNow();
      });
    },
    checkpointNow,
  };
}
