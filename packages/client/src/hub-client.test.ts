import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Ack,
  errorAck,
  type HallChange,
  type HallSnapshot,
  type HallUpdate,
  type HandshakeAuth,
  okAck,
} from '@hallq/protocol';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { applyHallUpdate } from './apply-hall-update.ts';
import {
  type ConnectionStatus,
  createHubClient,
  type HubClient,
  type HubClientOptions,
  type ProtocolError,
} from './hub-client.ts';
import {
  callAnnouncement,
  hallSnapshot,
  serviceFigures,
  T0,
  ticketView,
  windowState,
} from './testing/hall-fixtures.ts';

// ---- a small fake hub: a real Socket.IO server on port 0 ------------------------------------------------------

type Answer = (answer: unknown) => void;
type Handler = (payload: unknown, answer: Answer, socket: ServerSocket) => void;

interface FakeHub {
  readonly url: string;
  /** The hall as the hub knows it; what `hall:snapshot` answers. */
  state: HallSnapshot;
  /** Every event any client sent, in order. */
  readonly received: string[];
  readonly handshakes: HandshakeAuth[];
  readonly handlers: Map<string, Handler>;
  pushSnapshotOnConnect: boolean;
  /** When it returns a reason, the handshake is refused with it (as the hub does: `Error` with `data.code`). */
  refuse: (auth: HandshakeAuth) => { code: string; message: string } | null;
  /** Like the real hub: after a login, push the hall on the upgraded socket before answering. */
  pushSnapshotOnLogin: boolean;
  /** How many `hall:snapshot` commands were answered. */
  snapshotCalls(): number;
  /** Applies a change to the hub's state; emits it unless `deliver` is false (a lost message). */
  publish(change: HallChange, options?: { deliver?: boolean }): HallUpdate;
  /** A hub restart: new epoch, stream starts again at seq 0. */
  restart(epoch: string, state?: Partial<HallSnapshot>): void;
  emitRaw(event: string, payload: unknown): void;
  sockets(): ServerSocket[];
  nextConnection(): Promise<ServerSocket>;
  nextEvent(name: string): Promise<void>;
  close(): Promise<void>;
}

