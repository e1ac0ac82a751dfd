import { entryHash, GENESIS_HASH } from '@hallq/hub/event-log';
import { startTestHub, type TestHub } from '@hallq/hub/testing';
import type { CentralLogEntry } from '@hallq/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, visit } from '../testing/hall-activity.ts';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';
import { createIngest } from './ingest.ts';

/** The hub's log as it would push it: entries after `after`, oldest first. */
const logOf = (hub: TestHub, after = 0, limit = 10_000): CentralLogEntry[] =>
  hub.hub.outbox.readAfter(after, limit, hub.hub.hall.durableLogId());

/** An entry changed and hashed again, as a careful forger would. */
const forged = (entry: CentralLogEntry, change: Partial<CentralLogEntry>): CentralLogEntry => {
  const { hash: _hash, rating: _rating, ...rest } = { ...entry, ...change };
  return { ...rest, hash: entryHash(rest) };
};

/** A chain of `length` entries from `at` on, hashed as the hub hashes them. */
const chainOf = (length: number, at: number): CentralLogEntry[] => {
  let prevHash = GENESIS_HASH;
  return Array.from({ length }, (_, i) => {
    const base = {
      id: i + 1,
      hallSeq: i + 1,
      at: at + i,
      type: 'note:added',
      actorKind: 'system',
      actorId: null,
      deviceId: null,
      payload: JSON.stringify({ n: i }),
      prevHash,
    };
    prevHash = entryHash(base);
    return { ...base, hash: prevHash };
  });
};

