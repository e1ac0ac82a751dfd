import { connect } from 'node:net';
import type { QueueCommand } from '@hallq/core';
import {
  API_OPERATION_IDS,
  API_SCOPES,
  type ApiOperationId,
  ApiOperations,
  type ApiScope,
  openApiDocument,
} from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../store/event-log.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import { MAX_API_BODY_BYTES } from './api-router.ts';
import { addApiClient, expectContract, send } from './api-test-support.ts';

/** The window's evaluation pad, as the rating's recorder in the audit trail. */
const PAD = { kind: 'device', id: 'pad-w', deviceId: 'pad-w' } as const;

const DAY = '2026-11-28';
const TICKET = `${DAY}/A001`;
const NO_SUCH_SUBSCRIPTION = '00000000-0000-4000-8000-000000000000';

let th: TestHub;
afterEach(async () => {
  await th?.close();
});

function run(command: QueueCommand): void {
  const outcome = th.hub.hall.execute(command, SYSTEM_ACTOR);
  if (!outcome.ok) throw new Error(outcome.error.message);
}
const issue = () =>
  run({ type: 'ticket:issue', serviceId: 'svc-1', visitorClass: 'normal', visitorKey: null, kioskId: null });

/** A request for each operation that reaches its handler (valid parameters and body). */
const VALID: Record<ApiOperationId, { path: string; body?: unknown }> = {
  listServices: { path: '/api/v1/services' },
  getTicket: { path: `/api/v1/tickets/${encodeURIComponent(TICKET)}` },
  attachCase: {
    path: `/api/v1/tickets/${encodeURIComponent(`${DAY}/A999`)}/case`,
    body: { caseNumber: 'SP-2026-000123' },
  },
  listRatings: { path: `/api/v1/ratings?from=${DAY}&to=${DAY}` },
  getTodayFigures: { path: '/api/v1/figures/today' },
  createWebhook: {
    path: '/api/v1/webhooks',
    body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['ticket.issued'] },
  },
  listWebhooks: { path: '/api/v1/webhooks' },
  deleteWebhook: { path: `/api/v1/webhooks/${NO_SUCH_SUBSCRIPTION}` },
  replayWebhook: { path: `/api/v1/webhooks/${NO_SUCH_SUBSCRIPTION}/replay`, body: { afterEntryId: 0 } },
  listWebhookDeliveries: { path: `/api/v1/webhooks/${NO_SUCH_SUBSCRIPTION}/deliveries` },
  listAppointmentSlots: { path: `/api/v1/appointments/slots?serviceId=svc-1&day=${DAY}` },
  createAppointment: {
    path: '/api/v1/appointments',
    body: {
      serviceId: 'svc-1',
      day: DAY,
      slotStart: '09:00',
      visitor: { cardType: 'resident', idNumber: '11010519491231002X', name: '张三', phone: '13800138000' },
    },
  },
  getAppointment: { path: '/api/v1/appointments/ABCDEFGH' },
  cancelAppointment: { path: '/api/v1/appointments/ABCDEFGH/cancel' },
};

