import { type PostToCentral, postToCentralWithFetch } from '@hallq/hub/central';
import { entryHash } from '@hallq/hub/event-log';
import { startTestHub, type TestHub } from '@hallq/hub/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issue, visit } from '../testing/hall-activity.ts';
import { caughtUp, centreCopyOf, FAST_RETRY, hubLogOf } from '../testing/hub-link.ts';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';

let centre: TestCentral;
beforeAll(async () => {
  centre = await startTestCentral('sync');
});
afterAll(() => centre.close());

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

async function hallHub(hallId: string, options: { post?: PostToCentral; batchSize?: number } = {}) {
  const token = await centre.central.halls.register({ hallId, name: hallId, region: '东城区' });
  const hub = await startTestHub({
    config: { central: { url: centre.url, hallId, token, retry: FAST_RETRY, ...options } },
  });
  hubs.push(hub);
  return hub;
}

describe('hubs pushing their logs to the centre', () => {
  it('takes three hubs pushing at once, each log whole and once', async () => {
    const three = await Promise.all(['east', 'west', 'north'].map((id) => hallHub(id, { batchSize: 7 })));
    // Work in all three halls interleaved, each step on its own turn of the event loop.
    for (let round = 0; round < 25; round += 1) {
      for (const [i, hub] of three.entries()) visit(hub, `w${(round % 3) + 1}`, `svc-${i + 1}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(three.map((hub) => caughtUp(hub)));
    for (const [i, hub] of three.entries()) {
      const hubLog = hubLogOf(hub);
      expect(hubLog.length).toBeGreaterThanOrEqual(100);
      expect(await centreCopyOf(centre.central.pool, ['east', 'west', 'north'][i]!)).toEqual(hubLog);
    }
    // The hub's own record of the centre's progress, in /healthz.
    const lag = three[0]!.hub.outbox.lag('central', Date.now());
    expect(lag.behind).toBe(0);
  });

  it('stores a batch once when the network delivers it twice, and its repeats answer the same', async () => {
    let doubled = 0;
    const twice: PostToCentral = async (...args) => {
      const [first, second] = await Promise.all([
        postToCentralWithFetch(...args),
        postToCentralWithFetch(...args),
      ]);
      doubled += 1;
      // Whichever came second was a repeat or overtook nothing: both are answered with the same end.
      return 'status' in first && first.status === 200 ? first : second;
    };
    const hub = await hallHub('twice', { post: twice, batchSize: 3 });
    for (let i = 0; i < 10; i += 1) visit(hub);
    await caughtUp(hub);
    expect(doubled).toBeGreaterThan(5);
    expect(await centreCopyOf(centre.central.pool, 'twice')).toEqual(hubLogOf(hub));
  });

  it('flags a hub whose log was rewritten after it was pushed, and refuses what follows', async () => {
    const hub = await hallHub('forger');
    for (let i = 0; i < 3; i += 1) visit(hub);
    await caughtUp(hub);
    const before = await centreCopyOf(centre.central.pool, 'forger');
    // A careful forger: changes entry 3 in the hub's database and hashes the chain again from there.
    type Row = {
      id: number;
      hall_seq: number | null;
      at: number;
      type: string;
      actor_kind: string;
      actor_id: string | null;
      device_id: string | null;
      payload: string;
      prev_hash: string;
      hash: string;
    };
    const rows = hub.db.prepare<[], Row>('SELECT * FROM events ORDER BY id').all();
    let prevHash = rows[1]!.hash;
    for (const row of rows.slice(2)) {
      const at = row.id === 3 ? row.at - 60_000 : row.at;
      const base = {
        id: row.id,
        hallSeq: row.hall_seq,
        at,
        type: row.type,
        actorKind: row.actor_kind,
        actorId: row.actor_id,
        deviceId: row.device_id,
        payload: row.payload,
        prevHash,
      };
      const hash = entryHash(base);
      hub.db
        .prepare('UPDATE events SET at = ?, prev_hash = ?, hash = ? WHERE id = ?')
        .run(at, prevHash, hash, row.id);
      prevHash = hash;
    }
    // The hub was restarted on the forged file (its in-memory tail reloads), and the hall goes on.
    hub.hub.hall.log.reload();
    issue(hub);
    await hub.hub.hall.settled();
    const refused = await new Promise<string>((resolve) => {
      const check = () => {
        const state = hub.hub.central!.state();
        if (state.kind === 'refused') resolve(state.reason);
        else setTimeout(check, 5);
      };
      check();
    });
    expect(refused).toMatch(/^fork/);
    expect(await centre.central.ingest.openAlerts('forger')).toEqual([
      expect.objectContaining({ kind: 'fork', entryId: rows.length + 1 }),
    ]);
    // The centre kept what it verified; nothing of the forged chain.
    expect(await centreCopyOf(centre.central.pool, 'forger')).toEqual(before);
  });

  it('flags an entry edited in the hub before it was pushed', async () => {
    const hub = await hallHub('editor');
    await hub.hub.central!.close();
    visit(hub);
    await hub.hub.hall.settled();
    hub.db.prepare(`UPDATE events SET payload = replace(payload, 'svc-1', 'svc-3') WHERE id = 2`).run();
    const token = await centre.central.halls.register({ hallId: 'editor', name: 'editor', region: '东城区' });
    const entries = hub.hub.outbox.readAfter(0, 100, hub.hub.hall.durableLogId());
    expect((await centre.post('editor', token, entries)).body).toMatchObject({
      refused: 'altered',
      entryId: 2,
    });
    expect(await centreCopyOf(centre.central.pool, 'editor')).toEqual([]);
  });

  it('refuses a revoked hub; the hall goes on working, and catches up once given a new credential', async () => {
    const hub = await hallHub('revoked');
    visit(hub);
    await caughtUp(hub);
    await centre.central.halls.revoke('revoked');
    visit(hub);
    await hub.hub.hall.settled();
    await new Promise<void>((resolve) => {
      const check = () => (hub.hub.central!.state().kind === 'refused' ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(hub.hub.central!.state()).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/403/) });
    const stored = await centreCopyOf(centre.central.pool, 'revoked');
    expect(stored.length).toBeLessThan(hubLogOf(hub).length);
    // The hall itself is unaffected.
    issue(hub);
    expect(hub.hub.hall.state().tickets.size).toBeGreaterThan(0);
  });
});
