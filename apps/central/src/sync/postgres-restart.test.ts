import { type PostToCentral, postToCentralWithFetch } from '@hallq/hub/central';
import { startTestHub } from '@hallq/hub/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createCentral } from '../create-central.ts';
import { openPool } from '../db/pool.ts';
import { visit } from '../testing/hall-activity.ts';
import { caughtUp, centreCopyOf, FAST_RETRY, hubLogOf } from '../testing/hub-link.ts';
import { startTestCluster } from '../testing/pg-cluster.ts';

describe('PostgreSQL restarted mid-ingest', () => {
  it('answers 503 while the database is away, and the hub carries on from the acknowledged end', async () => {
    // A cluster of its own: the shared one serves the other test files meanwhile.
    const cluster = await startTestCluster();
    const databaseUrl = await cluster.createDatabase('restart');
    const pool = openPool(databaseUrl, pino({ level: 'silent' }));
    const central = await createCentral({
      pool,
      logger: pino({ level: 'silent' }),
      config: { host: '127.0.0.1', port: 0, tls: null },
    });
    const { url } = await central.listen();
    const token = await central.halls.register({ hallId: 'pg', name: '戊', region: '西城区' });
    const statuses = new Map<number, number>();
    const post: PostToCentral = async (...args) => {
      const outcome = await postToCentralWithFetch(...args);
      if ('status' in outcome) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      return outcome;
    };
    const hub = await startTestHub({
      config: { central: { url, hallId: 'pg', token, retry: FAST_RETRY, batchSize: 40, post } },
    });
    try {
      for (let i = 0; i < 500; i += 1) visit(hub, `w${(i % 4) + 1}`);
      await hub.hub.hall.settled();
      // Three crashes of PostgreSQL (immediate: no checkpoint, recovery from the WAL), each with batches on the way.
      for (let crash = 0; crash < 3; crash += 1) {
        await new Promise<void>((resolve) => {
          const stop = hub.hub.central!.onAcknowledged(() => {
            stop();
            resolve();
          });
          hub.hub.central!.wake();
        });
        await cluster.restart('immediate');
        for (let i = 0; i < 20; i += 1) visit(hub, 'w2');
      }
      await caughtUp(hub, 120_000);
      expect(statuses.get(503) ?? 0).toBeGreaterThanOrEqual(1);
      expect(await centreCopyOf(pool, 'pg')).toEqual(hubLogOf(hub));
      const served = await pool.query<{ served: number }>(
        `SELECT sum(served)::int AS served FROM daily_rollups WHERE hall_id = 'pg'`,
      );
      expect(served.rows).toEqual([{ served: 560 }]);
    } finally {
      await hub.close();
      await central.close();
      await pool.end();
      await cluster.stop();
    }
  }, 180_000);
});
