import {
  type BusMaster,
  createBusMaster,
  createBusSimulator,
  createLedSignDriver,
  createLedSignSimulator,
  createSerialConnection,
  hallqBusV1Codec,
  type LedSignSimulator,
  type SerialConnection,
} from '@hallq/devices';
import {
  connectionEndpoint,
  createMockSerialLink,
  type SocatPair,
  startSocatPair,
} from '@hallq/devices/testing';
import type { HallSnapshot } from '@hallq/protocol';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/index.ts';
import {
  createSignBridge,
  parseSignBridgeFile,
  type SignBridge,
  type SignBridgeConfig,
  signContentFor,
  signStateOf,
} from './sign-bridge.ts';

const config: SignBridgeConfig = {
  signs: [
    { address: 11, windowId: 'w1' },
    { address: 13, windowId: 'w3' },
  ],
  pausedText: '暂停服务',
  idleText: '{n}号窗口',
  columns: 16,
  refreshMs: 0,
};
const logger = pino({ level: 'silent' });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const connected = (c: SerialConnection) =>
  new Promise<void>((resolve) => {
    if (c.status === 'connected') return resolve();
    const off = c.onStatus((s) => {
      if (s === 'connected') {
        off();
        resolve();
      }
    });
  });

/** Host: serial connection → bus master → LED sign driver; device: the sign simulator. */
async function mockBench(): Promise<{ bus: BusMaster; signs: LedSignSimulator }> {
  const link = createMockSerialLink();
  const host = createSerialConnection({ path: link.path, baudRate: 9600, binding: link.binding });
  host.start();
  await connected(host);
  const bus = createBusMaster({ connection: host, codec: hallqBusV1Codec });
  const simulator = createBusSimulator({ endpoint: link.device, codec: hallqBusV1Codec });
  const signs = createLedSignSimulator({ bus: simulator, addresses: [11, 13] });
  cleanups.push(async () => {
    bus.dispose();
    simulator.dispose();
    await host.stop();
  });
  return { bus, signs };
}

async function ptyBench(): Promise<{ bus: BusMaster; signs: LedSignSimulator }> {
  const pair: SocatPair = await startSocatPair();
  const host = createSerialConnection({ path: pair.pathA, baudRate: 9600 });
  const device = createSerialConnection({ path: pair.pathB, baudRate: 9600 });
  host.start();
  device.start();
  await Promise.all([connected(host), connected(device)]);
  const bus = createBusMaster({ connection: host, codec: hallqBusV1Codec, responseTimeoutMs: 500 });
  const simulator = createBusSimulator({ endpoint: connectionEndpoint(device), codec: hallqBusV1Codec });
  const signs = createLedSignSimulator({ bus: simulator, addresses: [11, 13] });
  cleanups.push(async () => {
    bus.dispose();
    simulator.dispose();
    await host.stop();
    await device.stop();
    await pair.close();
  });
  return { bus, signs };
}

/** A real hub; the bridge follows a clerk's hall stream (the same updates `createHub` hands it). */
async function hubWithBridge(bus: BusMaster): Promise<{ hall: TestHub; bridge: SignBridge }> {
  const hall = await startTestHub();
  cleanups.push(() => hall.close());
  const sign = createLedSignDriver({ bus, addresses: [11, 13] });
  const bridge = createSignBridge({ sign, config, logger });
  cleanups.push(() => bridge.close());
  bridge.start(hall.hub.hall.snapshot([]));
  return { hall, bridge };
}

async function followThrough(hall: TestHub, bridge: SignBridge) {
  const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
  const clerk = await hall.clerkAt('w3');
  for (const u of clerk.updates) bridge.onUpdate(u);
  clerk.socket.on('hall:update', (u) => bridge.onUpdate(u));
  return { kiosk, clerk };
}

describe('sign content (pure)', () => {
  const snapshot = async (): Promise<HallSnapshot> => {
    const hall = await startTestHub();
    cleanups.push(() => hall.close());
    return hall.hub.hall.snapshot([]);
  };

  it('says 暂停服务 with nobody signed in, the idle text when open, and scrolls what does not fit', async () => {
    const state = signStateOf(await snapshot());
    expect(signContentFor(state, 'w1', config)).toEqual({ text: '暂停服务', effect: 'static' });
    const open = {
      ...state,
      windows: new Map(state.windows).set('w1', {
        ...state.windows.get('w1')!,
        clerkId: 'u1',
        status: 'open' as const,
      }),
    };
    expect(signContentFor(open, 'w1', config)).toEqual({ text: '1号窗口', effect: 'static' });
    expect(signContentFor(open, 'w1', { ...config, idleText: '{n}号窗口 欢迎您前来办理' }).effect).toBe(
      'scroll',
    );
  });

  it('reads a configuration file, with defaults and named problems', () => {
    expect(parseSignBridgeFile({ path: '/dev/ttyUSB0', signs: [{ address: 11, windowId: 'w1' }] })).toEqual({
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      signs: [{ address: 11, windowId: 'w1' }],
      pausedText: '暂停服务',
      idleText: '{n}号窗口',
      columns: 16,
      refreshMs: 60_000,
    });
    expect(() => parseSignBridgeFile({ signs: [{ address: 300 }] })).toThrow(
      /path: .*signs\.0\.address: 1\.\.247; signs\.0\.windowId/,
    );
  });
});

