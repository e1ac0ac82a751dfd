/**
 * Midnight with tickets still waiting, through the real hub on an injected clock. What happens to yesterday's
 * open tickets is the hall's `rules.dayChangePolicy` (docs/quality.md): `expire` ends waiting and called tickets
 * (and frees their windows); `keep` carries them into the new day ahead of the new day's tickets. A ticket being
 * served is never cut short. Numbering restarts at 001 either way, and the day also changes when the hub was down
 * over midnight.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startTestHub, type TestClient, type TestHub, testHall } from '@hallq/hub/testing';
import type { HallConfig } from '@hallq/protocol';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { windowViolations } from './support/kill-restart.ts';

/** 2026-11-28 23:50 in Asia/Shanghai. */
const LATE_EVENING = Date.UTC(2026, 10, 28, 15, 50, 0);
const MINUTE = 60_000;

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

const issue = (serviceId = 'svc-1') => ({ requestId: randomUUID(), serviceId, identity: null });

function hallWith(policy: HallConfig['rules']['dayChangePolicy']): HallConfig {
  const hall = testHall({ services: 2, windows: 3 });
  return { ...hall, rules: { ...hall.rules, dayChangePolicy: policy } };
}

/** Before midnight: 5 waiting, one called at w1, one being served at w2. */
async function eveningHall(policy: HallConfig['rules']['dayChangePolicy'], dir?: string) {
  const th = await startTestHub({ hall: hallWith(policy), start: LATE_EVENING, ...(dir ? { dir } : {}) });
  hub = th;
  const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
  for (let i = 0; i < 7; i += 1) {
    expect(await kiosk.call('ticket:issue', issue(i % 2 === 0 ? 'svc-1' : 'svc-2'))).toMatchObject({
      ok: true,
    });
  }
  const w1 = await th.clerkAt('w1');
  const w2 = await th.clerkAt('w2');
  const called = await w1.call('window:call-next', { windowId: 'w1' });
  const serving = await w2.call('window:call-next', { windowId: 'w2' });
  expect(await w2.call('window:start', { windowId: 'w2' })).toMatchObject({ ok: true });
  if (!called.ok || !serving.ok || !called.data.ticket || !serving.data.ticket)
    throw new Error('calls failed');
  return { th, kiosk, w1, w2, calledId: called.data.ticket.id, servingId: serving.data.ticket.id };
}

async function snapshotOf(client: TestClient) {
  const answer = await client.call('hall:snapshot', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

describe('the day changes while tickets are waiting', () => {
  it('expire: waiting and called tickets end, the called one frees its window, service in progress goes on', async () => {
    const { th, kiosk, w1, w2, calledId, servingId } = await eveningHall('expire');
    th.clock.advance(15 * MINUTE); // 00:05
    await th.hub.tick();
    const snapshot = await snapshotOf(w1);
    expect(snapshot.businessDay).toBe('2026-11-29');
    expect(snapshot.tickets.map((t) => t.id)).toEqual([servingId]);
    expect(snapshot.windows.find((w) => w.windowId === 'w1')?.currentTicketId).toBeNull();
    expect(windowViolations(snapshot)).toEqual([]);
    const statuses = th.db.prepare('SELECT status, COUNT(*) AS n FROM tickets GROUP BY status').all();
    expect(statuses).toEqual(
      expect.arrayContaining([
        { status: 'expired', n: 6 },
        { status: 'serving', n: 1 },
      ]),
    );
    expect(th.db.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(calledId)).toBe('expired');
    // Numbering starts again; yesterday's A001 and today's A001 are different tickets.
    const today = await kiosk.call('ticket:issue', issue());
    expect(today).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A001', businessDay: '2026-11-29' } },
    });
    expect(await w2.call('window:finish', { windowId: 'w2' })).toMatchObject({ ok: true });
    expect(await w1.call('window:call-next', { windowId: 'w1' })).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A001', businessDay: '2026-11-29' } },
    });
    expect(th.db.prepare('SELECT COUNT(DISTINCT id) = COUNT(*) FROM tickets').pluck().get()).toBe(1);
  });

  it('keep: yesterday’s waiting tickets stay in the queue ahead of today’s, and are called first', async () => {
    const { th, kiosk, w1, calledId } = await eveningHall('keep');
    th.clock.advance(15 * MINUTE);
    await th.hub.tick();
    const snapshot = await snapshotOf(w1);
    expect(snapshot.businessDay).toBe('2026-11-29');
    const waitingYesterday = snapshot.tickets.filter((t) => t.status === 'waiting');
    expect(waitingYesterday).toHaveLength(5);
    expect(waitingYesterday.every((t) => t.businessDay === '2026-11-28')).toBe(true);
    expect(snapshot.windows.find((w) => w.windowId === 'w1')?.currentTicketId).toBe(calledId);
    expect(windowViolations(snapshot)).toEqual([]);

    const today = await kiosk.call('ticket:issue', issue());
    expect(today).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A001', businessDay: '2026-11-29' } },
    });
    // w1 finishes its called ticket, then works through yesterday's svc queue before today's A001.
    expect(await w1.call('window:start', { windowId: 'w1' })).toMatchObject({ ok: true });
    expect(await w1.call('window:finish', { windowId: 'w1' })).toMatchObject({ ok: true });
    const order: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const next = await w1.call('window:call-next', { windowId: 'w1' });
      if (!next.ok) break;
      order.push(`${next.data.ticket?.businessDay} ${next.data.ticket?.number}`);
      expect(await w1.call('window:start', { windowId: 'w1' })).toMatchObject({ ok: true });
      expect(await w1.call('window:finish', { windowId: 'w1' })).toMatchObject({ ok: true });
    }
    expect(order).toHaveLength(6);
    expect(order.at(-1)).toBe('2026-11-29 A001');
    expect(order.slice(0, 5).every((o) => o.startsWith('2026-11-28'))).toBe(true);
    expect(th.db.prepare('SELECT COUNT(DISTINCT id) = COUNT(*) FROM tickets').pluck().get()).toBe(1);
  });

  it('expire: the day changes on the first tick of a hub that was down over midnight', async () => {
    const { th, calledId } = await eveningHall('expire');
    const dir = th.dir;
    const before = await th.connect({ deviceToken: th.addDevice('lobby').token });
    await before.nextSnapshot();
    // Stop at 23:50 and start again at 08:30 on the same file (a test hub keeps a folder it was given).
    await th.hub.close();
    th.db.close();
    hub = null;
    const restarted = await startTestHub({
      hall: hallWith('expire'),
      start: LATE_EVENING + (8 * 60 + 40) * MINUTE,
      dir,
    });
    hub = restarted;
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const lobby = await restarted.connect({ deviceToken: restarted.addDevice('lobby').token });
    expect((await lobby.nextSnapshot()).businessDay).toBe('2026-11-28');
    await restarted.hub.tick();
    const changed = await lobby.waitForUpdate((u) => u.change.type === 'day:changed');
    expect(changed.change).toMatchObject({ previousDay: '2026-11-28', businessDay: '2026-11-29' });
    expect(restarted.db.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(calledId)).toBe(
      'expired',
    );
    expect(windowViolations(await snapshotOf(lobby))).toEqual([]);
  });
});
