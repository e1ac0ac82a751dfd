import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase } from './backup.ts';
import { createHub, DEFAULT_SOCKET_SETTINGS } from './create-hub.ts';
import { MIGRATIONS } from './db/migrations.ts';
import { migrate, openDatabase } from './db/open-database.ts';
import { readHallFile, seedHall } from './seed.ts';
import { readSettings } from './settings.ts';
import {
  connectClient,
  HALL_MORNING,
  startTestHub,
  TEST_PASSWORD,
  type TestHub,
} from './testing/test-hub.ts';

let hall: TestHub | null = null;
afterEach(async () => {
  await hall?.close();
  hall = null;
});

const issue = (serviceId = 'svc-1') => ({ requestId: randomUUID(), serviceId, identity: null });

describe('backups', () => {
  it('restores the hall as it was at the backup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-restore-'));
    hall = await startTestHub({ dir });
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    await kiosk.call('ticket:issue', issue());
    await kiosk.call('ticket:issue', issue());
    const { file } = await backupDatabase(hall.db, join(dir, 'backups'), '2026-11-28', 14);
    await kiosk.call('ticket:issue', issue()); // after the backup: lost by the restore, as documented
    await hall.close();
    hall = null;

    // The documented restore: stop, copy the backup over the database, remove the WAL files, start.
    copyFileSync(file, join(dir, 'hallq.db'));
    rmSync(join(dir, 'hallq.db-wal'), { force: true });
    rmSync(join(dir, 'hallq.db-shm'), { force: true });
    hall = await startTestHub({ dir });
    const lobby = await hall.connect({ deviceToken: hall.addDevice('lobby').token });
    const snapshot = await lobby.nextSnapshot();
    expect(snapshot.tickets.map((t) => t.number)).toEqual(['A001', 'A002']);
    const next = await (await hall.connect({ deviceToken: hall.addDevice('kiosk').token })).call(
      'ticket:issue',
      issue(),
    );
    expect(next).toMatchObject({ ok: true, data: { ticket: { number: 'A003' } } });
    await hall.close();
    hall = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps only the newest N daily backups', async () => {
    hall = await startTestHub();
    const folder = join(hall.dir, 'backups');
    for (const day of ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']) {
      await backupDatabase(hall.db, folder, day, 2);
    }
    const { removed } = await backupDatabase(hall.db, folder, '2026-11-29', 2);
    expect(removed).toEqual(['hallq-2026-11-27.db']);
  });

  it('writes the daily backup from the clock tick, once a day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-daily-'));
    hall = await startTestHub({ config: { backup: { folder: join(dir, 'b'), keepDays: 3 } } });
    await hall.hub.tick();
    await hall.hub.tick();
    expect(readFileSync(join(dir, 'b', 'hallq-2026-11-28.db')).length).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the database', () => {
  it('refuses a database written by a newer hub', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-mig-'));
    const db = openDatabase(join(dir, 'x.db'));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this hub/);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with full fsync on commit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-wal-'));
    const db = openDatabase(join(dir, 'x.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a command it cannot commit with STORAGE_FAILURE and changes nothing', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    await kiosk.call('ticket:issue', issue());
    // The next ticket's row cannot be written (as on a full or read-only disk).
    hall.db.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON tickets BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    expect(await kiosk.call('ticket:issue', issue())).toMatchObject({
      ok: false,
      error: { code: 'STORAGE_FAILURE' },
    });
    hall.db.exec('DROP TRIGGER refuse');
    // Nothing was taken: the next ticket is A002, and the log chain is whole.
    expect(await kiosk.call('ticket:issue', issue())).toMatchObject({
      ok: true,
      data: { ticket: { number: 'A002' } },
    });
    const { verifyEventChain } = await import('./store/event-log.ts');
    expect(verifyEventChain(hall.db)).toMatchObject({ ok: true });
  });
  it('rolls back a whole batch whose commit fails, answers every command in it with STORAGE_FAILURE, and recovers', async () => {
    hall = await startTestHub();
    const kiosks = await Promise.all(
      [1, 2, 3].map(() => hall!.connect({ deviceToken: hall!.addDevice('kiosk').token })),
    );
    const lobby = await hall.connect({ deviceToken: hall.addDevice('lobby').token });
    const before = await lobby.nextSnapshot();
    // A deferred foreign key is checked at COMMIT: every batch that issues a ticket now fails as it commits.
    hall.db.exec(`
      CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE poison (x INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER poisoned AFTER INSERT ON tickets BEGIN INSERT INTO poison VALUES (999); END;`);
    const answers = await Promise.all(kiosks.map((k) => k.call('ticket:issue', issue())));
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual([
      'STORAGE_FAILURE',
      'STORAGE_FAILURE',
      'STORAGE_FAILURE',
    ]);
    expect(hall.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(0);
    expect(lobby.updates).toEqual([]);
    hall.db.exec('DROP TRIGGER poisoned');
    const next = await kiosks[0]!.call('ticket:issue', issue());
    expect(next).toMatchObject({ ok: true, data: { ticket: { number: 'A001' } } });
    const update = await lobby.waitForUpdate((u) => u.change.type === 'ticket:issued');
    expect(update.seq).toBe(before.seq + 1);
  });
});