describe('ingest of a hall log', () => {
  let centre: TestCentral;
  let hub: TestHub;
  let token: string;
  let log: CentralLogEntry[];
  const count = async (hallId: string) =>
    (
      await centre.central.pool.query<{ n: number; max: number | null }>(
        'SELECT count(*)::int AS n, max(entry_id) AS max FROM events WHERE hall_id = $1',
        [hallId],
      )
    ).rows[0]!;

  beforeAll(async () => {
    centre = await startTestCentral('ingest');
    hub = await startTestHub();
    for (let i = 0; i < 5; i += 1) visit(hub, 'w1');
    await hub.hub.hall.settled();
    log = logOf(hub);
    token = await centre.central.halls.register({ hallId: 'hall-a', name: '甲大厅', region: '东城区' });
  });
  afterAll(async () => {
    await hub.close();
    await centre.close();
  });

  it('answers an empty batch with where it stands, and stores consecutive batches once each', async () => {
    expect(log.length).toBeGreaterThanOrEqual(20);
    expect(await centre.post('hall-a', token, [])).toEqual({
      status: 200,
      body: {
        hallId: 'hall-a',
        storedThrough: 0,
        lastHash: GENESIS_HASH,
        tail: { hallSeq: 0, businessDay: null, lastNumbers: [] },
      },
    });
    const first = await centre.post('hall-a', token, log.slice(0, 8));
    expect(first).toEqual({
      status: 200,
      body: { hallId: 'hall-a', storedThrough: 8, lastHash: log[7]!.hash },
    });
    // The same batch again (the answer was lost): the same acknowledgement, nothing stored twice.
    expect((await centre.post('hall-a', token, log.slice(0, 8))).body).toMatchObject({ storedThrough: 8 });
    expect(await count('hall-a')).toEqual({ n: 8, max: 8 });
  });

  it('refuses a batch that overtook the one before it, without an alert, and takes it once the gap is filled', async () => {
    const ahead = await centre.post('hall-a', token, log.slice(12, 16));
    expect(ahead.status).toBe(409);
    expect(ahead.body).toMatchObject({ refused: 'ahead', ack: { storedThrough: 8 } });
    // Overlapping the stored end: the repeated part is checked, the rest stored.
    expect((await centre.post('hall-a', token, log.slice(4, 12))).body).toMatchObject({ storedThrough: 12 });
    expect((await centre.post('hall-a', token, log.slice(12, 16))).body).toMatchObject({ storedThrough: 16 });
    expect(await count('hall-a')).toEqual({ n: 16, max: 16 });
    expect(await centre.central.ingest.openAlerts('hall-a')).toEqual([]);
  });

  it('flags an entry whose content no longer matches its hash, and stores none of its batch', async () => {
    const edited = { ...log[16]!, payload: log[16]!.payload.replace('svc-1', 'svc-2') };
    expect(edited.payload).not.toBe(log[16]!.payload);
    const answer = await centre.post('hall-a', token, [edited, log[17]!]);
    expect(answer).toMatchObject({ status: 409, body: { refused: 'altered', entryId: 17 } });
    expect(await count('hall-a')).toEqual({ n: 16, max: 16 });
    expect(await centre.central.ingest.openAlerts('hall-a')).toEqual([
      expect.objectContaining({ kind: 'altered', entryId: 17 }),
    ]);
  });

  it('flags a hole in the hall log', async () => {
    const answer = await centre.post('hall-a', token, [log[16]!, log[18]!]);
    expect(answer).toMatchObject({ status: 409, body: { refused: 'gap', entryId: 18 } });
  });

  it('flags a fork: a next entry that does not continue the stored chain, even hashed consistently', async () => {
    const fork = forged(log[16]!, { prevHash: forged(log[15]!, { at: log[15]!.at + 1 }).hash });
    const answer = await centre.post('hall-a', token, [fork]);
    expect(answer).toMatchObject({ status: 409, body: { refused: 'fork', entryId: 17 } });
  });

  it('flags a stored entry sent again with other content (a rewritten history)', async () => {
    const rewritten = forged(log[2]!, { at: log[2]!.at + 5 });
    const answer = await centre.post('hall-a', token, [rewritten]);
    expect(answer).toMatchObject({ status: 409, body: { refused: 'rewritten', entryId: 3 } });
    const kinds = (await centre.central.ingest.openAlerts('hall-a')).map((a) => a.kind).sort();
    expect(kinds).toEqual(['altered', 'fork', 'gap', 'rewritten']);
    // The same refusal again adds no second alert.
    await centre.post('hall-a', token, [rewritten]);
    expect(await centre.central.ingest.openAlerts('hall-a')).toHaveLength(4);
    // The genuine log still goes on.
    expect((await centre.post('hall-a', token, log.slice(16))).body).toMatchObject({
      storedThrough: log.length,
    });
  });

  it('flags an altered entry deep in a full batch (hashed while the batch is copied in) and stores none of it', async () => {
    const hallToken = await centre.central.halls.register({ hallId: 'hall-c', name: '丙', region: '东城区' });
    const long = chainOf(1500, log[0]!.at);
    // Content changed under its own hash, past the first slices the centre hashes.
    const edited = long.map((e) => (e.id === 1234 ? { ...e, payload: '{"n":-1}' } : e));
    const answer = await centre.post('hall-c', hallToken, edited);
    expect(answer).toMatchObject({
      status: 409,
      body: { refused: 'altered', entryId: 1234, ack: { storedThrough: 0 } },
    });
    expect(await count('hall-c')).toEqual({ n: 0, max: null });
    expect(await centre.central.ingest.openAlerts('hall-c')).toEqual([
      expect.objectContaining({ kind: 'altered', entryId: 1234 }),
    ]);
    expect((await centre.post('hall-c', hallToken, long)).body).toMatchObject({ storedThrough: 1500 });
    expect(await count('hall-c')).toEqual({ n: 1500, max: 1500 });
  });

  it('refuses an unknown hall, a wrong credential, a revoked hub and a malformed batch', async () => {
    expect((await centre.post('nowhere', token, [])).status).toBe(401);
    expect((await centre.post('hall-a', 'not-the-token', [])).status).toBe(401);
    const other = await centre.central.halls.register({ hallId: 'hall-b', name: '乙', region: '西城区' });
    issue(hub);
    expect((await centre.post('hall-b', other, log.slice(0, 2))).status).toBe(200);
    expect(await centre.central.halls.revoke('hall-b')).toBe(true);
    expect((await centre.post('hall-b', other, log.slice(2, 4))).status).toBe(403);
    expect(await count('hall-b')).toEqual({ n: 2, max: 2 });
    const malformed = await fetch(`${centre.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ hallId: 'hall-a', entries: [{ id: -1 }] }),
    });
    expect(malformed.status).toBe(400);
    const notJson = await fetch(`${centre.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const anonymous = await fetch(`${centre.url}/v1/ingest`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    // Re-registering gives a new credential and lifts the revocation; the old token no longer works.
    const renewed = await centre.central.halls.register({ hallId: 'hall-b', name: '乙', region: '西城区' });
    expect((await centre.post('hall-b', other, [])).status).toBe(401);
    expect((await centre.post('hall-b', renewed, log.slice(2, 4))).body).toMatchObject({ storedThrough: 4 });
  });

  it('stores nothing of a batch whose COPY or projections fail, and takes the next batch', async () => {
    const { pool, partitions, halls } = centre.central;
    await halls.register({ hallId: 'hall-d', name: '丁', region: '东城区' });
    const entries = chainOf(600, log[0]!.at);
    let projected = 0;
    const failing = createIngest({
      pool,
      partitions,
      onStored: async () => {
        projected += 1;
        throw new Error('the projection failed');
      },
    });
    await expect(failing.ingest('hall-d', entries)).rejects.toThrow('the projection failed');
    // Rows of a month with no partition: PostgreSQL refuses the COPY (no partition is made for them here).
    const noPartitions = { ...partitions, ensureFor: async () => undefined };
    const unplaced = createIngest({
      pool,
      partitions: noPartitions,
      // Its statement queues behind the COPY and fails because the COPY did: the COPY's error is the one told.
      onStored: async (client) => {
        await client.query('SELECT 1');
      },
    });
    await expect(unplaced.ingest('hall-d', chainOf(600, Date.UTC(2031, 0, 1)))).rejects.toThrow(/partition/);
    expect(projected).toBe(1);
    expect(await count('hall-d')).toEqual({ n: 0, max: null });
    expect(await centre.central.ingest.ack('hall-d')).toMatchObject({ storedThrough: 0 });
    expect(await centre.central.ingest.ingest('hall-d', entries)).toMatchObject({ ok: true, stored: 600 });
    expect(await count('hall-d')).toEqual({ n: 600, max: 600 });
  });
});
