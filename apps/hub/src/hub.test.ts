import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { socketSettingsWith } from './testing/admission-settings.ts';
import { testHall } from './testing/test-hall.ts';
import { HALL_MORNING, startTestHub, type TestHub } from './testing/test-hub.ts';

let hall: TestHub;
afterEach(async () => {
  await hall?.close();
});

const issue = (serviceId = 'svc-1') => ({ requestId: randomUUID(), serviceId, identity: null });

describe('the hub over real Socket.IO', () => {
  it('issues, calls and finishes a ticket, and every client sees it in order', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const lobby = await hall.connect({ deviceToken: hall.addDevice('lobby', null, '1F').token });
    const first = await lobby.nextSnapshot();
    expect(first.tickets).toEqual([]);
    const clerk = await hall.clerkAt('w1');

    const issued = await kiosk.call('ticket:issue', issue());
    expect(issued).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A001', status: 'waiting' }, peopleAhead: 0 },
    });

    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    expect(called).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A001', status: 'called', windowId: 'w1' } },
    });
    const call = await lobby.waitForUpdate((u) => u.change.type === 'ticket:called');
    expect(call.change).toMatchObject({ call: { ticketNumber: 'A001', windowNumber: 1 } });

    expect(await clerk.call('window:start', { windowId: 'w1' })).toMatchObject({
      ok: true,
      data: { ticket: { status: 'serving' } },
    });
    expect(await clerk.call('window:finish', { windowId: 'w1' })).toMatchObject({
      ok: true,
      data: { ticket: { status: 'done' } },
    });
    await lobby.waitForUpdate((u) => u.change.type === 'ticket:finished');

    const seqs = lobby.updates.map((u) => u.seq);
    expect(seqs).toEqual(seqs.map((_, i) => first.seq + 1 + i));
    expect(lobby.updates.map((u) => u.change.type)).toEqual([
      'window:signed-in',
      'ticket:issued',
      'ticket:called',
      'ticket:started',
      'ticket:finished',
    ]);
  });

  it('answers a retried issue with the same ticket, never a second one', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const request = issue();
    const first = await kiosk.call('ticket:issue', request);
    const retry = await kiosk.call('ticket:issue', request);
    expect(first.ok && retry.ok).toBe(true);
    if (!first.ok || !retry.ok) return;
    expect(retry.data.ticket.id).toBe(first.data.ticket.id);
    expect(retry.data.replayed).toBe(true);
    const next = await kiosk.call('ticket:issue', issue());
    expect(next).toMatchObject({ ok: true, data: { ticket: { number: 'A002' } } });
  });

  it('20 windows calling at once over 500 waiting tickets call each exactly once', {
    timeout: 120_000,
  }, async () => {
    // Five kiosks issuing 100 tickets each at once: far above a real kiosk's pace, so the per-kiosk ticket
    // limit is lifted here; each stays within its connection's burst allowance (the test clock does not refill it).
    // The 20 clerks sign in at once from one address, more than the anonymous cap per address allows, and 20
    // password checks at once on a loaded machine can outlast the sign-in grace.
    hall = await startTestHub({
      hall: testHall({ services: 3, windows: 20 }),
      config: {
        socket: socketSettingsWith({ issueBurst: 1000, anonymousPerAddress: 32, anonymousGraceMs: 120_000 }),
      },
    });
    const kiosks = await Promise.all(
      Array.from({ length: 5 }, () => hall.connect({ deviceToken: hall.addDevice('kiosk').token })),
    );
    const started = performance.now();
    const issued = await Promise.all(
      Array.from({ length: 500 }, (_, i) => kiosks[i % 5]!.call('ticket:issue', issue(`svc-${(i % 3) + 1}`))),
    );
    const issueSeconds = (performance.now() - started) / 1000;
    expect(issued.filter((a) => !a.ok)).toEqual([]);
    const numbers = issued.map((a) => (a.ok ? a.data.ticket.id : ''));
    expect(new Set(numbers).size).toBe(500);

    const clerks = await Promise.all(Array.from({ length: 20 }, (_, i) => hall.clerkAt(`w${i + 1}`)));
    const calledBy = new Map<string, string>();
    const latencies: number[] = [];
    await Promise.all(
      clerks.map(async (clerk, i) => {
        const windowId = `w${i + 1}`;
        for (;;) {
          const t0 = performance.now();
          const called = await clerk.call('window:call-next', { windowId });
          latencies.push(performance.now() - t0);
          if (!called.ok) {
            expect(called.error.code).toBe('NO_WAITING_TICKET');
            return;
          }
          const id = called.data.ticket!.id;
          expect(calledBy.has(id), `${id} called twice`).toBe(false);
          calledBy.set(id, windowId);
          const finished = await clerk.call('window:finish', { windowId });
          expect(finished.ok).toBe(true);
        }
      }),
    );
    expect(calledBy.size).toBe(500);
    expect([...calledBy.keys()].sort()).toEqual([...numbers].sort());
    latencies.sort((a, b) => a - b);
    // Informational figures for the issue's note; speed is asserted only in `npm run bench`.
    console.info(
      `concurrency: ${Math.round(500 / issueSeconds)} issues/s; call-next ack p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(2)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]!.toFixed(2)} ms`,
    );
  });

  it('rolls the business day over by the clock alone, and numbering starts again', async () => {
    hall = await startTestHub({ start: Date.UTC(2026, 10, 28, 15, 58, 0) }); // 23:58 in Shanghai
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const lobby = await hall.connect({ deviceToken: hall.addDevice('lobby').token });
    await lobby.nextSnapshot();
    expect(await kiosk.call('ticket:issue', issue())).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A001' } },
    });
    expect(await kiosk.call('ticket:issue', issue())).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A002' } },
    });
    hall.clock.advance(3 * 60_000); // 00:01 the next day
    await hall.hub.tick();
    const changed = await lobby.waitForUpdate((u) => u.change.type === 'day:changed');
    expect(changed.change).toMatchObject({ previousDay: '2026-11-28', businessDay: '2026-11-29' });
    const expired = lobby.updates.filter((u) => u.change.type === 'ticket:expired');
    expect(expired).toHaveLength(2);
    expect(await kiosk.call('ticket:issue', issue())).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A001', businessDay: '2026-11-29' } },
    });
  });

  it('refuses unauthenticated and wrong-role commands, and a clerk acting on another window', async () => {
    hall = await startTestHub();
    const anonymous = await hall.connect();
    expect(await anonymous.call('window:call-next', { windowId: 'w1' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await anonymous.call('ticket:issue', issue())).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const lobby = await hall.connect({ deviceToken: hall.addDevice('lobby').token });
    expect(await lobby.call('ticket:issue', issue())).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const clerk = await hall.clerkAt('w1');
    expect(await clerk.call('window:call-next', { windowId: 'w2' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await clerk.call('device:add', { kind: 'kiosk', name: 'x', windowId: null, zone: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const wrong = await anonymous.call('session:login', {
      username: 'clerk-w1',
      password: 'not the password',
      windowId: 'w1',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    await expect(hall.connect({ deviceToken: 'x'.repeat(43) })).rejects.toThrow(/unknown or revoked/);
  });

  it('answers malformed messages with an error and keeps serving', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const protocolErrors: unknown[] = [];
    kiosk.socket.on('protocol:error', (e: unknown) => protocolErrors.push(e));

    expect(await kiosk.raw('ticket:issue', { requestId: 42, serviceId: ['svc-1'] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await kiosk.raw('ticket:issue', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await kiosk.raw('ticket:issue', { ...issue(), extra: true })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await kiosk.raw('no:such-event', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_EVENT' },
    });
    // Larger than a kiosk may send: refused before it is parsed, and the kiosk stays connected.
    const huge = 'x'.repeat(512 * 1024);
    expect(
      await kiosk.raw('ticket:issue', { requestId: huge, serviceId: 'svc-1', identity: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(kiosk.socket.connected).toBe(true);
    // A command without an acknowledgement callback is not carried out, and the sender is told so.
    kiosk.socket.emit('ticket:issue', issue());
    await new Promise<void>((resolve) => kiosk.socket.once('protocol:error', () => resolve()));
    expect(protocolErrors).toHaveLength(1);
    // The oversized frame's bytes were received all the same: they are owed first (one token per KiB).
    expect(await kiosk.call('ticket:issue', issue())).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    hall.clock.advance(11_000);
    const after = await kiosk.call('ticket:issue', issue());
    expect(after).toMatchObject({ ok: true, data: { ticket: { number: 'A001' } } });
  });

  it('limits how fast one connection may send commands', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const answers = await Promise.all(Array.from({ length: 260 }, () => kiosk.call('hall:snapshot', {})));
    const limited = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    // The clock does not move, so exactly the burst is served.
    expect(limited).toBe(60);
    hall.clock.advance(1000);
    expect((await kiosk.call('hall:snapshot', {})).ok).toBe(true);
  });

  it('a reconnecting client resyncs to the same state as a fresh one', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const lobbyToken = hall.addDevice('lobby').token;
    const lobby = await hall.connect({ deviceToken: lobbyToken });
    await lobby.nextSnapshot();
    const clerk = await hall.clerkAt('w1');
    await kiosk.call('ticket:issue', issue());
    lobby.close();
    // Changes the lobby misses while it is away.
    await kiosk.call('ticket:issue', issue('svc-2'));
    await clerk.call('window:call-next', { windowId: 'w1' });
    const again = await hall.connect({ deviceToken: lobbyToken });
    const resynced = await again.nextSnapshot();
    const fresh = await (await hall.connect({ deviceToken: hall.addDevice('lobby').token })).nextSnapshot();
    // The same hall; only the receiving device (`viewer`) differs.
    const { serverTime: _a, viewer: _va, ...left } = resynced;
    const { serverTime: _b, viewer: _vb, ...right } = fresh;
    expect(left).toEqual(right);
    expect(resynced.viewer).toMatchObject({ kind: 'lobby', zone: null, windowId: null });
    expect(resynced.tickets.map((t) => [t.number, t.status])).toEqual([
      ['A001', 'called'],
      ['B001', 'waiting'],
    ]);
  });

  it('refuses a revoked device at once, also on its open connection', async () => {
    hall = await startTestHub();
    const device = hall.addDevice('kiosk');
    const kiosk = await hall.connect({ deviceToken: device.token });
    const revoked = new Promise<void>((resolve) => kiosk.socket.once('disconnect', () => resolve()));
    await hall.addUser('boss', 'admin');
    const admin = await hall.connect();
    expect(
      (
        await admin.call('session:login', {
          username: 'boss',
          password: 'correct horse battery',
          windowId: null,
        })
      ).ok,
    ).toBe(true);
    expect(await admin.call('device:revoke', { deviceId: device.id })).toMatchObject({ ok: true });
    await revoked;
    await expect(hall.connect({ deviceToken: device.token })).rejects.toThrow();
  });

  it('keeps identity data encrypted and enforces one waiting ticket per ID per service', async () => {
    hall = await startTestHub({ start: HALL_MORNING });
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const identity = {
      idNumber: '11010519491231002X',
      name: '王䶮',
      birthDate: '1949-12-31',
      cardType: 'resident' as const,
    };
    const first = await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-1', identity });
    expect(first).toMatchObject({
      ok: true,
      data: { ticket: { visitorName: '王*', visitorClass: 'priority' } },
    });
    const second = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-1',
      identity,
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'PER_ID_LIMIT_REACHED' } });
    expect(
      await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-2', identity }),
    ).toMatchObject({ ok: true });
    const bad = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-3',
      identity: { ...identity, idNumber: '110105194912310021' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_IDENTITY' } });
    // The 2017 foreigner card: 3 letters and 12 digits, no check digit; the per-ID limit applies the same way.
    const foreigner = {
      idNumber: 'USA110012345678',
      name: '史密斯',
      birthDate: '1980-01-01',
      cardType: 'foreign-2017' as const,
    };
    expect(
      await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-3', identity: foreigner }),
    ).toMatchObject({
      ok: true,
      data: { ticket: { visitorName: '史*斯', visitorClass: 'normal' } },
    });
    expect(
      await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-3', identity: foreigner }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PER_ID_LIMIT_REACHED' },
    });
    const mismatched = { ...foreigner, cardType: 'resident' as const };
    expect(
      await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-2', identity: mismatched }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    const dump =
      JSON.stringify(hall.db.prepare('SELECT * FROM identities').all()) +
      JSON.stringify(hall.db.prepare('SELECT * FROM tickets').all()) +
      JSON.stringify(hall.db.prepare('SELECT * FROM events').all());
    expect(dump).not.toContain('11010519491231002X');
    expect(dump).not.toContain('王䶮');
  });
});
