import { HALL_MORNING, startTestHub } from '@hallq/hub/testing';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { run, visit } from '../testing/hall-activity.ts';
import { caughtUp, centreCopyOf, FAST_RETRY, freePort, hubLogOf } from '../testing/hub-link.ts';
import { startTestCentral } from '../testing/test-central.ts';

const VISITS = 1_000;

describe('a hall offline for a day', () => {
  it('works alone all day, then sends the centre everything it missed, once', async () => {
    const port = await freePort();
    const databaseUrl = await testDatabase('catchup');
    // Register the hall first (the centre is then stopped: the hub finds nobody at its address all day).
    const first = await startTestCentral('catchup', { port, databaseUrl });
    const token = await first.central.halls.register({ hallId: 'offline', name: '丙', region: '南城区' });
    await first.close();

    const hub = await startTestHub({
      start: HALL_MORNING - 3_600_000,
      config: { central: { url: `http://127.0.0.1:${port}`, hallId: 'offline', token, retry: FAST_RETRY } },
    });
    try {
      // 09:00 to 17:20 at four windows, a visit every 2 s of hall time, then the night's day change.
      for (let i = 0; i < VISITS; i += 1) {
        hub.clock.advance(2_000);
        visit(hub, `w${(i % 4) + 1}`, `svc-${(i % 3) + 1}`);
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      hub.clock.advance(16 * 3_600_000);
      run(hub, { type: 'clock:tick' });
      await hub.hub.hall.settled();
      expect(hub.hub.central!.state().kind).toBe('waiting');
      expect(hub.hub.central!.acknowledged()).toBeNull();

      const started = performance.now();
      const centre = await startTestCentral('catchup', { port, databaseUrl });
      try {
        await caughtUp(hub, 120_000);
        const seconds = (performance.now() - started) / 1000;
        const entries = hub.hub.hall.durableLogId();
        console.log(
          `catch-up after a day offline: ${entries} entries (${VISITS} visits) in ${seconds.toFixed(2)} s`,
        );
        expect(await centreCopyOf(centre.central.pool, 'offline')).toEqual(hubLogOf(hub));
        const totals = await centre.central.pool.query<{ issued: number; served: number }>(
          `SELECT sum(issued)::int AS issued, sum(served)::int AS served FROM daily_rollups WHERE hall_id = 'offline'`,
        );
        expect(totals.rows).toEqual([{ issued: VISITS, served: VISITS }]);
        const day = await centre.central.pool.query<{ d: string }>(
          `SELECT to_char(business_day, 'YYYY-MM-DD') AS d FROM hall_days WHERE hall_id = 'offline'`,
        );
        expect(day.rows).toEqual([{ d: '2026-11-29' }]);
      } finally {
        await centre.close();
      }
    } finally {
      await hub.close();
    }
  }, 180_000);
});
