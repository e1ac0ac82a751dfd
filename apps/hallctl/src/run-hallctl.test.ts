import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appointmentHall, startTestHub, TEST_PASSWORD, type TestHub, testVisitor } from '@hallq/hub/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { runHallctl } from './run-hallctl.ts';

let hall: TestHub;
afterEach(async () => {
  await hall?.close();
});

async function hallctl(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runHallctl(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env: {},
    cwd: hall.dir,
  });
  return { code, out, err };
}

describe('hallctl help', () => {
  // Nothing listens on port 1: a command that tried to reach a hub would fail there (or wait 10 s).
  const noHub = ['--url', 'http://127.0.0.1:1'];
  const run = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runHallctl(argv, {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      env: {},
      cwd: '.',
    });
    return { code, out, err };
  };

  it.each([['help'], ['--help'], ['-h'], ['status', '--help']])(
    '`hallctl %s` prints the usage and exits 0 without a hub',
    async (...argv) => {
      const started = Date.now();
      const result = await run(...argv, ...noHub);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toContain('hallctl — operate a HallQ hub from a terminal');
      expect(Date.now() - started).toBeLessThan(1000);
    },
  );

  it('no command at all is a usage error: the usage on stderr, exit 2', async () => {
    const result = await run(...noHub);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toContain('npm run hallctl -- <command>');
  });
});