const startFakeHub = async (): Promise<FakeHub> => {
  const http = createServer();
  const io = new Server(http);
  const received: string[] = [];
  const handshakes: HandshakeAuth[] = [];
  const handlers = new Map<string, Handler>();
  const connectionWaiters: ((socket: ServerSocket) => void)[] = [];
  const eventWaiters: { name: string; resolve: () => void }[] = [];
  let snapshotCalls = 0;

  const hub: FakeHub = {
    url: '',
    state: hallSnapshot(),
    received,
    handshakes,
    handlers,
    pushSnapshotOnConnect: true,
    refuse: () => null,
    pushSnapshotOnLogin: false,
    snapshotCalls: () => snapshotCalls,
    publish(change, { deliver = true } = {}) {
      const update: HallUpdate = {
        seq: hub.state.seq + 1,
        epoch: hub.state.epoch,
        at: hub.state.serverTime + 1000,
        change,
        figures: [serviceFigures({ waiting: hub.state.seq + 1 })],
      };
      hub.state = applyHallUpdate(hub.state, update);
      if (deliver) io.emit('hall:update', update);
      return update;
    },
    restart(epoch, state = {}) {
      hub.state = hallSnapshot({ epoch, seq: 0, ...state });
    },
    emitRaw: (event, payload) => io.emit(event, payload),
    sockets: () => [...io.sockets.sockets.values()],
    nextConnection: () => new Promise((resolve) => connectionWaiters.push(resolve)),
    nextEvent: (name) => new Promise((resolve) => eventWaiters.push({ name, resolve })),
    close: () =>
      new Promise((resolve) => {
        io.close(() => resolve());
      }),
  };

  handlers.set('hall:snapshot', (_payload, answer, socket) => {
    if (socket.data.authenticated !== true) return answer(errorAck('UNAUTHENTICATED', 'sign in first'));
    snapshotCalls += 1;
    answer(okAck(hub.state));
  });
  handlers.set('session:login', (payload, answer, socket) => {
    socket.data.authenticated = true;
    if (hub.pushSnapshotOnLogin) socket.emit('hall:snapshot', hub.state);
    const { windowId } = payload as { windowId: string | null };
    answer(
      okAck({
        sessionToken: 'session-token-0123456789',
        user: { id: 'c1', username: 'wang', displayName: '王芳', staffNumber: '0007', role: 'clerk' },
        windowId,
        expiresAt: T0 + 8 * 3600_000,
      }),
    );
  });
  handlers.set('session:logout', (_payload, answer) => answer(okAck({})));
  handlers.set('device:list', (_payload, answer) => answer(okAck({ devices: [] })));

  io.use((socket, next) => {
    const auth = socket.handshake.auth as HandshakeAuth;
    handshakes.push(auth);
    const refused = hub.refuse(auth);
    if (refused !== null)
      return next(Object.assign(new Error(refused.message), { data: { code: refused.code } }));
    socket.data.authenticated = auth.deviceToken !== undefined || auth.sessionToken !== undefined;
    next();
  });
  io.on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      received.push(event);
      const answer = args.at(-1);
      if (typeof answer !== 'function') return;
      const handler = handlers.get(event);
      if (handler === undefined) answer(errorAck('UNKNOWN_EVENT', event));
      else handler(args[0], answer as Answer, socket);
      for (const waiter of eventWaiters.filter((w) => w.name === event)) {
        eventWaiters.splice(eventWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
    if (socket.data.authenticated === true && hub.pushSnapshotOnConnect)
      socket.emit('hall:snapshot', hub.state);
    for (const resolve of connectionWaiters.splice(0)) resolve(socket);
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return Object.assign(hub, { url: `http://127.0.0.1:${port}` });
};

// ---- helpers ----------------------------------------------------------------------------------------------

const DEVICE_TOKEN = 'device-token-lobby-0001';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const setup = async (options: Partial<HubClientOptions> = {}) => {
  const hub = await startFakeHub();
  const protocolErrors: ProtocolError[] = [];
  const client = createHubClient({
    url: hub.url,
    auth: { deviceToken: DEVICE_TOKEN },
    serverDisconnectRetryMs: 0,
    socketOptions: { reconnectionDelay: 10, reconnectionDelayMax: 20 },
    onProtocolError: (error) => protocolErrors.push(error),
    ...options,
  });
  cleanups.push(
    () => hub.close(),
    () => client.close(),
  );
  return { hub, client, protocolErrors };
};

/** Resolves once the client's view satisfies `predicate` (now or after a later change). */
const viewWhere = (client: HubClient, predicate: (view: HallSnapshot) => boolean): Promise<HallSnapshot> =>
  new Promise((resolve) => {
    const now = client.view();
    if (now !== null && predicate(now)) return resolve(now);
    const off = client.subscribe((view) => {
      if (!predicate(view)) return;
      off();
      resolve(view);
    });
  });

/** Resolves once the client shows exactly the hub's current state. */
const inSyncWith = (client: HubClient, hub: FakeHub) =>
  viewWhere(client, (view) => view.epoch === hub.state.epoch && view.seq === hub.state.seq);

const statusIs = (client: HubClient, status: ConnectionStatus): Promise<void> =>
  new Promise((resolve) => {
    if (client.connection.get() === status) return resolve();
    const off = client.connection.subscribe((value) => {
      if (value !== status) return;
      off();
      resolve();
    });
  });

/** A command round trip: everything the client sent before it has reached the hub when this resolves. */
const roundTrip = async (client: HubClient) => {
  const answer = await client.command('device:list', {});
  expect(answer.ok).toBe(true);
};

const waiting = (n: number) => ticketView({ id: `t${n}`, number: `A${String(n).padStart(3, '0')}` });
const issued = (n: number): HallChange => ({
  type: 'ticket:issued',
  ticket: waiting(n),
  peopleAhead: 0,
  estimatedWaitMs: 0,
});
const calledChange = (n: number): HallChange => {
  const ticket = {
    ...waiting(n),
    status: 'called' as const,
    windowId: 'w1',
    callCount: 1,
    firstCalledAt: T0,
  };
  const call = callAnnouncement({ ticketId: ticket.id, ticketNumber: ticket.number });
  return {
    type: 'ticket:called',
    ticket,
    window: windowState({ currentTicketId: ticket.id }),
    call,
    outOfOrderReason: null,
  };
};

// ---- the tests ----------------------------------------------------------------------------------------------

describe('createHubClient: the hall stream', () => {
  it('shows the snapshot the hub pushes after an authenticated connect', async () => {
    const { hub, client } = await setup();
    const changes: string[] = [];
    client.subscribe((_view, change) => changes.push(change === 'snapshot' ? change : change.type));

    expect(await viewWhere(client, () => true)).toEqual(hub.state);
    expect(client.connection.get()).toBe('connected');
    expect(changes).toEqual(['snapshot']);
    expect(hub.handshakes).toEqual([{ protocolVersion: 1, deviceToken: DEVICE_TOKEN }]);
    expect(hub.snapshotCalls()).toBe(0);
  });

  it('applies updates in order and announces calls', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);
    const changes: string[] = [];
    const calls: string[] = [];
    client.subscribe((_view, change) => changes.push(change === 'snapshot' ? change : change.type));
    client.onCall((call) => calls.push(call.ticketNumber));

    hub.publish(issued(1));
    hub.publish(issued(2));
    hub.publish(calledChange(1));

    expect(await inSyncWith(client, hub)).toEqual(hub.state);
    expect(changes).toEqual(['ticket:issued', 'ticket:issued', 'ticket:called']);
    expect(calls).toEqual(['A001']);
    expect(hub.snapshotCalls()).toBe(0);
  });

  it('a gap triggers exactly one hall:snapshot command, then the view is the hub snapshot', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);

    hub.publish(issued(1));
    hub.publish(issued(2), { deliver: false }); // lost
    hub.publish(issued(3));
    hub.publish(issued(4));
    hub.publish(issued(5));

    expect(await inSyncWith(client, hub)).toEqual(hub.state);
    await roundTrip(client);
    expect(hub.snapshotCalls()).toBe(1);
    expect(hub.received.filter((e) => e === 'hall:snapshot')).toHaveLength(1);
  });

  it('keeps updates that arrive during a resync and applies those newer than the snapshot', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);
    const answerSnapshot = hub.handlers.get('hall:snapshot');
    hub.handlers.set('hall:snapshot', (payload, answer, socket) => {
      const older = hub.state;
      hub.publish(issued(3)); // these reach the client before the answer
      hub.publish(issued(4));
      answerSnapshot?.(payload, () => answer(okAck(older)), socket);
    });

    hub.publish(issued(1), { deliver: false });
    hub.publish(issued(2));

    const view = await inSyncWith(client, hub);
    expect(view).toEqual(hub.state);
    expect(view.tickets.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(hub.snapshotCalls()).toBe(1);
  });

  it('an update from a new epoch (hub restarted) triggers a resync to the new epoch', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);
    hub.publish(issued(1));
    await inSyncWith(client, hub);

    hub.restart('epoch-2', { businessDay: '2026-01-02' });
    hub.publish(issued(7)); // seq 1 of epoch-2: not a gap, but another epoch

    const view = await viewWhere(client, (v) => v.epoch === 'epoch-2' && v.seq === hub.state.seq);
    expect(view).toEqual(hub.state);
    expect(view.tickets.map((t) => t.id)).toEqual(['t7']);
    expect(hub.snapshotCalls()).toBe(1);
  });

  it('after the hub ends the connection it reconnects and resyncs with the hall:snapshot command', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);
    const statuses: ConnectionStatus[] = [];
    client.connection.subscribe((s) => statuses.push(s));
    hub.pushSnapshotOnConnect = false; // so only the command can bring the view up to date

    const reconnected = hub.nextConnection();
    const disconnected = statusIs(client, 'disconnected');
    hub.sockets()[0]?.disconnect(true);
    await disconnected;
    hub.publish(issued(1)); // nobody hears these
    hub.publish(issued(2));
    await reconnected;

    expect(await inSyncWith(client, hub)).toEqual(hub.state);
    expect(hub.snapshotCalls()).toBe(1);
    expect(statuses).toEqual(['disconnected', 'connecting', 'connected']);
  });

  it('after a lost transport it reconnects by itself and resyncs', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);

    const reconnected = hub.nextConnection();
    const disconnected = statusIs(client, 'disconnected');
    hub.sockets()[0]?.conn.close();
    await disconnected;
    hub.publish(issued(1));
    await reconnected;

    expect(await inSyncWith(client, hub)).toEqual(hub.state);
    expect(client.connection.get()).toBe('connected');
  });

  it('ignores a repeated update and a snapshot older than the view', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);
    const first = hub.publish(issued(1));
    const older = hub.state;
    hub.publish(issued(2));
    await inSyncWith(client, hub);
    const changes: string[] = [];
    client.subscribe((_view, change) => changes.push(change === 'snapshot' ? change : change.type));

    hub.emitRaw('hall:update', first); // again
    hub.emitRaw('hall:snapshot', older); // stale
    hub.publish(calledChange(1));

    expect(await inSyncWith(client, hub)).toEqual(hub.state);
    expect(changes).toEqual(['ticket:called']);
    expect(hub.snapshotCalls()).toBe(0);
  });

  it('an invalid update is reported and answered with a resync', async () => {
    const { hub, client, protocolErrors } = await setup();
    await inSyncWith(client, hub);

    const lost = hub.publish(issued(1), { deliver: false });
    hub.emitRaw('hall:update', { ...lost, change: { type: 'ticket:teleported' } });

    expect(await inSyncWith(client, hub)).toEqual(hub.state);
    expect(protocolErrors.map((e) => [e.kind, e.event])).toEqual([['invalid-update', 'hall:update']]);
    expect(hub.snapshotCalls()).toBe(1);
  });

  it('an invalid pushed snapshot is reported and replaced by the hall:snapshot command', async () => {
    const hub = await startFakeHub();
    hub.pushSnapshotOnConnect = false;
    const protocolErrors: ProtocolError[] = [];
    const client = createHubClient({
      url: hub.url,
      auth: { deviceToken: DEVICE_TOKEN },
      onProtocolError: (e) => protocolErrors.push(e),
    });
    cleanups.push(
      () => hub.close(),
      () => client.close(),
    );
    const socket = await hub.nextConnection();
    socket.emit('hall:snapshot', { ...hub.state, tickets: 'none' });

    expect(await viewWhere(client, () => true)).toEqual(hub.state);
    expect(protocolErrors.map((e) => e.kind)).toEqual(['invalid-snapshot']);
    expect(hub.snapshotCalls()).toBe(1);
  });

  it('accepts rating:recorded without changing the hall, and passes rating requests on', async () => {
    const { hub, client, protocolErrors } = await setup();
    const before = await inSyncWith(client, hub);
    const requests: string[] = [];
    client.onRatingRequest((r) => requests.push(r.ticketNumber));

    hub.emitRaw('rating:request', { ticketId: 't1' }); // invalid: reported, not passed on
    hub.emitRaw('rating:request', {
      ticketId: 't1',
      ticketNumber: 'A001',
      windowId: 'w1',
      windowNumber: 1,
      serviceName: { zh: '户籍业务', en: 'Household registration' },
      clerkName: '王芳',
      clerkStaffNumber: '0007',
      expiresAt: T0 + 60_000,
    });
    hub.publish({ type: 'rating:recorded', ticketId: 't1', windowId: 'w1' });

    const after = await inSyncWith(client, hub);
    expect(after.tickets).toBe(before.tickets);
    expect(requests).toEqual(['A001']);
    expect(protocolErrors.map((e) => [e.kind, e.event])).toEqual([['invalid-event', 'rating:request']]);
  });
});

