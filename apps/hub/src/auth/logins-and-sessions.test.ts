/**
 * Issue 10, points 3, 4, 6 and two of 9, against the real hub over real sockets: what a flood of logins, a
 * stolen session token or a one-time password could do before, and cannot now. Connections "from another
 * machine" come from 127.0.0.2 (any of 127.0.0.0/8 is local on Linux).
 */
import { scryptSync } from 'node:crypto';
import type { Ack } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAdmin } from '../seed.ts';
import {
  connectClient,
  startTestHub,
  TEST_LOGIN_THROTTLE,
  TEST_PASSWORD,
  type TestClient,
  type TestHub,
} from '../testing/index.ts';
import { REFUSALS_BEFORE_SLOWING, SLOWED_REFUSAL_MS } from './login-desk.ts';
import { DEFAULT_LOGIN_THROTTLE } from './login-throttle.ts';
import { PASSWORD_COST } from './secrets.ts';

let th: TestHub | null = null;
const extra: TestClient[] = [];
afterEach(async () => {
  for (const c of extra.splice(0)) c.close();
  await th?.close();
  th = null;
});

async function from(address: string, auth: { deviceToken?: string; sessionToken?: string } = {}) {
  const client = await connectClient(th!.url, auth, { localAddress: address });
  extra.push(client);
  return client;
}

const code = (answer: Ack<unknown>) => (answer.ok ? 'ok' : answer.error.code);

function auditRows(type: string) {
  return th!.db
    .prepare('SELECT actor_kind, actor_id, device_id, payload FROM events WHERE type = ? ORDER BY id')
    .all(type) as {
    actor_kind: string;
    actor_id: string | null;
    device_id: string | null;
    payload: string;
  }[];
}

