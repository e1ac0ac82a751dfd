import { afterEach, describe, expect, it } from 'vitest';
import { BusUsageError } from '../bus-errors.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import { createCallerKeypadDriver } from '../keypad/caller-keypad-driver.ts';
import { createCallerKeypadSimulator } from '../keypad/caller-keypad-simulator.ts';
import { createLedSignDriver } from '../led-sign/led-sign-driver.ts';
import { createLedSignSimulator } from '../led-sign/led-sign-simulator.ts';
import { createMockBus, type MockBus } from '../testing/mock-bus.ts';
import { createEvaluationPadDriver } from './evaluation-pad-driver.ts';
import { createEvaluationPadSimulator } from './evaluation-pad-simulator.ts';

let bench: MockBus | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

const info = { ticket: 'A001', clerkNo: '007', clerkName: '张三', service: '社保' };

async function setup(pollIntervalMs = 200) {
  bench = await createMockBus();
  const pads = createEvaluationPadSimulator({ bus: bench.simulator, addresses: [21, 22] });
  const driver = createEvaluationPadDriver({
    bus: bench.bus,
    addresses: [21, 22],
    pollIntervalMs,
    timers: bench.timers.timers,
  });
  return { bench, pads, driver };
}

const endsSent = (bench: MockBus) => bench.simulator.received.filter((f) => f.command === BusCommand.padEnd);

describe('evaluation pad driver on MockBinding with the pad simulator', () => {
  it('shows the request on the pad and resolves with the key the visitor pressed', async () => {
    const { bench, pads, driver } = await setup();
    const requested = new Promise<void>((resolve) => pads.onRequest(() => resolve()));
    const rating = driver.requestRating(21, info, 30_000);
    await bench.until(requested);
    expect(pads.requestOf(21)).toMatchObject({ info, rating: null });
    expect(pads.press(21, 2)).toBe(true);
    expect(await bench.until(rating)).toBe('satisfied');
    expect(pads.requestOf(21)).toBeUndefined(); // END sent: the pad is idle again
  });

  it('resolves "not-rated" on timeout, never an invented rating, and ends the request on the pad', async () => {
    const { bench, pads, driver } = await setup();
    const rating = driver.requestRating(21, info, 1_000);
    expect(await bench.until(rating)).toBe('not-rated');
    expect(bench.timers.now()).toBeGreaterThanOrEqual(1_000);
    expect(pads.requestOf(21)).toBeUndefined();
    expect(endsSent(bench)).toHaveLength(1);
    expect(pads.press(21, 1)).toBe(false); // too late: nothing to rate
  });

  it('counts a key pressed after the last poll but before END', async () => {
    const { bench, pads, driver } = await setup(60_000);
    const rating = driver.requestRating(21, info, 1_000);
    await bench.timers.advance(500);
    pads.press(21, 5);
    expect(await bench.until(rating)).toBe('very-dissatisfied');
  });

  it('resolves "not-rated" when the host cancels, or the signal aborts', async () => {
    const { bench, pads, driver } = await setup();
    const cancelled = driver.requestRating(21, info, 30_000);
    await bench.timers.advance(300);
    expect(driver.cancelRating(21)).toBe(true);
    expect(await bench.until(cancelled)).toBe('not-rated');
    expect(pads.requestOf(21)).toBeUndefined();
    expect(driver.cancelRating(21)).toBe(false);

    const abort = new AbortController();
    const aborted = driver.requestRating(22, info, 30_000, { signal: abort.signal });
    await bench.timers.advance(300);
    abort.abort();
    expect(await bench.until(aborted)).toBe('not-rated');
  });

  it('only counts the first press of a request', async () => {
    const { bench, pads, driver } = await setup();
    const rating = driver.requestRating(21, info, 30_000);
    await bench.timers.advance(100);
    expect(pads.press(21, 3)).toBe(true);
    expect(pads.press(21, 1)).toBe(false);
    expect(await bench.until(rating)).toBe('basically-satisfied');
  });

  it('rejects when the pad cannot be asked at all, and refuses a second request on the same pad', async () => {
    const { bench, driver } = await setup();
    bench.simulator.setSilent(22, true);
    await expect(bench.until(driver.requestRating(22, info, 5_000))).rejects.toMatchObject({
      code: 'DEVICE_TIMEOUT',
    });
    const first = driver.requestRating(21, info, 1_000);
    await expect(driver.requestRating(21, info, 1_000)).rejects.toBeInstanceOf(BusUsageError);
    expect(await bench.until(first)).toBe('not-rated');
  });

  it('keeps going through lost polls and re-sends a request the pad forgot', async () => {
    const { bench, pads, driver } = await setup();
    const rating = driver.requestRating(21, info, 30_000);
    await bench.timers.advance(100);
    bench.simulator.setSilent(21, true);
    await bench.timers.advance(1_000);
    bench.simulator.setSilent(21, false);
    // Power cycle: the pad forgets its request; the driver notices on the next poll and asks again.
    pads.dispose();
    const rebooted = createEvaluationPadSimulator({ bus: bench.simulator, addresses: [21] });
    await bench.until(new Promise<void>((resolve) => rebooted.onRequest(() => resolve())));
    rebooted.press(21, 1);
    expect(await bench.until(rating)).toBe('very-satisfied');
  });

  it('shares one bus with keypads and signs: two pads rate in parallel while the keypad is polled', async () => {
    const { bench, pads, driver } = await setup();
    const keypads = createCallerKeypadSimulator({ bus: bench.simulator, addresses: [1] });
    const signs = createLedSignSimulator({ bus: bench.simulator, addresses: [11] });
    const keypadDriver = createCallerKeypadDriver({
      bus: bench.bus,
      addresses: [1],
      timers: bench.timers.timers,
    });
    const signDriver = createLedSignDriver({ bus: bench.bus, addresses: [11] });
    const keys: string[] = [];
    keypadDriver.onKey((event) => keys.push(event.key));
    keypadDriver.start();

    const first = driver.requestRating(21, info, 30_000);
    const second = driver.requestRating(22, { ...info, ticket: 'B002', clerkName: '李四' }, 30_000);
    await bench.timers.advance(300);
    keypads.press(1, 'call');
    pads.press(22, 4);
    pads.press(21, 1);
    await bench.until(signDriver.show(11, 'A002 请到1号窗口'));
    expect(await bench.until(Promise.all([first, second]))).toEqual(['very-satisfied', 'dissatisfied']);
    expect(keys).toEqual(['call']);
    expect(signs.textOf(11)).toBe('A002 请到1号窗口');
    keypadDriver.stop();
  });
});
