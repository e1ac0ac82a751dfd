import { describe, expect, it } from 'vitest';
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE } from './login-throttle.ts';

/** A check the test finishes by hand, so the order of starts is exact. */
function gate() {
  let open: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  const started = { value: false };
  return {
    started,
    open: () => open(),
    check: async () => {
      started.value = true;
      await done;
      return 'checked';
    },
  };
}

describe('login throttle', () => {
  it('keeps a slot for devices: anonymous checks hash one at a time, a counter starts at once', async () => {
    const throttle = createLoginThrottle(DEFAULT_LOGIN_THROTTLE);
    const anonymous = Array.from({ length: 5 }, gate);
    const admitted = anonymous.map((g, i) => throttle.admit(`10.0.0.${i}`, 'anonymous', 0, g.check));
    expect(anonymous.map((g) => g.started.value)).toEqual([true, false, false, false, false]);
    // One hashing, four waiting: a sixth anonymous attempt finds the lane full and is refused at once.
    const sixth = gate();
    expect(await throttle.admit('10.0.0.9', 'anonymous', 0, sixth.check)).toEqual({ ok: false, why: 'busy' });
    const counter = gate();
    const clerk = throttle.admit('10.0.1.1', 'device', 0, counter.check);
    expect(counter.started.value).toBe(true);
    counter.open();
    expect(await clerk).toEqual({ ok: true, value: 'checked' });
    // The anonymous ones follow one by one.
    anonymous[0]!.open();
    await admitted[0];
    expect(anonymous.map((g) => g.started.value)).toEqual([true, true, false, false, false]);
    for (const g of anonymous.slice(1)) g.open();
    expect((await Promise.all(admitted)).every((a) => a.ok)).toBe(true);
    expect(throttle.load()).toEqual({ running: 0, device: 0, anonymous: 0 });
  });

  it('serves waiting devices before waiting anonymous attempts, and refuses an address over its burst', async () => {
    const throttle = createLoginThrottle({
      ...DEFAULT_LOGIN_THROTTLE,
      maxRunning: 1,
      maxRunningAnonymous: 1,
    });
    const first = gate();
    const running = throttle.admit('10.0.0.1', 'anonymous', 0, first.check);
    const anon = gate();
    const device = gate();
    const waitingAnon = throttle.admit('10.0.0.2', 'anonymous', 0, anon.check);
    const waitingDevice = throttle.admit('10.0.1.1', 'device', 0, device.check);
    first.open();
    await running;
    expect([device.started.value, anon.started.value]).toEqual([true, false]);
    device.open();
    await waitingDevice;
    anon.open();
    expect(await waitingAnon).toEqual({ ok: true, value: 'checked' });
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.addressBurst - 1; i += 1) {
      expect((await throttle.admit('10.0.0.1', 'anonymous', 0, async () => 1)).ok).toBe(true);
    }
    expect(await throttle.admit('10.0.0.1', 'anonymous', 0, async () => 1)).toEqual({
      ok: false,
      why: 'address',
    });
    // Six seconds later the bucket has one more (10 a minute).
    expect((await throttle.admit('10.0.0.1', 'anonymous', 6_000, async () => 1)).ok).toBe(true);
  });
});
