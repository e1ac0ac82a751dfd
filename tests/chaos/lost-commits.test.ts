/**
 * Storage that drops an acknowledged commit. Method: the real hub process (bundled main.ts) issues tickets to a
 * kiosk, every answer awaited; it is killed with SIGKILL; then the WAL's last valid commit frame is damaged as a
 * disk that lied about fsync would leave it — cut (the file truncated inside that frame) or overwritten (random
 * bytes over part of it), chosen at random — and the -shm file removed; the hub is started again. SQLite's
 * recovery then drops that last transaction: acknowledged tickets vanish from the file. Checked every cycle:
 * when an acknowledged ticket is gone, the hub found it at start (a `storage:commits-lost` entry in the log);
 * and across all cycles no ticket number was ever handed out twice.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import { connectClient, type TestClient, testHall } from '@hallq/hub/testing';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { prepareHallDir } from '../support/hub-process.ts';
import { bundleHub } from './support/hub-bundle.ts';
import { chaosSeed, countFromEnv, seededRandom } from './support/seeded-random.ts';
import { killHub, type StorageHub, startStorageHub } from './support/storage-hub.ts';
import { damageWalTail } from './support/wal-tail.ts';

/** 20 cycles in CI; `npm run test:chaos` sets HALLQ_LOST_COMMIT_CYCLES=300. */
const CYCLES = countFromEnv('HALLQ_LOST_COMMIT_CYCLES', 20);
const SERVICES = ['svc-1', 'svc-2'] as const;

/** How many losses the hub has recorded, and whether a ticket is in the file (read while the hub runs: WAL). */
function readFile(file: string, ticketId: string | null): { detections: number; hasTicket: boolean } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      detections: db
        .prepare("SELECT COUNT(*) FROM events WHERE type = 'storage:commits-lost'")
        .pluck()
        .get() as number,
      hasTicket:
        ticketId !== null && db.prepare('SELECT 1 FROM tickets WHERE id = ?').get(ticketId) !== undefined,
    };
  } finally {
    db.close();
  }
}

describe('storage that drops an acknowledged commit', () => {
  it(`is noticed at every start, and no number is issued twice (${CYCLES} damaged WAL tails)`, {
    timeout: 120_000 + CYCLES * 10_000,
  }, async () => {
    const seed = chaosSeed();
    const random = seededRandom(seed);
    console.log(`lost commits: seed ${seed} (replay with HALLQ_CHAOS_SEED=${seed}), ${CYCLES} cycles`);
    const entry = await bundleHub();
    // Services with 4-digit numbers and no daily limit: room for every ticket of the long form in one day.
    const base = testHall({ services: 2, windows: 2 });
    const { dir, hallFile } = prepareHallDir({
      ...base,
      services: base.services.map((s) => ({ ...s, numberWidth: 4 })),
    });
    const flags = ['--data', dir, '--hall', hallFile, '--tick-ms', '0', '--backup-dir', join(dir, 'backups')];
    let hub: StorageHub | null = await startStorageHub(entry, flags);
    await killHub(hub);
    hub = null;
    const seeded = openDatabase(join(dir, 'hallq.db'));
    const { token } = createAccounts(seeded).addDevice({
      kind: 'kiosk',
      name: 'kiosk',
      windowId: null,
      zone: null,
      now: Date.now(),
    });
    seeded.close();

    const handedOut = new Map<string, string>();
    const repeats: string[] = [];
    const missed: string[] = [];
    let losses = 0;
    let detections = 0;
    let kiosk: TestClient | null = null;
    try {
      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        hub = await startStorageHub(entry, flags);
        kiosk = await connectClient(hub.url, { deviceToken: token });
        let last: { id: string; number: string } | null = null;
        for (let i = random.int(1, 4); i > 0; i -= 1) {
          const serviceId = random.pick(SERVICES);
          const answer = await kiosk.call('ticket:issue', {
            requestId: randomUUID(),
            serviceId,
            identity: null,
          });
          if (!answer.ok) throw new Error(`cycle ${cycle}: ${answer.error.code} ${answer.error.message}`);
          const { id, number } = answer.data.ticket;
          const key = `${answer.data.ticket.businessDay} ${number}`;
          if (handedOut.has(key)) repeats.push(`cycle ${cycle}: ${key} again (first ${handedOut.get(key)})`);
          handedOut.set(key, `cycle ${cycle}`);
          last = { id, number };
        }
        kiosk.close();
        kiosk = null;
        await killHub(hub);
        hub = null;

        const file = join(dir, 'hallq.db');
        const before = readFile(file, null);
        damageWalTail(`${file}-wal`, random.pick(['cut', 'overwrite'] as const), random);
        rmSync(`${file}-shm`, { force: true });

        hub = await startStorageHub(entry, flags);
        const after = readFile(file, last?.id ?? null);
        const lost = last !== null && !after.hasTicket;
        if (lost) {
          losses += 1;
          if (after.detections === before.detections + 1) detections += 1;
          else missed.push(`cycle ${cycle}: ${last?.number} lost and not noticed (seed ${seed})`);
        }
        await killHub(hub);
        hub = null;
      }
      console.log(
        `lost commits: ${CYCLES} damaged WAL tails, ${losses} lost an acknowledged ticket, ${detections} of them noticed; ` +
          `${handedOut.size} numbers handed out, ${repeats.length} twice`,
      );
      expect(missed).toEqual([]);
      expect(repeats).toEqual([]);
      // The run really lost commits: a damaged tail holds the last ticket's commit unless a checkpoint had already
      // copied it into the main file, which depends on timing (9 of 20 in one CI run, 11–15 in others).
      expect(losses).toBeGreaterThanOrEqual(CYCLES / 4);
    } finally {
      kiosk?.close();
      if (hub) await killHub(hub);
      rmSync(dir, { recursive: true, force: true });
      for (const file of entry) rmSync(file, { force: true });
    }
  });
});
