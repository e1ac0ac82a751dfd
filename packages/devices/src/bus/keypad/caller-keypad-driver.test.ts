import { afterEach, describe, expect, it } from 'vitest';
import type { BusCodec } from '../bus-codec.ts';
import { BusUsageError } from '../bus-errors.ts';
import type { KeypadKeyEvent, UnitStatusEvent } from '../capabilities.ts';
import { hallqBusAsciiCodec } from '../hallq-bus-ascii-codec.ts';
import { hallqBusV1Codec } from '../hallq-bus-v1-codec.ts';
import { createMockBus, type MockBus } from '../testing/mock-bus.ts';
import { type CallerKeypadDriver, createCallerKeypadDriver } from './caller-keypad-driver.ts';
import { type CallerKeypadSimulator, createCallerKeypadSimulator } from './caller-keypad-simulator.ts';

let bench: MockBus | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

async function setup(addresses: number[], codec: BusCodec = hallqBusV1Codec) {
  bench = await createMockBus({ codec });
  const keypads: CallerKeypadSimulator = createCallerKeypadSimulator({ bus: bench.simulator, addresses });
  const driver: CallerKeypadDriver = createCallerKeypadDriver({
    bus: bench.bus,
    addresses,
    pollIntervalMs: 100,
    timers: bench.timers.timers,
  });
  const keys: KeypadKeyEvent[] = [];
  driver.onKey((event) => keys.push(event));
  const nextKey = () => new Promise<KeypadKeyEvent>((resolve) => driver.onKey(resolve));
  return { bench, keypads, driver, keys, nextKey };
}

describe('caller keypad driver on MockBinding with the keypad simulator', () => {
  it('reports a key press as a typed event and the host display reaches the keypad', async () => {
    const { bench, keypads, driver, nextKey } = await setup([1]);
    driver.start();
    keypads.press(1, 'call');
    expect(await bench.until(nextKey())).toEqual({ address: 1, key: 'call' });

    await bench.until(driver.showDisplay(1, ['A001 服务中', '等候 5 人']));
    expect(keypads.displayOf(1)).toEqual(['A001 服务中', '等候 5 人']);
    driver.stop();
  });

  it('acknowledges presses so each is reported exactly once, in order', async () => {
    const { bench, keypads, driver, keys } = await setup([1]);
    keypads.press(1, 'call');
    keypads.press(1, 'recall');
    keypads.press(1, 'no-show');
    await bench.until(driver.pollRound());
    await bench.until(driver.pollRound());
    expect(keys.map((event) => event.key)).toEqual(['call', 'recall', 'no-show']);
    expect(keypads.pendingKeys(1)).toEqual([]);
  });

  it('keeps two keypads on one bus apart', async () => {
    const { bench, keypads, driver, keys } = await setup([1, 2]);
    driver.start();
    keypads.press(2, 'pause');
    keypads.press(1, 'finish');
    await bench.until(new Promise<void>((resolve) => driver.onKey(() => keys.length === 2 && resolve())));
    expect(keys).toEqual([
      { address: 1, key: 'finish' },
      { address: 2, key: 'pause' },
    ]);
    await bench.until(driver.showDisplay(2, ['暂停服务', '等候 3 人']));
    await bench.until(driver.showDisplay(1, ['A002 服务中', '等候 2 人']));
    expect(keypads.displayOf(1)).toEqual(['A002 服务中', '等候 2 人']);
    expect(keypads.displayOf(2)).toEqual(['暂停服务', '等候 3 人']);
    driver.stop();
  });

  it('reports a press once when its reply is lost (retry) and when the acknowledging poll is lost', async () => {
    const { bench, keypads, driver, keys } = await setup([1]);
    keypads.press(1, 'call');
    let dropReplies = 1;
    bench.deliverToHost = () => dropReplies-- <= 0;
    await bench.until(driver.pollRound());
    expect(keys).toEqual([{ address: 1, key: 'call' }]);

    let dropPolls = 1;
    bench.deliverToDevice = () => dropPolls-- <= 0;
    await bench.until(driver.pollRound());
    await bench.until(driver.pollRound());
    expect(keys).toEqual([{ address: 1, key: 'call' }]);
    expect(keypads.pendingKeys(1)).toEqual([]);
  });

  it('cuts display lines to the configured width at a character boundary', async () => {
    const { bench, keypads } = await setup([1]);
    const narrow = createCallerKeypadDriver({ bus: bench.bus, addresses: [1], displayColumns: 8 });
    await bench.until(narrow.showDisplay(1, ['A001 服务中', '等候 15 人']));
    expect(keypads.displayOf(1)).toEqual(['A001 服', '等候 15 ']);
  });

  it('reports a silent keypad offline and back online, without disturbing its neighbour', async () => {
    const { bench, keypads, driver, keys } = await setup([1, 2]);
    const statuses: UnitStatusEvent[] = [];
    driver.onUnitStatus((event) => statuses.push(event));
    bench.simulator.setSilent(2, true);
    keypads.press(1, 'call');
    await bench.until(driver.pollRound());
    expect(keys).toEqual([{ address: 1, key: 'call' }]);
    expect(statuses.map(({ address, online }) => ({ address, online }))).toEqual([
      { address: 1, online: true },
      { address: 2, online: false },
    ]);
    expect(statuses[1]?.cause).toMatchObject({ code: 'DEVICE_TIMEOUT' });
    bench.simulator.setSilent(2, false);
    await bench.until(driver.pollRound());
    expect(statuses.at(-1)).toEqual({ address: 2, online: true });
  });

  it('keeps polling through an unplugged cable and picks up presses after replug', async () => {
    const { bench, keypads, driver, nextKey } = await setup([1]);
    const statuses: UnitStatusEvent[] = [];
    driver.onUnitStatus((event) => statuses.push(event));
    driver.start();
    await bench.timers.advance(200);
    bench.link.unplug();
    await bench.timers.advance(500);
    expect(bench.connection.status).toBe('disconnected');
    expect(statuses.at(-1)).toMatchObject({
      address: 1,
      online: false,
      cause: { code: 'DEVICE_DISCONNECTED' },
    });
    bench.link.replug();
    keypads.press(1, 'resume');
    expect(await bench.until(nextKey())).toEqual({ address: 1, key: 'resume' });
    expect(statuses.at(-1)).toEqual({ address: 1, online: true });
    driver.stop();
  });

  it('rejects a display for an address it does not drive', async () => {
    const { driver } = await setup([1]);
    await expect(driver.showDisplay(9, ['x'])).rejects.toBeInstanceOf(BusUsageError);
  });

  it('runs unchanged over a different frame format (ASCII codec)', async () => {
    const { bench, keypads, driver, nextKey } = await setup([1, 2], hallqBusAsciiCodec);
    driver.start();
    keypads.press(2, 'start');
    expect(await bench.until(nextKey())).toEqual({ address: 2, key: 'start' });
    await bench.until(driver.showDisplay(2, ['A003 服务中', '等候 0 人']));
    expect(keypads.displayOf(2)).toEqual(['A003 服务中', '等候 0 人']);
    expect(new TextDecoder().decode(bench.link.hostWrites[0])).toMatch(/^:0110010[0-9A-F]{3}\r\n$/);
    driver.stop();
  });
});
