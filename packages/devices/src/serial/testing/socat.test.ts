import { afterEach, describe, expect, it } from 'vitest';
import { createSerialConnection, type SerialConnection, type SerialStatus } from '../serial-connection.ts';
import { type SocatPair, startSocatPair } from './socat.ts';

const EVENT_TIMEOUT_MS = 15_000;

/** Resolves when the connection reaches `wanted`, re-checking on every status change. Never sleeps. */
const statusBecomes = (connection: SerialConnection, wanted: SerialStatus): Promise<void> =>
  new Promise((resolve, reject) => {
    if (connection.status === wanted) {
      resolve();
      return;
    }
    const timeout = setTimeout(() => {
      off();
      reject(new Error(`${connection.path} did not become ${wanted}`));
    }, EVENT_TIMEOUT_MS);
    const off = connection.onStatus((status) => {
      if (status !== wanted) return;
      clearTimeout(timeout);
      off();
      resolve();
    });
  });

const bytesArrive = (connection: SerialConnection, count: number): Promise<number[]> =>
  new Promise((resolve, reject) => {
    const received: number[] = [];
    const timeout = setTimeout(() => {
      off();
      reject(new Error(`only ${received.length} of ${count} bytes arrived`));
    }, EVENT_TIMEOUT_MS);
    const off = connection.onData((chunk) => {
      received.push(...chunk);
      if (received.length < count) return;
      clearTimeout(timeout);
      off();
      resolve(received);
    });
  });

describe('socat pty pair', () => {
  let pair: SocatPair | undefined;
  const connections: SerialConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.stop()));
    await pair?.close();
  });

  it('carries bytes, and a connection survives unplug/replug by itself', { timeout: 60_000 }, async () => {
    pair = await startSocatPair();
    const backoff = { initialDelayMs: 20, maxDelayMs: 200, factor: 2 };
    const presenceCheck = { intervalMs: 100 };
    const host = createSerialConnection({ path: pair.pathA, baudRate: 115200, backoff, presenceCheck });
    const device = createSerialConnection({ path: pair.pathB, baudRate: 115200, backoff, presenceCheck });
    connections.push(host, device);
    host.start();
    device.start();
    await Promise.all([statusBecomes(host, 'connected'), statusBecomes(device, 'connected')]);

    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const arrived = bytesArrive(device, 256);
    await host.write(all);
    expect(await arrived).toEqual([...all]);

    await pair.unplug();
    await Promise.all([statusBecomes(host, 'disconnected'), statusBecomes(device, 'disconnected')]);
    await pair.replug();
    await Promise.all([statusBecomes(host, 'connected'), statusBecomes(device, 'connected')]);

    const back = bytesArrive(host, 3);
    await device.write(Uint8Array.of(0xaa, 0x0a, 0x55));
    expect(await back).toEqual([0xaa, 0x0a, 0x55]);
  });
});
