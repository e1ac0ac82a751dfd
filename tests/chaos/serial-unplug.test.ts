/**
 * Hot-unplug, over and over: the ID card reader and the caller keypad bus on real pseudo-terminals (socat), each
 * unplugged (socat killed) and replugged 100 times while in use — a card on the reader or the keypad being polled
 * — and after every replug the production driver must be connected again and working (a card read, a key press
 * seen through the poll loop). No socat process and no file descriptor may be left behind.
 * HALLQ_SERIAL_CYCLES sets the count (100 by default, in CI too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  createBusMaster,
  createBusSimulator,
  createCallerKeypadDriver,
  createCallerKeypadSimulator,
  createGa467Reader,
  createSerialConnection,
  hallqBusV1Codec,
  IdCardReaderProfile,
  type KeypadKeyEvent,
  type SerialConnection,
  type SerialStatus,
} from '@hallq/devices';
import {
  connectionEndpoint,
  createIdReaderSimulator,
  residentCard,
  type SocatPair,
  simulatedCard,
  startSocatPair,
} from '@hallq/devices/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { countFromEnv } from './support/seeded-random.ts';

const CYCLES = countFromEnv('HALLQ_SERIAL_CYCLES', 100);
const EVENT_TIMEOUT_MS = 20_000;
const backoff = { initialDelayMs: 20, maxDelayMs: 200, factor: 2 };
const presenceCheck = { intervalMs: 50 };

function within<T>(what: string, register: (done: (value: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unsubscribe: () => void = () => {};
    const timeout = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, EVENT_TIMEOUT_MS);
    unsubscribe = register((value) => {
      clearTimeout(timeout);
      unsubscribe();
      resolve(value);
    });
  });
}

const statusOf = (connection: SerialConnection, wanted: SerialStatus): Promise<void> =>
  connection.status === wanted
    ? Promise.resolve()
    : within<void>(`connection ${wanted}`, (done) =>
        connection.onStatus((status) => {
          if (status === wanted) done();
        }),
      );

/** socat processes this test process started and that are still alive. */
function socatChildren(): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (comm === 'socat' && ppid === process.pid) count += 1;
    } catch {
      // The process ended while we looked: not a leak.
    }
  }
  return count;
}

