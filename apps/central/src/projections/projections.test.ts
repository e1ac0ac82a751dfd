import { startTestHub, type TestHub } from '@hallq/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, run, visit } from '../testing/hall-activity.ts';
import { caughtUp, FAST_RETRY } from '../testing/hub-link.ts';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';

const PAD = { kind: 'device', id: null, deviceId: 'pad-1' } as const;

describe('projections of a hall log', () => {
  let centre: TestCentral;
  let hub: TestHub;
  const q = async <T>(sql: string, params: unknown[] = []) =>
    (await centre.central.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    centre = await startTestCentral('projections');
    const token = await centre.central.halls.register({ hallId: 'p1', name: '甲', region: '东城区' });
    hub = await startTestHub({
      config: { central: { url: centre.url, hallId: 'p1', token, retry: FAST_RETRY, batchSize: 4 } },
    });
  });
  afterAll(async () => {
    await hub.close();
    await centre.close();
  });

  it('keeps tickets, windows, ratings, follow-ups and the day roll-ups, counted once', async () => {
    visit(hub, 'w1', 'svc-1');
    hub.clock.advance(60_000);
    visit(hub, 'w2', 'svc-2');
    issue(hub, 'svc-1');
    issue(hub, 'svc-3');
    run(hub, { type: 'window:pause', windowId: 'w3', reason: 'break', note: null });
    const finished = hub.db
      .prepare<[], { id: string; window_id: string }>(
        `SELECT id, window_id FROM tickets WHERE status = 'done'`,
      )
      .all();
    const byWindow = (w: string) => finished.find((t) => t.window_id === w)!;
    expect(hub.hub.ratings.submit(byWindow('w1').id, 'w1', { level: 1, tags: [], comment: '' }, PAD).ok).toBe(
      true,
    );
    expect(hub.hub.ratings.submit(byWindow('w2').id, 'w2', { level: 5, tags: [], comment: '' }, PAD).ok).toBe(
      true,
    );
    await caughtUp(hub);

    const tickets = await q<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM tickets WHERE hall_id = $1 GROUP BY status ORDER BY status',
      ['p1'],
    );
    expect(tickets).toEqual([
      { status: 'done', n: 2 },
      { status: 'waiting', n: 2 },
    ]);
    const windows = await q<{ window_id: string; status: string }>(
      'SELECT window_id, status FROM windows WHERE hall_id = $1 ORDER BY window_id',
      ['p1'],
    );
    expect(windows).toContainEqual({ window_id: 'w3', status: 'paused' });
    const totals = await q<Record<string, number>>(
      `SELECT sum(issued)::int AS issued, sum(served)::int AS served, sum(rated)::int AS rated,
         sum(rating_sum)::int AS rating_sum, sum(bad_ratings)::int AS bad
       FROM daily_rollups WHERE hall_id = $1`,
      ['p1'],
    );
    expect(totals).toEqual([{ issued: 4, served: 2, rated: 2, rating_sum: 6, bad: 1 }]);
    // Each finished ticket is counted at its service × window (× clerk) with its wait.
    const served = await q<{ service_id: string; window_id: string; served: number }>(
      `SELECT service_id, window_id, served FROM daily_rollups WHERE hall_id = $1 AND served > 0 ORDER BY window_id`,
      ['p1'],
    );
    expect(served).toEqual([
      { service_id: 'svc-1', window_id: 'w1', served: 1 },
      { service_id: 'svc-2', window_id: 'w2', served: 1 },
    ]);
    const ratings = await q<{ level: number }>(
      'SELECT level FROM ratings WHERE hall_id = $1 ORDER BY level',
      ['p1'],
    );
    expect(ratings).toEqual([{ level: 1 }, { level: 5 }]);
    const followUps = await q<{ follow_up_id: string; status: string; level: number }>(
      'SELECT follow_up_id, status, level FROM follow_ups WHERE hall_id = $1',
      ['p1'],
    );
    expect(followUps).toEqual([{ follow_up_id: expect.any(String), status: 'open', level: 1 }]);

    // The supervisor calls the visitor back: the centre's follow-up moves with it.
    const moved = hub.hub.caseRecords.followUps.update(
      { followUpId: followUps[0]!.follow_up_id, status: 'contacted', note: '已回访' },
      { kind: 'user', id: 'sup-1', deviceId: null },
    );
    expect(moved.ok).toBe(true);
    await caughtUp(hub);
    expect(await q('SELECT status FROM follow_ups WHERE hall_id = $1', ['p1'])).toEqual([
      { status: 'contacted' },
    ]);
    // Nothing counted twice when the hub sends its whole log again.
    const log = hub.hub.outbox.readAfter(0, 1000, hub.hub.hall.durableLogId());
    const token = await centre.central.halls.register({ hallId: 'p1', name: '甲', region: '东城区' });
    expect((await centre.post('p1', token, log)).status).toBe(200);
    expect(
      await q(
        'SELECT sum(issued)::int AS issued, sum(served)::int AS served FROM daily_rollups WHERE hall_id = $1',
        ['p1'],
      ),
    ).toEqual([{ issued: 4, served: 2 }]);
  });
});
