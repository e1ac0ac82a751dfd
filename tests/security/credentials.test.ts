/**
 * Passwords, sessions and device tokens, beyond what the hub's own tests cover (operations.test.ts: five wrong
 * passwords lock a username; an expired session is refused and cannot resume; hub.test.ts: a revoked kiosk is
 * dropped). Here: what is stored, that the lock cannot be dodged, and revocation reaching every connection.
 */
import { scryptSync } from 'node:crypto';
import {
  connectClient,
  startTestHub,
  TEST_PASSWORD,
  TEST_PASSWORD_COST,
  type TestHub,
} from '@hallq/hub/testing';
import { afterEach, describe, expect, it } from 'vitest';

let th: TestHub | null = null;
afterEach(async () => {
  await th?.close();
  th = null;
});

interface StoredUser {
  username: string;
  password_hash: Buffer;
  password_salt: Buffer;
  password_cost: string;
}

describe('stored credentials', () => {
  it('hashes passwords with scrypt and a salt per user: the same password never gives the same hash', async () => {
    th = await startTestHub();
    await th.addUser('zhang', 'clerk');
    await th.addUser('wang', 'clerk');
    await th.addUser('li-admin', 'admin');
    const rows = th.db
      .prepare('SELECT username, password_hash, password_salt, password_cost FROM users ORDER BY username')
      .all() as StoredUser[];
    expect(rows).toHaveLength(3);
    const hashes = new Set(rows.map((r) => r.password_hash.toString('hex')));
    const salts = new Set(rows.map((r) => r.password_salt.toString('hex')));
    expect(hashes.size).toBe(3);
    expect(salts.size).toBe(3);
    for (const row of rows) {
      expect(row.password_salt.length).toBeGreaterThanOrEqual(16);
      expect(row.password_hash.includes(Buffer.from(TEST_PASSWORD))).toBe(false);
      // It is scrypt (64 bytes) over the NFKC password and this user's own salt, at the cost recorded beside it
      // (the test hub's lower one; production's N = 2^17 is checked in apps/hub/src/auth/logins-and-sessions.test.ts).
      expect(row.password_cost).toBe(`${TEST_PASSWORD_COST.N},8,1`);
      const expected = scryptSync(TEST_PASSWORD.normalize('NFKC'), row.password_salt, 64, {
        ...TEST_PASSWORD_COST,
        maxmem: 64 * 1024 * 1024,
      });
      expect(row.password_hash.equals(expected)).toBe(true);
    }
    // The whole file holds no password and no bearer token in clear.
    const client = await th.connect();
    const login = await client.call('session:login', {
      username: 'zhang',
      password: TEST_PASSWORD,
      windowId: 'w1',
    });
    if (!login.ok) throw new Error(login.error.message);
    const device = th.addDevice('kiosk');
    th.hub.hall.flush();
    th.db.pragma('wal_checkpoint(TRUNCATE)');
    const dump = JSON.stringify(
      th.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all()
        .map((table) => th!.db.prepare(`SELECT * FROM "${String(table)}"`).all()),
      (_key, value: unknown) =>
        value !== null &&
        typeof value === 'object' &&
        'type' in value &&
        (value as { type: unknown }).type === 'Buffer'
          ? Buffer.from((value as unknown as { data: number[] }).data).toString('latin1')
          : value,
    );
    for (const secret of [TEST_PASSWORD, login.data.sessionToken, device.token]) {
      expect(dump.includes(secret), `a secret is stored in clear`).toBe(false);
    }
  });
});

describe('login attempts', () => {
  it('lock a username across connections and letter case, refuse even the right password, and spare others', async () => {
    th = await startTestHub();
    await th.addUser('chen', 'clerk');
    await th.addUser('zhou', 'clerk');
    // Five wrong passwords spread over five connections, with the username in different cases.
    const spellings = ['chen', 'CHEN', 'Chen', 'cHeN', 'chen'];
    for (const username of spellings) {
      const client = await th.connect();
      expect(
        await client.call('session:login', { username, password: 'guess', windowId: null }),
      ).toMatchObject({
        ok: false,
        error: { code: 'INVALID_CREDENTIALS' },
      });
      client.close();
    }
    const fresh = await th.connect();
    expect(
      await fresh.call('session:login', { username: 'chen', password: TEST_PASSWORD, windowId: null }),
    ).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // Another person is not locked out by someone guessing at chen.
    expect(
      (await fresh.call('session:login', { username: 'zhou', password: TEST_PASSWORD, windowId: null })).ok,
    ).toBe(true);
    // The wrong answers never said whether the username exists.
    const unknown = await (await th.connect()).call('session:login', {
      username: 'nobody',
      password: 'guess',
      windowId: null,
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });
});

describe('sessions', () => {
  it('a logged-out session token cannot be resumed; a live one can until it expires', async () => {
    th = await startTestHub();
    await th.addUser('sun', 'supervisor');
    const client = await th.connect();
    const login = await client.call('session:login', {
      username: 'sun',
      password: TEST_PASSWORD,
      windowId: null,
    });
    if (!login.ok) throw new Error(login.error.message);
    const stored = th.db.prepare('SELECT token_hash FROM sessions').pluck().all() as string[];
    expect(stored).not.toContain(login.data.sessionToken);
    const resumed = await connectClient(th.url, { sessionToken: login.data.sessionToken });
    expect((await resumed.call('device:list', {})).ok).toBe(true);
    expect((await client.call('session:logout', {})).ok).toBe(true);
    await expect(connectClient(th.url, { sessionToken: login.data.sessionToken })).rejects.toThrow(/session/);
    resumed.close();
  });
});

describe('revoked devices', () => {
  it('drops every open connection of the device at once, including a clerk signed in on a counter terminal', async () => {
    th = await startTestHub();
    await th.addUser('admin-1', 'admin');
    await th.addUser('zhao', 'clerk');
    const counter = th.addDevice('counter', 'w2');
    const first = await th.connect({ deviceToken: counter.token });
    const second = await th.connect({ deviceToken: counter.token });
    const login = await second.call('session:login', {
      username: 'zhao',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(login).toMatchObject({ ok: true, data: { windowId: 'w2' } });
    const admin = await th.connect();
    const adminLogin = await admin.call('session:login', {
      username: 'admin-1',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(adminLogin.ok).toBe(true);

    const dropped = [first, second].map(
      (c) =>
        new Promise<string>((resolve) => {
          c.socket.once('session:revoked', () => c.socket.once('disconnect', (reason) => resolve(reason)));
        }),
    );
    expect((await admin.call('device:revoke', { deviceId: counter.id })).ok).toBe(true);
    expect(await Promise.all(dropped)).toEqual(['io server disconnect', 'io server disconnect']);
    // The token is refused from now on, alone or with the clerk's session.
    await expect(connectClient(th.url, { deviceToken: counter.token })).rejects.toThrow(/revoked/);
    if (!login.ok) throw new Error('login failed');
    await expect(
      connectClient(th.url, { deviceToken: counter.token, sessionToken: login.data.sessionToken }),
    ).rejects.toThrow(/revoked/);
  });
});
