/**
 * Storage that drops acknowledged commits, in process: the database file is put back to an earlier copy of
 * itself (what a WAL that lost its tail, or a disk that lied about fsync, leaves), and the hub must notice at
 * start against its out-of-band high-water mark. The cross-process form, with the WAL tail really damaged after
 * a kill, is tests/chaos/lost-commits.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyEventChain } from './store/event-log.ts';
import { HALL_MORNING, startTestHub, type TestClient, type TestHub } from './testing/test-hub.ts';

let hall: TestHub | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await hall?.close();
  hall = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-lost-'));
  dirs.push(dir);
  return dir;
}

async function start(dir: string, at = HALL_MORNING): Promise<{ th: TestHub; kiosk: TestClient }> {
  hall = await startTestHub({ dir, start: at, config: { markFile: join(dir, 'hallq.mark') } });
  const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
  return { th: hall, kiosk };
}

async function issue(kiosk: TestClient, serviceId = 'svc-1'): Promise<string> {
  const answer = await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId, identity: null });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data.ticket.number;
}

/** A copy of the database as it stands (checkpointed into the main file). */
function snapshotOf(th: TestHub, dir: string): string {
  th.db.pragma('wal_checkpoint(TRUNCATE)');
  const copy = join(dir, 'earlier.db');
  copyFileSync(join(dir, 'hallq.db'), copy);
  return copy;
}

/** The storage loses what was committed after the copy: the file goes back to it, its WAL is gone. */
function loseCommitsSince(copy: string, dir: string): void {
  copyFileSync(copy, join(dir, 'hallq.db'));
  rmSync(join(dir, 'hallq.db-wal'), { force: true });
  rmSync(join(dir, 'hallq.db-shm'), { force: true });
}

async function stop(): Promise<void> {
  await hall?.close();
  hall = null;
}

describe('acknowledged commits lost by the storage', () => {
  it('are found at start: logged by range, alerted, numbering and hall positions continue past them', async () => {
    const dir = tempDir();
    let { th, kiosk } = await start(dir);
    const numbers = [await issue(kiosk), await issue(kiosk), await issue(kiosk, 'svc-2')];
    const copy = snapshotOf(th, dir);
    numbers.push(await issue(kiosk), await issue(kiosk), await issue(kiosk, 'svc-2'));
    const seqBefore = th.hub.hall.log.hallSeq();
    const lastEventBefore = th.hub.hall.log.tail().id;
    await stop();
    loseCommitsSince(copy, dir);

    ({ th, kiosk } = await start(dir));
    const lost = th.hub.hall.lostCommits();
    expect(lost).toMatchObject({ businessDay: '2026-11-28', lastSequence: { 'svc-1': 4, 'svc-2': 2 } });
    expect(lost?.eventIds.to).toBe(lastEventBefore);
    expect(lost?.hallSeqs).toEqual({ from: seqBefore - 2, to: seqBefore });
    // The loss is in the audit trail, and the trail still verifies.
    const logged = th.hub.hall.log.recent(['storage:commits-lost'], 5);
    expect(logged).toHaveLength(1);
    expect(verifyEventChain(th.db).ok).toBe(true);

    // No number is issued twice, and the hall stream does not reuse positions clients already saw.
    const next = [await issue(kiosk), await issue(kiosk, 'svc-2')];
    expect(next).toEqual(['A005', 'B003']);
    expect(new Set([...numbers, ...next]).size).toBe(numbers.length + next.length);
    expect(th.hub.hall.log.hallSeq()).toBe(seqBefore + 2);

    // Supervision: a critical alert until an admin accepts.
    const alert = th.hub.supervision.check().alerts.find((a) => a.rule === 'commits-lost');
    expect(alert).toMatchObject({ severity: 'critical', clearedAt: null });
    expect(alert?.message.zh).toMatch(/存储丢失了已确认的数据/);
    expect(th.hub.storage.status().lostCommits).toEqual(lost);
  });

  it('keep numbering past the loss after another restart, and after the admin accepts it', async () => {
    const dir = tempDir();
    let { th, kiosk } = await start(dir);
    await issue(kiosk);
    const copy = snapshotOf(th, dir);
    await issue(kiosk);
    await issue(kiosk);
    await stop();
    loseCommitsSince(copy, dir);
    ({ th, kiosk } = await start(dir));
    await stop();
    // A second start, nothing issued in between: the floor was recorded in the database, not only in memory.
    ({ th, kiosk } = await start(dir));
    expect(await issue(kiosk)).toBe('A004');

    await th.addUser('boss', 'admin');
    const admin = await th.connect();
    await admin.call('session:login', {
      username: 'boss',
      password: 'correct horse battery',
      windowId: null,
    });
    expect(await admin.call('storage:accept-loss', {})).toEqual({ ok: true, data: {} });
    expect(th.hub.hall.lostCommits()).toBeNull();
    expect(
      th.hub.supervision.check().alerts.filter((a) => a.rule === 'commits-lost' && a.clearedAt === null),
    ).toEqual([]);
    expect(await admin.call('storage:accept-loss', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await issue(kiosk)).toBe('A005');
  });

  it('numbers past the loss when the lost commits were the first of a new business day', async () => {
    const dir = tempDir();
    let { th, kiosk } = await start(dir);
    await issue(kiosk);
    const copy = snapshotOf(th, dir);
    // The next morning: the day change and two tickets, then lost.
    const nextMorning = HALL_MORNING + 86_400_000;
    th.clock.set(nextMorning);
    expect([await issue(kiosk), await issue(kiosk)]).toEqual(['A001', 'A002']);
    await stop();
    loseCommitsSince(copy, dir);
    ({ th, kiosk } = await start(dir, nextMorning));
    expect(th.hub.hall.lostCommits()?.businessDay).toBe('2026-11-29');
    expect(await issue(kiosk)).toBe('A003');
  });

  it('are found when the file was replaced by one that went on without them (a different entry at the mark)', async () => {
    const dir = tempDir();
    let { th, kiosk } = await start(dir);
    await issue(kiosk);
    const copy = snapshotOf(th, dir);
    await issue(kiosk);
    const markedEvent = th.hub.hall.log.tail().id;
    await stop();
    loseCommitsSince(copy, dir);
    // A hub without the mark (an old build, or a copy moved elsewhere) writes past the lost position.
    hall = await startTestHub({ dir, start: HALL_MORNING });
    const other = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    await issue(other);
    await issue(other);
    expect(hall.hub.hall.log.tail().id).toBeGreaterThan(markedEvent);
    await stop();
    ({ th, kiosk } = await start(dir));
    expect(th.hub.hall.lostCommits()?.reason).toMatch(
      new RegExp(`event ${markedEvent} in the database is not the one the high-water mark recorded`),
    );
  });

  it('are not reported when nothing was lost, nor when the mark is behind the database', async () => {
    const dir = tempDir();
    let { th, kiosk } = await start(dir);
    await issue(kiosk);
    await stop();
    ({ th, kiosk } = await start(dir));
    expect(th.hub.hall.lostCommits()).toBeNull();
    expect(await issue(kiosk)).toBe('A002');
    await stop();
    // Written without the mark (as after a crash between a commit and the mark's write): the mark is behind.
    hall = await startTestHub({ dir, start: HALL_MORNING });
    await issue(await hall.connect({ deviceToken: hall.addDevice('kiosk').token }));
    await stop();
    ({ th, kiosk } = await start(dir));
    expect(th.hub.hall.lostCommits()).toBeNull();
    expect(await issue(kiosk)).toBe('A004');
  });
});