describe('hallctl over the real protocol', () => {
  it('registers a kiosk, issues a ticket with its token, and a clerk calls it', async () => {
    hall = await startTestHub();
    await hall.addUser('boss', 'admin');
    const admin = ['--url', hall.url, '--user', 'boss', '--password', TEST_PASSWORD];
    const added = await hallctl('device', 'add', 'kiosk', 'Kiosk 1', ...admin, '--json');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const { token } = JSON.parse(added.out) as { token: string };

    const issued = await hallctl('issue', 'svc-1', '--url', hall.url, '--token', token);
    expect(issued).toMatchObject({ code: 0 });
    expect(issued.out).toMatch(/^A001 /);

    const clerkAdded = await hallctl(
      'clerk',
      'add',
      'li',
      '--name',
      '李四',
      '--staff',
      '0101',
      '--new-password',
      'one-time window lamp 42',
      ...admin,
    );
    expect(clerkAdded.code).toBe(0);
    const called = await hallctl(
      'call-next',
      'w2',
      '--url',
      hall.url,
      '--user',
      'li',
      '--password',
      'one-time window lamp 42',
      // The admin chose that password: li sets their own in the same sign-in.
      '--change-password',
      'li chooses maple river 9',
      '--window',
      'w2',
      '--json',
    );
    expect(called.err).toBe('');
    expect(called.code).toBe(0);
    expect(JSON.parse(called.out)).toMatchObject({
      ticket: { number: 'A001', status: 'called', windowId: 'w2' },
    });

    const status = await hallctl('status', '--url', hall.url, '--token', token);
    expect(status.out).toContain('w2');
    expect(status.out).toMatch(/w2\s+open\s+2026-11-28\/A001/);
  });

  it('reports refusals with the code and a non-zero exit', async () => {
    hall = await startTestHub();
    const { token } = hall.addDevice('lobby');
    const refused = await hallctl('issue', 'svc-1', '--url', hall.url, '--token', token);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^FORBIDDEN/);
    const wrongPassword = await hallctl('status', '--url', hall.url, '--user', 'nobody', '--password', 'x');
    expect(wrongPassword.err).toMatch(/^INVALID_CREDENTIALS/);
    expect((await hallctl('transfer', 'w1', '--url', hall.url)).code).toBe(2);
  });

  it('verifies the audit trail and names the first broken link', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    for (let i = 0; i < 3; i += 1) {
      await kiosk.call('ticket:issue', {
        requestId: `request-${i}-abcdef`,
        serviceId: 'svc-1',
        identity: null,
      });
    }
    const intact = await hallctl('audit', 'verify', '--data', hall.dir);
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.out).toMatch(/intact: 3 entries/);
    hall.db.prepare("UPDATE events SET payload = replace(payload, 'A002', 'A009') WHERE id = 2").run();
    const broken = await hallctl('audit', 'verify', '--data', hall.dir);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BROKEN at entry 2: its content was altered/);
  });

  it('makes a one-time password be replaced at sign-in, and unlocks a username on the hub machine', async () => {
    hall = await startTestHub();
    await hall.addUser('boss', 'admin');
    const admin = ['--url', hall.url, '--user', 'boss', '--password', TEST_PASSWORD];
    const weak = await hallctl('clerk', 'add', 'wu', '--staff', '7', '--new-password', '12345678', ...admin);
    expect(weak.code).toBe(1);
    expect(
      (await hallctl('clerk', 'add', 'wu', '--staff', '7', '--new-password', 'qwertyuiop123', ...admin)).err,
    ).toMatch(/^WEAK_PASSWORD/);
    expect(
      (await hallctl('clerk', 'add', 'wu', '--staff', '7', '--new-password', 'paper kite 5 under', ...admin))
        .code,
    ).toBe(0);
    const wu = ['--url', hall.url, '--user', 'wu'];
    const first = await hallctl('sign-in', ...wu, '--password', 'paper kite 5 under');
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/--change-password/);
    expect(first.err).toMatch(/PASSWORD_CHANGE_REQUIRED/);
    const changed = await hallctl(
      'sign-in',
      ...wu,
      '--password',
      'paper kite 5 under',
      '--change-password',
      'wu picks cedar lantern 3',
    );
    expect(changed).toMatchObject({ code: 0, err: '' });
    expect(changed.out).toMatch(/signed in as wu \(clerk\); password changed/);
    expect((await hallctl('sign-in', ...wu, '--password', 'wu picks cedar lantern 3')).code).toBe(0);

    // Five wrong passwords from this address hold it off wu (even with the right one) until unlocked.
    for (let i = 0; i < 5; i += 1) {
      expect((await hallctl('sign-in', ...wu, '--password', `wrong guess ${i}`)).err).toMatch(
        /^INVALID_CREDENTIALS/,
      );
    }
    expect((await hallctl('sign-in', ...wu, '--password', 'wu picks cedar lantern 3')).err).toMatch(
      /^RATE_LIMITED/,
    );
    const unlocked = await hallctl('clerk', 'unlock', 'wu', '--data', hall.dir);
    expect(unlocked).toMatchObject({ code: 0 });
    expect(unlocked.out).toMatch(/wu: unlocked \(failed logins cleared for 1 address\)/);
    expect((await hallctl('sign-in', ...wu, '--password', 'wu picks cedar lantern 3')).code).toBe(0);
  });

  it('writes an online backup that opens as a database', async () => {
    hall = await startTestHub();
    const result = await hallctl('backup', '--data', hall.dir, '--json');
    expect(result.code).toBe(0);
    const { file } = JSON.parse(result.out) as { file: string };
    expect(file).toMatch(/hallq-\d{4}-\d{2}-\d{2}\.db$/);
  });

  it('verifies backups without restoring them: one file, or every one in the folder', async () => {
    hall = await startTestHub();
    const written = await hallctl('backup', '--data', hall.dir, '--json');
    const { file } = JSON.parse(written.out) as { file: string };
    const one = await hallctl('backup', 'verify', file, '--data', hall.dir);
    expect(one).toMatchObject({ code: 0 });
    expect(one.out).toMatch(/^good /);
    // A day file left empty by a backup killed on the old hub.
    writeFileSync(join(hall.dir, 'backups', 'hallq-2099-01-01.db'), '');
    const all = await hallctl('backup', 'verify', '--data', hall.dir);
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/BAD .*hallq-2099-01-01\.db: empty or missing file/);
    expect(all.out).toContain(`newest good backup: ${file}`);
    expect((await hallctl('backup', 'verify', '--data', join(hall.dir, 'nothing'))).err).toMatch(
      /no backups in/,
    );
  });

  it('shows the storage status and accepts lost commits (admin)', async () => {
    hall = await startTestHub({
      config: { backup: { folder: join(tmpdir(), `hallq-ctl-${process.pid}`), keepDays: 2 } },
    });
    await hall.addUser('boss', 'admin');
    const admin = ['--url', hall.url, '--user', 'boss', '--password', TEST_PASSWORD];
    const status = await hallctl('storage', 'status', ...admin);
    expect(status).toMatchObject({ code: 0 });
    expect(status.out).toMatch(/last good backup: none/);
    expect(status.out).toMatch(/no lost commits/);
    const accept = await hallctl('storage', 'accept-loss', ...admin);
    expect(accept.code).toBe(1);
    expect(accept.err).toMatch(/^NOT_FOUND/);
    expect((await hallctl('storage', 'nonsense', ...admin)).code).toBe(2);
  });
});

