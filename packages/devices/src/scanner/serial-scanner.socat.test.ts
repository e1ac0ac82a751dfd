import { afterEach, describe, expect, it } from 'vitest';
import { BarcodeScannerProfile } from '../profiles/profile-schema.ts';
import { createSerialConnection, type SerialConnection } from '../serial/index.ts';
import { connectionEndpoint } from '../serial/testing/device-endpoint.ts';
import { type SocatPair, startSocatPair } from '../serial/testing/socat.ts';
import type { ScanGarbled } from './barcode-scanner.ts';
import { createSerialScanner, framingOf, type SerialScanner } from './serial-scanner.ts';
import { createScannerSimulator } from './simulator/scanner-simulator.ts';

/** Generous: this waits for events, it never sleeps, and a loaded 2-core machine can be slow. */
const EVENT_TIMEOUT_MS = 20_000;

const waitFor = <T>(what: string, register: (done: (value: T) => void) => () => void): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timeout = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, EVENT_TIMEOUT_MS);
    const off = register((value) => {
      clearTimeout(timeout);
      off();
      resolve(value);
    });
  });

const profile = BarcodeScannerProfile.parse({
  id: 'socat-scanner',
  kind: 'barcode-scanner',
  vendor: 'test',
  model: 'simulator',
  description: 'simulated scanner behind a socat pty pair',
  interface: 'serial',
  baudRate: 9600,
  prefix: ']Q',
  suffix: 'CRLF',
  maxLength: 128,
  frameTimeoutMs: 500,
  maxKeyIntervalMs: 35,
  minLength: 4,
});

describe('serial scanner through a real socat pty pair', () => {
  let pair: SocatPair | undefined;
  let scanner: SerialScanner | undefined;
  let device: SerialConnection | undefined;
  afterEach(async () => {
    await scanner?.stop();
    await device?.stop();
    await pair?.close();
  });

  it('reads scans with a prefix and CR LF, survives garbage, and resumes after unplug and replug', {
    timeout: 90_000,
  }, async () => {
    pair = await startSocatPair();
    const backoff = { initialDelayMs: 50, maxDelayMs: 500, factor: 2 };
    const presenceCheck = { intervalMs: 100 };
    device = createSerialConnection({ path: pair.pathB, baudRate: 9600, backoff, presenceCheck });
    const simulator = createScannerSimulator({
      endpoint: connectionEndpoint(device),
      framing: framingOf(profile),
    });
    scanner = createSerialScanner({ profile, path: pair.pathA, backoff, presenceCheck });
    const s = scanner;
    const connected = (): Promise<void> =>
      s.status === 'connected'
        ? Promise.resolve()
        : waitFor<void>('connected', (done) => s.on('scanner:status', (st) => st === 'connected' && done()));
    const nextScan = (): Promise<string> => waitFor('a scan', (done) => s.on('scan:read', done));
    const nextGarbled = (): Promise<ScanGarbled> => waitFor('garbled', (done) => s.on('scan:garbled', done));

    device.start();
    scanner.start();
    await connected();
    const d = device;
    if (d.status !== 'connected')
      await waitFor<void>('device end', (done) => d.onStatus((st) => st === 'connected' && done()));

    const first = nextScan();
    simulator.scan('K7M2PX9Q');
    expect(await first).toBe('K7M2PX9Q');

    const garbled = nextGarbled();
    simulator.sendRaw(new TextEncoder().encode('NOPREFIX\r\n'));
    expect((await garbled).reason).toBe('missing-prefix');

    const second = nextScan();
    simulator.scan('https://hall.example/appointment?code=ABCD2345', { chunkSize: 5 });
    expect(await second).toBe('https://hall.example/appointment?code=ABCD2345');

    const lost = waitFor<void>('disconnected', (done) =>
      s.on('scanner:status', (st) => st === 'disconnected' && done()),
    );
    await pair.unplug();
    await lost;
    await pair.replug();
    await connected();
    const third = nextScan();
    // The device end reconnects on its own back-off; keep scanning until a read gets through.
    const retry = setInterval(() => simulator.scan('AFTER234'), 200);
    try {
      expect(await third).toBe('AFTER234');
    } finally {
      clearInterval(retry);
    }
  });
});
