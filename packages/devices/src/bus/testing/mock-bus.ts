import { createSerialConnection, type SerialConnection } from '../../serial/index.ts';
import {
  createManualTimers,
  createMockSerialLink,
  type ManualTimers,
  type MockSerialLink,
} from '../../testing.ts';
import type { BusCodec } from '../bus-codec.ts';
import { type BusMaster, type BusMasterOptions, createBusMaster } from '../bus-master.ts';
import { type BusSimulator, createBusSimulator, type SimulatorEndpoint } from '../bus-simulator.ts';
import { hallqBusV1Codec } from '../hallq-bus-v1-codec.ts';

/**
 * Test bench: host side (serial connection + bus master) and device side (bus simulator) joined by a MockBinding
 * link, all time on manual timers. `until(promise)` advances the clock in small steps until the promise
 * settles, so tests wait for events, never for wall-clock time.
 */
export interface MockBus {
  readonly timers: ManualTimers;
  readonly link: MockSerialLink;
  readonly connection: SerialConnection;
  readonly bus: BusMaster;
  readonly simulator: BusSimulator;
  /** Host → device chunks pass through this; return false to drop one (a frame lost on the wire). */
  deliverToDevice: (chunk: Uint8Array) => boolean;
  /** Device → host writes pass through this; return false to drop one. */
  deliverToHost: (bytes: Uint8Array) => boolean;
  until<T>(promise: Promise<T>, options?: { stepMs?: number; maxMs?: number }): Promise<T>;
  close(): Promise<void>;
}

export async function createMockBus(
  options: {
    codec?: BusCodec;
    master?: Partial<Omit<BusMasterOptions, 'connection' | 'codec' | 'timers'>>;
  } = {},
): Promise<MockBus> {
  const codec = options.codec ?? hallqBusV1Codec;
  const timers = createManualTimers();
  const link = createMockSerialLink();
  const connection = createSerialConnection({
    path: link.path,
    baudRate: 9600,
    binding: link.binding,
    timers: timers.timers,
  });
  connection.start();
  await timers.flush();
  if (connection.status !== 'connected') throw new Error('mock link did not connect');
  const bus = createBusMaster({ connection, codec, timers: timers.timers, ...options.master });

  const filters = {
    toDevice: (_chunk: Uint8Array): boolean => true,
    toHost: (_bytes: Uint8Array): boolean => true,
  };
  const endpoint: SimulatorEndpoint = {
    write(bytes) {
      if (filters.toHost(bytes)) link.device.write(bytes);
    },
    onData(listener) {
      return link.device.onData((chunk) => {
        if (filters.toDevice(chunk)) listener(chunk);
      });
    },
  };
  const simulator = createBusSimulator({ endpoint, codec });

  return {
    timers,
    link,
    connection,
    bus,
    simulator,
    get deliverToDevice() {
      return filters.toDevice;
    },
    set deliverToDevice(filter) {
      filters.toDevice = filter;
    },
    get deliverToHost() {
      return filters.toHost;
    },
    set deliverToHost(filter) {
      filters.toHost = filter;
    },
    async until(promise, { stepMs = 10, maxMs = 10_000 } = {}) {
      let settled = false;
      promise.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      for (let waited = 0; !settled; waited += stepMs) {
        if (waited > maxMs) throw new Error(`nothing happened within ${maxMs} ms of simulated time`);
        await timers.advance(stepMs);
      }
      return promise;
    },
    async close() {
      bus.dispose();
      simulator.dispose();
      await connection.stop();
    },
  };
}