describe('login flood and lock-out (10.3)', () => {
  it('refuses a flood from one address at once, before any hashing, then slows its refusals; a clerk at a counter signs in meanwhile', async () => {
    th = await startTestHub({ config: { login: { throttle: DEFAULT_LOGIN_THROTTLE } } });
    await th.addUser('clerk-w1', 'clerk');
    const counter = await th.connect({ deviceToken: th.addDevice('counter', 'w1').token });
    const flooder = await from('127.0.0.2');
    const answeredAt: number[] = [];
    const sentAt = performance.now();
    const flood = Array.from({ length: 40 }, (_, i) =>
      flooder
        .call('session:login', { username: `guess${i}`, password: 'wrong guess', windowId: null })
        .then((a) => {
          answeredAt.push(performance.now() - sentAt);
          return a;
        }),
    );
    const clerk = counter.call('session:login', {
      username: 'clerk-w1',
      password: TEST_PASSWORD,
      windowId: null,
    });
    const answers = await Promise.all(flood);
    // The clock stands still, so the address's bucket gives exactly its burst; the rest is refused unhashed.
    expect(answers.filter((a) => code(a) === 'INVALID_CREDENTIALS')).toHaveLength(
      DEFAULT_LOGIN_THROTTLE.addressBurst,
    );
    const refused = answers.filter((a) => code(a) === 'RATE_LIMITED');
    expect(refused).toHaveLength(40 - DEFAULT_LOGIN_THROTTLE.addressBurst);
    expect(refused[0]).toMatchObject({
      error: { message: expect.stringMatching(/此终端.*Too many sign-in attempts/) },
    });
    expect(await clerk).toMatchObject({ ok: true, data: { windowId: 'w1' } });
    // Past REFUSALS_BEFORE_SLOWING refusals in a row, the connection's refusals come no faster than one a second.
    const slowed = 40 - DEFAULT_LOGIN_THROTTLE.addressBurst - REFUSALS_BEFORE_SLOWING;
    expect(answeredAt.sort((a, b) => a - b).slice(-slowed)[0]).toBeGreaterThanOrEqual(SLOWED_REFUSAL_MS - 50);
  });

  it('bounds the hashing queue: beyond it anonymous attempts are refused as busy, and a counter goes first', async () => {
    // A real cost, so that the checks overlap; eight addresses, so that the per-address bucket is not the limit.
    th = await startTestHub({
      config: { login: { throttle: DEFAULT_LOGIN_THROTTLE }, passwordCost: { N: 2 ** 14, r: 8, p: 1 } },
    });
    await th.addUser('clerk-w1', 'clerk');
    const counter = await th.connect({ deviceToken: th.addDevice('counter', 'w1').token });
    const flooders = await Promise.all([2, 3, 4, 5, 6, 7, 8, 9].map((n) => from(`127.0.0.${n}`)));
    const order: string[] = [];
    const flood = flooders.flatMap((f, n) =>
      Array.from({ length: 5 }, (_, i) =>
        f
          .call('session:login', { username: `guess${n}-${i}`, password: 'wrong guess', windowId: null })
          .then((a) => {
            order.push(code(a));
            return a;
          }),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const clerk = counter
      .call('session:login', { username: 'clerk-w1', password: TEST_PASSWORD, windowId: null })
      .then((a) => {
        order.push(`clerk:${code(a)}`);
        return a;
      });
    const answers = await Promise.all(flood);
    expect((await clerk).ok).toBe(true);
    const hashed = answers.filter((a) => code(a) === 'INVALID_CREDENTIALS').length;
    const busy = answers.filter((a) => !a.ok && a.error.message.includes('busy')).length;
    // One anonymous check hashing and four waiting: the other attempts were answered at once, not queued.
    const bound = DEFAULT_LOGIN_THROTTLE.maxRunningAnonymous + DEFAULT_LOGIN_THROTTLE.maxWaitingAnonymous;
    expect(hashed).toBeLessThanOrEqual(bound + 2);
    expect(busy).toBeGreaterThanOrEqual(40 - bound - 2);
    // The clerk at a registered counter did not wait behind the anonymous attempts already waiting.
    const clerkAt = order.indexOf('clerk:ok');
    expect(order.slice(clerkAt + 1).filter((c) => c === 'INVALID_CREDENTIALS').length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('holds off only the address that failed, with a growing delay, never for good', async () => {
    th = await startTestHub();
    await th.addUser('admin', 'admin');
    const attacker = await from('127.0.0.2');
    const login = (c: TestClient, password: string) =>
      c.call('session:login', { username: 'admin', password, windowId: null });
    for (let i = 0; i < 5; i += 1)
      expect(code(await login(attacker, `guess ${i}`))).toBe('INVALID_CREDENTIALS');
    expect(code(await login(attacker, TEST_PASSWORD))).toBe('RATE_LIMITED');
    // The admin, at their own machine, is not locked out by someone guessing elsewhere.
    const own = await th.connect();
    expect(code(await login(own, TEST_PASSWORD))).toBe('ok');
    // The hold ends after a minute; the next failure doubles it.
    th.clock.advance(61_000);
    expect(code(await login(attacker, 'guess 6'))).toBe('INVALID_CREDENTIALS');
    th.clock.advance(61_000);
    expect(code(await login(attacker, TEST_PASSWORD))).toBe('RATE_LIMITED');
    th.clock.advance(60_000);
    expect(code(await login(attacker, TEST_PASSWORD))).toBe('ok');
  });

  it('audits failed logins with their source address, aggregated rather than one row per attempt', async () => {
    th = await startTestHub({
      config: {
        login: {
          throttle: TEST_LOGIN_THROTTLE,
          locks: { lockAfter: 1000, firstLockMs: 60_000, maxLockMs: 3_600_000, forgetAfterMs: 86_400_000 },
        },
      },
    });
    await th.addUser('admin', 'admin');
    const attacker = await from('127.0.0.2');
    for (let i = 0; i < 30; i += 1) {
      await attacker.call('session:login', { username: 'admin', password: `guess ${i}`, windowId: null });
    }
    th.hub.hall.flush();
    expect(auditRows('session:login-failed')).toHaveLength(1);
    th.clock.advance(60_000);
    await th.hub.tick();
    const rows = auditRows('session:login-failed').map(
      (r) => JSON.parse(r.payload) as Record<string, unknown>,
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.address)).toEqual(['127.0.0.2', '127.0.0.2']);
    expect(rows.map((r) => r.username)).toEqual(['admin', 'admin']);
    expect(rows.reduce((sum, r) => sum + Number(r.attempts), 0)).toBe(30);
  });

  it('sends the list of accounts only to supervisors and admins, never to a kiosk, lobby, pad or counter', async () => {
    th = await startTestHub();
    await th.addUser('admin', 'admin');
    await th.addUser('clerk-w1', 'clerk');
    const screens = await Promise.all(
      (
        [
          ['kiosk', null],
          ['lobby', null],
          ['pad', 'w1'],
          ['counter', 'w1'],
          ['sign', 'w1'],
        ] as const
      ).map(([kind, window]) => th!.connect({ deviceToken: th!.addDevice(kind, window).token })),
    );
    for (const screen of screens) expect((await screen.nextSnapshot()).clerks).toEqual([]);
    const clerk = await th.clerkAt('w2');
    expect(clerk.snapshots.at(-1)?.clerks).toEqual([]);
    const admin = await th.connect();
    expect(
      (await admin.call('session:login', { username: 'admin', password: TEST_PASSWORD, windowId: null })).ok,
    ).toBe(true);
    const snapshot = await admin.call('hall:snapshot', {});
    expect(snapshot.ok && snapshot.data.clerks.map((c) => c.username)).toContain('admin');
  });
});

describe('sessions bound to where they were opened (10.4)', () => {
  async function clerkOnCounter(windowId: string) {
    await th!.addUser(`clerk-${windowId}`, 'clerk');
    const device = th!.addDevice('counter', windowId);
    const counter = await th!.connect({ deviceToken: device.token });
    const login = await counter.call('session:login', {
      username: `clerk-${windowId}`,
      password: TEST_PASSWORD,
      windowId: null,
    });
    if (!login.ok) throw new Error(login.error.message);
    return { device, counter, token: login.data.sessionToken };
  }

  it('refuses a clerk session token replayed from a bare socket or from another counter', async () => {
    th = await startTestHub();
    const { device, token } = await clerkOnCounter('w1');
    await expect(connectClient(th.url, { sessionToken: token })).rejects.toThrow(/another device|not opened/);
    await expect(from('127.0.0.2', { sessionToken: token })).rejects.toThrow(/session refused/);
    const otherCounter = th.addDevice('counter', 'w3');
    await expect(
      connectClient(th.url, { deviceToken: otherCounter.token, sessionToken: token }),
    ).rejects.toThrow(/another device/);
    // On its own terminal the session resumes (a reload of the counter page).
    const resumed = await th.connect({ deviceToken: device.token, sessionToken: token });
    expect(code(await resumed.call('window:pause', { windowId: 'w1', reason: 'break', note: null }))).toBe(
      'ok',
    );
  });

  it('binds a session opened without a device to its source address', async () => {
    th = await startTestHub();
    await th.addUser('sun', 'supervisor');
    const browser = await th.connect();
    const login = await browser.call('session:login', {
      username: 'sun',
      password: TEST_PASSWORD,
      windowId: null,
    });
    if (!login.ok) throw new Error(login.error.message);
    const again = await th.connect({ sessionToken: login.data.sessionToken });
    expect(code(await again.call('device:list', {}))).toBe('ok');
    await expect(from('127.0.0.2', { sessionToken: login.data.sessionToken })).rejects.toThrow(
      /another address/,
    );
  });

  it('ends every connection of a session at logout', async () => {
    th = await startTestHub();
    const { device, counter, token } = await clerkOnCounter('w1');
    const second = await th.connect({ deviceToken: device.token, sessionToken: token });
    await second.nextSnapshot();
    const ended = new Promise<string>((resolve) =>
      second.socket.once('session:revoked', ({ reason }: { reason: string }) =>
        second.socket.once('disconnect', () => resolve(reason)),
      ),
    );
    expect(code(await counter.call('session:logout', {}))).toBe('ok');
    expect(await ended).toContain('Signed out');
    // The one that logged out carries on as its device; the token opens nothing any more.
    expect(counter.socket.connected).toBe(true);
    await expect(th.connect({ deviceToken: device.token, sessionToken: token })).rejects.toThrow(/expired/);
  });

  it('ends the connections of an expired session before the next hall update reaches them', async () => {
    th = await startTestHub();
    await th.addUser('sun', 'supervisor');
    const supervisor = await th.connect();
    expect(
      (await supervisor.call('session:login', { username: 'sun', password: TEST_PASSWORD, windowId: null }))
        .ok,
    ).toBe(true);
    await supervisor.nextSnapshot();
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    th.clock.advance(12 * 3_600_000 + 1);
    const ended = new Promise<string>((resolve) =>
      supervisor.socket.once('disconnect', () => resolve('ended')),
    );
    const issued = await kiosk.call('ticket:issue', {
      requestId: 'after-expiry-1',
      serviceId: 'svc-1',
      identity: null,
    });
    expect(issued.ok).toBe(true);
    const outcome = await Promise.race([
      ended,
      supervisor.waitForUpdate((u) => u.change.type === 'ticket:issued').then(() => 'update'),
    ]);
    expect(outcome).toBe('ended');
    expect(supervisor.updates.filter((u) => u.change.type === 'ticket:issued')).toEqual([]);
  });

  it('refuses a session whose device was revoked', async () => {
    th = await startTestHub();
    await th.addUser('boss', 'admin');
    const { device, token } = await clerkOnCounter('w2');
    const admin = await th.connect();
    expect(
      (await admin.call('session:login', { username: 'boss', password: TEST_PASSWORD, windowId: null })).ok,
    ).toBe(true);
    expect((await admin.call('device:revoke', { deviceId: device.id })).ok).toBe(true);
    expect(th.hub.accounts.session(token, th.clock.now())).toBeNull();
    await expect(connectClient(th.url, { sessionToken: token })).rejects.toThrow(/expired|revoked/);
  });
});

describe('initial credentials (10.6)', () => {
  it('makes the first login with the one-time admin password set a new one: 12+ characters, not a common one', async () => {
    th = await startTestHub();
    const oneTime = await seedAdmin(th.db, th.clock.now());
    if (!oneTime) throw new Error('no admin was seeded');
    const client = await th.connect();
    const login = (password: string, newPassword?: string) =>
      client.call('session:login', {
        username: 'admin',
        password,
        windowId: null,
        ...(newPassword === undefined ? {} : { newPassword }),
      });
    expect(await login(oneTime)).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(code(await login(oneTime, '12345678'))).toBe('BAD_REQUEST');
    expect(await login(oneTime, 'password1234')).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PASSWORD', message: expect.stringMatching(/太常见.*too common/) },
    });
    expect(code(await login(oneTime, oneTime))).toBe('WEAK_PASSWORD');
    expect(code(await login(oneTime, 'hall admin picks 4 lanterns'))).toBe('ok');
    // The one-time password is gone; the chosen one works, with no further change asked.
    const next = await th.connect();
    expect(
      code(await next.call('session:login', { username: 'admin', password: oneTime, windowId: null })),
    ).toBe('INVALID_CREDENTIALS');
    expect(
      code(
        await next.call('session:login', {
          username: 'admin',
          password: 'hall admin picks 4 lanterns',
          windowId: null,
        }),
      ),
    ).toBe('ok');
    expect(auditRows('session:password-changed')).toHaveLength(1);
  });

  it('refuses short and common passwords for new accounts, and makes the new account change its password', async () => {
    th = await startTestHub();
    await th.addUser('boss', 'admin');
    const admin = await th.connect();
    await admin.call('session:login', { username: 'boss', password: TEST_PASSWORD, windowId: null });
    const add = (password: string) =>
      admin.call('clerk:add', {
        username: 'wu',
        displayName: '吴',
        staffNumber: '9',
        password,
        role: 'admin',
      });
    expect(code(await add('12345678'))).toBe('BAD_REQUEST');
    expect(code(await add('qwertyuiop123'))).toBe('WEAK_PASSWORD');
    expect(code(await add('given by boss 31 harbor'))).toBe('ok');
    const wu = await th.connect();
    expect(
      code(
        await wu.call('session:login', {
          username: 'wu',
          password: 'given by boss 31 harbor',
          windowId: null,
        }),
      ),
    ).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('hashes at N=2^17 in production and upgrades an older hash at the next successful login', async () => {
    // No passwordCost: what main.ts runs with.
    th = await startTestHub({ config: { passwordCost: undefined } });
    expect(PASSWORD_COST).toEqual({ N: 131072, r: 8, p: 1 });
    // An account from an older hub: scrypt N=2^15 and no recorded cost.
    const salt = Buffer.alloc(16, 3);
    const legacy = scryptSync('legacy password 2019', salt, 64, {
      N: 2 ** 15,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    });
    th.db
      .prepare(
        `INSERT INTO users (id, username, display_name, staff_number, role, password_hash, password_salt, created_at)
         VALUES ('u-old', 'old', '老', '1', 'clerk', ?, ?, 0)`,
      )
      .run(legacy, salt);
    const client = await th.connect();
    expect(
      code(
        await client.call('session:login', {
          username: 'old',
          password: 'legacy password 2019',
          windowId: null,
        }),
      ),
    ).toBe('ok');
    const row = th.db
      .prepare("SELECT password_hash, password_salt, password_cost FROM users WHERE id = 'u-old'")
      .get() as {
      password_hash: Buffer;
      password_salt: Buffer;
      password_cost: string;
    };
    expect(row.password_cost).toBe('131072,8,1');
    expect(
      row.password_hash.equals(
        scryptSync('legacy password 2019', row.password_salt, 64, {
          N: 2 ** 17,
          r: 8,
          p: 1,
          maxmem: 256 * 1024 * 1024,
        }),
      ),
    ).toBe(true);
    // And it still signs in with the same password.
    expect(
      code(
        await (await th.connect()).call('session:login', {
          username: 'old',
          password: 'legacy password 2019',
          windowId: null,
        }),
      ),
    ).toBe('ok');
  });
});

describe('audit trail (10.9)', () => {
  it('records which pad recorded a rating', async () => {
    th = await startTestHub();
    const pad = th.addDevice('pad', 'w1');
    const padClient = await th.connect({ deviceToken: pad.token });
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    const issued = await kiosk.call('ticket:issue', {
      requestId: 'rated-ticket-1',
      serviceId: 'svc-1',
      identity: null,
    });
    if (!issued.ok) throw new Error(issued.error.message);
    const clerk = await th.clerkAt('w1');
    for (const step of ['window:call-next', 'window:start', 'window:finish'] as const) {
      expect(code(await clerk.call(step, { windowId: 'w1' }))).toBe('ok');
    }
    expect(
      code(
        await padClient.call('rating:submit', {
          ticketId: issued.data.ticket.id,
          level: 5,
          tags: [],
          comment: '',
        }),
      ),
    ).toBe('ok');
    th.hub.hall.flush();
    expect(auditRows('rating:recorded')).toMatchObject([
      { actor_kind: 'device', actor_id: pad.id, device_id: pad.id },
    ]);
  });
});