const openFds = (): number => readdirSync('/proc/self/fd').length;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe(`serial devices unplugged and replugged ${CYCLES} times while in use`, () => {
  it('the ID card reader recovers every time and reads the next card; no socat or fd left behind', {
    timeout: 60_000 + CYCLES * 3_000,
  }, async () => {
    const pair: SocatPair = await startSocatPair();
    cleanups.push(() => pair.close());
    const device = createSerialConnection({ path: pair.pathB, baudRate: 115200, backoff, presenceCheck });
    cleanups.push(() => device.stop());
    const simulator = createIdReaderSimulator({ endpoint: connectionEndpoint(device) });
    const reader = createGa467Reader({
      profile: IdCardReaderProfile.parse({
        id: 'chaos-reader',
        kind: 'id-card-reader',
        vendor: 'test',
        model: 'simulator',
        description: 'simulator behind a socat pty pair',
        protocol: 'ga467-sam',
        baudRate: 115200,
        autoBaud: false,
        supportsFingerprint: false,
        pollIntervalMs: 100,
        responseTimeoutMs: 1000,
      }),
      path: pair.pathA,
      now: () => new Date('2025-06-01T02:00:00Z'),
      backoff,
      presenceCheck,
      handshakeRetryMs: 100,
    });
    cleanups.push(() => reader.stop());
    const readerIs = (wanted: SerialStatus) =>
      reader.status === wanted
        ? Promise.resolve()
        : within<void>(`reader ${wanted}`, (done) =>
            reader.on('reader:status', (status) => {
              if (status === wanted) done();
            }),
          );
    device.start();
    reader.start();
    await readerIs('connected');
    const fdsAtStart = openFds();
    let reads = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      // In use: a card lies on the reader as the cable is pulled.
      simulator.placeCard(simulatedCard(residentCard()));
      const lost = readerIs('disconnected');
      await pair.unplug();
      await lost;
      simulator.removeCard();
      await pair.replug();
      await readerIs('connected');
      const read = within('a card after replug', (done) => reader.on('card:read', done));
      simulator.placeCard(simulatedCard(residentCard()));
      expect(await read).toMatchObject({ idNumber: '11010519491231002X' });
      simulator.removeCard();
      reads += 1;
      expect(socatChildren(), `cycle ${cycle}: socat processes`).toBe(1);
    }
    expect(reads).toBe(CYCLES);
    // Descriptors: the same few as after the first connection (a pty, socat's stderr pipe), not one per cycle.
    expect(openFds() - fdsAtStart).toBeLessThanOrEqual(4);
    await pair.close();
    expect(socatChildren()).toBe(0);
  });

  it('the caller keypad bus recovers every time and its poll sees the next key; no socat or fd left behind', {
    timeout: 60_000 + CYCLES * 3_000,
  }, async () => {
    const pair: SocatPair = await startSocatPair();
    cleanups.push(() => pair.close());
    const host = createSerialConnection({ path: pair.pathA, baudRate: 9600, backoff, presenceCheck });
    const device = createSerialConnection({ path: pair.pathB, baudRate: 9600, backoff, presenceCheck });
    cleanups.push(() => host.stop());
    cleanups.push(() => device.stop());
    host.start();
    device.start();
    await Promise.all([statusOf(host, 'connected'), statusOf(device, 'connected')]);
    const bus = createBusMaster({ connection: host, codec: hallqBusV1Codec, responseTimeoutMs: 300 });
    const simulator = createBusSimulator({ endpoint: connectionEndpoint(device), codec: hallqBusV1Codec });
    cleanups.push(() => bus.dispose());
    cleanups.push(() => simulator.dispose());
    const keypads = createCallerKeypadSimulator({ bus: simulator, addresses: [1] });
    const driver = createCallerKeypadDriver({ bus, addresses: [1], pollIntervalMs: 20 });
    cleanups.push(() => driver.stop());
    const unitEvents: string[] = [];
    driver.onUnitStatus((e) =>
      unitEvents.push(`${e.online ? 'online' : 'offline'}(${e.cause?.message ?? ''})`),
    );
    driver.start();
    const nextKey = () => within<KeypadKeyEvent>('a key press', (done) => driver.onKey(done));
    const first = nextKey();
    keypads.press(1, 'call');
    expect(await first).toMatchObject({ address: 1, key: 'call' });
    const fdsAtStart = openFds();
    const keys: string[] = ['call', 'recall', 'no-show'];
    let seen = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      // In use: the driver polls every 20 ms while the cable is pulled.
      const lost = statusOf(host, 'disconnected');
      const deviceLost = statusOf(device, 'disconnected');
      await pair.unplug();
      await lost;
      await deviceLost.catch((error: unknown) => {
        throw new Error(`cycle ${cycle}: the simulator's end: ${String(error)}`);
      });
      await pair.replug();
      await Promise.all([statusOf(host, 'connected'), statusOf(device, 'connected')]);
      const key = keys[cycle % keys.length]!;
      const pressed = nextKey();
      keypads.press(1, key as 'call');
      const got = await pressed.catch((error: unknown) => {
        throw new Error(
          `cycle ${cycle}: ${String(error)}; keypad still holds [${keypads.pendingKeys(1).join(', ')}], ` +
            `host ${host.status}, device ${device.status}, unit events ${unitEvents.slice(-4).join(' ')}`,
        );
      });
      expect(got).toMatchObject({ address: 1, key });
      seen += 1;
      expect(socatChildren(), `cycle ${cycle}: socat processes`).toBe(1);
    }
    expect(seen).toBe(CYCLES);
    expect(openFds() - fdsAtStart).toBeLessThanOrEqual(4);
    await pair.close();
    expect(socatChildren()).toBe(0);
  });
});
