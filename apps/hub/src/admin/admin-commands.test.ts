import { randomUUID } from 'node:crypto';
import type { SupervisionView } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '../testing/test-hub.ts';

let hall: TestHub;
afterEach(async () => {
  await hall?.close();
});

async function signedIn(username: string, role: 'clerk' | 'supervisor' | 'admin'): Promise<TestClient> {
  await hall.addUser(username, role);
  const client = await hall.connect();
  const login = await client.call('session:login', { username, password: TEST_PASSWORD, windowId: null });
  if (!login.ok) throw new Error(login.error.message);
  await client.nextSnapshot();
  return client;
}

/** The next `supervision:update` pushed to a client that satisfies `predicate`. */
const nextView = (client: TestClient, predicate: (view: SupervisionView) => boolean) =>
  new Promise<SupervisionView>((resolve) => {
    const listener = (view: SupervisionView) => {
      if (!predicate(view)) return;
      client.socket.off('supervision:update', listener);
      resolve(view);
    };
    client.socket.on('supervision:update', listener);
  });

describe('admin and supervision commands over real sockets', () => {
  it('lets each role do only its part', async () => {
    hall = await startTestHub();
    const clerk = await signedIn('c1', 'clerk');
    const supervisor = await signedIn('s1', 'supervisor');
    const range = { from: '2026-11-28', to: '2026-11-28' };
    for (const answer of [
      await clerk.call('supervision:snapshot', {}),
      await clerk.call('report:query', range),
      await clerk.call('audit:query', {
        type: null,
        actorId: null,
        fromAt: null,
        toAt: null,
        beforeId: null,
        limit: 10,
      }),
      await supervisor.call('notices:set', { notices: [] }),
      await supervisor.call('clerk:set-disabled', { userId: 'x', disabled: true }),
      await supervisor.call('supervision:configure', {
        settings: { idleWithWaitingMinutes: 3, deviceOfflineSeconds: 30 },
      }),
    ]) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await supervisor.call('report:query', range)).toMatchObject({
      ok: true,
      data: { total: { issued: 0 } },
    });
    expect(await supervisor.call('report:query', { from: '2026-11-28', to: '2026-11-01' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await supervisor.call('report:query', { from: '2024-01-01', to: '2026-11-28' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('pushes alerts to supervisors as the clock crosses an SLA, and records who acknowledged', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    const supervisor = await signedIn('s1', 'supervisor');
    await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-2', identity: null });
    await kiosk.call('device:report', {
      components: [{ component: 'printer', state: 'error', code: 'PAPER_OUT', message: '缺纸' }],
    });
    const raised = nextView(supervisor, (v) => v.alerts.some((a) => a.rule === 'wait-over-sla'));
    hall.clock.advance(31 * 60_000);
    await hall.hub.tick();
    const view = await raised;
    expect(view.alerts.map((a) => a.rule).sort()).toEqual(['device-fault', 'wait-over-sla']);
    expect(view.services.find((s) => s.serviceId === 'svc-2')).toMatchObject({
      waiting: 1,
      longestWaitMs: 31 * 60_000,
    });
    const alert = view.alerts.find((a) => a.rule === 'wait-over-sla')!;
    expect(await supervisor.call('alert:acknowledge', { alertId: alert.id })).toMatchObject({
      ok: true,
      data: { alert: { acknowledgedAt: hall.clock.now(), acknowledgedBy: 's1（1）' } },
    });
    expect(await supervisor.call('alert:acknowledge', { alertId: alert.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    // Still the same alert on the next tick (not raised twice), and cleared once the ticket is cancelled.
    await hall.hub.tick();
    expect(hall.db.prepare("SELECT COUNT(*) AS n FROM alerts WHERE rule = 'wait-over-sla'").get()).toEqual({
      n: 1,
    });
    const ticketId = [...hall.hub.hall.state().tickets.keys()][0]!;
    await supervisor.call('ticket:cancel', { ticketId });
    await hall.hub.tick();
    expect(
      hall.db.prepare("SELECT cleared_at FROM alerts WHERE rule = 'wait-over-sla'").get() as {
        cleared_at: number;
      },
    ).toEqual({ cleared_at: hall.clock.now() });
    const trail = await supervisor.call('audit:query', {
      type: 'alert:',
      actorId: null,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 10,
    });
    expect(trail.ok && trail.data.entries.map((e) => [e.type, e.actorName])).toEqual([
      ['alert:acknowledge', 's1'],
      ['alert:raised', null],
      ['alert:raised', null],
    ]);
  });

  it('publishes notices to the lobby, resets a password and disables an account — all in the audit trail', async () => {
    hall = await startTestHub();
    const lobby = await hall.connect({ deviceToken: hall.addDevice('lobby', null, '1F').token });
    await lobby.nextSnapshot();
    const admin = await signedIn('a1', 'admin');
    const notice = { id: 'n1', title: '系统维护', body: '周六暂停办理', scrolling: true, enabled: true };
    expect(await admin.call('notices:set', { notices: [notice] })).toMatchObject({ ok: true });
    const pushed = await lobby.waitForUpdate((u) => u.change.type === 'notices:changed');
    expect(pushed.change).toEqual({ type: 'notices:changed', notices: [notice] });

    const clerk = await signedIn('c1', 'clerk');
    const revoked = new Promise<string>((resolve) =>
      clerk.socket.once('session:revoked', (m) => resolve(m.reason)),
    );
    const users = await admin.call('clerk:list', {});
    const c1 = users.ok ? users.data.clerks.find((u) => u.username === 'c1')! : null;
    expect(
      await admin.call('clerk:reset-password', { userId: c1!.id, password: 'a new password' }),
    ).toMatchObject({
      ok: true,
    });
    expect(await revoked).toContain('密码已重置');
    const fresh = await hall.connect();
    expect(
      await fresh.call('session:login', { username: 'c1', password: TEST_PASSWORD, windowId: null }),
    ).toMatchObject({
      ok: false,
    });
    // The admin chose the reset password, so it is one-time: c1 must set their own to sign in.
    expect(
      await fresh.call('session:login', { username: 'c1', password: 'a new password', windowId: null }),
    ).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    const own = 'lantern orbit quietly 7';
    expect(
      await fresh.call('session:login', {
        username: 'c1',
        password: 'a new password',
        windowId: null,
        newPassword: own,
      }),
    ).toMatchObject({ ok: true });
    expect(await admin.call('clerk:set-disabled', { userId: c1!.id, disabled: true })).toMatchObject({
      ok: true,
    });
    const again = await hall.connect();
    expect(
      await again.call('session:login', { username: 'c1', password: own, windowId: null }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    const me = users.ok ? users.data.clerks.find((u) => u.username === 'a1')! : null;
    expect(await admin.call('clerk:set-disabled', { userId: me!.id, disabled: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    const trail = await admin.call('audit:query', {
      type: 'clerk:',
      actorId: me!.id,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 10,
    });
    expect(trail.ok && trail.data.entries.map((e) => e.type)).toEqual([
      'clerk:disable',
      'clerk:reset-password',
    ]);
    expect(JSON.stringify(trail)).not.toContain('a new password');
    expect(await admin.call('audit:verify', {})).toMatchObject({
      ok: true,
      data: { ok: true, firstBroken: null },
    });
  });
});
