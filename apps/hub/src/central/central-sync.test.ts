import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../store/event-log.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import type { CentralPostOutcome, PostToCentral } from './central-sync.ts';

const SYSTEM = { kind: 'system', id: null, deviceId: null } as const;
const issue = (hub: TestHub) => {
  const outcome = hub.hub.hall.execute(
    { type: 'ticket:issue', serviceId: 'svc-1', visitorClass: 'normal', visitorKey: null, kioskId: null },
    SYSTEM,
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
};
/** The centre's answer; `hub`: the hub whose entry it names (its hash, as a centre holding it answers). */
const ack = (storedThrough: number, hub?: TestHub | null): CentralPostOutcome => ({
  status: 200,
  body: JSON.stringify({
    hallId: 'h1',
    storedThrough,
    lastHash:
      hub?.db.prepare<[number], { hash: string }>('SELECT hash FROM events WHERE id = ?').get(storedThrough)
        ?.hash ?? GENESIS_HASH,
  }),
});

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

async function hubWith(post: PostToCentral) {
  const hub = await startTestHub({
    config: {
      central: {
        url: 'http://centre.invalid',
        hallId: 'h1',
        token: 't',
        post,
        retry: { baseMs: 10, capMs: 40, failingAfterMs: 1000 },
      },
    },
  });
  hubs.push(hub);
  return hub;
}

describe('the hub side of the city centre link', () => {
  it('is not there at all without a centre', async () => {
    const hub = await startTestHub();
    hubs.push(hub);
    expect(hub.hub.central).toBeNull();
    issue(hub);
    expect(hub.hub.outbox.consumers(0).map((c) => c.consumer)).not.toContain('central');
  });

  it('never holds up the hall while the centre hangs, and closes without waiting for it', async () => {
    const calls: AbortSignal[] = [];
    const hanging: PostToCentral = (_url, _body, _headers, _timeout, closing) =>
      new Promise((resolve) => {
        calls.push(closing);
        closing.addEventListener('abort', () => resolve({ error: 'closing' }));
      });
    const hub = await hubWith(hanging);
    const started = performance.now();
    for (let i = 0; i < 200; i += 1) issue(hub);
    expect(await hub.hub.hall.settled()).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(hub.hub.hall.state().tickets.size).toBe(200);
    // One request (the opening question) is hanging; nothing piles up behind it.
    expect(calls).toHaveLength(1);
    expect(hub.hub.central!.state().kind).toBe('sending');
  });

  it('asks where the centre stands, sends from there in batches, and backs off while it fails', async () => {
    const bodies: { hallId: string; entries: { id: number }[] }[] = [];
    let failuresLeft = 3;
    let stored = 0;
    const post: PostToCentral = async (_url, body, headers) => {
      expect(headers.authorization).toBe('Bearer t');
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        return { error: 'connect ECONNREFUSED' };
      }
      const batch = JSON.parse(body) as { hallId: string; entries: { id: number }[] };
      bodies.push(batch);
      // The centre already had the first two entries (from before a restart of this hub).
      if (batch.entries.length === 0) return ack(Math.max(stored, 2), linked);
      stored = batch.entries.at(-1)!.id;
      return ack(stored, linked);
    };
    let linked: TestHub | null = null;
    const hub = await hubWith(post);
    linked = hub;
    for (let i = 0; i < 5; i += 1) issue(hub);
    await hub.hub.hall.settled();
    await new Promise<void>((resolve) => {
      const stop = hub.hub.central!.onAcknowledged((n) => {
        if (n !== hub.hub.hall.durableLogId()) return;
        stop();
        resolve();
      });
      hub.hub.central!.wake();
    });
    expect(failuresLeft).toBe(0);
    expect(bodies[0]!.entries).toEqual([]);
    expect(bodies[1]!.entries[0]!.id).toBe(3);
    await hub.hub.central!.idle();
    expect(hub.hub.outbox.cursor('central')).toBe(hub.hub.hall.durableLogId());
  });

  it('stops on a refusal and says why', async () => {
    const post: PostToCentral = async () => ({ status: 403, body: '{"error":"revoked"}' });
    const hub = await hubWith(post);
    issue(hub);
    await hub.hub.hall.settled();
    hub.hub.central!.wake();
    await hub.hub.central!.idle();
    expect(hub.hub.central!.state()).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/403/) });
  });

  it('tells the centre its configuration at the first start linked to it, and not again while unchanged', async () => {
    const configured = (hub: TestHub) =>
      hub.hub.hall.log.recent(['hall:configured'], 10).map((e) => JSON.parse(e.payload) as { hall: unknown });
    const idle: PostToCentral = async () => ({ error: 'not now' });
    // Without a centre the seeded configuration is not logged again.
    const alone = await startTestHub();
    hubs.push(alone);
    expect(configured(alone)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'hallq-announce-'));
    const first = await startTestHub({
      dir,
      config: { central: { url: 'http://centre.invalid', hallId: 'h1', token: 't', post: idle } },
    });
    expect(configured(first).map((c) => c.hall)).toEqual([first.hub.hall.hall()]);
    await first.close();
    // A restart with the same configuration logs nothing more.
    const again = await startTestHub({
      dir,
      config: { central: { url: 'http://centre.invalid', hallId: 'h1', token: 't', post: idle } },
    });
    hubs.push(again);
    expect(configured(again)).toHaveLength(1);
  });
});
