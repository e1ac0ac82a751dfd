/**
 * The disk fills up, or the database becomes read-only, while kiosks and clerks keep working.
 *
 * Method (portable, no root mounts): "full" is SQLite's own limit, `PRAGMA max_page_count` set to the file's
 * current size on the hub's connection, so the next write that needs a new page fails with SQLITE_FULL exactly as
 * on a full disk; "read-only" is `PRAGMA query_only = ON` on the hub's connection, so every write fails with
 * SQLITE_READONLY as on a file remounted read-only. Lifting the limit is "space returns".
 */
import { randomUUID } from 'node:crypto';
import {
  HALL_MORNING,
  socketSettingsWith,
  startTestHub,
  type TestClient,
  type TestHub,
  testHall,
} from '@hallq/hub/testing';
import type { Ack, CommandResponse } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

const issue = (serviceId = 'svc-1') => ({ requestId: randomUUID(), serviceId, identity: null });

type IssueAck = Ack<CommandResponse<'ticket:issue'>>;

interface Sent {
  readonly requestId: string;
  readonly answer: IssueAck;
}

async function issueBurst(kiosks: readonly TestClient[], count: number): Promise<Sent[]> {
  const sent: Sent[] = [];
  for (let i = 0; i < count; i += 1) {
    const batch = kiosks.map(async (kiosk) => {
      const payload = issue(i % 2 === 0 ? 'svc-1' : 'svc-2');
      return { requestId: payload.requestId, answer: await kiosk.call('ticket:issue', payload) };
    });
    sent.push(...(await Promise.all(batch)));
  }
  return sent;
}

/** Every acknowledged ticket is in the file under its request; every refused request left nothing behind. */
function expectAnswersMatchFile(th: TestHub, sent: readonly Sent[]): void {
  const requestTicket = th.db.prepare('SELECT ticket_id FROM issue_requests WHERE request_id = ?').pluck();
  const ticketNumber = th.db.prepare('SELECT number FROM tickets WHERE id = ?').pluck();
  for (const { requestId, answer } of sent) {
    const stored = requestTicket.get(requestId) as string | undefined;
    if (answer.ok) {
      expect(stored, `acknowledged ${answer.data.ticket.number} not written`).toBe(answer.data.ticket.id);
      expect(ticketNumber.get(stored)).toBe(answer.data.ticket.number);
    } else {
      expect(stored, `refused request ${requestId} was written`).toBeUndefined();
    }
  }
}

function expectNumbersGapless(th: TestHub): void {
  for (const serviceId of ['svc-1', 'svc-2']) {
    const numbers = th.db
      .prepare('SELECT number FROM tickets WHERE service_id = ? ORDER BY issued_at, number')
      .pluck()
      .all(serviceId) as string[];
    const sequence = numbers.map((n) => Number(n.slice(1))).sort((a, b) => a - b);
    expect(sequence).toEqual(sequence.map((_, i) => i + 1));
  }
}

async function hallWithLoad() {
  // Bursts of 60 from three kiosks on a clock that does not move: far above a kiosk's ticket limit, lifted here.
  const th = await startTestHub({
    hall: testHall({ services: 2, windows: 2 }),
    start: HALL_MORNING,
    config: { socket: socketSettingsWith({ issueBurst: 10_000 }) },
  });
  hub = th;
  const kiosks = await Promise.all(
    [1, 2, 3].map(() => th.connect({ deviceToken: th.addDevice('kiosk').token })),
  );
  const clerk = await th.clerkAt('w1');
  const lobby = await th.connect({ deviceToken: th.addDevice('lobby').token });
  await lobby.nextSnapshot();
  return { th, kiosks, clerk, lobby };
}

