/**
 * The hub killed during its daily backup, at many points: before the copy, in the middle of it, during the
 * verification, around the rename. Method: a real hub process (bundled main.ts) on a database made large
 * enough that the backup takes a while (short form 25 MB, `npm run test:chaos` 300 MB); today's backup removed;
 * the hub started with a short tick so it begins the backup at once; the test watches the backup folder for the
 * partial file and sends SIGKILL a chosen time after it appears (spread from 0 to past the whole backup, so some
 * kills land after the rename). After each kill: every file under a backup's name passes verification (never
 * a 0-byte or table-less file to restore from); the next start removes what the killed backup left; that hub
 * writes a good backup of the day. At the end the newest good backup is restored as the README says and the hub
 * starts on it with its hall intact.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupShelf, listBackups, verifyBackup } from '@hallq/hub/local-tools';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hallDay, prepareBigHall } from './support/big-hall.ts';
import { bundleHub } from './support/hub-bundle.ts';
import { chaosSeed, countFromEnv, seededRandom } from './support/seeded-random.ts';
import { killHub, type StorageHub, startStorageHub, waitFor } from './support/storage-hub.ts';

/** 8 kills in CI; `npm run test:chaos` sets HALLQ_BACKUP_KILL_CYCLES=100 and HALLQ_BACKUP_KILL_MB=300. */
const CYCLES = countFromEnv('HALLQ_BACKUP_KILL_CYCLES', 8);
const MEGABYTES = countFromEnv('HALLQ_BACKUP_KILL_MB', 25);
const LEFTOVER = /(\.partial|-journal|-wal|-shm)$/;

describe('the hub killed during its daily backup', () => {
  it(`never leaves a backup that restores to a broken hall (${CYCLES} kills, ${MEGABYTES} MB)`, {
    timeout: 180_000 + CYCLES * 20_000,
  }, async () => {
    const seed = chaosSeed();
    const random = seededRandom(seed);
    console.log(
      `backup kill: seed ${seed} (replay with HALLQ_CHAOS_SEED=${seed}), ${CYCLES} kills, ${MEGABYTES} MB`,
    );
    const entry = await bundleHub();
    const hall = await prepareBigHall(entry, MEGABYTES);
    const folder = join(hall.dir, 'backups');
    mkdirSync(folder, { recursive: true });
    const flags = (tickMs: number) => [
      '--data',
      hall.dir,
      '--hall',
      hall.hallFile,
      '--backup-dir',
      folder,
      '--tick-ms',
      String(tickMs),
    ];
    const day = () => hallDay();
    const partialOf = () => join(folder, `.hallq-${day()}.db.partial`);
    const finalOf = () => join(folder, `hallq-${day()}.db`);
    let hub: StorageHub | null = null;
    const outcomes = { beforeCopy: 0, duringBackup: 0, afterRename: 0 };
    try {
      // One whole backup first, to know how long one takes on this machine.
      hub = await startStorageHub(entry, flags(50));
      const t0 = await waitFor(
        'the backup to start',
        () => existsSync(partialOf()) && performance.now(),
        60_000,
      );
      await waitFor('the backup to finish', () => existsSync(finalOf()), 120_000, 10);
      let backupMs = performance.now() - t0;
      await killHub(hub);
      console.log(
        `backup kill: one backup of ${(hall.bytes / 1e6).toFixed(0)} MB takes ${backupMs.toFixed(0)} ms`,
      );

      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        rmSync(finalOf(), { force: true });
        // Spread over the whole backup and a little past it; a few kills before the copy has even begun.
        const delay = ((cycle + random.next()) / CYCLES) * backupMs * 1.15;
        hub = await startStorageHub(entry, flags(50));
        await waitFor('the backup to start', () => existsSync(partialOf()), 60_000);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        await killHub(hub);
        hub = null;
        const names = readdirSync(folder);
        if (names.includes(`hallq-${day()}.db`)) outcomes.afterRename += 1;
        else if (names.some((n) => LEFTOVER.test(n))) outcomes.duringBackup += 1;
        else outcomes.beforeCopy += 1;
        // Whatever the moment of the kill, a file under a backup's name is a whole, verified backup.
        for (const backup of listBackups(folder)) {
          expect(verifyBackup(backup.file), `cycle ${cycle}, ${backup.name} (seed ${seed})`).toMatchObject({
            ok: true,
          });
        }

        // The next start removes the leftovers before its first tick (looked at before that tick, a second after
        // listening), then writes a good backup of the day.
        hub = await startStorageHub(entry, flags(1000));
        expect(
          readdirSync(folder).filter((n) => LEFTOVER.test(n)),
          `cycle ${cycle} (seed ${seed})`,
        ).toEqual([]);
        if (!existsSync(finalOf())) {
          const started = await waitFor(
            'the backup to start',
            () => existsSync(partialOf()) && performance.now(),
            60_000,
          );
          await waitFor('the backup to finish', () => existsSync(finalOf()), 120_000, 10);
          // The machine's load changes: the kill points follow the quickest backup seen, so that they err
          // towards the middle of the backup (a kill after the rename tests less).
          backupMs = Math.min(backupMs, performance.now() - started);
        }
        expect(
          verifyBackup(finalOf()).ok,
          `cycle ${cycle}: the backup after the restart (seed ${seed})`,
        ).toBe(true);
        await killHub(hub);
        hub = null;
      }
      console.log(
        `backup kill: ${CYCLES} kills — ${outcomes.duringBackup} left a partial file, ${outcomes.afterRename} after the rename, ` +
          `${outcomes.beforeCopy} before anything was written; every backup under its name verified`,
      );
      expect(outcomes.duringBackup).toBeGreaterThan(0);

      // Restore the newest good backup (a broken newer file beside it does not count), as the README says.
      const tomorrow = hallDay(Date.now() + 86_400_000);
      writeFileSync(join(folder, `hallq-${tomorrow}.db`), '');
      const newest = await createBackupShelf(folder).newestGood();
      expect(newest?.businessDay).toBe(day());
      const ticketsIn = (file: string) => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number;
        } finally {
          db.close();
        }
      };
      const inBackup = ticketsIn(newest!.file);
      copyFileSync(newest!.file, join(hall.dir, 'hallq.db'));
      rmSync(join(hall.dir, 'hallq.db-wal'), { force: true });
      rmSync(join(hall.dir, 'hallq.db-shm'), { force: true });
      hub = await startStorageHub(entry, flags(0));
      const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { ok: boolean };
      expect(health.ok).toBe(true);
      await killHub(hub);
      hub = null;
      expect(ticketsIn(join(hall.dir, 'hallq.db'))).toBe(inBackup);
      expect(inBackup).toBeGreaterThan(10_000);
    } finally {
      if (hub) await killHub(hub);
      rmSync(hall.dir, { recursive: true, force: true });
      for (const file of entry) rmSync(file, { force: true });
    }
  });
});
