import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../store/event-log.ts';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../testing/test-hub.ts';

/** A receiver that answers `status()` and keeps each request's webhook-id. */
async function startReceiver(status: () => number) {
  const ids: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    ids,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FAST_RETRY = { baseMs: 5, capMs: 40, failingAfterMs: 60_000 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function issue(hub: TestHub): void {
  const outcome = hub.hub.hall.execute(
    { type: 'ticket:issue', serviceId: 'svc-1', visitorClass: 'normal', visitorKey: null, kioskId: null },
    SYSTEM_ACTOR,
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
}

async function adminOf(hub: TestHub) {
  await hub.addUser('admin', 'admin');
  const admin = await hub.connect();
  const login = await admin.call('session:login', {
    username: 'admin',
    password: TEST_PASSWORD,
    windowId: null,
  });
  if (!login.ok) throw new Error(login.error.message);
  return admin;
}

describe('webhook admin commands', () => {
  it('lists every subscription with its client, lag and the outbox consumers; shows its delivery log', async () => {
    let answer = 503;
    const receiver = await startReceiver(() => answer);
    const hub = await startTestHub({ clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(receiver.close, hub.close);
    const client = hub.hub.admin.apiClients.add(
      { name: '审批系统', scopes: ['webhooks:manage'] },
      SYSTEM_ACTOR,
    );
    if (!client.ok) throw new Error(client.error.message);
    const sub = hub.hub.webhooks.subscribe({
      clientId: client.value.client.id,
      url: receiver.url,
      eventTypes: ['ticket.issued'],
    });
    if (!sub.ok) throw new Error(sub.error.message);
    const admin = await adminOf(hub);

    issue(hub);
    // The receiver is down: the subscription falls behind, and the log shows the 503s.
    await expect.poll(() => receiver.ids.length).toBeGreaterThanOrEqual(2);
    const behind = await admin.call('webhook:list', {});
    if (!behind.ok) throw new Error(behind.error.message);
    const [listed] = behind.data.subscriptions;
    expect(listed).toMatchObject({
      id: sub.value.subscription.id,
      url: receiver.url,
      clientName: '审批系统',
      eventTypes: ['ticket.issued'],
    });
    expect(listed?.lag.behind).toBeGreaterThan(0);
    expect(behind.data.consumers.map((c) => c.consumer)).toContain(`webhook:${sub.value.subscription.id}`);
    expect(behind.data.lastEntryId).toBeGreaterThan(0);

    const log = await admin.call('webhook:deliveries', {
      subscriptionId: sub.value.subscription.id,
      limit: 5,
    });
    if (!log.ok) throw new Error(log.error.message);
    expect(log.data.deliveries[0]).toMatchObject({ eventType: 'ticket.issued', statusCode: 503 });
    expect(log.data.deliveries[0]?.attempt).toBeGreaterThanOrEqual(2);

    answer = 204;
    await expect
      .poll(async () => {
        const now = await admin.call('webhook:list', {});
        return now.ok ? now.data.subscriptions[0]?.lag.behind : -1;
      })
      .toBe(0);
  });

  it('replays from an entry, audited, and the receiver gets the event again with the same id', async () => {
    const receiver = await startReceiver(() => 204);
    const hub = await startTestHub({ clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(receiver.close, hub.close);
    const sub = hub.hub.webhooks.subscribe({
      clientId: null,
      url: receiver.url,
      eventTypes: ['ticket.issued'],
    });
    if (!sub.ok) throw new Error(sub.error.message);
    const admin = await adminOf(hub);
    issue(hub);
    await expect.poll(() => receiver.ids.length).toBe(1);
    await hub.hub.webhooks.sender.idle();

    const replayed = await admin.call('webhook:replay', {
      subscriptionId: sub.value.subscription.id,
      afterEntryId: 0,
    });
    expect(replayed).toEqual({ ok: true, data: {} });
    await expect.poll(() => receiver.ids.length).toBe(2);
    expect(receiver.ids[1]).toBe(receiver.ids[0]);
    const audit = await admin.call('audit:query', {
      type: 'webhook:replay',
      actorId: null,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 10,
    });
    expect(audit.ok && audit.data.entries.map((e) => e.type)).toEqual(['webhook:replay']);

    const missing = await admin.call('webhook:replay', {
      subscriptionId: '00000000-0000-4000-8000-000000000000',
      afterEntryId: 0,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await admin.raw('webhook:deliveries', { subscriptionId: 'x', limit: 10_000 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
