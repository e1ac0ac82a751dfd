import { HALL_MORNING, startTestHub, type TestHub } from '@hallq/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, run, visit } from '../testing/hall-activity.ts';
import { caughtUp, FAST_RETRY } from '../testing/hub-link.ts';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';
import { cityBoard } from './city-board.ts';
import { crossHallReport } from './cross-hall-report.ts';

const PAD = { kind: 'device', id: null, deviceId: 'pad-1' } as const;
/** 2026-11-28 00:00 in Asia/Shanghai: the test halls' business day starts here. */
const TODAY_START = Date.UTC(2026, 10, 27, 16);

describe('the city board and the cross-hall report', () => {
  let centre: TestCentral;
  const hubs: TestHub[] = [];
  beforeAll(async () => {
    centre = await startTestCentral('views');
    for (const [hallId, region] of [
      ['east-1', '东城区'],
      ['west-1', '西城区'],
    ] as const) {
      const token = await centre.central.halls.register({ hallId, name: hallId, region });
      hubs.push(
        await startTestHub({ config: { central: { url: centre.url, hallId, token, retry: FAST_RETRY } } }),
      );
    }
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await centre.close();
  });

  it('shows each hall live, and sums a range by hall and service', async () => {
    const [east, west] = hubs as [TestHub, TestHub];
    run(east, { type: 'window:sign-in', windowId: 'w1', clerkId: 'clerk-1' });
    visit(east, 'w1');
    const done = east.db.prepare<[], { id: string }>(`SELECT id FROM tickets WHERE status = 'done'`).get()!;
    expect(east.hub.ratings.submit(done.id, 'w1', { level: 2, tags: [], comment: '' }, PAD).ok).toBe(true);
    east.clock.advance(60_000);
    issue(east);
    issue(east);
    visit(west, 'w2', 'svc-2');
    await Promise.all(hubs.map((hub) => caughtUp(hub)));

    const board = await cityBoard(centre.central.pool, { todayStart: TODAY_START });
    expect(board.map((h) => h.hallId)).toEqual(['east-1', 'west-1']);
    expect(board[0]).toMatchObject({
      region: '东城区',
      waiting: 2,
      longestWaitingSince: HALL_MORNING + 60_000,
      openWindows: 1,
      ratedToday: 1,
      averageRatingToday: 2,
      badRatingsToday: 1,
      openAlerts: 0,
    });
    expect(board[0]!.lastReceivedAt).toEqual(expect.any(Number));
    expect(board[1]).toMatchObject({ waiting: 0, ratedToday: 0 });
    expect(await cityBoard(centre.central.pool, { todayStart: TODAY_START, region: '西城区' })).toHaveLength(
      1,
    );

    const report = await crossHallReport(centre.central.pool, { from: '2026-11-28', to: '2026-11-28' });
    expect(report.map((l) => [l.hallId, l.serviceId, l.issued, l.served, l.rated, l.badRatings])).toEqual([
      ['east-1', 'svc-1', 3, 1, 1, 1],
      ['west-1', 'svc-2', 1, 1, 0, 0],
    ]);
    expect(await crossHallReport(centre.central.pool, { from: '2026-11-29', to: '2026-12-31' })).toEqual([]);
  });
});
