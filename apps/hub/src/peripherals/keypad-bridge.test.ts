import {
  type BusSimulator,
  type CallerKeypadSimulator,
  createBusSimulator,
  createCallerKeypadSimulator,
  hallqBusV1Codec,
} from '@hallq/devices';
import { createMockSerialLink } from '@hallq/devices/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestClient, type TestHub } from '../testing/index.ts';
import { keypadCommand, keypadDisplayLines, parseKeypadUnits, refusalLine } from './keypad-bridge.ts';

interface Bench {
  readonly hub: TestHub;
  readonly keypads: CallerKeypadSimulator;
  readonly simulator: BusSimulator;
  readonly kiosk: TestClient;
}

let bench: Bench | undefined;
afterEach(async () => {
  if (!bench) return;
  bench.keypads.dispose();
  bench.simulator.dispose();
  await bench.hub.close();
  bench = undefined;
});

/** A hub whose keypad bus runs over a MockBinding link, with simulated keypads at addresses 1 (w1) and 2 (w2). */
async function startBench(): Promise<Bench> {
  const link = createMockSerialLink();
  const simulator = createBusSimulator({ endpoint: link.device, codec: hallqBusV1Codec });
  const keypads = createCallerKeypadSimulator({ bus: simulator, addresses: [1, 2] });
  const hub = await startTestHub({
    config: {
      keypads: {
        path: link.path,
        baudRate: 9600,
        binding: link.binding,
        pollIntervalMs: 5,
        units: [
          { address: 1, windowId: 'w1' },
          { address: 2, windowId: 'w2' },
        ],
      },
    },
  });
  const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  await kiosk.nextSnapshot();
  bench = { hub, keypads, simulator, kiosk };
  return bench;
}

let requests = 0;
async function issue(kiosk: TestClient, serviceId = 'svc-1'): Promise<string> {
  requests += 1;
  const answer = await kiosk.call('ticket:issue', {
    requestId: `keypad-test-${requests}`,
    serviceId,
    identity: null,
  });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data.ticket.number;
}

/** Resolves once the keypad at `address` shows exactly `lines` (now or after a later DISPLAY). */
function displayed(keypads: CallerKeypadSimulator, address: number, lines: readonly string[]): Promise<void> {
  const same = (shown: readonly string[]) => shown.join('\n') === lines.join('\n');
  return new Promise((resolve) => {
    if (same(keypads.displayOf(address))) return resolve();
    const off = keypads.onDisplay((event) => {
      if (event.address !== address || !same(event.lines)) return;
      off();
      resolve();
    });
  });
}

