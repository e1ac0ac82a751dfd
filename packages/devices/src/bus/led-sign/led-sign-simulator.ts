import type { Unsubscribe } from '../../serial/index.ts';
import type { BusSimulator } from '../bus-simulator.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import { createListeners } from '../listeners.ts';
import { decodeSignShow, type SignContent } from './led-sign-messages.ts';

/** Simulated window LED signs (窗口屏) on a simulated bus. */
export interface LedSignSimulator {
  /** The text the sign shows now ('' before the host sent anything). */
  textOf(address: number): string;
  contentOf(address: number): SignContent | undefined;
  onShow(listener: (event: { address: number; content: SignContent }) => void): Unsubscribe;
  dispose(): void;
}

export function createLedSignSimulator(options: {
  bus: BusSimulator;
  addresses: readonly number[];
}): LedSignSimulator {
  const contents = new Map<number, SignContent | undefined>();
  const showListeners = createListeners<{ address: number; content: SignContent }>();
  const detach: Unsubscribe[] = [];

  const known = (address: number): void => {
    if (!contents.has(address)) throw new Error(`no simulated sign at address ${address}`);
  };

  for (const address of options.addresses) {
    contents.set(address, undefined);
    detach.push(
      options.bus.attach({
        address,
        deviceType: 'led-sign',
        handle(frame) {
          if (frame.command !== BusCommand.signShow) return { nak: 'unknown-command' };
          const shown = decodeSignShow(frame.payload);
          const previous = contents.get(address);
          // Brightness 0 means "keep the current brightness".
          const content =
            shown.brightness === 0 ? { ...shown, brightness: previous?.brightness ?? 0 } : shown;
          contents.set(address, content);
          showListeners.emit({ address, content });
          return { reply: new Uint8Array(0) };
        },
      }),
    );
  }

  return {
    textOf(address) {
      known(address);
      return contents.get(address)?.text ?? '';
    },
    contentOf(address) {
      known(address);
      return contents.get(address);
    },
    onShow: (listener) => showListeners.add(listener),
    dispose() {
      for (const unsubscribe of detach) unsubscribe();
    },
  };
}
