import { createServer } from 'node:net';
import type { TestHub } from '@hallq/hub/testing';
import type { Pool } from 'pg';

/** Retries fast enough for a test to see a hub catch up within a second of the centre coming back. */
export const FAST_RETRY = { baseMs: 20, capMs: 250, failingAfterMs: 60_000 };

/** A port nobody listens on (yet): a hub pointed there finds the centre down. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once the centre has acknowledged the hub's whole durable log. */
export async function caughtUp(hub: TestHub, timeoutMs = 60_000): Promise<void> {
  await hub.hub.hall.settled();
  const sync = hub.hub.central;
  if (!sync) throw new Error('the hub has no centre');
  const done = () => sync.acknowledged() === hub.hub.hall.durableLogId();
  if (done()) return;
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => {
      stop();
      reject(
        new Error(`hub not caught up: centre has ${sync.acknowledged()}, hub ${hub.hub.hall.durableLogId()}`),
      );
    }, timeoutMs);
    const stop = sync.onAcknowledged(() => {
      if (!done()) return;
      clearTimeout(timeout);
      stop();
      resolve();
    });
  });
}

/** The centre's copy of a hall's log must be the hub's, entry for entry: nothing lost, nothing twice. */
export async function centreCopyOf(pool: Pool, hallId: string) {
  const rows = await pool.query<{ entry_id: number; hash: string }>(
    'SELECT entry_id, hash FROM events WHERE hall_id = $1 ORDER BY entry_id',
    [hallId],
  );
  return rows.rows.map((r) => [r.entry_id, r.hash] as const);
}

export const hubLogOf = (hub: TestHub) =>
  hub.hub.outbox.readAfter(0, 1_000_000, hub.hub.hall.durableLogId()).map((e) => [e.id, e.hash] as const);
