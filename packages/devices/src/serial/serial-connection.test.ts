import { describe, expect, it } from 'vitest';
import { DeviceDisconnectedError } from './errors.ts';
import { createSerialConnection, type SerialStatus } from './serial-connection.ts';
import { createManualTimers } from './testing/manual-timers.ts';
import { createMockSerialLink } from './testing/mock-link.ts';

const setup = () => {
  const link = createMockSerialLink();
  const clock = createManualTimers();
  const connection = createSerialConnection({
    path: link.path,
    baudRate: 115200,
    binding: link.binding,
    timers: clock.timers,
    backoff: { initialDelayMs: 100, maxDelayMs: 400, factor: 2 },
  });
  const statuses: SerialStatus[] = [];
  connection.onStatus((status) => statuses.push(status));
  const received: number[] = [];
  connection.onData((chunk) => received.push(...chunk));
  const toDevice: number[] = [];
  link.device.onData((chunk) => toDevice.push(...chunk));
  return { link, clock, connection, statuses, received, toDevice };
};

describe('createSerialConnection', () => {
  it('opens, carries bytes both ways and closes', async () => {
    const { link, clock, connection, statuses, received, toDevice } = setup();
    connection.start();
    await clock.flush();
    expect(connection.status).toBe('connected');
    expect(link.hostBaudRate).toBe(115200);
    await connection.write(Uint8Array.of(1, 2, 3));
    expect(toDevice).toEqual([1, 2, 3]);
    link.device.write(Uint8Array.of(9, 8));
    await clock.flush();
    expect(received).toEqual([9, 8]);
    await connection.stop();
    expect(statuses).toEqual(['connected', 'disconnected']);
  });

  it('rejects writes with DeviceDisconnectedError while disconnected', async () => {
    const { connection } = setup();
    await expect(connection.write(Uint8Array.of(1))).rejects.toBeInstanceOf(DeviceDisconnectedError);
    await expect(connection.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('keeps retrying with capped back-off after an unplug and resumes by itself', async () => {
    const { link, clock, connection, statuses, received } = setup();
    connection.start();
    await clock.flush();
    link.unplug();
    await clock.flush();
    expect(connection.status).toBe('disconnected');
    expect(statuses).toEqual(['connected', 'disconnected']);
    // Retries at +100, +200, +400, +400 … all fail while unplugged.
    await clock.advance(100 + 200 + 400 + 400);
    expect(connection.status).toBe('disconnected');
    expect(clock.pending).toBe(1);
    link.replug();
    await clock.advance(399);
    expect(connection.status).toBe('disconnected');
    await clock.advance(1);
    expect(connection.status).toBe('connected');
    expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
    link.device.write(Uint8Array.of(7));
    await clock.flush();
    expect(received).toEqual([7]);
    // The back-off starts again from the initial delay after a success.
    link.unplug();
    link.replug();
    await clock.advance(100);
    expect(connection.status).toBe('connected');
    await connection.stop();
  });

  it('retries a first open that fails, and stop() cancels retrying', async () => {
    const { link, clock, connection } = setup();
    link.unplug();
    connection.start();
    await clock.advance(1000);
    expect(connection.status).toBe('disconnected');
    await connection.stop();
    expect(clock.pending).toBe(0);
    link.replug();
    await clock.advance(10_000);
    expect(connection.status).toBe('disconnected');
  });

  it('reopen() drops the port and opens it again', async () => {
    const { clock, connection, statuses } = setup();
    connection.start();
    await clock.flush();
    connection.reopen('watchdog');
    expect(connection.status).toBe('disconnected');
    await clock.advance(100);
    expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
    await connection.stop();
  });

  it('setBaudRate changes the open port and later reopens', async () => {
    const { link, clock, connection } = setup();
    connection.start();
    await clock.flush();
    await connection.setBaudRate(9600);
    expect(link.hostBaudRate).toBe(9600);
    connection.reopen('test');
    await clock.advance(100);
    expect(link.hostBaudRate).toBe(9600);
    expect(connection.baudRate).toBe(9600);
    await connection.stop();
  });

  it('treats the port as lost when its path vanishes even if reads do not notice', async () => {
    const link = createMockSerialLink();
    const clock = createManualTimers();
    let present = true;
    const connection = createSerialConnection({
      path: link.path,
      baudRate: 115200,
      binding: link.binding,
      timers: clock.timers,
      backoff: { initialDelayMs: 100, maxDelayMs: 100, factor: 1 },
      presenceCheck: { intervalMs: 250, exists: async () => present },
    });
    connection.start();
    await clock.advance(1000);
    expect(connection.status).toBe('connected');
    present = false;
    await clock.advance(250);
    expect(connection.status).toBe('disconnected');
    present = true;
    await clock.advance(100);
    expect(connection.status).toBe('connected');
    await connection.stop();
    expect(clock.pending).toBe(0);
  });
});
