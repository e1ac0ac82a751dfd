import { describe, expect, it } from 'vitest';
import { DeviceDisconnectedError, DeviceTimeoutError } from './errors.ts';
import { createRequestQueue } from './request-queue.ts';
import { createSerialConnection } from './serial-connection.ts';
import { createManualTimers } from './testing/manual-timers.ts';
import { createMockSerialLink } from './testing/mock-link.ts';

/** An echo-ish device: answers each single-byte request `n` with `n + 100`, unless told to stay silent. */
const setup = async () => {
  const link = createMockSerialLink();
  const clock = createManualTimers();
  const connection = createSerialConnection({
    path: link.path,
    baudRate: 9600,
    binding: link.binding,
    timers: clock.timers,
  });
  const queue = createRequestQueue<number>({ connection, timeoutMs: 500, timers: clock.timers });
  connection.onData((chunk) => {
    for (const byte of chunk) queue.deliver(byte);
  });
  const silent = new Set<number>();
  const seen: number[] = [];
  link.device.onData((chunk) => {
    for (const byte of chunk) {
      seen.push(byte);
      if (!silent.has(byte)) link.device.write(Uint8Array.of(byte + 100));
    }
  });
  connection.start();
  await clock.flush();
  return { link, clock, connection, queue, silent, seen };
};

/** Captures a rejection right away so it never counts as unhandled while the clock advances. */
const outcome = <T>(promise: Promise<T>): Promise<T | Error> =>
  promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));

const ask = (n: number) => ({
  bytes: Uint8Array.of(n),
  match: (r: number) => r === n + 100,
  operation: `ask ${n}`,
});

describe('createRequestQueue', () => {
  it('answers requests in order, one in flight at a time', async () => {
    const { clock, queue, seen, connection } = await setup();
    const answers = Promise.all([queue.request(ask(1)), queue.request(ask(2)), queue.request(ask(3))]);
    expect(queue.pending).toBe(3);
    await clock.flush();
    await expect(answers).resolves.toEqual([101, 102, 103]);
    expect(seen).toEqual([1, 2, 3]);
    expect(queue.pending).toBe(0);
    await connection.stop();
  });

  it('does not send the next command before the previous one is answered', async () => {
    const { clock, queue, seen, silent, connection } = await setup();
    silent.add(1);
    const first = outcome(queue.request(ask(1)));
    const second = queue.request(ask(2));
    await clock.flush();
    expect(seen).toEqual([1]);
    await clock.advance(500);
    expect(await first).toBeInstanceOf(DeviceTimeoutError);
    await expect(second).resolves.toBe(102);
    expect(seen).toEqual([1, 2]);
    await connection.stop();
  });

  it('times out with a typed error carrying the operation', async () => {
    const { clock, queue, silent, connection } = await setup();
    silent.add(5);
    const pending = outcome(queue.request({ ...ask(5), timeoutMs: 50 }));
    await clock.advance(49);
    expect(queue.pending).toBe(1);
    await clock.advance(1);
    expect(await pending).toMatchObject({ code: 'DEVICE_TIMEOUT', operation: 'ask 5', timeoutMs: 50 });
    await connection.stop();
  });

  it('ignores messages that do not match and reports them as unconsumed', async () => {
    const { clock, queue, silent, connection } = await setup();
    silent.add(7);
    const pending = queue.request(ask(7));
    await clock.flush();
    expect(queue.deliver(42)).toBe(false);
    expect(queue.deliver(107)).toBe(true);
    await expect(pending).resolves.toBe(107);
    expect(queue.deliver(107)).toBe(false);
    await connection.stop();
  });

  it('fails everything in flight and queued when the port is lost, and fails fast while disconnected', async () => {
    const { clock, link, queue, silent, connection } = await setup();
    silent.add(1);
    const first = outcome(queue.request(ask(1)));
    const second = outcome(queue.request(ask(2)));
    await clock.flush();
    link.unplug();
    await clock.flush();
    expect(await first).toBeInstanceOf(DeviceDisconnectedError);
    expect(await second).toBeInstanceOf(DeviceDisconnectedError);
    await expect(queue.request(ask(3))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    queue.dispose();
    await connection.stop();
  });
});
