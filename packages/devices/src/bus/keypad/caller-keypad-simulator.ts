import type { Unsubscribe } from '../../serial/index.ts';
import type { BusSimulator } from '../bus-simulator.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import { createListeners } from '../listeners.ts';
import {
  decodeKeypadDisplay,
  decodeKeypadPoll,
  encodeKeypadPollReply,
  type KeypadKey,
  type KeypadKeyReport,
} from './keypad-messages.ts';

/** Simulated caller keypads (呼叫器) on a simulated bus: press keys, read what the host put on their displays. */
export interface CallerKeypadSimulator {
  /** A clerk presses `key` on the keypad at `address`; the press waits in the keypad until the host polls it. */
  press(address: number, key: KeypadKey): void;
  /** The lines the host last showed on that keypad (empty before the first DISPLAY). */
  displayOf(address: number): readonly string[];
  /** Presses the host has not acknowledged yet. */
  pendingKeys(address: number): readonly KeypadKey[];
  onDisplay(listener: (event: { address: number; lines: readonly string[] }) => void): Unsubscribe;
  dispose(): void;
}

/** Keypad buffer size: a real keypad's RAM is small; the oldest press is lost when it overflows. */
const MAX_PENDING = 16;

export function createCallerKeypadSimulator(options: {
  bus: BusSimulator;
  addresses: readonly number[];
}): CallerKeypadSimulator {
  interface KeypadState {
    nextSeq: number;
    pending: KeypadKeyReport[];
    lines: readonly string[];
  }
  const states = new Map<number, KeypadState>();
  const displayListeners = createListeners<{ address: number; lines: readonly string[] }>();
  const detach: Unsubscribe[] = [];

  const stateOf = (address: number): KeypadState => {
    const state = states.get(address);
    if (!state) throw new Error(`no simulated keypad at address ${address}`);
    return state;
  };

  for (const address of options.addresses) {
    const state: KeypadState = { nextSeq: 1, pending: [], lines: [] };
    states.set(address, state);
    detach.push(
      options.bus.attach({
        address,
        deviceType: 'caller-keypad',
        handle(frame) {
          switch (frame.command) {
            case BusCommand.keypadPoll: {
              const { ackSeq } = decodeKeypadPoll(frame.payload);
              if (state.pending[0]?.seq === ackSeq) state.pending.shift();
              return { reply: encodeKeypadPollReply(state.pending[0] ?? null) };
            }
            case BusCommand.keypadDisplay: {
              state.lines = decodeKeypadDisplay(frame.payload);
              displayListeners.emit({ address, lines: state.lines });
              return { reply: new Uint8Array(0) };
            }
            default:
              return { nak: 'unknown-command' };
          }
        },
      }),
    );
  }

  return {
    press(address, key) {
      const state = stateOf(address);
      state.pending.push({ seq: state.nextSeq, key });
      state.nextSeq = state.nextSeq === 255 ? 1 : state.nextSeq + 1;
      if (state.pending.length > MAX_PENDING) state.pending.shift();
    },
    displayOf: (address) => stateOf(address).lines,
    pendingKeys: (address) => stateOf(address).pending.map((report) => report.key),
    onDisplay: (listener) => displayListeners.add(listener),
    dispose() {
      for (const unsubscribe of detach) unsubscribe();
    },
  };
}
