import { randomUUID } from 'node:crypto';
import { createServer, get as httpGet } from 'node:http';
import { connect as netConnect } from 'node:net';
import { Commands, PROTOCOL_VERSION } from '@hallq/protocol';
import { pino } from 'pino';
import { io, Manager, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { socketSettingsWith } from '../../testing/admission-settings.ts';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../../testing/test-hub.ts';
import { DEFAULT_ADMISSION_SETTINGS } from './defaults.ts';
import { createSocketAdmission } from './socket-admission.ts';

let th: TestHub | null = null;
const opened: Socket[] = [];
const managers: Manager[] = [];

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.disconnect();
  for (const manager of managers.splice(0)) manager.engine?.close();
  vi.restoreAllMocks();
  await th?.close();
  th = null;
});

/** A raw Socket.IO client from a chosen loopback address; resolves connected, or with the refusal's code. */
function connectFrom(
  url: string,
  localAddress: string,
  auth: Record<string, unknown> = {},
): Promise<{ socket: Socket; refused: string | null }> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    localAddress,
  } as Parameters<typeof io>[1]);
  opened.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, refused: null }));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
      resolve({ socket, refused: error.data?.code ?? error.message }),
    );
  });
}

const closed = (socket: Socket) =>
  new Promise<string>((resolve) => {
    if (!socket.connected) resolve('already');
    socket.once('disconnect', (reason) => resolve(reason));
  });

const issueRequest = () => ({ requestId: randomUUID(), serviceId: 'svc-1', identity: null });

