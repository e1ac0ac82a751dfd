import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
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
      'a-good-password',
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
      'a-good-password',
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
