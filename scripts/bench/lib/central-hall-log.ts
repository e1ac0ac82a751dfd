import { startTestHub } from '@hallq/hub/testing';
import type { CentralLogEntry } from '@hallq/protocol';
import { visit } from '../../../apps/central/src/testing/hall-activity.ts';
import { benchHall } from './bench-hub.ts';

const PAD = { kind: 'device', id: null, deviceId: 'pad-1' } as const;

/**
 * A real hub's log for a day of `visits` visits at eight windows, six services, every other one rated, as the hub
 * sends it to the centre (ratings with their detail).
 */
export async function hallDayLog(visits: number): Promise<CentralLogEntry[]> {
  const hub = await startTestHub({ hall: benchHall() });
  try {
    for (let i = 0; i < visits; i += 1) {
      hub.clock.advance(3_000);
      const windowId = `w${(i % 8) + 1}`;
      visit(hub, windowId, `svc-${(i % 6) + 1}`);
      if (i % 2 === 0) {
        const done = hub.db
          .prepare<[string], { id: string }>(
            `SELECT id FROM tickets WHERE window_id = ? AND status = 'done' ORDER BY ended_at DESC LIMIT 1`,
          )
          .get(windowId);
        if (done)
          hub.hub.ratings.submit(done.id, windowId, { level: (i % 5) + 1, tags: [], comment: '' }, PAD);
      }
      if (i % 500 === 499) await hub.hub.hall.settled();
    }
    await hub.hub.hall.settled();
    const { ratingDetailReader } = await import('../../../apps/hub/src/central/rating-detail.ts');
    const ratingOf = ratingDetailReader(hub.db);
    return hub.hub.outbox.readAfter(0, 10_000_000, hub.hub.hall.durableLogId()).map((e) => {
      if (e.type !== 'rating:recorded') return e;
      const rating = ratingOf((JSON.parse(e.payload) as { ticketId: string }).ticketId);
      return rating ? { ...e, rating } : e;
    });
  } finally {
    await hub.close();
  }
}