describe('hallctl api-client', () => {
  it('adds a client whose token reads the open API, lists it, and revokes it', async () => {
    hall = await startTestHub();
    await hall.addUser('boss', 'admin');
    const admin = ['--url', hall.url, '--user', 'boss', '--password', TEST_PASSWORD];
    const added = await hallctl(
      'api-client',
      'add',
      '审批系统',
      '--scopes',
      'queue:read,tickets:read',
      ...admin,
    );
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const token = /token \(shown once[^)]*\): (\S+)/.exec(added.out)?.[1] ?? '';
    const clientId = token.split('.')[0]!;
    expect(clientId).toMatch(/^ac_[0-9a-f]{16}$/);
    const services = await fetch(`${hall.url}/api/v1/services`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(services.status).toBe(200);

    const listed = await hallctl('api-client', 'list', ...admin, '--json');
    expect(JSON.parse(listed.out)).toMatchObject({
      clients: [{ id: clientId, name: '审批系统', scopes: ['queue:read', 'tickets:read'], revokedAt: null }],
    });
    // The token is shown once: the list has no secret.
    expect(listed.out).not.toContain(token.split('.')[1]);

    const revoked = await hallctl('api-client', 'revoke', clientId, ...admin);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain('(revoked)');
    const after = await fetch(`${hall.url}/api/v1/services`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
  });

  it('sets a client’s rate limit when adding it, and changes it later', async () => {
    hall = await startTestHub();
    await hall.addUser('boss', 'admin');
    const admin = ['--url', hall.url, '--user', 'boss', '--password', TEST_PASSWORD];
    const added = await hallctl(
      'api-client',
      'add',
      '门户',
      '--scopes',
      'queue:read',
      '--rate',
      '2.5',
      '--burst',
      '5',
      ...admin,
    );
    expect(added.err).toBe('');
    expect(added.out).toMatch(/门户 {2}\[queue:read\] {2}2\.5\/s burst 5/);
    const clientId = /(ac_[0-9a-f]{16})/.exec(added.out)?.[1] ?? '';
    expect(hall.hub.admin.apiClients.list()).toMatchObject([{ id: clientId, ratePerSecond: 2.5, burst: 5 }]);

    const changed = await hallctl('api-client', 'limit', clientId, '--rate', '20', '--burst', '60', ...admin);
    expect(changed.err).toBe('');
    expect(changed.out).toContain('20/s burst 60');
    expect(hall.hub.admin.apiClients.list()).toMatchObject([{ id: clientId, ratePerSecond: 20, burst: 60 }]);

    // Out of range, not a number, left out: refused before anything reaches the hub.
    for (const flags of [
      ['--rate', '0', '--burst', '5'],
      ['--rate', 'fast', '--burst', '5'],
      ['--rate', '5'],
      ['--rate', '5', '--burst', '1.5'],
    ]) {
      const bad = await hallctl('api-client', 'limit', clientId, ...flags, ...admin);
      expect(bad.code, flags.join(' ')).toBe(1);
      expect(bad.err).toMatch(/^BAD_REQUEST: (ratePerSecond|burst).*\(--(rate|burst)\)/);
    }
    const tooFast = await hallctl(
      'api-client',
      'add',
      'x',
      '--scopes',
      'queue:read',
      '--rate',
      '5000',
      ...admin,
    );
    expect(tooFast.err).toMatch(/^BAD_REQUEST: ratePerSecond/);
    expect(hall.hub.admin.apiClients.list()).toMatchObject([{ ratePerSecond: 20, burst: 60 }]);
  });

  it('refuses an unknown scope, and a clerk cannot add a client', async () => {
    hall = await startTestHub();
    await hall.addUser('boss', 'admin');
    await hall.addUser('li', 'clerk');
    const admin = ['--url', hall.url, '--user', 'boss', '--password', TEST_PASSWORD];
    const bad = await hallctl('api-client', 'add', 'x', '--scopes', 'queue:read,everything', ...admin);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^BAD_REQUEST: scopes/);
    const clerk = ['--url', hall.url, '--user', 'li', '--password', TEST_PASSWORD];
    const denied = await hallctl('api-client', 'add', 'x', '--scopes', 'queue:read', ...clerk);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/^FORBIDDEN/);
    expect(hall.hub.admin.apiClients.list()).toEqual([]);
  });
});