const call = (op: ApiOperationId, token: string, override: { path?: string; body?: unknown } = {}) => {
  const valid = VALID[op];
  const body = override.body ?? valid.body;
  return send(th.url, {
    method: ApiOperations[op].method.toUpperCase(),
    path: override.path ?? valid.path,
    token,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
};

/**
 * THE SCOPE TABLE, written out independently of the route table's own `scope` fields: the one scope each
 * endpoint needs. A route added without a row here fails; a scope changed in the route table fails too.
 */
const NEEDS: Record<string, ApiScope> = {
  listServices: 'queue:read',
  getTicket: 'tickets:read',
  attachCase: 'cases:write',
  listRatings: 'ratings:read',
  getTodayFigures: 'queue:read',
  createWebhook: 'webhooks:manage',
  listWebhooks: 'webhooks:manage',
  deleteWebhook: 'webhooks:manage',
  replayWebhook: 'webhooks:manage',
  listWebhookDeliveries: 'webhooks:manage',
  listAppointmentSlots: 'appointments:write',
  createAppointment: 'appointments:write',
  getAppointment: 'appointments:write',
  cancelAppointment: 'appointments:write',
};

describe('the OpenAPI document', () => {
  it('lists every route the hub serves, and nothing else; every reference resolves', async () => {
    th = await startTestHub();
    const served = await send(th.url, { path: '/api/v1/openapi.json' });
    expect(served.status).toBe(200);
    const document = JSON.parse(served.text) as ReturnType<typeof openApiDocument>;
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument({ version: '1.0.0' }))));
    expect(document.openapi).toBe('3.1.0');
    const listed = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, op]) => `${method} ${path} ${(op as { operationId: string }).operationId}`,
      ),
    );
    const routes = API_OPERATION_IDS.map(
      (id) => `${ApiOperations[id].method} ${ApiOperations[id].path} ${id}`,
    );
    expect(listed.sort()).toEqual(routes.sort());
    expect(Object.keys(NEEDS).sort()).toEqual([...API_OPERATION_IDS].sort());
    const refs = [...served.text.matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z0-9]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(document.components.schemas, ref).toHaveProperty(ref);

    // And each listed route is served: a client with every scope reaches every one (no 404 route, no 405).
    const { token } = addApiClient(th, [...API_SCOPES]);
    for (const id of API_OPERATION_IDS) {
      const answer = await call(id, token);
      expectContract(id, answer);
      if (answer.status === 404)
        expect(JSON.parse(answer.text).error.message).not.toMatch(/No such endpoint/);
      expect(answer.status).not.toBe(405);
    }
  });

  it('the contract check reads the served document: a body it does not allow fails, whatever zod says', async () => {
    th = await startTestHub();
    const { token } = addApiClient(th, ['queue:read']);
    const answer = await call('listServices', token);
    const good = JSON.parse(answer.text) as { services: Record<string, unknown>[] };
    expect(good.services.length).toBeGreaterThan(0);
    expect(() => expectContract('listServices', answer)).not.toThrow();
    // A field of the wrong type, a missing field, an error body where a success is documented.
    const wrongType = { ...good, services: [{ ...good.services[0], waiting: 'two' }] };
    const missing = { ...good, businessDay: undefined };
    for (const body of [wrongType, missing]) {
      expect(() => expectContract('listServices', { ...answer, text: JSON.stringify(body) })).toThrow(
        /against the OpenAPI document/,
      );
    }
    // An error answer whose body is not the documented ApiError.
    const notAnError = { ...answer, status: 403, text: JSON.stringify({ message: 'no' }) };
    expect(() => expectContract('listServices', notAnError)).toThrow(/against the OpenAPI document/);
  });

  it('has a readable docs page that needs nothing from elsewhere', async () => {
    th = await startTestHub();
    const page = await send(th.url, { path: '/api/v1/docs' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    for (const id of API_OPERATION_IDS) expect(page.text).toContain(`id="op-${id}"`);
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!json-schema\.org)/);
  });
});

