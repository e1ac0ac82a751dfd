import { afterEach, describe, expect, it } from 'vitest';
import { BusNakError, BusUsageError } from '../bus-errors.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import { createCallerKeypadSimulator } from '../keypad/caller-keypad-simulator.ts';
import { createMockBus, type MockBus } from '../testing/mock-bus.ts';
import { createLedSignDriver } from './led-sign-driver.ts';
import { createLedSignSimulator } from './led-sign-simulator.ts';

let bench: MockBus | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

async function setup() {
  bench = await createMockBus({ master: { responseTimeoutMs: 100, retries: 1 } });
  const signs = createLedSignSimulator({ bus: bench.simulator, addresses: [11, 12] });
  createCallerKeypadSimulator({ bus: bench.simulator, addresses: [1] });
  const driver = createLedSignDriver({ bus: bench.bus, addresses: [11, 12, 1] });
  return { bench, signs, driver };
}

describe('LED sign driver on MockBinding with the sign simulator', () => {
  it('shows text on the addressed sign and resolves on its ACK', async () => {
    const { bench, signs, driver } = await setup();
    await bench.until(driver.show(11, 'A001 请到3号窗口'));
    expect(signs.textOf(11)).toBe('A001 请到3号窗口');
    expect(signs.textOf(12)).toBe('');
    expect(signs.contentOf(11)).toEqual({ text: 'A001 请到3号窗口', effect: 'static', brightness: 0 });
  });

  it('passes effect and brightness, and brightness 0 keeps the previous level', async () => {
    const { bench, signs, driver } = await setup();
    await bench.until(driver.show(12, '暂停服务', { effect: 'scroll', brightness: 5 }));
    await bench.until(driver.show(12, 'A007 请到4号窗口', { effect: 'blink' }));
    expect(signs.contentOf(12)).toEqual({ text: 'A007 请到4号窗口', effect: 'blink', brightness: 5 });
  });

  it('broadcasts to every sign without waiting for an answer', async () => {
    const { bench, signs, driver } = await setup();
    await bench.until(driver.show(0, '暂停服务'));
    expect([signs.textOf(11), signs.textOf(12)]).toEqual(['暂停服务', '暂停服务']);
  });

  it('rejects with DeviceTimeoutError after one retry when the sign is silent', async () => {
    const { bench, driver } = await setup();
    bench.simulator.setSilent(12, true);
    await expect(bench.until(driver.show(12, 'A001 请到3号窗口'))).rejects.toMatchObject({
      code: 'DEVICE_TIMEOUT',
      name: 'DeviceTimeoutError',
    });
    const shows = bench.simulator.received.filter((frame) => frame.command === BusCommand.signShow);
    expect(shows).toHaveLength(2);
  });

  it('surfaces a NAK as BusNakError (a keypad does not know SHOW)', async () => {
    const { bench, driver } = await setup();
    const error = await bench.until(driver.show(1, 'x')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BusNakError);
    expect(error).toMatchObject({ code: 'BUS_NAK', address: 1, reason: 'unknownCommand' });
  });

  it('refuses unconfigured addresses and over-long text before touching the bus', async () => {
    const { bench, driver } = await setup();
    await expect(driver.show(99, 'x')).rejects.toBeInstanceOf(BusUsageError);
    await expect(driver.show(11, '长'.repeat(200))).rejects.toMatchObject({ code: 'payload-too-large' });
    expect(bench.link.hostWrites).toHaveLength(0);
  });

  it('queues concurrent shows: one command on the bus at a time', async () => {
    const { bench, signs, driver } = await setup();
    await bench.until(
      Promise.all([driver.show(11, 'A001 请到3号窗口'), driver.show(12, 'B002 请到5号窗口')]),
    );
    expect([signs.textOf(11), signs.textOf(12)]).toEqual(['A001 请到3号窗口', 'B002 请到5号窗口']);
    expect(bench.link.hostWrites).toHaveLength(2);
  });
});