describe('hallctl ratings and follow-ups', () => {
  it('exports the day’s rating records as CSV (to a file and to the terminal) and lists follow-ups', async () => {
    hall = await startTestHub();
    await hall.addUser('sup', 'supervisor');
    await hall.addUser('clerk-w1', 'clerk');
    const clerkId = hall.hub.accounts.users().find((u) => u.username === 'clerk-w1')!.id;
    const run = (command: Parameters<typeof hall.hub.hall.execute>[0]) => {
      const outcome = hall.hub.hall.execute(command, { kind: 'system', id: null, deviceId: null });
      if (!outcome.ok) throw new Error(outcome.error.message);
    };
    run({
      type: 'ticket:issue',
      serviceId: 'svc-1',
      visitorClass: 'normal',
      visitorKey: null,
      kioskId: null,
    });
    run({ type: 'window:sign-in', windowId: 'w1', clerkId });
    run({ type: 'window:call-next', windowId: 'w1', clerkId });
    run({ type: 'window:finish', windowId: 'w1' });
    // A ticket's id is its business day and number.
    const ticketId = '2026-11-28/A001';
    const pad = { kind: 'device', id: 'pad-w1', deviceId: 'pad-w1' } as const;
    expect(
      hall.hub.ratings.submit(ticketId, 'w1', { level: 1, tags: ['attitude'], comment: '' }, pad).ok,
    ).toBe(true);
    const sup = ['--url', hall.url, '--user', 'sup', '--password', TEST_PASSWORD];

    const printed = await hallctl(
      'ratings',
      'export',
      '--from',
      '2026-11-28',
      '--to',
      '2026-11-28',
      '--out',
      '-',
      ...sup,
    );
    expect(printed.err).toBe('');
    const lines = printed.out
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(
      /^评价时间 Rated at,评价渠道 Channel,办件编号 Case number,事项实施编码 Item code/,
    );
    expect(lines[1]).toMatch(/^2026-11-28T10:00:00\+08:00,pad,,/);
    expect(lines[1]).toContain(',clerk-w1,clerk-w1,1,非常不满意,attitude,');

    const saved = await hallctl('ratings', 'export', '--from', '2026-11-28', '--to', '2026-11-28', ...sup);
    expect(saved).toMatchObject({ code: 0, err: '' });
    expect(saved.out).toContain('hallq-ratings-2026-11-28_2026-11-28.csv');

    const listed = await hallctl('follow-ups', 'list', '--status', 'open', ...sup);
    expect(listed).toMatchObject({ code: 0, err: '' });
    expect(listed.out).toMatch(/open\s+due 2026-12-02 {2}A001 {2}level 1 {2}sup/);

    const bad = await hallctl('ratings', 'export', '--from', '2026-11-28', '--format', 'pdf', ...sup);
    expect(bad.code).toBe(2);
  });
});

