import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceKind } from '@hallq/protocol';
import {
  type Ack,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type HallConfig,
  type HallSnapshot,
  type HallUpdate,
  PROTOCOL_VERSION,
} from '@hallq/protocol';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createHub, DEFAULT_SOCKET_SETTINGS, type Hub, type HubConfig } from '../create-hub.ts';
import { type HubDatabase, openDatabase } from '../db/open-database.ts';
import { seedHall } from '../seed.ts';
import { testHall } from './test-hall.ts';

/** A clock a test moves by hand. */
export function manualClock(start: number) {
  let now = start;
  return {
    now: () => now,
    set: (at: number) => {
      now = at;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** 2026-11-28 10:00 in Asia/Shanghai. */
export const HALL_MORNING = Date.UTC(2026, 10, 28, 2, 0, 0);

export const TEST_PASSWORD = 'correct horse battery';

/**
 * What a test hub runs with unless a test says otherwise: scrypt at 2^12 (production: 2^17, about 30× slower;
 * credentials.test.ts checks the production cost) and a login throttle wide enough for a test that signs in
 * twenty clerks from 127.0.0.1 (the throttle's own tests set their limits).
 */
export const TEST_PASSWORD_COST = { N: 2 ** 12, r: 8, p: 1 } as const;
export const TEST_LOGIN_THROTTLE = {
  maxRunning: 2,
  maxRunningAnonymous: 2,
  maxWaitingDevice: 64,
  maxWaitingAnonymous: 64,
  addressBurst: 1000,
  addressPerMinute: 1000,
  maxAddresses: 1000,
} as const;

export interface TestClient {
  readonly socket: Socket;
  call<C extends CommandName>(name: C, payload: CommandRequest<C>): Promise<Ack<CommandResponse<C>>>;
  /** Sends anything at all, for the malformed-message tests. */
  raw(event: string, ...args: unknown[]): Promise<unknown>;
  readonly updates: HallUpdate[];
  readonly snapshots: HallSnapshot[];
  nextSnapshot(): Promise<HallSnapshot>;
  waitForUpdate(predicate: (u: HallUpdate) => boolean): Promise<HallUpdate>;
  close(): void;
}

export interface TestHub {
  readonly hub: Hub;
  readonly db: HubDatabase;
  readonly url: string;
  /** The public listener's address, when the test configured one (config.publicListener). */
  readonly publicUrl: string | null;
  readonly clock: ReturnType<typeof manualClock>;
  readonly dir: string;
  addDevice(kind: DeviceKind, windowId?: string | null, zone?: string | null): { id: string; token: string };
  addUser(username: string, role: 'clerk' | 'guide' | 'supervisor' | 'admin'): Promise<void>;
  connect(auth?: { deviceToken?: string; sessionToken?: string }): Promise<TestClient>;
  /** A clerk signed in at a window, through the real login command. */
  clerkAt(windowId: string, username?: string): Promise<TestClient>;
  close(): Promise<void>;
}

export async function startTestHub(
  options: {
    hall?: HallConfig;
    start?: number;
    config?: Partial<HubConfig>;
    dir?: string;
    /** The hub's clock, when a test needs real time to pass (retries, timers); a manual clock by default. */
    clock?: () => number;
  } = {},
): Promise<TestHub> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'hallq-hub-'));
  const db = openDatabase(join(dir, 'hallq.db'));
  const clock = manualClock(options.start ?? HALL_MORNING);
  seedHall(db, options.hall ?? testHall());
  const hub = createHub({
    db,
    clock: options.clock ?? clock.now,
    logger: pino({ level: 'silent' }),
    identityKey: Buffer.alloc(32, 7),
    config: {
      host: '127.0.0.1',
      port: 0,
      tls: null,
      webApps: [],
      socket: DEFAULT_SOCKET_SETTINGS,
      tickMs: 0,
      backup: null,
      identityRetentionDays: 180,
      passwordCost: TEST_PASSWORD_COST,
      login: { throttle: TEST_LOGIN_THROTTLE },
      ...options.config,
    },
  });
  const { url, publicUrl } = await hub.listen();
  const clients: TestClient[] = [];
  const users = new Set<string>();

  const addUser = async (username: string, role: 'clerk' | 'guide' | 'supervisor' | 'admin') => {
    if (users.has(username)) return;
    users.add(username);
    await hub.accounts.addUser({
      username,
      displayName: username,
      staffNumber: String(users.size),
      password: TEST_PASSWORD,
      role,
      now: clock.now(),
    });
  };

  const connect = async (auth: { deviceToken?: string; sessionToken?: string } = {}): Promise<TestClient> => {
    const client = await connectClient(url, auth);
    clients.push(client);
    return client;
  };

  return {
    hub,
    db,
    url,
    publicUrl,
    clock,
    dir,
    addDevice(kind, windowId = null, zone = null) {
      const { device, token } = hub.accounts.addDevice({
        kind,
        name: `${kind}-test`,
        windowId,
        zone,
        now: clock.now(),
      });
      return { id: device.id, token };
    },
    addUser,
    connect,
    async clerkAt(windowId: string, username = `clerk-${windowId}`) {
      await addUser(username, 'clerk');
      const client = await connect();
      const login = await client.call('session:login', { username, password: TEST_PASSWORD, windowId });
      if (!login.ok) throw new Error(`login failed: ${login.error.message}`);
      await client.nextSnapshot();
      return client;
    },
    async close() {
      for (const c of clients) c.close();
      await hub.close();
      db.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A real socket.io client, with the hall stream recorded. `from`: the source address to connect from (any of
 * 127.0.0.0/8 on Linux), for tests of what the hub does per address.
 */
export function connectClient(
  url: string,
  auth: { deviceToken?: string; sessionToken?: string },
  from?: { localAddress: string },
): Promise<TestClient> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    // engine.io-client hands `localAddress` to the WebSocket in Node; its option type does not list it.
    ...(from ?? {}),
  });
  const updates: HallUpdate[] = [];
  const snapshots: HallSnapshot[] = [];
  const snapshotWaiters: ((s: HallSnapshot) => void)[] = [];
  const updateWaiters: { predicate: (u: HallUpdate) => boolean; resolve: (u: HallUpdate) => void }[] = [];
  socket.on('hall:snapshot', (s: HallSnapshot) => {
    snapshots.push(s);
    snapshotWaiters.shift()?.(s);
  });
  socket.on('hall:update', (u: HallUpdate) => {
    updates.push(u);
    for (const w of [...updateWaiters]) {
      if (w.predicate(u)) {
        updateWaiters.splice(updateWaiters.indexOf(w), 1);
        w.resolve(u);
      }
    }
  });
  let consumedSnapshots = 0;
  const client: TestClient = {
    socket,
    updates,
    snapshots,
    call: (name, payload) => socket.emitWithAck(name, payload),
    raw: (event, ...args) => socket.timeout(5000).emitWithAck(event, ...args),
    nextSnapshot() {
      const index = consumedSnapshots;
      consumedSnapshots += 1;
      const ready = snapshots[index];
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => snapshotWaiters.push(resolve));
    },
    waitForUpdate(predicate) {
      const seen = updates.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => updateWaiters.push({ predicate, resolve }));
    },
    close: () => socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error) => reject(error));
  });
}
