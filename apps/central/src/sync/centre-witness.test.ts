/**
 * The centre as a witness of a hall's log (issue 18): a hub whose database went back to an earlier copy of itself
 * and whose mark file went with it (the whole data folder restored from an old backup) has nobody at home to tell
 * it what it had acknowledged; the centre, which holds the chain the hub pushed, tells it at the first answer.
 * A real hub pushes to a real centre over HTTP into a throwaway PostgreSQL.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostToCentral, postToCentralWithFetch } from '@hallq/hub/central';
import { HALL_MORNING, startTestHub, type TestHub } from '@hallq/hub/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp, FAST_RETRY, refusalOf } from '../testing/hub-link.ts';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';

let centre: TestCentral;
beforeAll(async () => {
  centre = await startTestCentral('witness');
});
afterAll(() => centre.close());

let hub: TestHub | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await hub?.close();
  hub = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A hall's folder (database and mark file), kept across the hub's restarts. */
function hallFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-witness-'));
  dirs.push(dir);
  return dir;
}

interface Link {
  readonly hallId: string;
  readonly token: string;
  /** The hub's POST, counting the hellos it sends. */
  readonly post: PostToCentral;
  /** How many hellos (empty batches) the centre has answered, and a wait for the next ones. */
  hellos(): number;
  helloCount(n: number): Promise<void>;
  /** Holds every hello until the returned release is called (the centre slow to answer a starting hub). */
  holdHellos(): () => void;
}

