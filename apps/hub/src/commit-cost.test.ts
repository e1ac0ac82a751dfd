import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubDatabase } from './db/open-database.ts';
import { startTestHub, type TestHub } from './testing/test-hub.ts';

let hall: TestHub;
afterEach(async () => {
  await hall?.close();
});

/** Counts the COMMITs the hub's connection runs (each one an fsync of the WAL, and one of the mark). */
function countCommits(db: HubDatabase): () => number {
  let commits = 0;
  const exec = db.exec.bind(db);
  db.exec = (sql: string) => {
    if (sql === 'COMMIT') commits += 1;
    return exec(sql);
  };
  return () => commits;
}

const smsCursor = (db: HubDatabase) =>
  db.prepare<[], { last_id: number }>("SELECT last_id FROM outbox_cursors WHERE consumer = 'sms'").get()
    ?.last_id;
const lastEntry = (db: HubDatabase) =>
  db.prepare<[], { id: number }>('SELECT MAX(id) AS id FROM events').get()?.id;

describe('what a queue command costs in commits', () => {
  it('one commit per command: the outbox consumers’ cursors ride in later batches, and none is lost at close', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const commits = countCommits(hall.db);
    for (let i = 0; i < 20; i += 1) {
      const issued = await kiosk.call('ticket:issue', {
        requestId: randomUUID(),
        serviceId: 'svc-1',
        identity: null,
      });
      expect(issued).toMatchObject({ ok: true });
      // The SMS consumer decides on each ticket once it is durable (nothing to send here): let it run, and let
      // whatever it wrote commit, before the next command (else the two share a batch by chance).
      for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      await hall.hub.hall.settled();
    }
    // Before, the SMS consumer's cursor took a batch (COMMIT, fsync, mark) of its own after each command: 40.
    expect(commits()).toBe(20);
    // The cursor stands at the last entry but one: it rode in each next command's batch.
    expect(smsCursor(hall.db)).toBeLessThan(lastEntry(hall.db)!);
    await hall.hub.close();
    expect(smsCursor(hall.db)).toBe(lastEntry(hall.db));
  });

  it('no checkpoint inside a command’s commit: the hub copies the WAL between batches', async () => {
    hall = await startTestHub();
    expect(hall.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });
});
