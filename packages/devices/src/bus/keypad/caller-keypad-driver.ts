import {
  type CancelTimer,
  type DeviceLogger,
  silentLogger,
  systemTimers,
  type Timers,
} from '../../serial/index.ts';
import { BusReplyError, BusUsageError } from '../bus-errors.ts';
import type { BusMaster } from '../bus-master.ts';
import type { CallerKeypad, KeypadKeyEvent, UnitStatusEvent } from '../capabilities.ts';
import { fitGb18030 } from '../gb18030.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import { createListeners } from '../listeners.ts';
import { createUnitStatusTracker } from '../unit-status.ts';
import {
  decodeKeypadPollReply,
  encodeKeypadDisplay,
  encodeKeypadPoll,
  type KeypadKeyReport,
} from './keypad-messages.ts';

export interface CallerKeypadDriverOptions {
  readonly bus: BusMaster;
  /** Bus addresses of the keypads this driver polls. */
  readonly addresses: readonly number[];
  /** Pause between two polling rounds over all addresses. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** Per-poll reply timeout (overrides the bus default). */
  readonly responseTimeoutMs?: number;
  /** Width of a display line in single-byte columns (a Chinese character takes two). Default 16. */
  readonly displayColumns?: number;
  /** Presses fetched from one keypad per round at most, so one busy keypad cannot starve the others. Default 4. */
  readonly maxKeysPerPoll?: number;
  readonly timers?: Timers;
  readonly logger?: DeviceLogger;
}

export interface CallerKeypadDriver extends CallerKeypad {
  /** Starts the polling loop. */
  start(): void;
  /** Stops polling after the round in flight. */
  stop(): void;
  /** One polling round over every address (what the loop runs); exposed for tests and diagnostics. */
  pollRound(): Promise<void>;
}

/**
 * Caller keypads on a HallQ bus. The host is the only master on the half-duplex bus, so keypads cannot send: the
 * driver polls each address in turn; a keypad answers with its oldest unacknowledged key press `[seq, key]`,
 * and the next poll carries that `seq` back as the acknowledgement. A reply lost on the wire is therefore sent
 * again, and a repeated `seq` is not reported twice.
 */
export function createCallerKeypadDriver(options: CallerKeypadDriverOptions): CallerKeypadDriver {
  const { bus } = options;
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? silentLogger;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const columns = options.displayColumns ?? 16;
  const maxKeysPerPoll = options.maxKeysPerPoll ?? 4;
  const addresses = [...new Set(options.addresses)];
  const lastSeq = new Map<number, number>(addresses.map((address) => [address, 0]));
  const keyListeners = createListeners<KeypadKeyEvent>((error) =>
    logger.error('keypad: key listener failed', { error: String(error) }),
  );
  const status = createUnitStatusTracker(logger, 'keypad');
  let running = false;
  let cancelNext: CancelTimer | undefined;

  const requestOptions = (operation: string) => ({
    operation,
    ...(options.responseTimeoutMs === undefined ? {} : { timeoutMs: options.responseTimeoutMs }),
  });

  const pollOnce = async (address: number): Promise<KeypadKeyReport | null> => {
    const reply = await bus.request(
      address,
      BusCommand.keypadPoll,
      encodeKeypadPoll(lastSeq.get(address) ?? 0),
      requestOptions(`poll keypad ${address}`),
    );
    try {
      return decodeKeypadPollReply(reply.payload);
    } catch (error) {
      throw new BusReplyError(address, 'bad keypad poll reply', { cause: error });
    }
  };

  const pollAddress = async (address: number): Promise<void> => {
    for (let n = 0; n < maxKeysPerPoll; n++) {
      const report = await pollOnce(address);
      status.answered(address);
      if (!report) return;
      if (report.seq === lastSeq.get(address)) continue; // our acknowledgement was lost: already reported
      lastSeq.set(address, report.seq);
      keyListeners.emit({ address, key: report.key });
    }
  };

  const pollRound = async (): Promise<void> => {
    for (const address of addresses) {
      try {
        await pollAddress(address);
      } catch (error) {
        status.failed(address, error);
      }
    }
  };

  const scheduleNext = (): void => {
    if (!running) return;
    cancelNext = timers.set(() => {
      cancelNext = undefined;
      pollRound().then(scheduleNext, (error: unknown) => {
        logger.error('keypad: polling round failed', { error: String(error) });
        scheduleNext();
      });
    }, pollIntervalMs);
  };

  return {
    onKey: (listener) => keyListeners.add(listener),
    onUnitStatus: (listener: (event: UnitStatusEvent) => void) => status.listeners.add(listener),
    async showDisplay(address, lines) {
      if (!lastSeq.has(address)) throw new BusUsageError(`no keypad configured at address ${address}`);
      const fitted = lines.map((line) => fitGb18030(line, columns));
      await bus.request(address, BusCommand.keypadDisplay, encodeKeypadDisplay(fitted), {
        ...requestOptions(`show display on keypad ${address}`),
      });
    },
    start() {
      if (running) return;
      running = true;
      scheduleNext();
    },
    stop() {
      running = false;
      cancelNext?.();
      cancelNext = undefined;
    },
    pollRound,
  };
}
