import { type PostToCentral, postToCentralWithFetch } from '@hallq/hub/central';
import { startTestHub } from '@hallq/hub/testing';
import { describe, expect, it } from 'vitest';
import { type CentreProcess, startCentreProcess } from '../testing/centre-process.ts';
import { testDatabase } from '../testing/database.ts';
import { visit } from '../testing/hall-activity.ts';
import { caughtUp, centreCopyOf, FAST_RETRY, freePort, hubLogOf } from '../testing/hub-link.ts';
import { startTestCentral } from '../testing/test-central.ts';

const KILLS = 5;

describe('the centre killed with SIGKILL mid-batch', () => {
  it('loses nothing and stores nothing twice, however often it dies', async () => {
    const port = await freePort();
    const databaseUrl = await testDatabase('killed');
    const setup = await startTestCentral('killed', { databaseUrl });
    const token = await setup.central.halls.register({ hallId: 'k1', name: '丁', region: '北城区' });
    await setup.close();

    // Requests cut off by a death (as opposed to refused while the centre was down).
    let cutOff = 0;
    let inFlight = 0;
    const post: PostToCentral = async (...args) => {
      inFlight += 1;
      const outcome = await postToCentralWithFetch(...args);
      inFlight -= 1;
      if ('error' in outcome && !outcome.error.includes('ECONNREFUSED')) cutOff += 1;
      return outcome;
    };
    const hub = await startTestHub({
      config: {
        central: {
          url: `http://127.0.0.1:${port}`,
          hallId: 'k1',
          token,
          retry: FAST_RETRY,
          batchSize: 40,
          post,
        },
      },
    });
    const started: CentreProcess[] = [];
    try {
      for (let i = 0; i < 600; i += 1) visit(hub, `w${(i % 4) + 1}`);
      await hub.hub.hall.settled();
      for (let kill = 0; kill < KILLS; kill += 1) {
        const centre = await startCentreProcess(databaseUrl, port);
        started.push(centre);
        hub.hub.central!.wake();
        // Let a couple of batches land, then kill the centre while the next one is on its way.
        let acks = 0;
        await new Promise<void>((resolve) => {
          const stop = hub.hub.central!.onAcknowledged(() => {
            acks += 1;
            if (acks < 2 + kill) return;
            stop();
            resolve();
          });
        });
        // The sync sends the next batch in the same turn as it takes an acknowledgement.
        await new Promise((resolve) => setImmediate(resolve));
        expect(inFlight).toBe(1);
        await centre.kill();
        visit(hub, 'w1');
      }
      const last = await startCentreProcess(databaseUrl, port);
      started.push(last);
      hub.hub.central!.wake();
      await caughtUp(hub, 120_000);
      await last.kill();
      expect(cutOff).toBeGreaterThanOrEqual(1);
      const check = await startTestCentral('killed', { databaseUrl });
      try {
        expect(await centreCopyOf(check.central.pool, 'k1')).toEqual(hubLogOf(hub));
        const served = await check.central.pool.query<{ served: number }>(
          `SELECT sum(served)::int AS served FROM daily_rollups WHERE hall_id = 'k1'`,
        );
        expect(served.rows).toEqual([{ served: 600 + KILLS }]);
      } finally {
        await check.close();
      }
    } finally {
      for (const centre of started) await centre.kill();
      await hub.close();
    }
  }, 240_000);
});
