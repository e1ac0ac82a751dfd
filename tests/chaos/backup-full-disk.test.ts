/**
 * The backup disk fills up during the daily backup. Method: the real hub process runs in a mount namespace of
 * its own (`unshare -rm`, no root needed where user namespaces are allowed) where the backup folder is a tmpfs
 * smaller than the database, so SQLite's backup gets ENOSPC (SQLITE_FULL) part-way through, exactly as on a
 * full disk; "space returns" is the same tmpfs remounted larger. Checked: the hub keeps serving, no backup is
 * reported good, the admin console's status and a supervision alert say why, and once space returns the next
 * attempt (after --backup-retry-ms) writes a verified backup.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectClient, TEST_PASSWORD, type TestClient } from '@hallq/hub/testing';
import type { StorageStatusView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { hallDay, prepareBigHall } from './support/big-hall.ts';
import { bundleHub } from './support/hub-bundle.ts';
import { killHub, type StorageHub, startStorageHub, waitFor } from './support/storage-hub.ts';

/** Mounts a small tmpfs on the backup folder, grows it when the test creates the `grow` file, runs the hub. */
const SMALL_DISK = `
set -e
folder="$1"; grow="$2"; shift 2
mount -t tmpfs -o size=6m tmpfs "$folder"
( while [ ! -e "$grow" ] && kill -0 $$ 2>/dev/null; do sleep 0.05; done
  [ -e "$grow" ] && mount -o remount,size=256m "$folder" ) &
exec "$@"
`;

describe('a full disk during the daily backup', () => {
  it('fails the backup cleanly, says so, keeps the hall running, and backs up once space returns', {
    timeout: 180_000,
  }, async () => {
    const probe = spawnSync('unshare', ['-rm', 'true'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      throw new Error(
        `this test needs a mount namespace of its own (unshare -rm): ${probe.error?.message ?? probe.stderr}. ` +
          'Allow user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run the container with them.',
      );
    }
    const entry = await bundleHub();
    const hall = await prepareBigHall(entry, 20);
    const folder = join(hall.dir, 'backups');
    const grow = join(hall.dir, 'grow');
    mkdirSync(folder);
    let hub: StorageHub | null = null;
    const clients: TestClient[] = [];
    try {
      hub = await startStorageHub(
        entry,
        [
          ...['--data', hall.dir, '--hall', hall.hallFile, '--backup-dir', folder],
          ...['--tick-ms', '100', '--backup-retry-ms', '500'],
        ],
        { wrapper: ['unshare', '-rm', 'sh', '-c', SMALL_DISK, 'sh', folder, grow], logLevel: 'info' },
      );
      const running = hub;
      await waitFor('the backup to fail', () => running.output().includes('daily backup failed'), 60_000, 20);
      expect(running.output()).toMatch(/database or disk is full|SQLITE_FULL/);

      const admin = await connectClient(hub.url, {});
      clients.push(admin);
      expect(
        await admin.call('session:login', { username: 'boss', password: TEST_PASSWORD, windowId: null }),
      ).toMatchObject({ ok: true });
      const status = async (): Promise<StorageStatusView> => {
        const answer = await admin.call('storage:status', {});
        if (!answer.ok) throw new Error(answer.error.message);
        return answer.data;
      };
      expect((await status()).backup).toMatchObject({
        lastGood: null,
        todayGood: false,
        lastError: expect.stringMatching(/full/),
      });
      const snapshot = await admin.call('supervision:snapshot', {});
      if (!snapshot.ok) throw new Error(snapshot.error.message);
      const alert = snapshot.data.alerts.find((a) => a.rule === 'backup-missing');
      expect(alert?.message.en).toMatch(/No good backup for today.*full/);

      // The hall keeps working while the backup disk is full.
      const kiosk = await connectClient(hub.url, { deviceToken: hall.kioskToken });
      clients.push(kiosk);
      const ticket = await kiosk.call('ticket:issue', {
        requestId: randomUUID(),
        serviceId: 'svc-1',
        identity: null,
      });
      expect(ticket).toMatchObject({ ok: true });

      // Space returns: the next attempt, after the retry delay, writes a verified backup.
      writeFileSync(grow, '');
      await waitFor(
        'the backup',
        () => running.output().includes('daily backup written and verified'),
        60_000,
        20,
      );
      // The status follows once the folder has been looked at again.
      let backup = (await status()).backup;
      for (let i = 0; i < 100 && !backup?.todayGood; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        backup = (await status()).backup;
      }
      expect(backup).toMatchObject({
        todayGood: true,
        lastError: null,
        lastGood: { businessDay: hallDay() },
      });
    } finally {
      for (const c of clients) c.close();
      if (hub) await killHub(hub);
      rmSync(hall.dir, { recursive: true, force: true });
      for (const file of entry) rmSync(file, { force: true });
    }
  });
});
