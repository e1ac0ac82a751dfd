import { describe, expect, it } from 'vitest';
import { idleReducer, idleTimeoutMs, initialIdleState } from './idle-timer.ts';
import type { KioskScreen } from './kiosk-flow.ts';

describe('idleReducer', () => {
  it('expires once, at the deadline, and not before', () => {
    let { state } = idleReducer(initialIdleState, { type: 'activity', at: 1000, timeoutMs: 5000 });
    expect(state.deadline).toBe(6000);
    const before = idleReducer(state, { type: 'tick', at: 5999 });
    expect(before.expired).toBe(false);
    const at = idleReducer(before.state, { type: 'tick', at: 6000 });
    expect(at.expired).toBe(true);
    state = at.state;
    expect(idleReducer(state, { type: 'tick', at: 9000 }).expired).toBe(false);
  });
  it('moves the deadline on every touch', () => {
    let { state } = idleReducer(initialIdleState, { type: 'activity', at: 0, timeoutMs: 5000 });
    state = idleReducer(state, { type: 'activity', at: 4000, timeoutMs: 5000 }).state;
    expect(idleReducer(state, { type: 'tick', at: 6000 }).expired).toBe(false);
    expect(idleReducer(state, { type: 'tick', at: 9000 }).expired).toBe(true);
  });
  it('has no deadline where the timeout is null', () => {
    const { state } = idleReducer({ deadline: 10 }, { type: 'activity', at: 0, timeoutMs: null });
    expect(state.deadline).toBeNull();
    expect(idleReducer(state, { type: 'tick', at: 1e12 }).expired).toBe(false);
  });
});

describe('idleTimeoutMs', () => {
  const screens: KioskScreen[] = [
    'home',
    'guide',
    'card-wait',
    'card-greet',
    'card-refused',
    'checking',
    'issuing',
    'printing',
    'printed',
    'print-failed',
    'refused',
  ];
  it('never times out home or work in flight', () => {
    for (const s of ['home', 'checking', 'issuing', 'printing'] as const) {
      expect(idleTimeoutMs(s, false)).toBeNull();
      expect(idleTimeoutMs(s, true)).toBeNull();
    }
  });
  it('gives elderly mode more time on every screen that times out', () => {
    for (const s of screens) {
      const normal = idleTimeoutMs(s, false);
      const slow = idleTimeoutMs(s, true);
      if (normal === null) continue;
      expect(slow).not.toBeNull();
      expect(slow!).toBeGreaterThan(normal);
    }
  });
});
