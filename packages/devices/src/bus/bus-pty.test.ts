import { afterEach, describe, expect, it } from 'vitest';
import { createSerialConnection, type SerialConnection } from '../serial/index.ts';
import { connectionEndpoint, type SocatPair, startSocatPair } from '../testing.ts';
import { type BusMaster, createBusMaster } from './bus-master.ts';
import { type BusSimulator, createBusSimulator } from './bus-simulator.ts';
import type { KeypadKeyEvent } from './capabilities.ts';
import { hallqBusV1Codec } from './hallq-bus-v1-codec.ts';
import { createCallerKeypadDriver } from './keypad/caller-keypad-driver.ts';
import { createCallerKeypadSimulator } from './keypad/caller-keypad-simulator.ts';
import { createLedSignDriver } from './led-sign/led-sign-driver.ts';
import { createLedSignSimulator } from './led-sign/led-sign-simulator.ts';

/**
 * Integration over real pseudo-terminals: the production serial layer and driver on one end of a socat pair,
 * the device simulator on the other. Real time passes here (ptys are real I/O); the tests wait for events.
 */
interface PtyBench {
  readonly pair: SocatPair;
  readonly host: SerialConnection;
  readonly device: SerialConnection;
  readonly bus: BusMaster;
  readonly simulator: BusSimulator;
}

let bench: PtyBench | undefined;
afterEach(async () => {
  if (!bench) return;
  bench.bus.dispose();
  bench.simulator.dispose();
  await bench.host.stop();
  await bench.device.stop();
  await bench.pair.close();
  bench = undefined;
});

const connected = (connection: SerialConnection): Promise<void> =>
  new Promise((resolve) => {
    if (connection.status === 'connected') {
      resolve();
      return;
    }
    const unsubscribe = connection.onStatus((status) => {
      if (status !== 'connected') return;
      unsubscribe();
      resolve();
    });
  });

async function startPtyBench(): Promise<PtyBench> {
  const pair = await startSocatPair();
  const host = createSerialConnection({ path: pair.pathA, baudRate: 9600 });
  const device = createSerialConnection({ path: pair.pathB, baudRate: 9600 });
  host.start();
  device.start();
  await Promise.all([connected(host), connected(device)]);
  const bus = createBusMaster({ connection: host, codec: hallqBusV1Codec, responseTimeoutMs: 500 });
  const simulator = createBusSimulator({ endpoint: connectionEndpoint(device), codec: hallqBusV1Codec });
  bench = { pair, host, device, bus, simulator };
  return bench;
}

describe('HallQ bus v1 over a socat pty pair', () => {
  it('keypad: press call → driver event → host shows the display → the simulator shows it', async () => {
    const { bus, simulator } = await startPtyBench();
    const keypads = createCallerKeypadSimulator({ bus: simulator, addresses: [1, 2] });
    const driver = createCallerKeypadDriver({ bus, addresses: [1, 2], pollIntervalMs: 20 });
    const key = new Promise<KeypadKeyEvent>((resolve) => driver.onKey(resolve));
    const displayed = new Promise<readonly string[]>((resolve) =>
      keypads.onDisplay((event) => event.address === 2 && resolve(event.lines)),
    );
    driver.start();
    try {
      keypads.press(2, 'call');
      const event = await key;
      expect(event).toEqual({ address: 2, key: 'call' });
      await driver.showDisplay(event.address, ['A001 服务中', '等候 5 人']);
      expect(await displayed).toEqual(['A001 服务中', '等候 5 人']);
      expect(keypads.displayOf(2)).toEqual(['A001 服务中', '等候 5 人']);
      expect(simulator.frameErrors).toEqual([]);
    } finally {
      driver.stop();
    }
  });

  it('LED sign: show acknowledged text, then the idle text by broadcast', async () => {
    const { bus, simulator } = await startPtyBench();
    const signs = createLedSignSimulator({ bus: simulator, addresses: [11, 12] });
    const driver = createLedSignDriver({ bus, addresses: [11, 12] });
    await driver.show(11, 'A001 请到3号窗口', { effect: 'scroll', brightness: 12 });
    expect(signs.contentOf(11)).toEqual({ text: 'A001 请到3号窗口', effect: 'scroll', brightness: 12 });
    const bothIdle = new Promise<void>((resolve) => {
      const seen = new Set<number>();
      signs.onShow(({ address }) => {
        seen.add(address);
        if (seen.size === 2) resolve();
      });
    });
    await driver.show(0, '暂停服务');
    await bothIdle;
    expect([signs.textOf(11), signs.textOf(12)]).toEqual(['暂停服务', '暂停服务']);
  });
});
