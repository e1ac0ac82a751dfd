import { startTestHub, type TestHub } from '@hallq/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, run } from '../testing/hall-activity.ts';
import { caughtUp, FAST_RETRY } from '../testing/hub-link.ts';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';
import { compareHalls } from './hall-comparison.ts';

const PAD = { kind: 'device', id: null, deviceId: 'pad-1' } as const;
const SYSTEM = { kind: 'system', id: null, deviceId: null } as const;
const MIN = 60_000;
const DAY = { from: '2026-11-28', to: '2026-11-28', timeZone: 'Asia/Shanghai' };

/** A visit at w1 that waits `wait` minutes and takes `service` minutes; rated `level` when given. */
function served(hub: TestHub, wait: number, service: number, level?: number): void {
  issue(hub);
  hub.clock.advance(wait * MIN);
  run(hub, { type: 'window:call-next', windowId: 'w1', clerkId: null });
  run(hub, { type: 'window:start', windowId: 'w1' });
  hub.clock.advance(service * MIN);
  run(hub, { type: 'window:finish', windowId: 'w1' });
  if (level === undefined) return;
  const done = hub.db
    .prepare<[], { id: string }>(`SELECT id FROM tickets WHERE status = 'done' ORDER BY ended_at DESC`)
    .get()!;
  if (!hub.hub.ratings.submit(done.id, 'w1', { level, tags: [], comment: '' }, PAD).ok) {
    throw new Error('the rating was refused');
  }
}

/** A ticket called after `wait` minutes whose visitor never comes (called twice, 3 minutes apart). */
function noShow(hub: TestHub, wait: number): void {
  issue(hub);
  hub.clock.advance(wait * MIN);
  run(hub, { type: 'window:call-next', windowId: 'w1', clerkId: null });
  hub.clock.advance(3 * MIN);
  run(hub, { type: 'window:recall', windowId: 'w1' });
  run(hub, { type: 'window:no-show', windowId: 'w1' });
}

