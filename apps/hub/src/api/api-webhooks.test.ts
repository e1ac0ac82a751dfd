import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookPayload } from '@hallq/protocol';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../store/event-log.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import { addApiClient, expectContract, send } from './api-test-support.ts';

/** An outside system's webhook endpoint: a real HTTP server that records what it is sent. */
async function startReceiver() {
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(204).end();
      for (const w of [...waiters]) {
        if (received.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hallq`,
    received,
    until: (count: number) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const headersOf = (h: IncomingHttpHeaders) => ({
  'webhook-id': String(h['webhook-id']),
  'webhook-timestamp': String(h['webhook-timestamp']),
  'webhook-signature': String(h['webhook-signature']),
});

let th: TestHub;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
afterEach(async () => {
  await th?.close();
  await receiver?.close();
});

describe('webhooks managed through the open API', () => {
  it('an outside system subscribes over HTTP and receives signed webhooks it can verify', async () => {
    receiver = await startReceiver();
    th = await startTestHub({
      clock: Date.now,
      config: { webhooks: { retry: { baseMs: 5, capMs: 40, failingAfterMs: 60_000 } } },
    });
    const approval = addApiClient(th, ['webhooks:manage', 'tickets:read'], '审批系统');

    const created = await fetch(`${th.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${approval.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, eventTypes: ['ticket.issued', 'ticket.called'] }),
    });
    expect(created.status).toBe(201);
    const answer = {
      status: created.status,
      headers: Object.fromEntries(created.headers),
      text: await created.text(),
    };
    const { subscription, secret } = expectContract('createWebhook', answer) as {
      subscription: { id: string };
      secret: string;
    };
    expect(secret).toMatch(/^whsec_/);

    const issued = th.hub.hall.execute(
      { type: 'ticket:issue', serviceId: 'svc-1', visitorClass: 'normal', visitorKey: null, kioskId: null },
      SYSTEM_ACTOR,
    );
    expect(issued.ok).toBe(true);
    th.hub.hall.execute({ type: 'window:call-next', windowId: 'w1', clerkId: null }, SYSTEM_ACTOR);
    await receiver.until(2);
    await th.hub.webhooks.sender.idle();

    // Verified with the maintained Standard Webhooks package, as the receiver would.
    const verifier = new Webhook(secret);
    const payloads = receiver.received.map((r) => {
      verifier.verify(r.body, headersOf(r.headers));
      return WebhookPayload.parse(JSON.parse(r.body));
    });
    expect(payloads.map((p) => p.type)).toEqual(['ticket.issued', 'ticket.called']);
    // A tampered body does not verify.
    const first = receiver.received[0]!;
    expect(() => verifier.verify(first.body.replace('A001', 'A002'), headersOf(first.headers))).toThrow();

    const token = approval.token;
    const list = await send(th.url, { path: '/api/v1/webhooks', token });
    expect(expectContract('listWebhooks', list)).toMatchObject({
      subscriptions: [{ id: subscription.id, url: receiver.url, status: 'active', lag: { behind: 0 } }],
    });
    const log = await send(th.url, { path: `/api/v1/webhooks/${subscription.id}/deliveries`, token });
    const deliveries = (
      expectContract('listWebhookDeliveries', log) as { deliveries: { statusCode: number }[] }
    ).deliveries;
    expect(deliveries.map((d) => d.statusCode)).toEqual([204, 204]);

    // Replay from the first delivered entry: the second event comes again, with the same webhook-id.
    const firstEntry = Number(/^msg_hallq_(\d+)_/.exec(String(first.headers['webhook-id']))?.[1]);
    const replay = await send(th.url, {
      method: 'POST',
      path: `/api/v1/webhooks/${subscription.id}/replay`,
      token,
      body: JSON.stringify({ afterEntryId: firstEntry }),
    });
    expect(replay.status).toBe(204);
    expectContract('replayWebhook', replay);
    await receiver.until(3);
    expect(receiver.received[2]!.headers['webhook-id']).toBe(receiver.received[1]!.headers['webhook-id']);

    // Another client sees none of it, and cannot touch it.
    const other = addApiClient(th, ['webhooks:manage']).token;
    expect(
      expectContract('listWebhooks', await send(th.url, { path: '/api/v1/webhooks', token: other })),
    ).toEqual({
      subscriptions: [],
    });
    for (const [id, method, path] of [
      ['deleteWebhook', 'DELETE', `/api/v1/webhooks/${subscription.id}`],
      ['listWebhookDeliveries', 'GET', `/api/v1/webhooks/${subscription.id}/deliveries`],
    ] as const) {
      const denied = await send(th.url, { method, path, token: other });
      expect(denied.status).toBe(404);
      expectContract(id, denied);
    }
    expect(th.hub.webhooks.list()).toHaveLength(1);

    // Its owner removes it: deliveries stop.
    const removed = await send(th.url, {
      method: 'DELETE',
      path: `/api/v1/webhooks/${subscription.id}`,
      token,
    });
    expect(removed.status).toBe(204);
    expect(th.hub.webhooks.list()).toHaveLength(0);
  });

  it('revoking a client ends its subscriptions', async () => {
    th = await startTestHub();
    receiver = await startReceiver();
    const client = addApiClient(th, ['webhooks:manage']);
    const created = await send(th.url, {
      method: 'POST',
      path: '/api/v1/webhooks',
      token: client.token,
      body: JSON.stringify({ url: receiver.url, eventTypes: ['ticket.issued'] }),
    });
    expect(created.status).toBe(201);
    expect(th.hub.webhooks.list()).toHaveLength(1);
    const revoked = th.hub.admin.apiClients.revoke(client.id, SYSTEM_ACTOR);
    expect(revoked.ok).toBe(true);
    expect(th.hub.webhooks.list()).toHaveLength(0);
    // Its webhook cursors are gone too (the SMS sender's own cursor stays).
    const webhookCursors = th.hub.outbox
      .consumers(th.clock.now())
      .filter((c) => c.consumer.startsWith('webhook:'));
    expect(webhookCursors).toEqual([]);
  });
});