describe('a full disk', () => {
  it('refuses commands with a clear error, acknowledges nothing it did not write, and resumes when space returns', async () => {
    const { th, kiosks, clerk, lobby } = await hallWithLoad();
    expect((await issueBurst(kiosks, 3)).every((s) => s.answer.ok)).toBe(true);

    const pages = th.db.pragma('page_count', { simple: true }) as number;
    th.db.pragma(`max_page_count = ${pages}`);
    // Free pages inside the file may still take a few rows; keep going until SQLite says the disk is full.
    const whileFull = await issueBurst(kiosks, 60);
    const refused = whileFull.filter((s) => !s.answer.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const { answer } of refused) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILURE' } });
      if (!answer.ok) expect(answer.error.message).toMatch(/未保存.*Not saved/);
    }
    // Once full, it stays full: the tail of the burst was refused.
    expect(whileFull.at(-1)?.answer.ok).toBe(false);
    const full = whileFull.find((s) => !s.answer.ok && s.answer.error.message.includes('disk is full'));
    expect(full, 'at least one answer names the full disk').toBeDefined();

    // A clerk's call is refused too, and the window is unchanged.
    const before = await clerk.call('hall:snapshot', {});
    const call = await clerk.call('window:call-next', { windowId: 'w1' });
    expect(call).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILURE' } });
    const after = await clerk.call('hall:snapshot', {});
    if (!before.ok || !after.ok) throw new Error('snapshot refused');
    expect(after.data.windows).toEqual(before.data.windows);
    expect(after.data.tickets).toEqual(before.data.tickets);

    expectAnswersMatchFile(th, whileFull);
    // The lobby was told only what was written.
    const published = new Set(
      lobby.updates.flatMap((u) => (u.change.type === 'ticket:issued' ? [u.change.ticket.id] : [])),
    );
    const acknowledged = new Set(whileFull.flatMap((s) => (s.answer.ok ? [s.answer.data.ticket.id] : [])));
    for (const id of acknowledged) expect(published.has(id)).toBe(true);
    expect(published.size).toBe(acknowledged.size + 9);

    // Space returns: the same requests retried get tickets, numbering continues without a gap or a repeat.
    th.db.pragma('max_page_count = 1073741823');
    const retried = await Promise.all(
      refused
        .slice(0, 3)
        .map(({ requestId }, i) =>
          kiosks[i % kiosks.length]!.call('ticket:issue', { requestId, serviceId: 'svc-1', identity: null }),
        ),
    );
    for (const answer of retried) expect(answer).toMatchObject({ ok: true, data: { replayed: false } });
    expect(await clerk.call('window:call-next', { windowId: 'w1' })).toMatchObject({ ok: true });
    expectNumbersGapless(th);
    expect(th.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });
});

describe('a read-only database', () => {
  it('refuses every write with a clear error, keeps serving reads, and resumes when writable again', async () => {
    const { th, kiosks, clerk } = await hallWithLoad();
    await issueBurst(kiosks, 2);
    const before = await clerk.call('hall:snapshot', {});

    th.db.pragma('query_only = ON');
    const whileReadOnly = await issueBurst(kiosks, 5);
    for (const { answer } of whileReadOnly) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILURE' } });
      if (!answer.ok) expect(answer.error.message).toMatch(/read-only|Not saved/);
    }
    expect(await clerk.call('window:call-next', { windowId: 'w1' })).toMatchObject({
      ok: false,
      error: { code: 'STORAGE_FAILURE' },
    });
    // Reads still work, and show nothing of the refused commands.
    const during = await clerk.call('hall:snapshot', {});
    if (!before.ok || !during.ok) throw new Error('snapshot refused');
    expect(during.data.tickets).toEqual(before.data.tickets);
    expect(during.data.windows).toEqual(before.data.windows);
    expectAnswersMatchFile(th, whileReadOnly);

    th.db.pragma('query_only = OFF');
    const resumed = await issueBurst(kiosks, 2);
    expect(resumed.every((s) => s.answer.ok)).toBe(true);
    expect(await clerk.call('window:call-next', { windowId: 'w1' })).toMatchObject({ ok: true });
    expectAnswersMatchFile(th, resumed);
    expectNumbersGapless(th);
  });
});