describe('who may send is checked before what they send', () => {
  it("an anonymous socket's hall:configure is refused before its payload is validated", async () => {
    th = await startTestHub();
    const validate = vi.spyOn(Commands['hall:configure'].request, 'safeParse');
    const anonymous = await th.connect();
    // Not a hall at all: the old hub validated it first and answered BAD_REQUEST.
    const answer = await anonymous.raw('hall:configure', { hall: { windows: [{ serviceIds: [1, 2, 3] }] } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(validate).not.toHaveBeenCalled();
    // A kiosk is known, but not an admin: refused as FORBIDDEN, still without validation.
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    expect(await kiosk.raw('hall:configure', { hall: 42 })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(validate).not.toHaveBeenCalled();
  });

  it('a WebSocket frame over the anonymous limit ends the connection at its header; over polling it is answered', async () => {
    th = await startTestHub();
    const login = { username: 'admin', password: 'x'.repeat(8 * 1024), windowId: null };
    const anonymous = await th.connect();
    const gone = closed(anonymous.socket);
    const inspected = vi.spyOn(JSON, 'parse');
    anonymous.socket.emit('session:login', login, () => undefined);
    // ws refuses the frame from its length (close code 1009): no body read, no answer, no parse.
    expect(await gone).toBe('transport close');
    expect(inspected.mock.calls.some(([text]) => String(text).length > 4096)).toBe(false);
    inspected.mockRestore();
    // Over long-polling (no frame header to stop at) the frame is refused unread and answered, then closed.
    const polling = io(th.url, {
      auth: { protocolVersion: PROTOCOL_VERSION },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    opened.push(polling);
    await new Promise<void>((resolve) => polling.once('connect', () => resolve()));
    const pollingGone = closed(polling);
    expect(await polling.timeout(5000).emitWithAck('session:login', login)).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await pollingGone).toBe('io server disconnect');
    // A signed-in admin may send large frames (a hall file) over the same kind of connection.
    await th.addUser('frame-admin', 'admin');
    const admin = await th.connect();
    const signedIn = await admin.call('session:login', {
      username: 'frame-admin',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(signedIn.ok).toBe(true);
    const big = await admin.raw('notices:set', {
      notices: [{ id: 'n', title: 't', body: 'x'.repeat(60_000) }],
    });
    expect(big).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(admin.socket.connected).toBe(true);
  });

  it('a 1.9 MB anonymous frame (450,000 service ids) never reaches the parser, and the hub keeps answering', async () => {
    th = await startTestHub();
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    const anonymous = await th.connect();
    const serviceIds = Array.from({ length: 450_000 }, () => 'a');
    const validate = vi.spyOn(Commands['hall:configure'].request, 'safeParse');
    const parse = vi.spyOn(JSON, 'parse');
    const gone = closed(anonymous.socket);
    anonymous.socket.emit('hall:configure', { hall: { windows: [{ serviceIds }] } }, () => undefined);
    // The old hub parsed and validated it (~2 s, one issue per element); now ws stops at the frame's header.
    expect(await gone).toBe('transport close');
    expect(validate).not.toHaveBeenCalled();
    expect(parse.mock.calls.every(([text]) => String(text).length < 4096)).toBe(true);
    parse.mockRestore();
    expect(await kiosk.call('ticket:issue', issueRequest())).toMatchObject({ ok: true });
  });

  it('the rate limiter charges bytes: a device sending 15 KB messages gets a dozen, not the 200 of small ones', async () => {
    th = await startTestHub();
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => kiosk.raw('hall:snapshot', { padding: 'x'.repeat(15 * 1024) })),
    );
    const codes = answers.map((a) => (a as { error?: { code: string } }).error?.code);
    // 16 tokens for the bytes and 1 for the validation issue each: 200 / 17 = 11 are looked at (fewer if a
    // validation happens to take over 5 ms, which is charged too); the old hub looked at all 30.
    const looked = codes.filter((c) => c === 'BAD_REQUEST').length;
    expect(looked).toBeGreaterThanOrEqual(9);
    expect(looked).toBeLessThanOrEqual(11);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(30 - looked);
  });

  it('an anonymous socket has a small bucket of its own, refilled on the hub clock', async () => {
    th = await startTestHub();
    const anonymous = await th.connect();
    const answers = await Promise.all(Array.from({ length: 60 }, () => anonymous.raw('hall:snapshot', {})));
    const codes = answers.map((a) => (a as { error?: { code: string } }).error?.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(50);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(10);
    th.clock.advance(1000);
    expect(await anonymous.raw('hall:snapshot', {})).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('connection caps', () => {
  const caps = socketSettingsWith({
    anonymousMax: 6,
    anonymousPerAddress: 3,
    descriptorLimit: () => ({ soft: 1024, hard: 1024, raisedFrom: null }),
  });

  it('caps anonymous sockets per address and in all; a lobby still connects and /healthz answers', async () => {
    th = await startTestHub({ config: { socket: caps } });
    const attempts = [];
    for (const address of ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']) {
      for (let i = 0; i < 4; i += 1) attempts.push(await connectFrom(th.url, address));
    }
    const held = attempts.filter((a) => a.refused === null);
    const refused = attempts.filter((a) => a.refused !== null).map((a) => a.refused);
    expect(held).toHaveLength(6);
    expect(new Set(refused)).toEqual(new Set(['TOO_MANY_CONNECTIONS']));
    // The refused connections are closed by the hub, not left open to hold a descriptor.
    const anonymousAtHub = [...th.hub.io.sockets.sockets.values()].filter(
      (s) => s.data.identity.device === null && s.data.identity.user === null,
    );
    expect(anonymousAtHub).toHaveLength(6);
    expect(th.hub.io.engine.clientsCount).toBe(6);

    const lobby = await connectFrom(th.url, '127.0.0.1', { deviceToken: th.addDevice('lobby').token });
    expect(lobby.refused).toBeNull();
    const health = await fetch(`${th.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('a socket that signs in no longer counts as anonymous', async () => {
    th = await startTestHub({ config: { socket: caps } });
    await th.addUser('caps-clerk', 'clerk');
    const clerk = await th.connect();
    const login = await clerk.call('session:login', {
      username: 'caps-clerk',
      password: TEST_PASSWORD,
      windowId: 'w1',
    });
    expect(login.ok).toBe(true);
    const others = await Promise.all([1, 2, 3].map(() => connectFrom(th!.url, '127.0.0.1')));
    expect(others.map((o) => o.refused)).toEqual([null, null, null]);
    expect((await connectFrom(th.url, '127.0.0.1')).refused).toBe('TOO_MANY_CONNECTIONS');
  });

  it('closes an anonymous socket that does not sign in within the grace time; a signed-in one stays', async () => {
    th = await startTestHub({ config: { socket: socketSettingsWith({ anonymousGraceMs: 1500 }) } });
    await th.addUser('grace-clerk', 'clerk');
    const clerk = await th.connect();
    expect(
      (
        await clerk.call('session:login', {
          username: 'grace-clerk',
          password: TEST_PASSWORD,
          windowId: 'w1',
        })
      ).ok,
    ).toBe(true);
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    const idle = await th.connect();
    expect(await closed(idle.socket)).toBe('io server disconnect');
    expect(clerk.socket.connected).toBe(true);
    expect(kiosk.socket.connected).toBe(true);
  });

  it('caps connections still in the handshake per address, and closes them after the handshake timeout', async () => {
    th = await startTestHub({
      config: { socket: socketSettingsWith({ handshakesPerAddress: 2, handshakeTimeoutMs: 1000 }) },
    });
    /** An engine.io connection that never sends the Socket.IO CONNECT packet. */
    const halfOpen = () => {
      const manager = new Manager(th!.url, {
        transports: ['websocket'],
        reconnection: false,
        autoConnect: false,
      });
      managers.push(manager);
      return new Promise<{ error: string | null; ended: Promise<string> }>((resolve) =>
        manager.open((error) => {
          const ended = new Promise<string>((done) =>
            manager.engine.once('close', (reason: string) => done(reason)),
          );
          resolve({ error: error ? error.message : null, ended });
        }),
      );
    };
    const started = performance.now();
    const first = await halfOpen();
    const second = await halfOpen();
    const third = await halfOpen();
    expect([first.error, second.error]).toEqual([null, null]);
    // Refused at the HTTP upgrade (403): the address already has two connections in the handshake.
    expect(third.error).toBe('websocket error');
    // Both are closed by the hub once the handshake timeout has passed; then the address may connect again.
    expect(await first.ended).toBe('transport close');
    expect(await second.ended).toBe('transport close');
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    const lobby = await connectFrom(th.url, '127.0.0.1', { deviceToken: th.addDevice('lobby').token });
    expect(lobby.refused).toBeNull();
  });
});

describe('an address that keeps sending oversized frames', () => {
  /** A plain HTTP request from a chosen loopback address: its status, or the network error's code. */
  const getFrom = (url: string, localAddress: string) =>
    new Promise<number | string>((resolve) => {
      const request = httpGet(`${url}/healthz`, { localAddress }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });

  /** One anonymous socket from the address, dropped by the hub for an 8 KiB sign-in. */
  async function oversizedFrom(url: string, address: string): Promise<string> {
    const { socket, refused } = await connectFrom(url, address);
    if (refused !== null) return `refused: ${refused}`;
    const gone = closed(socket);
    socket.emit('session:login', { username: 'a', password: 'x'.repeat(8 * 1024), windowId: null }, () => {});
    return gone;
  }

  it('waits before it may connect again, longer each time it goes on; other addresses connect as before', async () => {
    th = await startTestHub({
      config: {
        socket: socketSettingsWith({
          penalty: {
            burst: 3,
            perSecond: 0.01,
            blockMs: 5_000,
            maxBlockMs: 60_000,
            maxAddresses: 16,
            maxHeldPerAddress: 0,
            maxHeld: 0,
            probationGapMs: 1_000,
          },
        }),
      },
    });
    const attacker = '127.0.0.7';
    // Three strikes are forgiven as a burst; the fourth blocks the address.
    for (let i = 0; i < 4; i += 1) expect(await oversizedFrom(th.url, attacker)).toBe('transport close');
    const blocked = await connectFrom(th.url, attacker);
    expect(blocked.refused).not.toBeNull();
    // Closed at accept, whatever it asks: not even /healthz is answered to it.
    expect(await getFrom(th.url, attacker)).toBe('ECONNRESET');
    // Everyone else is untouched: a lobby, an anonymous console, /healthz.
    const lobby = await connectFrom(th.url, '127.0.0.1', { deviceToken: th.addDevice('lobby').token });
    expect(lobby.refused).toBeNull();
    expect((await connectFrom(th.url, '127.0.0.8')).refused).toBeNull();
    expect(await getFrom(th.url, '127.0.0.1')).toBe(200);

    // After the block it may connect again; going on blocks it twice as long.
    th.clock.advance(5_000);
    expect(await oversizedFrom(th.url, attacker)).toBe('transport close');
    expect((await connectFrom(th.url, attacker)).refused).not.toBeNull();
    th.clock.advance(5_000);
    expect((await connectFrom(th.url, attacker)).refused).not.toBeNull();
    th.clock.advance(5_000);
    const back = await connectFrom(th.url, attacker);
    expect(back.refused).toBeNull();
    // On probation after a block: one connection a second, so its connections cannot all come back at once.
    expect(await getFrom(th.url, attacker)).toBe('ECONNRESET');
    th.clock.advance(1_000);
    // A device on that address would be back too: the block ends, the address's sign-ins work as before.
    expect(await getFrom(th.url, attacker)).toBe(200);
    // Clean for a minute, the address is like any other again.
    th.clock.advance(60_000);
    expect(await getFrom(th.url, attacker)).toBe(200);
    expect(await getFrom(th.url, attacker)).toBe(200);
  });

  it("holds a blocked address's connections unread until the block ends, a bounded number, and ends them on close", async () => {
    th = await startTestHub({
      config: {
        socket: socketSettingsWith({
          penalty: {
            burst: 1,
            perSecond: 0.01,
            blockMs: 60_000,
            maxBlockMs: 60_000,
            maxAddresses: 16,
            maxHeldPerAddress: 1,
            maxHeld: 4,
            probationGapMs: 1_000,
          },
        }),
      },
    });
    const attacker = '127.0.0.9';
    for (let i = 0; i < 2; i += 1) expect(await oversizedFrom(th.url, attacker)).toBe('transport close');
    const { port } = new URL(th.url);
    /** A raw TCP connection that asks for /healthz and records what comes back and how it ends. */
    const raw = () => {
      const socket = netConnect({ host: '127.0.0.1', port: Number(port), localAddress: attacker });
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n'));
      const ended = new Promise<string>((resolve) => {
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        socket.on('close', () => resolve('closed'));
      });
      return { ended, received: () => received };
    };
    const first = raw();
    let firstEnded = false;
    void first.ended.then(() => {
      firstEnded = true;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    // The address may have one held connection: the next is closed at once, while the first (accepted before
    // it, so closed before it if it were closed at all) stays open.
    const second = raw();
    expect(['ECONNRESET', 'closed']).toContain(await second.ended);
    expect(second.received()).toBe(0);
    expect(firstEnded).toBe(false);
    // The hub closing does not wait out the block: it ends the held connection, which was never answered.
    await th.close();
    th = null;
    expect(['ECONNRESET', 'closed']).toContain(await first.ended);
    expect(first.received()).toBe(0);
  });

  it('a console whose sign-ins fail is not blocked: wrong passwords are not strikes', async () => {
    th = await startTestHub({
      config: {
        socket: socketSettingsWith({
          penalty: {
            burst: 1,
            perSecond: 0.01,
            blockMs: 60_000,
            maxBlockMs: 60_000,
            maxAddresses: 16,
            maxHeldPerAddress: 0,
            maxHeld: 0,
            probationGapMs: 1_000,
          },
        }),
      },
    });
    for (let i = 0; i < 4; i += 1) {
      const console = await th.connect();
      const answer = await console.call('session:login', {
        username: 'nobody',
        password: 'wrong',
        windowId: null,
      });
      expect(answer.ok).toBe(false);
      console.close();
    }
    expect((await connectFrom(th.url, '127.0.0.1')).refused).toBeNull();
  });
});

describe('the descriptor limit at start', () => {
  it('says what it is and how the connections are shared, and bounds the HTTP server by it', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const http = createServer();
    createSocketAdmission({
      settings: {
        ...DEFAULT_ADMISSION_SETTINGS,
        descriptorLimit: () => ({ soft: 1024, hard: 1024, raisedFrom: 256 }),
      },
      maxMessageBytes: 1024 * 1024,
      commands: { perSecond: 50, burst: 200 },
      http,
      clock: () => 0,
      logger,
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { level: number; msg: string };
    expect(line.level).toBe(40); // a warning: 1,024 is small for a large hall
    expect(line.msg).toBe(
      'open-file limit 1024 (raised from 256), hard 1024: at most 960 connections, 128 anonymous, 128 in handshake, ' +
        '704 kept for devices and signed-in people; raise it (LimitNOFILE=65536 or ulimit -n) for a large hall',
    );
    expect(http.maxConnections).toBe(960);
  });
});

describe('tickets per kiosk device', () => {
  it('limits the tickets one kiosk issues across reconnects and sockets, with a clear code', async () => {
    th = await startTestHub();
    const { token } = th.addDevice('kiosk');
    const first = await th.connect({ deviceToken: token });
    for (let i = 0; i < 20; i += 1)
      expect(await first.call('ticket:issue', issueRequest())).toMatchObject({ ok: true });
    const refused = await first.call('ticket:issue', issueRequest());
    expect(refused).toMatchObject({ ok: false, error: { code: 'ISSUE_RATE_LIMITED' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/本机取号过于频繁.*too fast/);
    // A new socket of the same device (a reconnect, or a second tab with the stolen token) shares the limit.
    first.close();
    const again = await th.connect({ deviceToken: token });
    const second = await th.connect({ deviceToken: token });
    expect(await again.call('ticket:issue', issueRequest())).toMatchObject({
      error: { code: 'ISSUE_RATE_LIMITED' },
    });
    expect(await second.call('ticket:issue', issueRequest())).toMatchObject({
      error: { code: 'ISSUE_RATE_LIMITED' },
    });
    // Another kiosk is not held up, and this one gets one ticket back every 5 s.
    const other = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    expect(await other.call('ticket:issue', issueRequest())).toMatchObject({ ok: true });
    th.clock.advance(5_000);
    expect(await again.call('ticket:issue', issueRequest())).toMatchObject({ ok: true });
    expect(await again.call('ticket:issue', issueRequest())).toMatchObject({
      error: { code: 'ISSUE_RATE_LIMITED' },
    });
  });

  it('a retry answered with the same ticket, and a refused request, cost nothing', async () => {
    th = await startTestHub();
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    const request = issueRequest();
    for (let i = 0; i < 25; i += 1) {
      expect(await kiosk.call('ticket:issue', request)).toMatchObject({ ok: true });
      expect(
        await kiosk.call('ticket:issue', { ...issueRequest(), serviceId: 'no-such-service' }),
      ).toMatchObject({
        ok: false,
      });
    }
    for (let i = 0; i < 19; i += 1)
      expect(await kiosk.call('ticket:issue', issueRequest())).toMatchObject({ ok: true });
  });
});
