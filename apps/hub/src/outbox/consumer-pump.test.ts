import { describe, expect, it } from 'vitest';
import { createConsumerPump } from './consumer-pump.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createConsumerPump', () => {
  it('makes one run of the step from any number of wakes before it runs', async () => {
    let runs = 0;
    const pump = createConsumerPump(() => {
      runs += 1;
    });
    pump.wake();
    pump.wake();
    pump.wake();
    expect(pump.queued()).toBe(true);
    expect(runs).toBe(0);
    await nextTurn();
    expect(runs).toBe(1);
    expect(pump.queued()).toBe(false);
  });

  it('runs the step when the time set falls due, and only for the last time set', async () => {
    let runs = 0;
    let ran: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      ran = resolve;
    });
    const pump = createConsumerPump(() => {
      runs += 1;
      ran();
    });
    pump.wakeAt(1_000 + 60_000, 1_000);
    pump.wakeAt(2_000, 2_000);
    await done;
    expect(runs).toBe(1);
    pump.close();
  });

  it('runs nothing once closed, neither a queued wake nor a timer', async () => {
    let runs = 0;
    const pump = createConsumerPump(() => {
      runs += 1;
    });
    pump.wake();
    pump.wakeAt(0, 0);
    pump.close();
    pump.wake();
    await nextTurn();
    // Timers of the same delay fire in the order they were set: by this one's end, the pump's would have run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(0);
  });
});