describe('createHubClient: commands', () => {
  it('rejects an invalid payload locally without sending it', async () => {
    const { hub, client } = await setup();
    await statusIs(client, 'connected');

    const answer = await client.command('window:call-next', { windowId: '' });
    await roundTrip(client);

    expect(answer).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('windowId') },
    });
    expect(hub.received).toEqual(['device:list']);
  });

  it('returns valid answers, passes error answers through and refuses malformed ones', async () => {
    const { hub, client, protocolErrors } = await setup();
    await statusIs(client, 'connected');
    hub.handlers.set('window:call-next', (_p, answer) =>
      answer(errorAck('WINDOW_PAUSED', 'window w1 is paused')),
    );
    hub.handlers.set('clerk:list', (_p, answer) => answer({ ok: true, data: { clerks: [{ id: 'c1' }] } }));

    expect(await client.command('device:list', {})).toEqual({ ok: true, data: { devices: [] } });
    expect(await client.command('window:call-next', { windowId: 'w1' })).toEqual({
      ok: false,
      error: { code: 'WINDOW_PAUSED', message: 'window w1 is paused' },
    });
    const malformed = await client.command('clerk:list', {});
    expect(malformed.ok).toBe(false);
    expect(!malformed.ok && malformed.error.code).toBe('INTERNAL');
    expect(!malformed.ok && malformed.error.message).toMatch(/^invalid answer to clerk:list/);
    expect(protocolErrors.map((e) => [e.kind, e.event])).toEqual([['invalid-answer', 'clerk:list']]);
  });

  it('answers INTERNAL timeout when the hub never answers', async () => {
    const { hub, client } = await setup({ commandTimeoutMs: 200 });
    await statusIs(client, 'connected');
    hub.handlers.set('window:recall', () => {}); // never answers

    const answer: Ack<unknown> = await client.command('window:recall', { windowId: 'w1' });

    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('INTERNAL');
    expect(!answer.ok && answer.error.message).toMatch(/^timeout/);
    expect(hub.received).toContain('window:recall');
  });

  it('answers UNAUTHENTICATED at once, without sending, when not connected', async () => {
    const { hub, client } = await setup();
    await statusIs(client, 'connected');
    client.close();

    const answer = await client.command('device:list', {});

    expect(answer).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/^not connected/) },
    });
    expect(client.connection.get()).toBe('disconnected');
    expect(hub.received).toEqual([]);
  });

  it('with validate: false sends the payload as given and returns the answer unchecked', async () => {
    const { hub, client } = await setup({ validate: false });
    await statusIs(client, 'connected');
    hub.handlers.set('window:call-next', (payload, answer) =>
      answer({ ok: true, data: { echoed: payload } }),
    );

    const answer: unknown = await client.command('window:call-next', { windowId: '' });

    expect(answer).toEqual({ ok: true, data: { echoed: { windowId: '' } } });
  });

  it('reports a refused handshake and stays disconnected', async () => {
    const hub = await startFakeHub();
    hub.refuse = () => ({ code: 'PROTOCOL_VERSION', message: 'hub speaks protocol 1' });
    const errors: string[] = [];
    const client = createHubClient({
      url: hub.url,
      auth: { deviceToken: DEVICE_TOKEN },
      onConnectError: (e, code) => errors.push(`${code}: ${e.message}`),
    });
    cleanups.push(
      () => hub.close(),
      () => client.close(),
    );

    await statusIs(client, 'disconnected');

    expect(errors).toEqual(['PROTOCOL_VERSION: hub speaks protocol 1']);
    expect(await client.command('device:list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('login signs in on the same socket, loads the hall, and resumes the session on reconnect', async () => {
    const { hub, client } = await setup({ auth: {} });
    await statusIs(client, 'connected');
    expect(client.view()).toBeNull();
    expect(await client.command('hall:snapshot', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });

    const answer = await client.login('wang', 'correct horse', 'w1');
    expect(answer.ok).toBe(true);
    expect(await inSyncWith(client, hub)).toEqual(hub.state);

    const reconnected = hub.nextConnection();
    hub.sockets()[0]?.disconnect(true);
    await reconnected;
    expect(hub.handshakes.at(-1)).toEqual({ protocolVersion: 1, sessionToken: 'session-token-0123456789' });
  });

  it('takes the hall the hub pushes on login without asking again', async () => {
    const { hub, client } = await setup({ auth: {} });
    hub.pushSnapshotOnLogin = true;
    await statusIs(client, 'connected');

    expect((await client.login('wang', 'correct horse', 'w1')).ok).toBe(true);

    expect(client.view()).toEqual(hub.state);
    await roundTrip(client);
    expect(hub.snapshotCalls()).toBe(0);
  });

  it('logout drops the session token', async () => {
    const { hub, client } = await setup({ auth: {} });
    await statusIs(client, 'connected');
    await client.login('wang', 'correct horse', null);

    expect(await client.logout()).toEqual({ ok: true, data: {} });

    const reconnected = hub.nextConnection();
    hub.sockets()[0]?.disconnect(true);
    await reconnected;
    expect(hub.handshakes.at(-1)).toEqual({ protocolVersion: 1 });
  });

  it('when the hub refuses the session on reconnect, carries on as the device and says the session ended', async () => {
    const { hub, client } = await setup();
    await inSyncWith(client, hub);
    await client.login('wang', 'correct horse', 'w1');
    const ended = new Promise<string>((resolve) => client.onSessionRevoked(resolve));
    hub.refuse = (auth) =>
      auth.sessionToken === undefined ? null : { code: 'UNAUTHENTICATED', message: 'session expired' };

    const reconnected = hub.nextConnection();
    hub.sockets()[0]?.disconnect(true);
    await reconnected;

    expect(await ended).toBe('session expired');
    expect(hub.handshakes.slice(-2)).toEqual([
      { protocolVersion: 1, deviceToken: DEVICE_TOKEN, sessionToken: 'session-token-0123456789' },
      { protocolVersion: 1, deviceToken: DEVICE_TOKEN },
    ]);
    await statusIs(client, 'connected');
  });

  it('reports protocol:error from the hub', async () => {
    const { hub, client, protocolErrors } = await setup();
    await inSyncWith(client, hub);

    hub.emitRaw('protocol:error', {
      event: 'window:call-next',
      code: 'BAD_REQUEST',
      message: 'needs an ack',
    });
    await roundTrip(client);

    expect(protocolErrors).toEqual([
      { kind: 'hub-error', event: 'window:call-next', message: 'BAD_REQUEST: needs an ack' },
    ]);
  });

  it('forgets the session token when the hub revokes the session', async () => {
    const { hub, client } = await setup({ auth: {} });
    await statusIs(client, 'connected');
    await client.login('wang', 'correct horse', null);
    const revoked = new Promise<string>((resolve) => client.onSessionRevoked(resolve));

    hub.emitRaw('session:revoked', { reason: 'signed in elsewhere' });
    expect(await revoked).toBe('signed in elsewhere');

    const reconnected = hub.nextConnection();
    hub.sockets()[0]?.disconnect(true);
    await reconnected;
    expect(hub.handshakes.at(-1)).toEqual({ protocolVersion: 1 });
  });
});
