import { BROADCAST_ADDRESS } from '../bus-codec.ts';
import { BusUsageError } from '../bus-errors.ts';
import type { BusMaster } from '../bus-master.ts';
import type { SignShowOptions, WindowSign } from '../capabilities.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import { encodeSignShow } from './led-sign-messages.ts';

export interface LedSignDriverOptions {
  readonly bus: BusMaster;
  /** Addresses of the signs this driver may address (0, broadcast, is always allowed). */
  readonly addresses: readonly number[];
  /** Reply timeout per attempt (overrides the bus default). */
  readonly responseTimeoutMs?: number;
}

export type LedSignDriver = WindowSign;

/**
 * Window LED signs on a HallQ bus. `show` sends SHOW and resolves on the sign's ACK; a sign that does not answer
 * rejects with `DeviceTimeoutError` (after the bus's retry), one that refuses with `BusNakError`.
 */
export function createLedSignDriver(options: LedSignDriverOptions): LedSignDriver {
  const { bus } = options;
  const addresses = new Set(options.addresses);
  return {
    async show(address, text, showOptions: SignShowOptions = {}) {
      const payload = encodeSignShow(
        { text, effect: showOptions.effect ?? 'static', brightness: showOptions.brightness ?? 0 },
        bus.codec.maxPayload,
      );
      if (address === BROADCAST_ADDRESS) {
        await bus.broadcast(BusCommand.signShow, payload, 'show text on every sign');
        return;
      }
      if (!addresses.has(address)) throw new BusUsageError(`no LED sign configured at address ${address}`);
      await bus.request(address, BusCommand.signShow, payload, {
        operation: `show text on sign ${address}`,
        ...(options.responseTimeoutMs === undefined ? {} : { timeoutMs: options.responseTimeoutMs }),
      });
    },
  };
}