describe('people and sessions', () => {
  it('locks a username after five wrong passwords, for five minutes', async () => {
    hall = await startTestHub();
    await hall.addUser('li', 'clerk');
    const client = await hall.connect();
    for (let i = 0; i < 5; i += 1) {
      expect(
        await client.call('session:login', { username: 'li', password: 'wrong!', windowId: 'w1' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'INVALID_CREDENTIALS' },
      });
    }
    const locked = await client.call('session:login', {
      username: 'li',
      password: TEST_PASSWORD,
      windowId: 'w1',
    });
    expect(locked).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    hall.clock.advance(5 * 60_000 + 1);
    expect(
      (await client.call('session:login', { username: 'li', password: TEST_PASSWORD, windowId: 'w1' })).ok,
    ).toBe(true);
  });

  it('expires a session: its commands are refused and it cannot resume', async () => {
    hall = await startTestHub();
    await hall.addUser('li', 'clerk');
    const client = await hall.connect();
    const login = await client.call('session:login', {
      username: 'li',
      password: TEST_PASSWORD,
      windowId: 'w1',
    });
    if (!login.ok) throw new Error('login failed');
    expect((await client.call('window:pause', { windowId: 'w1', reason: 'break', note: null })).ok).toBe(
      true,
    );
    hall.clock.advance(DEFAULT_SOCKET_SETTINGS.sessionTtlMs + 1);
    expect(await client.call('window:resume', { windowId: 'w1' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await expect(connectClient(hall.url, { sessionToken: login.data.sessionToken })).rejects.toThrow(
      /session expired/,
    );
  });

  it('resumes a live session on a new connection, at its window', async () => {
    hall = await startTestHub();
    await hall.addUser('li', 'clerk');
    const client = await hall.connect();
    const login = await client.call('session:login', {
      username: 'li',
      password: TEST_PASSWORD,
      windowId: 'w3',
    });
    if (!login.ok) throw new Error('login failed');
    client.close();
    const resumed = await hall.connect({ sessionToken: login.data.sessionToken });
    expect((await resumed.call('window:pause', { windowId: 'w3', reason: 'meeting', note: null })).ok).toBe(
      true,
    );
  });

  it('binds a clerk on a counter terminal to the terminal’s window', async () => {
    hall = await startTestHub();
    await hall.addUser('li', 'clerk');
    const terminal = await hall.connect({ deviceToken: hall.addDevice('counter', 'w2').token });
    const elsewhere = await terminal.call('session:login', {
      username: 'li',
      password: TEST_PASSWORD,
      windowId: 'w1',
    });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const login = await terminal.call('session:login', {
      username: 'li',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(login).toMatchObject({ ok: true, data: { windowId: 'w2' } });
  });
});

describe('logs and HTTP', () => {
  it('never logs an ID number or a name, even when a command fails', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'hallq-log-'));
    const db = openDatabase(join(dir, 'hallq.db'));
    seedHall(db, readHallFile(join(import.meta.dirname, '../halls/demo-hall.json')));
    const clock = () => HALL_MORNING;
    const hub = createHub({
      db,
      clock,
      logger: pino({ level: 'debug' }, sink),
      identityKey: Buffer.alloc(32, 1),
      config: {
        host: '127.0.0.1',
        port: 0,
        tls: null,
        webApps: [],
        socket: DEFAULT_SOCKET_SETTINGS,
        tickMs: 0,
        backup: null,
        identityRetentionDays: 180,
      },
    });
    const { url } = await hub.listen();
    const { token } = hub.accounts.addDevice({
      kind: 'kiosk',
      name: 'k',
      windowId: null,
      zone: null,
      now: clock(),
    });
    const kiosk = await connectClient(url, { deviceToken: token });
    const identity = {
      idNumber: '11010519491231002X',
      name: '王䶮',
      birthDate: '1949-12-31',
      cardType: 'resident' as const,
    };
    await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'tax', identity });
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON tickets BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'household', identity });
    kiosk.close();
    await hub.close();
    db.close();
    expect(logged).toContain('command not committed');
    expect(logged).not.toContain('11010519491231002X');
    expect(logged).not.toContain('王䶮');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz and refuses paths outside an app', async () => {
    hall = await startTestHub({
      config: { webApps: [{ mount: '/kiosk', dir: join(import.meta.dirname, '..', '..', 'kiosk', 'dist') }] },
    });
    const page = await fetch(`${hall.url}/kiosk/`);
    if (page.status === 200) {
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    const health = await fetch(`${hall.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, businessDay: '2026-11-28' });
    const outside = await fetch(`${hall.url}/kiosk/..%2F..%2F..%2Fpackage.json`);
    expect([403, 404, 503]).toContain(outside.status);
    expect(await outside.text()).not.toContain('"workspaces"');
  });

  it('serves over TLS with the hall’s own certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    hall = await startTestHub({
      config: { tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } },
    });
    expect(hall.url).toMatch(/^https:/);
    const { request } = await import('node:https');
    const body = await new Promise<string>((resolve, reject) => {
      request(`${hall!.url}/healthz`, { ca: readFileSync(join(dir, 'cert.pem')) }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('settings', () => {
  it('reads flags before the environment and defaults to the loopback demo', () => {
    const s = readSettings(
      { HALLQ_PORT: '9000', HALLQ_HOST: '10.0.0.5' },
      ['--port', '9100', '--demo'],
      '/repo',
    );
    expect(s).toMatchObject({ port: 9100, host: '10.0.0.5', demo: true, dataDir: '/repo/data' });
    expect(readSettings({}, [], '/repo')).toMatchObject({ host: '127.0.0.1', port: 8080, demo: false });
    expect(() => readSettings({ HALLQ_PORT: 'eighty' }, [], '/repo')).toThrow(/whole number/);
  });
});