describe('sign bridge on MockBinding with the LED sign simulator', () => {
  it('shows A001 请到3号窗口 on a call, 暂停服务 on pause, the idle text after finishing', async () => {
    const { bus, signs } = await mockBench();
    const { hall, bridge } = await hubWithBridge(bus);
    await bridge.idle();
    expect([signs.textOf(11), signs.textOf(13)]).toEqual(['暂停服务', '暂停服务']);
    const { kiosk, clerk } = await followThrough(hall, bridge);
    await bridge.idle();
    expect(signs.textOf(13)).toBe('3号窗口');
    await kiosk.call('ticket:issue', { requestId: 'req-000001', serviceId: 'svc-1', identity: null });
    await clerk.call('window:call-next', { windowId: 'w3' });
    await clerk.waitForUpdate((u) => u.change.type === 'ticket:called');
    await bridge.idle();
    expect(signs.contentOf(13)).toMatchObject({ text: 'A001 请到3号窗口', effect: 'static' });
    expect(signs.textOf(11)).toBe('暂停服务');
    await clerk.call('window:finish', { windowId: 'w3' });
    await clerk.waitForUpdate((u) => u.change.type === 'ticket:finished');
    await bridge.idle();
    expect(signs.textOf(13)).toBe('3号窗口');
    await clerk.call('window:pause', { windowId: 'w3', reason: 'break', note: '' });
    await clerk.waitForUpdate((u) => u.change.type === 'window:paused');
    await bridge.idle();
    expect(signs.textOf(13)).toBe('暂停服务');
    expect(bridge.shown().get(13)).toBe('暂停服务');
  });

  it('sends only the newest text to a sign after a burst, and goes on past a sign that fails', async () => {
    const hall = await startTestHub();
    cleanups.push(() => hall.close());
    const before = hall.hub.hall.snapshot([]);
    const { kiosk, clerk } = await followThrough(
      hall,
      createSignBridge({ sign: { show: async () => {} }, config, logger }),
    );
    for (let i = 0; i < 3; i += 1) {
      await kiosk.call('ticket:issue', { requestId: `req-burst-${i}`, serviceId: 'svc-1', identity: null });
      await clerk.call('window:call-next', { windowId: 'w3' });
      if (i < 2) await clerk.call('window:finish', { windowId: 'w3' });
    }
    await clerk.waitForUpdate((u) => u.change.type === 'ticket:called' && u.change.ticket.number === 'A003');
    // A sign driver whose answers the test releases by hand; sign 11 never answers well.
    const sent: string[] = [];
    const pending: (() => void)[] = [];
    const bridge = createSignBridge({
      sign: {
        show: (address, text) => {
          sent.push(`${address}:${text}`);
          if (address === 11) return Promise.reject(new Error('timeout'));
          return new Promise<void>((resolve) => pending.push(resolve));
        },
      },
      config,
      logger,
    });
    cleanups.push(() => bridge.close());
    bridge.start(before);
    for (const u of clerk.updates) bridge.onUpdate(u);
    expect(sent).toEqual(['11:暂停服务', '13:暂停服务']);
    pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    // Everything in between (3号窗口, A001…, A002…) was superseded while the first show was on the wire.
    expect(sent).toEqual(['11:暂停服务', '13:暂停服务', '13:A003 请到3号窗口']);
    pending.shift()!();
    await bridge.idle();
    expect(bridge.shown().get(13)).toBe('A003 请到3号窗口');
    expect(bridge.shown().has(11)).toBe(false);
  });
});

describe('sign bridge through a socat pty pair', () => {
  it('shows the call on the simulated sign at the other end of a real serial line', async () => {
    const { bus, signs } = await ptyBench();
    const { hall, bridge } = await hubWithBridge(bus);
    const { kiosk, clerk } = await followThrough(hall, bridge);
    await kiosk.call('ticket:issue', { requestId: 'req-pty-0001', serviceId: 'svc-1', identity: null });
    await clerk.call('window:call-next', { windowId: 'w3' });
    await clerk.waitForUpdate((u) => u.change.type === 'ticket:called');
    await bridge.idle();
    expect(signs.textOf(13)).toBe('A001 请到3号窗口');
    expect(signs.textOf(11)).toBe('暂停服务');
  });
});