describe('the endpoints answer what the document says', () => {
  it('services, a ticket, ratings and today’s figures, with their errors', async () => {
    th = await startTestHub();
    const { token } = addApiClient(th, ['queue:read', 'tickets:read', 'ratings:read']);
    issue();
    issue();
    issue();
    run({ type: 'window:call-next', windowId: 'w2', clerkId: null });
    run({ type: 'window:start', windowId: 'w2' });
    th.clock.advance(120_000);
    run({ type: 'window:finish', windowId: 'w2' });
    const rated = th.hub.ratings.submit(TICKET, 'w2', { level: 1, tags: ['attitude'], comment: '太慢' }, PAD);
    expect(rated.ok).toBe(true);

    const services = expectContract('listServices', await call('listServices', token)) as {
      services: { id: string; waiting: number; estimatedWaitMs: number }[];
    };
    expect(services.services.find((s) => s.id === 'svc-1')).toMatchObject({ waiting: 2 });

    const finished = expectContract('getTicket', await call('getTicket', token));
    expect(finished).toMatchObject({
      ticket: { id: TICKET, status: 'done', windowId: 'w2' },
      peopleAhead: null,
      window: { id: 'w2' },
    });
    expect(JSON.stringify(finished)).not.toMatch(/visitorKey|visitorName|kioskId/);
    const third = expectContract(
      'getTicket',
      await call('getTicket', token, { path: `/api/v1/tickets/${encodeURIComponent(`${DAY}/A003`)}` }),
    );
    expect(third).toMatchObject({ ticket: { status: 'waiting' }, peopleAhead: 1, window: null });
    const missing = await call('getTicket', token, {
      path: `/api/v1/tickets/${encodeURIComponent(`${DAY}/A999`)}`,
    });
    expect(missing.status).toBe(404);
    expect(expectContract('getTicket', missing)).toMatchObject({ error: { code: 'TICKET_NOT_FOUND' } });

    // The 审批 system attaches its case number: on the ticket, in the audit trail (by this client), readable back.
    const writer = addApiClient(th, ['cases:write']);
    const casePath = `/api/v1/tickets/${encodeURIComponent(TICKET)}/case`;
    const attached = await call('attachCase', writer.token, { path: casePath });
    expect(attached.status).toBe(200);
    expect(expectContract('attachCase', attached)).toMatchObject({
      ticket: { id: TICKET, caseNumber: 'SP-2026-000123' },
    });
    expect(expectContract('getTicket', await call('getTicket', token))).toMatchObject({
      ticket: { caseNumber: 'SP-2026-000123' },
    });
    const logged = th.hub.hall.log.entries({ type: 'ticket:case-attached' });
    expect(logged.at(-1)).toMatchObject({ actorKind: 'api-client', actorId: writer.id });
    const malformed = await call('attachCase', writer.token, {
      path: casePath,
      body: { caseNumber: 'no spaces!' },
    });
    expect(malformed.status).toBe(400);
    expectContract('attachCase', malformed);

    const ratings = expectContract('listRatings', await call('listRatings', token));
    expect(ratings).toMatchObject({
      ratings: [{ ticketId: TICKET, level: 1, tags: ['attitude'], comment: '太慢', windowNumber: 2 }],
      nextCursor: null,
    });
    const none = expectContract(
      'listRatings',
      await call('listRatings', token, { path: '/api/v1/ratings?from=2026-11-01&to=2026-11-27' }),
    );
    expect(none).toMatchObject({ ratings: [] });

    const figures = expectContract('getTodayFigures', await call('getTodayFigures', token));
    expect(figures).toMatchObject({
      businessDay: DAY,
      issued: 3,
      served: 1,
      waiting: 2,
      atWindows: 0,
      service: { count: 1, medianSeconds: 120 },
      ratings: { bad: 1 },
    });
  });

  it('pages ratings with a cursor, oldest first, ties included', async () => {
    th = await startTestHub();
    const { token } = addApiClient(th, ['ratings:read']);
    for (let i = 0; i < 5; i += 1) {
      issue();
      run({ type: 'window:call-next', windowId: 'w1', clerkId: null });
      run({ type: 'window:finish', windowId: 'w1' });
    }
    // A, B, C rated in the same millisecond (pages must not lose or repeat one at a tie), D and E later.
    for (let i = 1; i <= 5; i += 1) {
      if (i === 1 || i > 3) th.clock.advance(1000);
      const rated = th.hub.ratings.submit(`${DAY}/A00${i}`, 'w1', { level: 5, tags: [], comment: '' }, PAD);
      expect(rated.ok).toBe(true);
    }
    const seen: string[] = [];
    let path = `/api/v1/ratings?from=${DAY}&to=${DAY}&limit=2`;
    for (let page = 0; page < 5; page += 1) {
      const body = expectContract('listRatings', await call('listRatings', token, { path })) as {
        ratings: { ticketId: string }[];
        nextCursor: string | null;
      };
      seen.push(...body.ratings.map((r) => r.ticketId));
      if (body.nextCursor === null) break;
      path = `/api/v1/ratings?from=${DAY}&to=${DAY}&limit=2&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5].map((i) => `${DAY}/A00${i}`));
  });
});

describe('scopes', () => {
  it('every scope × every endpoint: allowed exactly where the table says', async () => {
    th = await startTestHub();
    const tokens = new Map(API_SCOPES.map((scope) => [scope, addApiClient(th, [scope]).token]));
    const verdicts: string[] = [];
    const expected: string[] = [];
    for (const id of API_OPERATION_IDS) {
      for (const scope of API_SCOPES) {
        const answer = await call(id, tokens.get(scope)!);
        expectContract(id, answer);
        verdicts.push(`${id} ${scope} ${answer.status === 403 ? 'denied' : 'allowed'}`);
        expected.push(`${id} ${scope} ${NEEDS[id] === scope ? 'allowed' : 'denied'}`);
        if (answer.status === 403) expect(JSON.parse(answer.text).error.code).toBe('FORBIDDEN');
      }
    }
    expect(verdicts).toEqual(expected);
  });

  it('no token, a wrong secret, a revoked client: 401, and every authenticated call is audited', async () => {
    th = await startTestHub();
    const client = addApiClient(th, ['queue:read']);
    const [id] = client.token.split('.');
    const wrong = `${id}.${'A'.repeat(43)}`;
    for (const token of [undefined, wrong, 'garbage', `${client.token}x`]) {
      const answer = await send(th.url, { path: '/api/v1/services', ...(token ? { token } : {}) });
      expect(answer.status).toBe(401);
      expect(expectContract('listServices', answer)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
    expect((await call('listServices', client.token)).status).toBe(200);
    const revoked = th.hub.admin.apiClients.revoke(client.id, SYSTEM_ACTOR);
    expect(revoked.ok).toBe(true);
    expect((await call('listServices', client.token)).status).toBe(401);

    const audited = th.db
      .prepare<[], { actor_kind: string; actor_id: string; payload: string }>(
        "SELECT actor_kind, actor_id, payload FROM events WHERE type = 'api:call'",
      )
      .all();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor_kind: 'api-client', actor_id: client.id });
    expect(JSON.parse(audited[0]!.payload)).toMatchObject({ operation: 'listServices', status: 200 });
    // The admin console's audit trail names the client.
    const [entry] = th.hub.admin.auditQuery({
      type: 'api:call',
      actorId: null,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 10,
    });
    expect(entry).toMatchObject({
      actorKind: 'api-client',
      actorId: client.id,
      actorName: 'client queue:read',
    });
    // The secret is nowhere in the database, only its hash.
    const secret = client.token.split('.')[1]!;
    const dump = JSON.stringify(th.db.prepare('SELECT * FROM api_clients').all());
    expect(dump).not.toContain(secret);
  });

  it('a client over its rate limit gets 429 until its bucket refills', async () => {
    th = await startTestHub();
    const { token } = addApiClient(th, ['queue:read']);
    const client = th.hub.admin.apiClients.list()[0]!;
    for (let i = 0; i < client.burst; i += 1) expect((await call('listServices', token)).status).toBe(200);
    const limited = await call('listServices', token);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(expectContract('listServices', limited)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Another client is not held back by this one.
    expect((await call('listServices', addApiClient(th, ['queue:read']).token)).status).toBe(200);
    th.clock.advance(1000);
    expect((await call('listServices', token)).status).toBe(200);
  });
});

describe('per-client rate limits, set by an admin', () => {
  it('a limit given when the client is added, and changed later, holds from the next request; audited', async () => {
    th = await startTestHub();
    const added = th.hub.admin.apiClients.add(
      { name: '审批系统', scopes: ['queue:read'], ratePerSecond: 1, burst: 3 },
      SYSTEM_ACTOR,
    );
    if (!added.ok) throw new Error(added.error.message);
    const { client, token } = added.value;
    expect(client).toMatchObject({ ratePerSecond: 1, burst: 3 });
    const statuses = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i += 1) out.push((await call('listServices', token)).status);
      return out;
    };
    expect(await statuses(4)).toEqual([200, 200, 200, 429]);
    th.clock.advance(1000);
    expect(await statuses(2)).toEqual([200, 429]);

    const raised = th.hub.admin.apiClients.limit(
      { clientId: client.id, ratePerSecond: 50, burst: 6 },
      SYSTEM_ACTOR,
    );
    expect(raised).toMatchObject({ ok: true, value: { ratePerSecond: 50, burst: 6 } });
    expect(await statuses(7)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    th.clock.advance(100); // 50 a second: 5 more after a tenth of a second
    expect(await statuses(6)).toEqual([200, 200, 200, 200, 200, 429]);

    const audited = th.db
      .prepare<[], { type: string; payload: string }>(
        "SELECT type, payload FROM events WHERE type IN ('api-client:add', 'api-client:limit') ORDER BY id",
      )
      .all()
      .map((e) => ({ type: e.type, ...JSON.parse(e.payload) }));
    expect(audited).toEqual([
      { type: 'api-client:add', name: '审批系统', scopes: ['queue:read'], ratePerSecond: 1, burst: 3 },
      {
        type: 'api-client:limit',
        clientId: client.id,
        name: '审批系统',
        from: { ratePerSecond: 1, burst: 3 },
        to: { ratePerSecond: 50, burst: 6 },
      },
    ]);
    expect(
      th.hub.admin.apiClients.limit(
        { clientId: 'ac_0000000000000000', ratePerSecond: 1, burst: 1 },
        SYSTEM_ACTOR,
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('calls over the limit are audited as one api:throttled entry per client per minute, with the count', async () => {
    th = await startTestHub();
    const added = th.hub.admin.apiClients.add(
      { name: 'flooder', scopes: ['queue:read'], ratePerSecond: 1, burst: 2 },
      SYSTEM_ACTOR,
    );
    if (!added.ok) throw new Error(added.error.message);
    const { client, token } = added.value;
    const throttled = () =>
      th.db
        .prepare<[], { actor_kind: string; actor_id: string; payload: string }>(
          "SELECT actor_kind, actor_id, payload FROM events WHERE type = 'api:throttled' ORDER BY id",
        )
        .all()
        .map((e) => ({ kind: e.actor_kind, id: e.actor_id, ...JSON.parse(e.payload) }));
    const flood = async (n: number) => {
      for (let i = 0; i < n; i += 1) await call('listServices', token);
    };
    await flood(2 + 200); // the burst, then 200 refused
    // The first refusal is written at once; the other 199 are only counted.
    expect(throttled()).toEqual([
      {
        kind: 'api-client',
        id: client.id,
        clientId: client.id,
        name: 'flooder',
        limit: '1/s, burst 2',
        attempts: 1,
        since: expect.any(Number),
      },
    ]);
    th.clock.advance(30_000);
    await th.hub.tick();
    expect(throttled()).toHaveLength(1); // not a minute yet
    th.clock.advance(30_000);
    await th.hub.tick();
    expect(throttled().map((e) => e.attempts)).toEqual([1, 199]);
    // A quiet minute writes nothing.
    th.clock.advance(60_000);
    await th.hub.tick();
    expect(throttled()).toHaveLength(2);
    // The refusals are not api:call entries: the flood did not fill the trail.
    const calls = th.db
      .prepare<[], { n: number }>("SELECT count(*) AS n FROM events WHERE type = 'api:call'")
      .get()!.n;
    expect(calls).toBe(2);
  });
});

describe('malformed requests answer 4xx and the hub keeps serving', () => {
  it('bad JSON, huge bodies, bad ids, bad dates, unknown routes, wrong methods', async () => {
    th = await startTestHub();
    const { token } = addApiClient(th, [...API_SCOPES]);
    const cases: {
      name: string;
      op: ApiOperationId | null;
      status: number;
      answer: () => Promise<unknown>;
    }[] = [
      {
        name: 'bad JSON',
        op: 'createWebhook',
        status: 400,
        answer: () => send(th.url, { method: 'POST', path: '/api/v1/webhooks', token, body: '{"url": ' }),
      },
      {
        name: 'JSON of the wrong shape',
        op: 'createWebhook',
        status: 400,
        answer: () =>
          call('createWebhook', token, { body: { url: 'ftp://x', eventTypes: ['ticket.issued'] } }),
      },
      {
        name: 'an unknown field',
        op: 'createWebhook',
        status: 400,
        answer: () =>
          call('createWebhook', token, {
            body: { url: 'http://a/', eventTypes: ['ticket.issued'], admin: true },
          }),
      },
      {
        name: 'not JSON at all',
        op: 'createWebhook',
        status: 400,
        answer: () =>
          send(th.url, {
            method: 'POST',
            path: '/api/v1/webhooks',
            token,
            body: 'url=x',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
      },
      {
        name: 'a huge body (declared)',
        op: 'createWebhook',
        status: 413,
        answer: () =>
          send(th.url, {
            method: 'POST',
            path: '/api/v1/webhooks',
            token,
            body: `{"url":"${'x'.repeat(MAX_API_BODY_BYTES * 4)}"}`,
          }),
      },
      {
        name: 'a huge body (chunked, no length)',
        op: 'createWebhook',
        status: 413,
        answer: () =>
          send(th.url, {
            method: 'POST',
            path: '/api/v1/webhooks',
            token,
            chunked: true,
            body: `{"url":"${'x'.repeat(MAX_API_BODY_BYTES * 2)}"}`,
          }),
      },
      {
        name: 'a ticket id of the wrong form',
        op: 'getTicket',
        status: 400,
        answer: () => call('getTicket', token, { path: '/api/v1/tickets/DROP%20TABLE' }),
      },
      {
        name: 'bad percent-encoding',
        op: 'getTicket',
        status: 400,
        answer: () => call('getTicket', token, { path: '/api/v1/tickets/%E0%A4%A' }),
      },
      {
        name: 'a subscription id that is not a UUID',
        op: 'deleteWebhook',
        status: 400,
        answer: () => call('deleteWebhook', token, { path: '/api/v1/webhooks/1%20OR%201=1' }),
      },
      {
        name: 'an impossible date',
        op: 'listRatings',
        status: 400,
        answer: () => call('listRatings', token, { path: '/api/v1/ratings?from=2026-02-30&to=2026-03-01' }),
      },
      {
        name: 'a date that is not a date',
        op: 'listRatings',
        status: 400,
        answer: () => call('listRatings', token, { path: '/api/v1/ratings?from=yesterday&to=2026-03-01' }),
      },
      {
        name: 'a range that ends before it starts',
        op: 'listRatings',
        status: 400,
        answer: () => call('listRatings', token, { path: '/api/v1/ratings?from=2026-03-02&to=2026-03-01' }),
      },
      {
        name: 'a range over 400 days',
        op: 'listRatings',
        status: 400,
        answer: () => call('listRatings', token, { path: '/api/v1/ratings?from=2020-01-01&to=2026-03-01' }),
      },
      {
        name: 'a parameter given twice',
        op: 'listRatings',
        status: 400,
        answer: () => call('listRatings', token, { path: `/api/v1/ratings?from=${DAY}&to=${DAY}&to=${DAY}` }),
      },
      {
        name: 'an unknown parameter',
        op: 'listServices',
        status: 400,
        answer: () => call('listServices', token, { path: '/api/v1/services?debug=1' }),
      },
      {
        name: 'a limit out of range',
        op: 'listRatings',
        status: 400,
        answer: () => call('listRatings', token, { path: `/api/v1/ratings?from=${DAY}&to=${DAY}&limit=0` }),
      },
      {
        name: 'a negative replay point',
        op: 'replayWebhook',
        status: 400,
        answer: () => call('replayWebhook', token, { body: { afterEntryId: -1 } }),
      },
      {
        name: 'an unknown route',
        op: null,
        status: 404,
        answer: () => send(th.url, { path: '/api/v1/nothing', token }),
      },
      {
        name: 'an unknown version',
        op: null,
        status: 404,
        answer: () => send(th.url, { path: '/api/v1/v2/services' }),
      },
      {
        name: 'a wrong method',
        op: null,
        status: 405,
        answer: () => send(th.url, { method: 'DELETE', path: '/api/v1/services', token }),
      },
      {
        name: 'a method nobody serves',
        op: null,
        status: 405,
        answer: () => send(th.url, { method: 'PATCH', path: '/api/v1/webhooks', token }),
      },
      {
        name: 'a POST to the document',
        op: null,
        status: 405,
        answer: () => send(th.url, { method: 'POST', path: '/api/v1/openapi.json', body: '{}' }),
      },
    ];
    for (const c of cases) {
      const answer = (await c.answer()) as Awaited<ReturnType<typeof send>>;
      expect(answer.status, c.name).toBe(c.status);
      const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
      expect(body.error.code, c.name).toMatch(/^(BAD_REQUEST|NOT_FOUND)$/);
      expect(body.error.message.length, c.name).toBeGreaterThan(5);
      if (c.op) expectContract(c.op, answer);
      if (c.status === 405) expect(answer.headers.allow, c.name).toBeTruthy();
    }
    // A body announced at 1000 bytes, cut off after 10: the connection goes, the hub does not wait on it.
    await new Promise<void>((resolve, reject) => {
      const port = Number(new URL(th.url).port);
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/v1/webhooks HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${token}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"url": "h',
          () => {
            socket.destroy();
            resolve();
          },
        );
      });
      socket.on('error', reject);
    });
    // Still serving: the hub's own health, and a good call.
    expect((await send(th.url, { path: '/healthz' })).status).toBe(200);
    expect((await call('listServices', token)).status).toBe(200);
  });
});
