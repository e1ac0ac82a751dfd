import type { ErrorBody, StorageStatusView } from '@hallq/protocol';
import type { Logger } from 'pino';
import {
  backupDatabase,
  createBackupShelf,
  type GoodBackup,
  onSameDisk,
  removeBackupLeftovers,
} from './backup.ts';
import type { HubDatabase } from './db/open-database.ts';
import type { HallService } from './hall-service.ts';
import type { Actor } from './store/event-log.ts';

/** What the supervision rules need to know about the backups, read without touching the disk. */
export interface BackupHealth {
  readonly folder: string;
  /** False until the first look at the folder has finished (no alert before the hub has even looked). */
  readonly checked: boolean;
  readonly running: boolean;
  readonly todayGood: boolean;
  readonly sameDisk: boolean;
  readonly lastGoodDay: string | null;
  readonly lastError: string | null;
}

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

/**
 * The hall's storage: the daily backup (written, verified and renamed by `backupDatabase`; a file that fails
 * verification counts as missing), what a killed backup left behind (removed at start), whether the backups sit
 * on the database's own disk, and commits the storage lost (found at start against the high-water mark).
 */
export function createStorageDesk(deps: {
  db: HubDatabase;
  hall: HallService;
  clock: () => number;
  logger: Logger;
  backup: { readonly folder: string; readonly keepDays: number; readonly retryMs?: number } | null;
}) {
  const { db, hall, clock, logger, backup } = deps;
  /** After a failed backup (a full disk), the next attempt waits: each one copies the whole database. */
  const retryMs = backup?.retryMs ?? 10 * 60_000;
  let failedAt: number | null = null;
  const shelf = backup ? createBackupShelf(backup.folder) : null;
  if (backup) {
    const leftovers = removeBackupLeftovers(backup.folder);
    if (leftovers.length > 0) logger.warn({ leftovers }, 'removed what an interrupted backup left behind');
  }
  const sameDisk = backup ? onSameDisk(backup.folder, db.name) : false;
  let checked = false;
  let running = false;
  let lastGood: GoodBackup | null = null;
  let todayGood = false;
  let lastError: string | null = null;

  /** From the tick: writes the day's backup unless a good one exists, then looks at the folder again. */
  async function daily(businessDay: string): Promise<void> {
    if (!backup || !shelf || running) return;
    running = true;
    try {
      const waiting = failedAt !== null && clock() - failedAt < retryMs;
      if (!waiting && !(await shelf.hasGoodBackupFor(businessDay))) {
        await hall.settled();
        const result = await backupDatabase(db, backup.folder, businessDay, backup.keepDays);
        shelf.remember(result.file, result.verdict);
        logger.info(
          { file: result.file, removed: result.removed.length, lastEventId: result.verdict.lastEventId },
          'daily backup written and verified',
        );
      }
      if (!waiting) {
        lastError = null;
        failedAt = null;
      }
    } catch (error) {
      lastError = (error as Error).message;
      failedAt = clock();
      logger.error({ err: error }, 'daily backup failed');
    } finally {
      try {
        lastGood = await shelf.newestGood();
      } catch (error) {
        logger.error({ err: error }, 'backups could not be verified');
        lastGood = null;
      }
      todayGood = lastGood?.businessDay === businessDay;
      checked = true;
      running = false;
    }
  }

  return {
    daily,
    backupHealth(): BackupHealth | null {
      if (!backup) return null;
      return {
        folder: backup.folder,
        checked,
        running,
        todayGood,
        sameDisk,
        lastGoodDay: lastGood?.businessDay ?? null,
        lastError,
      };
    },
    status(): StorageStatusView {
      return {
        backup: backup
          ? {
              folder: backup.folder,
              lastGood: lastGood
                ? {
                    businessDay: lastGood.businessDay,
                    file: lastGood.file,
                    bytes: lastGood.verdict.bytes,
                    writtenAt: Math.round(lastGood.writtenAt),
                  }
                : null,
              todayGood,
              sameDisk,
              running,
              lastError,
            }
          : null,
        lostCommits: hall.lostCommits(),
      };
    },
    acceptLostCommits(actor: Actor): Result<null> {
      return hall.acceptLostCommits(actor);
    },
  };
}

export type StorageDesk = ReturnType<typeof createStorageDesk>;