describe('comparing halls side by side', () => {
  let centre: TestCentral;
  const hubs: Record<string, TestHub> = {};
  beforeAll(async () => {
    centre = await startTestCentral('comparison');
    const tokens: Record<string, string> = {};
    for (const [hallId, name, region] of [
      ['a', '甲厅', '东城区'],
      ['b', '乙厅', '东城区'],
      ['c', '丙厅', '西城区'],
    ] as const) {
      tokens[hallId] = await centre.central.halls.register({ hallId, name, region });
      // B's hub is of a version that never told the centre its configuration: its log is pushed by hand below.
      const hub = await startTestHub(
        hallId === 'b'
          ? {}
          : { config: { central: { url: centre.url, hallId, token: tokens[hallId], retry: FAST_RETRY } } },
      );
      run(hub, { type: 'window:sign-in', windowId: 'w1', clerkId: 'clerk-1' });
      hubs[hallId] = hub;
    }
    // A: its own 10-minute limit on svc-1; waits of 5, 15 and 25 minutes, 4 minutes each at the window.
    const a = hubs.a!;
    const hall = a.hub.hall.hall();
    const services = hall.services.map((s) => ({ ...s, slaWaitMinutes: s.id === 'svc-1' ? 10 : 30 }));
    if (!a.hub.hall.configure({ ...hall, services }, SYSTEM).ok) throw new Error('not configured');
    served(a, 5, 4, 5);
    served(a, 15, 4, 1);
    served(a, 25, 4);
    // B: never reported its limits (the default 30 minutes); waits of 10 and 40, and a no-show after 2.
    const b = hubs.b!;
    served(b, 10, 6);
    served(b, 40, 8);
    noShow(b, 2);
    // C: one visit in another region.
    served(hubs.c!, 1, 1);
    await Promise.all([hubs.a!, hubs.c!].map((hub) => caughtUp(hub)));
    await b.hub.hall.settled();
    const pushed = await centre.post(
      'b',
      tokens.b!,
      b.hub.outbox.readAfter(0, 1_000, b.hub.hall.durableLogId()),
    );
    if (pushed.status !== 200) throw new Error(`B's log was refused: ${JSON.stringify(pushed.body)}`);
  });
  afterAll(async () => {
    for (const hub of Object.values(hubs)) await hub.close();
    await centre.close();
  });

  it('gives the key figures of each hall, in the order asked', async () => {
    const [b, a] = await compareHalls(centre.central.pool, { hallIds: ['b', 'a'], ...DAY });
    expect(a).toMatchObject({
      hallId: 'a',
      hallName: '甲厅',
      region: '东城区',
      tickets: 3,
      served: 3,
      noShows: 0,
      medianWaitMs: 15 * MIN,
      // The 90th percentile between 15 and 25, interpolated: 15 + 0.8 × 10.
      p90WaitMs: 23 * MIN,
      medianServiceMs: 4 * MIN,
      withinSlaShare: 1 / 3,
      slaIsDefault: false,
      rated: 2,
      averageRating: 3,
      badRatingShare: 0.5,
      noShowShare: 0,
    });
    // B's waits 2 (the no-show's, called), 10 and 40 against the default 30: two of three within.
    expect(b).toMatchObject({
      hallId: 'b',
      tickets: 3,
      served: 2,
      noShows: 1,
      medianWaitMs: 10 * MIN,
      p90WaitMs: 34 * MIN,
      medianServiceMs: 7 * MIN,
      slaIsDefault: true,
      rated: 0,
      averageRating: null,
      badRatingShare: null,
      noShowShare: 1 / 3,
    });
    expect(b!.withinSlaShare).toBeCloseTo(2 / 3);
  });

  it('shows a hall with nothing in the range with empty figures, and leaves out an unknown one', async () => {
    const halls = await compareHalls(centre.central.pool, {
      hallIds: ['a', 'nowhere', 'c'],
      from: '2026-12-01',
      to: '2026-12-31',
      timeZone: 'Asia/Shanghai',
    });
    expect(halls.map((h) => h.hallId)).toEqual(['a', 'c']);
    expect(halls[0]).toMatchObject({
      tickets: 0,
      medianWaitMs: null,
      withinSlaShare: null,
      slaIsDefault: false,
      averageRating: null,
      noShowShare: null,
    });
  });

  describe('over the read API', () => {
    const get = async (path: string, token: string) => {
      const response = await fetch(`${centre.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        text: Buffer.from(await response.arrayBuffer()).toString('utf8'),
      };
    };
    const range = `from=${DAY.from}&to=${DAY.to}`;

    it('compares picked halls or a whole region, within the user’s scope, as JSON, CSV or XLSX', async () => {
      const city = await centre.central.users.add({ username: 'zhao', role: 'city-admin', region: null });
      const east = await centre.central.users.add({
        username: 'qian',
        role: 'city-supervisor',
        region: '东城区',
      });
      const picked = JSON.parse((await get(`/v1/compare?halls=c,a&${range}`, city)).text) as {
        halls: { hallId: string }[];
      };
      expect(picked.halls.map((h) => h.hallId)).toEqual(['c', 'a']);
      const region = JSON.parse(
        (await get(`/v1/compare?region=${encodeURIComponent('东城区')}&${range}`, east)).text,
      ) as { halls: { hallId: string; tickets: number }[] };
      expect(region.halls.map((h) => [h.hallId, h.tickets])).toEqual([
        ['a', 3],
        ['b', 3],
      ]);

      // A region's supervisor: another region's hall, or the other region, is not theirs.
      expect((await get(`/v1/compare?halls=a,c&${range}`, east)).status).toBe(403);
      expect((await get(`/v1/compare?region=${encodeURIComponent('西城区')}&${range}`, east)).status).toBe(
        403,
      );
      // One hall, seven, the same twice, both a list and a region, a backwards range, an unknown hall.
      for (const bad of [
        `halls=a&${range}`,
        `halls=a,b,c,d,e,f,g&${range}`,
        `halls=a,a&${range}`,
        `halls=a,b&region=x&${range}`,
        'halls=a,b&from=2026-11-29&to=2026-11-28',
        `halls=a,b&${range}&extra=1`,
      ]) {
        expect((await get(`/v1/compare?${bad}`, city)).status, bad).toBe(400);
      }
      expect((await get(`/v1/compare?halls=a,zz&${range}`, city)).status).toBe(404);

      const csv = await get(`/v1/compare?halls=a,b&${range}&format=csv`, city);
      expect(csv.type).toMatch(/text\/csv/);
      const [head, rowA, rowB] = csv.text.split('\r\n');
      expect(head).toMatch(/^\uFEFF大厅 hall,区域 region,取号 tickets,等候中位数\(分\) median wait \(min\),/);
      expect(rowA).toBe('甲厅,东城区,3,15.0,23.0,4.0,33.3,否 no,2,3.00,50.0,0.0');
      expect(rowB).toMatch(/^乙厅,东城区,3,10.0,34.0,7.0,66.7,是 yes,0,,,33.3$/);
      const xlsx = await get(`/v1/compare?halls=a,b&${range}&format=xlsx`, city);
      expect(xlsx.status).toBe(200);
      expect(xlsx.type).toMatch(/spreadsheetml/);
    });
  });
});
