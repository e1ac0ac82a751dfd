import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueCommand } from '@hallq/core';
import { type WebhookEventType, WebhookPayload } from '@hallq/protocol';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../store/event-log.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

/** A real HTTP receiver: answers `status()` (503 while "down"), records every request it was sent. */
interface Received {
  readonly id: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  readonly answered: number;
}

async function startReceiver(status: () => number) {
  const received: Received[] = [];
  const waiters: { count: (r: Received[]) => boolean; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = status();
      received.push({
        id: String(req.headers['webhook-id']),
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
        answered,
      });
      res.writeHead(answered).end();
      for (const w of [...waiters]) {
        if (w.count(received)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** The deliveries the receiver took (2xx), in the order it took them. */
    accepted: () => received.filter((r) => r.answered >= 200 && r.answered < 300),
    until(count: (r: Received[]) => boolean): Promise<void> {
      if (count(received)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FAST_RETRY = { baseMs: 5, capMs: 40, failingAfterMs: 60_000 };
const TICKET_TYPES: WebhookEventType[] = ['ticket.issued', 'ticket.called', 'ticket.finished'];

function run(hub: TestHub, command: QueueCommand): void {
  const outcome = hub.hub.hall.execute(command, SYSTEM_ACTOR);
  if (!outcome.ok) throw new Error(outcome.error.message);
}
const issue = (hub: TestHub) =>
  run(hub, {
    type: 'ticket:issue',
    serviceId: 'svc-1',
    visitorClass: 'normal',
    visitorKey: null,
    kioskId: null,
  });

function subscribe(hub: TestHub, url: string, eventTypes: WebhookEventType[] = TICKET_TYPES) {
  const outcome = hub.hub.webhooks.subscribe({ clientId: null, url, eventTypes });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('webhooks from the outbox', () => {
  it('sends each subscribed event once, in log order, signed per Standard Webhooks, and nothing else', async () => {
    const receiver = await startReceiver(() => 204);
    const hub = await startTestHub({ clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(receiver.close, hub.close);
    const { secret } = subscribe(hub, receiver.url);
    issue(hub);
    issue(hub);
    run(hub, { type: 'window:pause', windowId: 'w1', reason: 'break', note: null });
    run(hub, { type: 'window:call-next', windowId: 'w2', clerkId: null });
    run(hub, { type: 'window:finish', windowId: 'w2' });
    await receiver.until((r) => r.length >= 4);
    await hub.hub.webhooks.sender.idle();

    const verifier = new Webhook(secret);
    const bodies = receiver.received.map((r) => {
      // Throws if the signature, id or timestamp does not verify.
      verifier.verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      });
      return WebhookPayload.parse(JSON.parse(r.body));
    });
    expect(bodies.map((b) => b.type)).toEqual([
      'ticket.issued',
      'ticket.issued',
      'ticket.called',
      'ticket.finished',
    ]);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(4);
    const seqs = bodies.map((b) => ('hallSeq' in b.data ? b.data.hallSeq : Number.NaN));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Nothing personal leaves the hall.
    for (const r of receiver.received) expect(r.body).not.toMatch(/visitorName|visitorKey|kioskId/);
    // The pause was not subscribed to: skipped, and the cursor is past it.
    const [sub] = hub.hub.webhooks.list();
    expect(sub?.lag.behind).toBe(0);
  });

  it('a receiver that is down falls behind, then gets every event in order; retries carry the same webhook-id', async () => {
    let down = true;
    const receiver = await startReceiver(() => (down ? 503 : 200));
    const hub = await startTestHub({ clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(receiver.close, hub.close);
    subscribe(hub, receiver.url, ['ticket.issued']);
    for (let i = 0; i < 20; i += 1) issue(hub);
    await receiver.until((r) => r.length >= 6);
    expect(hub.hub.webhooks.list()[0]?.lag.behind).toBeGreaterThan(0);
    down = false;
    await receiver.until((r) => r.filter((x) => x.answered === 200).length >= 20);
    await hub.hub.webhooks.sender.idle();

    const accepted = receiver.accepted().map((r) => WebhookPayload.parse(JSON.parse(r.body)));
    const numbers = accepted.map((b) => (b.type === 'ticket.issued' ? b.data.ticket.number : ''));
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
    // Every refused attempt was for the first ticket, and its retries kept its id and its body.
    const refused = receiver.received.filter((r) => r.answered === 503);
    expect(new Set(refused.map((r) => r.id))).toEqual(new Set([receiver.accepted()[0]!.id]));
    expect(new Set(refused.map((r) => r.body))).toEqual(new Set([receiver.accepted()[0]!.body]));
    expect(hub.hub.webhooks.list()[0]?.lag.behind).toBe(0);
    const log = hub.hub.webhooks.deliveries(hub.hub.webhooks.list()[0]!.id, 500);
    expect(log.filter((d) => d.statusCode === 503).length).toBe(refused.length);
    expect(Math.max(...log.map((d) => d.attempt))).toBe(refused.length + 1);
  });

  it('a hub restarted while the receiver is down delivers what it committed before, from its cursor', async () => {
    let down = true;
    const receiver = await startReceiver(() => (down ? 503 : 200));
    const dir = mkdtempSync(join(tmpdir(), 'hallq-webhook-restart-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }), receiver.close);
    const first = await startTestHub({ dir, clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    subscribe(first, receiver.url, ['ticket.issued']);
    for (let i = 0; i < 10; i += 1) issue(first);
    await receiver.until((r) => r.length >= 2);
    await first.close();

    down = false;
    const second = await startTestHub({ dir, clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(second.close);
    issue(second);
    await receiver.until((r) => r.filter((x) => x.answered === 200).length >= 11);
    await second.hub.webhooks.sender.idle();
    const numbers = receiver
      .accepted()
      .map((r) => WebhookPayload.parse(JSON.parse(r.body)))
      .map((b) => (b.type === 'ticket.issued' ? b.data.ticket.number : ''));
    expect(numbers).toEqual(Array.from({ length: 11 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
  });

  it('marks a subscription failing after the failing window, keeps its cursor, and shows the lag in /healthz', async () => {
    const receiver = await startReceiver(() => 500);
    const hub = await startTestHub({
      clock: Date.now,
      config: { webhooks: { retry: { baseMs: 5, capMs: 20, failingAfterMs: 0 } } },
    });
    cleanups.push(receiver.close, hub.close);
    subscribe(hub, receiver.url, ['ticket.issued']);
    issue(hub);
    issue(hub);
    await receiver.until((r) => r.length >= 3);
    const [sub] = hub.hub.webhooks.list();
    expect(sub?.status).toBe('failing');
    expect(sub?.lag.behind).toBeGreaterThanOrEqual(2);
    // Supervision alerts the admin while it is failing.
    const alerts = hub.hub.supervision.check().alerts.filter((a) => a.rule === 'webhook-failing');
    expect(alerts).toEqual([expect.objectContaining({ subject: `webhook:${sub?.id}`, clearedAt: null })]);
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as {
      outbox: { consumer: string; behind: number }[];
    };
    // Every consumer of the outbox is listed (the SMS sender's too); the failing subscription shows its lag.
    const webhook = health.outbox.filter((c) => c.consumer.startsWith('webhook:'));
    expect(webhook).toEqual([expect.objectContaining({ consumer: `webhook:${sub?.id}` })]);
    expect(webhook[0]?.behind).toBeGreaterThanOrEqual(2);
  });

  it('an admin replay sends the events again, with their ids', async () => {
    const receiver = await startReceiver(() => 200);
    const hub = await startTestHub({ clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(receiver.close, hub.close);
    const { subscription } = subscribe(hub, receiver.url, ['ticket.issued']);
    issue(hub);
    issue(hub);
    await receiver.until((r) => r.length >= 2);
    await hub.hub.webhooks.sender.idle();
    const firstIds = receiver.received.map((r) => r.id);
    expect(hub.hub.webhooks.replay(subscription.id, 0).ok).toBe(true);
    await receiver.until((r) => r.length >= 4);
    expect(receiver.received.slice(2).map((r) => r.id)).toEqual(firstIds);
  });

  it('a dead receiver never slows a queue command: commands are answered while deliveries hang', async () => {
    // A receiver that never answers within the delivery timeout.
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
    const hub = await startTestHub({
      clock: Date.now,
      config: { webhooks: { retry: FAST_RETRY, timeoutMs: 60_000 } },
    });
    cleanups.push(
      () => new Promise<void>((resolve) => hanging.close(() => resolve())),
      async () => hanging.closeAllConnections(),
      hub.close,
    );
    subscribe(hub, url, ['ticket.issued']);
    issue(hub);
    await hub.hub.hall.settled();
    // The first delivery is now hanging; the queue goes on and every command is committed.
    for (let i = 0; i < 50; i += 1) issue(hub);
    expect(await hub.hub.hall.settled()).toBe(true);
    expect([...hub.hub.hall.state().tickets.values()].length).toBe(51);
    expect(hub.hub.webhooks.list()[0]?.lag.behind).toBeGreaterThanOrEqual(50);
  });
});

describe('a receiver that takes the connection and never answers', () => {
  it('times out, logs the attempt as a timeout, retries with the same webhook-id, and delivers once it answers', async () => {
    // Hangs (holds each request open, answering nothing) until told to answer; then 204.
    let hang = true;
    const held: ServerResponse[] = [];
    const requests: { id: string; body: string; hung: boolean }[] = [];
    let onRequest = () => {};
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({
          id: String(req.headers['webhook-id']),
          body: Buffer.concat(chunks).toString(),
          hung: hang,
        });
        if (hang) held.push(res);
        else res.writeHead(204).end();
        onRequest();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        if (done()) return resolve();
        onRequest = () => {
          if (done()) resolve();
        };
      });
    const TIMEOUT_MS = 150;
    const hub = await startTestHub({
      clock: Date.now,
      config: { webhooks: { retry: FAST_RETRY, timeoutMs: TIMEOUT_MS } },
    });
    cleanups.push(
      () => new Promise<void>((resolve) => receiver.close(() => resolve())),
      async () => {
        for (const res of held) res.destroy();
        receiver.closeAllConnections();
      },
      hub.close,
    );
    const { subscription } = subscribe(hub, url, ['ticket.issued']);
    issue(hub);
    issue(hub);
    await until(() => requests.length >= 3);
    hang = false;
    await until(() => requests.filter((r) => !r.hung).length >= 2);
    await hub.hub.webhooks.sender.idle();

    // Every hung attempt was the first ticket's, with one id and one body; then both went, in order.
    const hung = requests.filter((r) => r.hung);
    const answered = requests.filter((r) => !r.hung);
    expect(hung.length).toBeGreaterThanOrEqual(3);
    expect(new Set(hung.map((r) => r.id))).toEqual(new Set([answered[0]!.id]));
    expect(new Set(hung.map((r) => r.body))).toEqual(new Set([answered[0]!.body]));
    const numbers = answered
      .map((r) => WebhookPayload.parse(JSON.parse(r.body)))
      .map((b) => (b.type === 'ticket.issued' ? b.data.ticket.number : ''));
    expect(numbers).toEqual(['A001', 'A002']);

    // The delivery log: each abandoned attempt as a timeout (no status), after about the timeout; then 204.
    const log = hub.hub.webhooks.deliveries(subscription.id, 100).reverse();
    const timeouts = log.filter((d) => d.statusCode === null);
    expect(timeouts.length).toBe(hung.length);
    for (const d of timeouts) {
      expect(d.error).toBe(`timeout: no answer within ${TIMEOUT_MS} ms`);
      expect(d.webhookId).toBe(answered[0]!.id);
      expect(d.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    }
    expect(timeouts.map((d) => d.attempt)).toEqual(timeouts.map((_, i) => i + 1));
    expect(log.filter((d) => d.statusCode === 204).map((d) => [d.webhookId, d.attempt])).toEqual([
      [answered[0]!.id, hung.length + 1],
      [answered[1]!.id, 1],
    ]);
    expect(hub.hub.webhooks.list()[0]).toMatchObject({ status: 'active', failures: 0, lag: { behind: 0 } });
  });
});

describe('no-show and transfer webhooks', () => {
  it('sends ticket.no_show and ticket.transferred, signed, with the ticket and the window it left', async () => {
    const receiver = await startReceiver(() => 204);
    const hub = await startTestHub({ clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(receiver.close, hub.close);
    const { secret } = subscribe(hub, receiver.url, ['ticket.no_show', 'ticket.transferred']);
    issue(hub);
    issue(hub);
    run(hub, { type: 'window:call-next', windowId: 'w1', clerkId: null });
    run(hub, { type: 'window:recall', windowId: 'w1' }); // the hall's rule: no-show after two calls
    run(hub, { type: 'window:no-show', windowId: 'w1' });
    run(hub, { type: 'window:call-next', windowId: 'w2', clerkId: null });
    run(hub, {
      type: 'window:transfer',
      windowId: 'w2',
      to: { kind: 'service', serviceId: 'svc-2' },
      note: '材料在另一窗口',
      keepPlace: true,
    });
    await receiver.until((r) => r.length >= 2);
    await hub.hub.webhooks.sender.idle();

    const verifier = new Webhook(secret);
    const bodies = receiver.received.map((r) => {
      verifier.verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      });
      return WebhookPayload.parse(JSON.parse(r.body));
    });
    // Only the two subscribed types: the issues and calls before them were skipped.
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatchObject({
      type: 'ticket.no_show',
      data: {
        ticket: { number: 'A001', status: 'no-show', callCount: 2, windowId: 'w1' },
        windowId: 'w1',
        windowNumber: 1,
      },
    });
    expect(bodies[1]).toMatchObject({
      type: 'ticket.transferred',
      data: {
        ticket: {
          number: 'A002',
          status: 'waiting',
          serviceId: 'svc-2',
          issuedServiceId: 'svc-1',
          transferCount: 1,
        },
        windowId: 'w2',
        windowNumber: 2,
      },
    });
    const seqs = bodies.map((b) => ('hallSeq' in b.data ? b.data.hallSeq : Number.NaN));
    expect(seqs[0]).toBeLessThan(seqs[1]!);
  });
});

describe('device status webhooks', () => {
  it('sends device.status when a component changes state, not on every report', async () => {
    const receiver = await startReceiver(() => 204);
    const hub = await startTestHub({ clock: Date.now, config: { webhooks: { retry: FAST_RETRY } } });
    cleanups.push(receiver.close, hub.close);
    subscribe(hub, receiver.url, ['device.status']);
    const kiosk = hub.addDevice('kiosk');
    const client = await hub.connect({ deviceToken: kiosk.token });
    const printer = (state: 'ok' | 'warning', code: string | null) => ({
      components: [{ component: 'printer' as const, state, code, message: code ?? '' }],
    });
    for (const report of [printer('ok', null), printer('ok', null), printer('warning', 'PAPER_NEAR_END')]) {
      const answer = await client.call('device:report', report);
      expect(answer.ok).toBe(true);
    }
    await receiver.until((r) => r.length >= 2);
    await hub.hub.webhooks.sender.idle();
    const bodies = receiver.received.map((r) => WebhookPayload.parse(JSON.parse(r.body)));
    expect(bodies.map((b) => (b.type === 'device.status' ? b.data.components[0]?.state : null))).toEqual([
      'ok',
      'warning',
    ]);
    expect(bodies[1]).toMatchObject({ data: { deviceId: kiosk.id, kind: 'kiosk' } });
  });
});