describe('keypad bridge (simulated keypads on a MockBinding bus)', () => {
  it('answers each keypad with its window at start-up', async () => {
    const { keypads } = await startBench();
    await displayed(keypads, 1, ['空闲', '等候 0 人']);
    await displayed(keypads, 2, ['空闲', '等候 0 人']);
  });

  it('refuses when nobody is signed in at the window, and changes nothing', async () => {
    const { hub, keypads, kiosk } = await startBench();
    await issue(kiosk);
    await displayed(keypads, 2, ['空闲', '等候 1 人']);
    keypads.press(2, 'call');
    await displayed(keypads, 2, ['窗口未登录', '空闲 等候1人']);
    expect(hub.hub.hall.state().windows.w2?.currentTicketId ?? null).toBeNull();
  });

  it('call, recall, no-show act as the signed-in clerk and the display follows', async () => {
    const { hub, keypads, kiosk } = await startBench();
    const clerk = await hub.clerkAt('w1', 'keypad-clerk');
    const first = await issue(kiosk);
    await issue(kiosk);
    await displayed(keypads, 1, ['空闲', '等候 2 人']);

    keypads.press(1, 'call');
    await displayed(keypads, 1, [`${first} 已呼叫`, '等候 1 人']);
    const called = await clerk.waitForUpdate((u) => u.change.type === 'ticket:called');
    if (called.change.type !== 'ticket:called') throw new Error('unreachable');
    const clerkId = hub.hub.hall.state().windows.w1?.clerkId;
    expect(called.change.ticket).toMatchObject({ number: first, windowId: 'w1', clerkId });

    keypads.press(1, 'no-show'); // 1 call of the 2 needed
    await displayed(keypads, 1, ['暂不能过号', `${first} 等候1人`]);

    keypads.press(1, 'recall');
    keypads.press(1, 'no-show');
    await displayed(keypads, 1, ['空闲', '等候 1 人']);
    await clerk.waitForUpdate((u) => u.change.type === 'ticket:no-show');
    expect(clerk.updates.map((u) => u.change.type)).toEqual(
      expect.arrayContaining(['ticket:called', 'ticket:recalled', 'ticket:no-show']),
    );
  });

  it('finish from called (the keypad has no start key), pause and resume', async () => {
    const { hub, keypads, kiosk } = await startBench();
    await hub.clerkAt('w1', 'keypad-clerk-2');
    const number = await issue(kiosk);
    keypads.press(1, 'call');
    await displayed(keypads, 1, [`${number} 已呼叫`, '等候 0 人']);
    keypads.press(1, 'finish');
    await displayed(keypads, 1, ['空闲', '等候 0 人']);
    keypads.press(1, 'finish');
    await displayed(keypads, 1, ['当前无号', '空闲 等候0人']);
    keypads.press(1, 'pause');
    await displayed(keypads, 1, ['暂停中', '等候 0 人']);
    expect(hub.hub.hall.state().windows.w1).toMatchObject({ status: 'paused', pauseReason: 'break' });
    keypads.press(1, 'call');
    await displayed(keypads, 1, ['窗口暂停中', '暂停中 等候0人']);
    keypads.press(1, 'resume');
    await displayed(keypads, 1, ['空闲', '等候 0 人']);
  });

  it('follows what the screen does: a call from the terminal shows on the keypad', async () => {
    const { hub, keypads, kiosk } = await startBench();
    const clerk = await hub.clerkAt('w1', 'keypad-clerk-3');
    const number = await issue(kiosk);
    const answer = await clerk.call('window:call-next', { windowId: 'w1' });
    expect(answer.ok).toBe(true);
    await displayed(keypads, 1, [`${number} 已呼叫`, '等候 0 人']);
    await clerk.call('window:start', { windowId: 'w1' });
    await displayed(keypads, 1, [`${number} 办理中`, '等候 0 人']);
    // The keypad racing the screen: the window is busy, the keypad is told so and nothing changes.
    await issue(kiosk);
    keypads.press(1, 'call');
    await displayed(keypads, 1, ['请先办结或过号', `${number} 等候1人`]);
    expect(hub.hub.hall.state().windows.w1?.currentTicketId).toContain(number);
  });
});

describe('keypad bridge pieces', () => {
  it('maps every key to its window command', () => {
    expect(keypadCommand('call', 'w1', 'u1')).toEqual({
      type: 'window:call-next',
      windowId: 'w1',
      clerkId: 'u1',
    });
    expect(keypadCommand('recall', 'w1', 'u1')).toEqual({ type: 'window:recall', windowId: 'w1' });
    expect(keypadCommand('no-show', 'w1', 'u1')).toEqual({ type: 'window:no-show', windowId: 'w1' });
    expect(keypadCommand('start', 'w1', 'u1')).toEqual({ type: 'window:start', windowId: 'w1' });
    expect(keypadCommand('finish', 'w1', 'u1')).toEqual({ type: 'window:finish', windowId: 'w1' });
    expect(keypadCommand('pause', 'w1', 'u1')).toMatchObject({ type: 'window:pause', reason: 'break' });
    expect(keypadCommand('resume', 'w1', 'u1')).toEqual({ type: 'window:resume', windowId: 'w1' });
  });

  it('fits every refusal on one 16-column line', () => {
    const codes = [
      'NOT_SIGNED_IN_AT_WINDOW',
      'WINDOW_BUSY',
      'WINDOW_IDLE',
      'NO_WAITING_TICKET',
      'NO_SHOW_TOO_EARLY',
      'WINDOW_PAUSED',
      'WINDOW_NOT_PAUSED',
      'WINDOW_DISABLED',
      'INVALID_TRANSITION',
      'STORAGE_FAILURE',
      'INTERNAL',
    ] as const;
    for (const code of codes) expect([...refusalLine(code)].length * 2).toBeLessThanOrEqual(16);
  });

  it('parses the unit map', () => {
    expect(parseKeypadUnits('1:w1, 2:w2,')).toEqual([
      { address: 1, windowId: 'w1' },
      { address: 2, windowId: 'w2' },
    ]);
    expect(() => parseKeypadUnits('0:w1')).toThrow(/address/);
    expect(() => parseKeypadUnits('1:w1,1:w2')).toThrow(/twice/);
    expect(() => parseKeypadUnits('w1')).toThrow(/address:windowId/);
  });

  it('display lines count only the tickets the window may call', async () => {
    const { hub, kiosk } = await startBench();
    await issue(kiosk, 'svc-2');
    const lines = keypadDisplayLines(hub.hub.hall.hall(), hub.hub.hall.state(), 'w1');
    expect(lines).toEqual(['空闲', '等候 1 人']);
  });
});