async function register(hallId: string): Promise<Link> {
  const token = await centre.central.halls.register({ hallId, name: hallId, region: '东城区' });
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  let held: Promise<void> = Promise.resolve();
  const post: PostToCentral = async (url, body, headers, timeoutMs, closing) => {
    const hello = (JSON.parse(body) as { entries: unknown[] }).entries.length === 0;
    if (hello) await held;
    const answer = await postToCentralWithFetch(url, body, headers, timeoutMs, closing);
    if (hello && 'status' in answer) {
      count += 1;
      for (const w of waiters.filter((w) => w.n <= count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
    return answer;
  };
  return {
    hallId,
    token,
    hellos: () => count,
    holdHellos() {
      let release = () => {};
      held = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
    helloCount: (n) =>
      count >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
    post,
  };
}

/** The hub on the hall's folder, pushing to the centre when `link` is given. */
async function start(dir: string, link: Link | null, at = HALL_MORNING): Promise<TestHub> {
  hub = await startTestHub({
    dir,
    start: at,
    config: {
      markFile: join(dir, 'hallq.mark'),
      central: link
        ? { url: centre.url, hallId: link.hallId, token: link.token, retry: FAST_RETRY, post: link.post }
        : null,
    },
  });
  return hub;
}

async function stop(): Promise<void> {
  await hub?.close();
  hub = null;
}

/** Issues a ticket as the system; its number. */
function issue(th: TestHub, serviceId = 'svc-1'): string {
  const outcome = th.hub.hall.execute(
    { type: 'ticket:issue', serviceId, visitorClass: 'normal', visitorKey: null, kioskId: null },
    { kind: 'system', id: null, deviceId: null },
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
  const issued = outcome.value.events.find((e) => e.type === 'ticket:issued');
  if (issued?.type !== 'ticket:issued') throw new Error('no ticket issued');
  return issued.ticket.number;
}

/** A copy of the database as it stands (checkpointed into the main file). */
function copyOfDatabase(th: TestHub, dir: string): string {
  th.db.pragma('wal_checkpoint(TRUNCATE)');
  const copy = join(dir, 'earlier.db');
  copyFileSync(join(dir, 'hallq.db'), copy);
  return copy;
}

/** The folder comes back from the old backup: the database as the copy was, and no mark file beside it. */
function restoreFolder(copy: string, dir: string): void {
  copyFileSync(copy, join(dir, 'hallq.db'));
  for (const file of ['hallq.db-wal', 'hallq.db-shm', 'hallq.mark']) rmSync(join(dir, file), { force: true });
}

/** Resolves once the hub's link has taken the centre's first answer (witness included). */
function firstAnswer(th: TestHub): Promise<void> {
  const sync = th.hub.central!;
  if (sync.acknowledged() !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = sync.onAcknowledged(() => {
      stop();
      resolve();
    });
  });
}

/** Every number the centre holds for a service of the hall (on the test day). */
async function centreNumbers(hallId: string, serviceId: string): Promise<string[]> {
  const rows = await centre.central.pool.query<{ number: string }>(
    'SELECT number FROM tickets WHERE hall_id = $1 AND issued_service_id = $2 ORDER BY number',
    [hallId, serviceId],
  );
  return rows.rows.map((r) => r.number);
}

const lossEntries = (th: TestHub) => th.hub.hall.log.recent(['storage:commits-lost'], 10);

describe('the centre as a witness of the hall log', () => {
  it('answers a hello with what the hall had handed out: hall position, business day, last numbers', async () => {
    const link = await register('tail');
    const th = await start(hallFolder(), link);
    for (let i = 0; i < 3; i += 1) issue(th);
    issue(th, 'svc-2');
    await caughtUp(th);
    const answer = await centre.post('tail', link.token, []);
    expect(answer).toEqual({
      status: 200,
      body: {
        hallId: 'tail',
        storedThrough: th.hub.hall.durableLogId(),
        lastHash: th.hub.hall.log.tail().hash,
        tail: {
          hallSeq: th.hub.hall.log.hallSeq(),
          businessDay: th.hub.hall.state().businessDay,
          lastNumbers: [
            { serviceId: 'svc-1', number: 'A003' },
            { serviceId: 'svc-2', number: 'B001' },
          ],
        },
      },
    });
  });

  it('finds commits a restored folder lost (mark file gone too) and numbers past everything the centre saw', async () => {
    const link = await register('restored');
    const dir = hallFolder();
    let th = await start(dir, link);
    const before = [issue(th), issue(th), issue(th, 'svc-2')];
    await caughtUp(th);
    const copy = copyOfDatabase(th, dir);
    const restoredEnd = th.hub.hall.log.lastId();
    before.push(issue(th), issue(th), issue(th), issue(th, 'svc-2'));
    await caughtUp(th);
    const centreEnd = th.hub.central!.acknowledged()!;
    const seqBefore = th.hub.hall.log.hallSeq();
    await stop();
    restoreFolder(copy, dir);

    th = await start(dir, link);
    // The mark file is new: at start the hub knows of no loss; the centre's first answer tells it.
    await firstAnswer(th);
    const lost = th.hub.hall.lostCommits();
    expect(lost).toMatchObject({
      eventIds: { from: restoredEnd + 1, to: centreEnd },
      businessDay: '2026-11-28',
      lastSequence: { 'svc-1': 5, 'svc-2': 2 },
    });
    expect(lost?.reason).toMatch(/the city centre says event/);
    expect(lossEntries(th)).toHaveLength(1);
    const alert = th.hub.supervision.check().alerts.find((a) => a.rule === 'commits-lost');
    expect(alert).toMatchObject({ severity: 'critical', clearedAt: null });

    // The next numbers are past every number the centre holds: none is handed out twice.
    const next = [issue(th), issue(th, 'svc-2')];
    expect(next).toEqual(['A006', 'B003']);
    for (const [serviceId, number] of [
      ['svc-1', next[0]!],
      ['svc-2', next[1]!],
    ] as const) {
      const held = await centreNumbers('restored', serviceId);
      expect(held.length).toBeGreaterThan(0);
      expect(held.every((n) => n < number)).toBe(true);
    }
    expect(new Set([...before, ...next]).size).toBe(before.length + next.length);
    // Hall positions the lobby saw are not reused either.
    expect(th.hub.hall.log.hallSeq()).toBe(seqBefore + 2);

    // Once the hub's log passes the centre's end, the centre refuses it (a fork, or entries rewritten under its ids) and the link asks again with a
    // hello after each refusal: the centre says the same each time, and it is still one incident.
    while (th.hub.hall.log.lastId() <= centreEnd) next.push(issue(th));
    await th.hub.hall.settled();
    expect(await refusalOf(th)).toMatch(/^(fork|rewritten)/);
    await link.helloCount(link.hellos() + 2);
    expect(lossEntries(th)).toHaveLength(1);

    // Another restart: the floor and the incident were recorded in the database.
    await stop();
    th = await start(dir, link);
    await firstAnswer(th);
    expect(lossEntries(th)).toHaveLength(1);
    expect(th.hub.hall.lostCommits()).toEqual(lost);
    const after = issue(th);
    const svc1 = [...next.filter((n) => n.startsWith('A')), ...(await centreNumbers('restored', 'svc-1'))];
    expect(svc1.every((n) => n < after)).toBe(true);
  });

  it('numbers past the centre from its answer on; tickets issued before it answered are the known window', async () => {
    const link = await register('window');
    const dir = hallFolder();
    let th = await start(dir, link);
    issue(th);
    await caughtUp(th);
    const copy = copyOfDatabase(th, dir);
    const restoredEnd = th.hub.hall.log.lastId();
    for (let i = 0; i < 4; i += 1) issue(th);
    await caughtUp(th);
    await stop();
    restoreFolder(copy, dir);

    const release = link.holdHellos();
    th = await start(dir, link);
    // Before the centre answers the hub knows nothing of the loss: A002 is handed out a second time. This is
    // the window the mark file closes in the normal case; the centre covers a folder restored without it.
    expect(issue(th)).toBe('A002');
    expect(th.hub.hall.lostCommits()).toBeNull();
    release();
    await firstAnswer(th);
    // The loss counts from where the database ended at start, though the window's ticket took one of its ids.
    expect(th.hub.hall.lostCommits()).toMatchObject({
      eventIds: { from: restoredEnd + 1 },
      lastSequence: { 'svc-1': 5 },
    });
    expect(issue(th)).toBe('A006');
  });

  it('is one incident when the mark file found the loss at start and the centre holds part of it', async () => {
    const link = await register('both');
    const dir = hallFolder();
    let th = await start(dir, link);
    issue(th);
    await caughtUp(th);
    const copy = copyOfDatabase(th, dir);
    const restoredEnd = th.hub.hall.log.lastId();
    issue(th);
    issue(th);
    issue(th);
    await caughtUp(th);
    // The last tickets never reached the centre: it ends inside what the mark file will find lost.
    await th.hub.central!.close();
    issue(th);
    issue(th, 'svc-2');
    await th.hub.hall.settled();
    const markEnd = th.hub.hall.log.lastId();
    await stop();
    // Only the database goes back; the mark file stays.
    copyFileSync(copy, join(dir, 'hallq.db'));
    for (const file of ['hallq.db-wal', 'hallq.db-shm']) rmSync(join(dir, file), { force: true });

    th = await start(dir, link);
    const atStart = th.hub.hall.lostCommits();
    expect(atStart).toMatchObject({ eventIds: { from: restoredEnd + 1, to: markEnd } });
    expect(atStart?.reason).toMatch(/high-water mark/);
    await firstAnswer(th);
    expect(th.hub.hall.lostCommits()).toEqual(atStart);
    expect(lossEntries(th)).toHaveLength(1);
    expect([issue(th), issue(th, 'svc-2')]).toEqual(['A006', 'B002']);
  });

  it('finds a fork: the restored hub wrote as many entries again, different ones, before it was linked', async () => {
    const link = await register('forked');
    const dir = hallFolder();
    let th = await start(dir, link);
    issue(th);
    issue(th);
    await caughtUp(th);
    const copy = copyOfDatabase(th, dir);
    for (let i = 0; i < 3; i += 1) issue(th);
    await caughtUp(th);
    const centreEnd = th.hub.central!.acknowledged()!;
    const centreHash = th.hub.hall.log.tail().hash;
    await stop();
    restoreFolder(copy, dir);

    // Without the centre (its address not yet set again), the restored hall fills the same ids differently.
    th = await start(dir, null, HALL_MORNING + 60_000);
    while (th.hub.hall.log.lastId() < centreEnd) issue(th);
    await th.hub.hall.settled();
    expect(th.hub.hall.log.lastId()).toBe(centreEnd);
    expect(th.hub.hall.log.tail().hash).not.toBe(centreHash);
    expect(th.hub.hall.lostCommits()).toBeNull();
    await stop();

    th = await start(dir, link, HALL_MORNING + 120_000);
    await firstAnswer(th);
    expect(th.hub.hall.lostCommits()).toMatchObject({
      eventIds: { from: centreEnd, to: centreEnd },
      lastSequence: { 'svc-1': 5 },
    });
    expect(th.hub.hall.lostCommits()?.reason).toMatch(
      new RegExp(`event ${centreEnd} in the database is not the one the city centre recorded`),
    );
    const next = issue(th);
    expect((await centreNumbers('forked', 'svc-1')).every((n) => n < next)).toBe(true);
  });

  it('raises no alarm on a normal restart, nor when the hub is ahead of the centre', async () => {
    const link = await register('normal');
    const dir = hallFolder();
    let th = await start(dir, link);
    issue(th);
    issue(th);
    await caughtUp(th);
    await stop();

    th = await start(dir, link);
    await firstAnswer(th);
    expect(th.hub.hall.lostCommits()).toBeNull();
    expect(issue(th)).toBe('A003');
    await caughtUp(th);
    // The link stops; the hall goes on alone, then starts again ahead of the centre.
    await th.hub.central!.close();
    issue(th);
    issue(th, 'svc-2');
    await th.hub.hall.settled();
    await stop();

    th = await start(dir, link);
    await caughtUp(th);
    expect(th.hub.hall.lostCommits()).toBeNull();
    expect(lossEntries(th)).toEqual([]);
    expect(th.hub.supervision.check().alerts.filter((a) => a.rule === 'commits-lost')).toEqual([]);
    expect(issue(th)).toBe('A005');
  });
});
