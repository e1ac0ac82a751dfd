import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import { TEST_PASSWORD, testHall } from '@hallq/hub/testing';
import { prepareHallDir } from '../../support/hub-process.ts';
import { killHub, startStorageHub } from './storage-hub.ts';

export interface BigHall {
  readonly dir: string;
  readonly hallFile: string;
  readonly kioskToken: string;
  readonly bytes: number;
}

/** The hall's day as the hub reckons it (the test hall's time zone). */
export function hallDay(at = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

/**
 * A hall data folder whose database holds `megabytes` of finished tickets (past days, written with one SQL
 * statement per 20,000 rows), a kiosk and an admin ("boss", TEST_PASSWORD): big enough that a backup takes long
 * enough to be killed in the middle, at many points.
 */
export async function prepareBigHall(entry: readonly string[], megabytes: number): Promise<BigHall> {
  const { dir, hallFile } = prepareHallDir(testHall({ services: 2, windows: 2 }));
  // The first start creates and seeds the database, as in a hall.
  await killHub(await startStorageHub(entry, ['--data', dir, '--hall', hallFile, '--tick-ms', '0']));
  const file = join(dir, 'hallq.db');
  const db = openDatabase(file);
  try {
    db.pragma('synchronous = OFF');
    const fill = db.prepare(`
      WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ? + 19999)
      INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
        queued_at, window_id, clerk_id, call_count, started_at, ended_at, transfer_count, visitor_name_masked, kiosk_id)
      SELECT 'history-' || i, 'H' || i, date('2025-01-01', '+' || (i / 5000) || ' days'), 'svc-1', 'svc-1',
        'normal', 'done', i, i, 'w1', hex(randomblob(16)), 1, i + 10, i + 300000, 0, hex(randomblob(40)),
        hex(randomblob(16)) FROM n`);
    let next = 0;
    while (statSync(file).size < megabytes * 1_000_000) {
      db.transaction(() => fill.run(next, next))();
      next += 20_000;
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    db.pragma('synchronous = FULL');
    const accounts = createAccounts(db);
    const { token } = accounts.addDevice({
      kind: 'kiosk',
      name: 'kiosk',
      windowId: null,
      zone: null,
      now: Date.now(),
    });
    await accounts.addUser({
      username: 'boss',
      displayName: 'boss',
      staffNumber: '9000',
      password: TEST_PASSWORD,
      role: 'admin',
      now: Date.now(),
    });
    return { dir, hallFile, kioskToken: token, bytes: statSync(file).size };
  } finally {
    db.close();
  }
}