describe('hallctl appointment', () => {
  it('lists slots, books for a visitor (masked in every answer), shows by code and by ID number, cancels', async () => {
    hall = await startTestHub({ hall: appointmentHall({ places: 2 }) });
    await hall.addUser('desk', 'supervisor');
    const desk = ['--url', hall.url, '--user', 'desk', '--password', TEST_PASSWORD];
    const visitor = testVisitor(1);

    const slots = await hallctl('appointment', 'slots', 'svc-1', '2026-11-30', ...desk);
    expect(slots).toMatchObject({ code: 0, err: '' });
    expect(slots.out).toContain('09:00–09:30  free   2 of 2');

    const booked = await hallctl(
      'appointment',
      'book',
      'svc-1',
      '2026-11-30',
      '09:00',
      '--id-number',
      visitor.idNumber,
      '--name',
      visitor.name,
      '--phone',
      visitor.phone,
      '--json',
      ...desk,
    );
    expect(booked.code).toBe(0);
    const { appointment } = JSON.parse(booked.out) as { appointment: { code: string; channel: string } };
    expect(appointment.channel).toBe('hallctl');
    expect(booked.out).not.toContain(visitor.idNumber);

    const shown = await hallctl('appointment', 'show', appointment.code.toLowerCase(), ...desk);
    expect(shown.out).toMatch(new RegExp(`^${appointment.code}  booked +2026-11-30 09:00–09:30`));
    expect(shown.out).toContain('139****0001');
    const person = await hallctl('appointment', 'show', '--id-number', visitor.idNumber, ...desk);
    expect(person.out).toContain(appointment.code);

    const badPhone = await hallctl(
      'appointment',
      'book',
      'svc-1',
      '2026-11-30',
      '09:30',
      '--id-number',
      visitor.idNumber,
      '--name',
      'x',
      '--phone',
      '12345',
      ...desk,
    );
    expect(badPhone.code).toBe(1);
    expect(badPhone.err).toMatch(/^BAD_REQUEST: phone/);

    const cancelled = await hallctl('appointment', 'cancel', appointment.code, ...desk);
    expect(cancelled.out).toMatch(/cancelled/);
    const again = await hallctl('appointment', 'cancel', appointment.code, ...desk);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^APPOINTMENT_REFUSED/);
    expect((await hallctl('appointment', 'nonsense', ...desk)).code).toBe(2);
  });
});

describe('hallctl plan', () => {
  it('prints the planner’s half-hours for a day, and the fewest windows with --suggest (supervisor)', async () => {
    hall = await startTestHub();
    const insert = hall.db.prepare(
      `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
         queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
       VALUES (?, ?, '2026-11-23', 'svc-1', 'svc-1', 'normal', 'done', ?, ?, 'w1', NULL, 1, ?, ?, ?, ?, 0)`,
    );
    const nine = Date.parse('2026-11-23T09:00:00+08:00');
    for (let i = 0; i < 30; i += 1) {
      const at = nine + i * 2 * 60_000;
      insert.run(`2026-11-23/A${i}`, `A${i}`, at, at, at + 60_000, at + 60_000, at + 90_000, at + 390_000);
    }
    await hall.addUser('lead', 'supervisor');
    const lead = ['--url', hall.url, '--user', 'lead', '--password', TEST_PASSWORD];
    const plan = await hallctl('plan', '2026-11-30', '--weeks', '1', ...lead);
    expect(plan).toMatchObject({ code: 0, err: '' });
    expect(plan.out).toContain('排班建议 2026-11-30: forecast from 2026-11-23 × 1');
    expect(plan.out).toMatch(/09:00–09:30\s+15\.0\s+4\s+4\s+\d+\s+\d+/);
    const suggested = await hallctl('plan', '2026-11-30', '--weeks', '1', '--suggest', ...lead);
    expect(suggested.out).toMatch(/09:30–10:00\s+15\.0\s+4\s+4\s+\d+\s+\d+\s+[1-4]/);
    expect((await hallctl('plan', '2026-11-30', '--weeks', 'x', ...lead)).code).toBe(2);
  });
});
