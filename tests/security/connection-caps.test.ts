/**
 * Connection caps against the real hub process under a 1,024-descriptor limit (as on a default Linux install):
 * a thousand anonymous sockets from a hundred addresses, then a lobby display and /healthz. On the old hub every
 * anonymous socket was accepted and held, the process ran out of descriptors, and the lobby and /healthz went
 * down. Now the hub holds at most its anonymous cap, closes the rest at once, says its limit at start, and the
 * descriptors kept for devices let the lobby in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { socketSettingsWith, startTestHub, TEST_PASSWORD, testHall } from '@hallq/hub/testing';
import { PROTOCOL_VERSION } from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { connectAdmin } from '../../apps/admin/src/admin-connection.ts';
import { REPO_ROOT } from '../support/browser.ts';
import { HUB_FROM_SOURCE, prepareHallDir } from '../support/hub-process.ts';

const ANONYMOUS_SOCKETS = 1000;
const ADDRESSES = 100;

let hub: ChildProcess | null = null;
let dir: string | null = null;
const sockets: Socket[] = [];

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  if (hub && hub.exitCode === null) {
    const exited = new Promise((resolve) => hub!.once('exit', resolve));
    hub.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The hub under `prlimit --nofile=1024:1024`, with demo devices; resolves its URL, the lobby token and its log. */
function startLimitedHub(): Promise<{ url: string; lobbyToken: string; output: () => string }> {
  const hall = prepareHallDir(testHall({ services: 2, windows: 2 }));
  dir = hall.dir;
  hub = spawn(
    'prlimit',
    [
      '--nofile=1024:1024',
      process.execPath,
      ...HUB_FROM_SOURCE,
      '--data',
      hall.dir,
      '--hall',
      hall.hallFile,
      '--port',
      '0',
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, HALLQ_LOG_LEVEL: 'info', HALLQ_DEMO: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /HallQ hub is running: (\S+)/.exec(output)?.[1];
      const lobbyToken = /\/lobby\/#token=([A-Za-z0-9_-]+)/.exec(output)?.[1];
      if (url && lobbyToken) resolve({ url, lobbyToken, output: () => output });
    };
    hub!.stdout?.on('data', onData);
    hub!.stderr?.on('data', onData);
    hub!.once('exit', (code) => reject(new Error(`hub exited (${code}) before listening:\n${output}`)));
  });
}

type Outcome = 'held' | 'refused' | 'handshake-refused';

function anonymousFrom(url: string, localAddress: string): Promise<Outcome> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
    localAddress,
  } as Parameters<typeof io>[1]);
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('held'));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
      resolve(error.data?.code === 'TOO_MANY_CONNECTIONS' ? 'refused' : 'handshake-refused'),
    );
  });
}

describe('connection caps under a 1,024-descriptor limit', () => {
  it('a thousand anonymous sockets do not keep a lobby out, and /healthz answers', async () => {
    const { url, lobbyToken, output } = await startLimitedHub();
    expect(output()).toContain('open-file limit 1024');

    const outcomes: Outcome[] = [];
    const perAddress = ANONYMOUS_SOCKETS / ADDRESSES;
    // In waves of one socket per address, so every address takes part before any reaches its own cap.
    for (let wave = 0; wave < perAddress; wave += 1) {
      const opened = await Promise.all(
        Array.from({ length: ADDRESSES }, (_, i) => anonymousFrom(url, `127.0.1.${i + 1}`)),
      );
      outcomes.push(...opened);
    }
    const heldNow = sockets.filter((s) => s.connected).length;
    const count = (o: Outcome) => outcomes.filter((x) => x === o).length;

    const lobby = io(url, {
      auth: { protocolVersion: PROTOCOL_VERSION, deviceToken: lobbyToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 20_000,
    });
    sockets.push(lobby);
    const snapshot = await new Promise<unknown>((resolve, reject) => {
      lobby.once('hall:snapshot', resolve);
      lobby.once('connect_error', reject);
    });
    const heldWhileLobbyConnected = sockets.filter((s) => s !== lobby && s.connected).length;
    const health = await fetch(`${url}/healthz`);
    console.log(
      `connection caps: ${ANONYMOUS_SOCKETS} anonymous sockets from ${ADDRESSES} addresses: ${count('held')} accepted, ` +
        `${count('refused')} refused (TOO_MANY_CONNECTIONS), ${count('handshake-refused')} refused at the handshake; ` +
        `${heldNow} held at the end, ${heldWhileLobbyConnected} held while the lobby connected; /healthz ${health.status}`,
    );
    expect(snapshot).toMatchObject({ viewer: { kind: 'lobby' } });
    expect(health.status).toBe(200);
    expect(heldWhileLobbyConnected).toBeGreaterThan(0);
    expect(heldWhileLobbyConnected).toBeLessThanOrEqual(128);
    expect(count('held') + count('refused') + count('handshake-refused')).toBe(ANONYMOUS_SOCKETS);
  });
});

describe('the admin console after the sign-in grace', () => {
  it('opens its connection again when the hub closed it before anyone signed in', async () => {
    const th = await startTestHub({ config: { socket: socketSettingsWith({ anonymousGraceMs: 300 }) } });
    try {
      await th.addUser('grace-admin', 'admin');
      const admin = connectAdmin(th.url, null);
      // Nobody signs in for a while: the hub ends the anonymous connection.
      const idle = await th.connect();
      await new Promise<void>((resolve) => idle.socket.once('disconnect', () => resolve()));
      // The console's connection opened first, so it was closed first: the hub holds no socket now.
      expect(th.hub.io.sockets.sockets.size).toBe(0);
      const answer = await admin.command('session:login', {
        username: 'grace-admin',
        password: TEST_PASSWORD,
        windowId: null,
      });
      expect(answer).toMatchObject({ ok: true });
      admin.close();
    } finally {
      await th.close();
    }
  });
});
