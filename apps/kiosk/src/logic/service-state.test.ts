import { describe, expect, it } from 'vitest';
import type { DevicesStatus } from '../agent-protocol.ts';
import { type HubLink, kioskServiceState, OUT_OF_SERVICE_AFTER_MS, readerReady } from './service-state.ts';

const T0 = 1_000_000;
const link = (over: Partial<HubLink>): HubLink => ({
  connection: 'connected',
  refusal: null,
  lostSince: null,
  hasView: true,
  ...over,
});

describe('kioskServiceState', () => {
  it.each([
    ['linked with a view', link({}), T0, 'open'],
    ['linked, snapshot not yet in', link({ hasView: false, lostSince: T0 }), T0 + 100, 'connecting'],
    [
      'a blip',
      link({ connection: 'disconnected', lostSince: T0 }),
      T0 + OUT_OF_SERVICE_AFTER_MS - 1,
      'connecting',
    ],
    [
      'hub gone long enough',
      link({ connection: 'connecting', lostSince: T0 }),
      T0 + OUT_OF_SERVICE_AFTER_MS,
      'out-of-service',
    ],
    [
      'never reached at start-up',
      link({ connection: 'connecting', hasView: false, lostSince: T0 }),
      T0 + 60_000,
      'out-of-service',
    ],
    [
      'token refused',
      link({ connection: 'disconnected', refusal: 'UNAUTHENTICATED', lostSince: T0 }),
      T0,
      'not-authorised',
    ],
    [
      'another refusal is an outage, not a token problem',
      link({ connection: 'disconnected', refusal: 'PROTOCOL_VERSION', lostSince: T0 }),
      T0 + OUT_OF_SERVICE_AFTER_MS,
      'out-of-service',
    ],
  ] as const)('%s → %s', (_, state, now, expected) => {
    expect(kioskServiceState(state, now)).toBe(expected);
  });
});

describe('readerReady', () => {
  const status = (state: 'ok' | 'disconnected' | 'warning'): DevicesStatus => ({
    components: [
      { component: 'printer', state: 'ok', code: null, message: '打印机正常 · Printer ready' },
      { component: 'id-reader', state, code: null, message: '…' },
    ],
  });
  it('needs the agent and a working reader', () => {
    expect(readerReady(true, status('ok'))).toBe(true);
    expect(readerReady(true, status('disconnected'))).toBe(false);
    expect(readerReady(true, status('warning'))).toBe(false);
    expect(readerReady(false, status('ok'))).toBe(false);
    expect(readerReady(true, null)).toBe(false);
    expect(readerReady(true, { components: [] })).toBe(false);
  });
});
