import type { BarcodeScannerProfile } from '../profiles/profile-schema.ts';
import {
  createSerialConnection,
  type DeviceLogger,
  type SerialBinding,
  type SerialConnectionOptions,
  type SerialStatus,
  silentLogger,
  systemTimers,
  type Timers,
} from '../serial/index.ts';
import type { CancelTimer } from '../serial/timers.ts';
import { type BarcodeScanner, type BarcodeScannerEvents, scanGarbled } from './barcode-scanner.ts';
import type { ScanFraming } from './scan-framing.ts';
import { createScanParser, type ScanParseResult } from './scan-parser.ts';

export interface SerialScannerOptions {
  /** A profile with `interface: 'serial'`. */
  readonly profile: BarcodeScannerProfile;
  readonly path: string;
  readonly binding?: SerialBinding;
  readonly timers?: Timers;
  readonly logger?: DeviceLogger;
  readonly backoff?: SerialConnectionOptions['backoff'];
  readonly presenceCheck?: SerialConnectionOptions['presenceCheck'];
}

export interface SerialScanner extends BarcodeScanner {
  readonly framing: ScanFraming;
}

export class ScannerProfileError extends Error {
  readonly code = 'SCANNER_PROFILE';
}

/** The framing a serial profile describes. */
export function framingOf(profile: BarcodeScannerProfile): ScanFraming {
  if (profile.interface !== 'serial')
    throw new ScannerProfileError(`profile ${profile.id} is a keyboard-wedge scanner: no serial framing`);
  return { prefix: profile.prefix, suffix: profile.suffix, maxLength: profile.maxLength };
}

/**
 * A scanner on a serial line (RS-232, or USB in "virtual COM" mode). It only listens: scanners in this mode
 * send each read unprompted. A frame left half-sent for `frameTimeoutMs` (the scanner was unplugged mid-frame,
 * or noise without a terminator) is dropped so it cannot glue itself to the next scan.
 */
export function createSerialScanner(options: SerialScannerOptions): SerialScanner {
  const framing = framingOf(options.profile);
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? silentLogger;
  const frameTimeoutMs = options.profile.frameTimeoutMs;
  const connection = createSerialConnection({
    path: options.path,
    baudRate: options.profile.baudRate ?? 9600,
    timers,
    logger,
    ...(options.binding !== undefined && { binding: options.binding }),
    ...(options.backoff !== undefined && { backoff: options.backoff }),
    ...(options.presenceCheck !== undefined && { presenceCheck: options.presenceCheck }),
  });
  const parser = createScanParser(framing);
  const listeners: { [E in keyof BarcodeScannerEvents]: Set<BarcodeScannerEvents[E]> } = {
    'scan:read': new Set(),
    'scan:garbled': new Set(),
    'scanner:status': new Set(),
  };
  let cancelFrameTimer: CancelTimer | undefined;
  const offs: (() => void)[] = [];

  const deliver = (result: ScanParseResult): void => {
    if (result.type === 'scan') {
      // The code may be a booking code: only its length is logged.
      logger.debug('scanner: code read', { length: result.code.length });
      for (const listener of [...listeners['scan:read']]) listener(result.code);
      return;
    }
    logger.warn('scanner: garbled input dropped', { reason: result.reason });
    const garbled = scanGarbled(result.reason);
    for (const listener of [...listeners['scan:garbled']]) listener(garbled);
  };

  const armFrameTimer = (): void => {
    cancelFrameTimer?.();
    cancelFrameTimer = undefined;
    if (parser.pending === 0) return;
    cancelFrameTimer = timers.set(() => {
      cancelFrameTimer = undefined;
      const dropped = parser.flush();
      if (dropped) deliver(dropped);
    }, frameTimeoutMs);
  };

  const onChunk = (chunk: Uint8Array): void => {
    for (const result of parser.push(chunk)) deliver(result);
    armFrameTimer();
  };

  const onStatus = (status: SerialStatus): void => {
    if (status === 'disconnected') {
      cancelFrameTimer?.();
      cancelFrameTimer = undefined;
      // A frame cut by the unplug is not reported: the visitor sees the scanner go away, not a bad scan.
      parser.flush();
    }
    for (const listener of [...listeners['scanner:status']]) listener(status);
  };

  return {
    framing,
    get status() {
      return connection.status;
    },
    start() {
      if (offs.length > 0) return;
      offs.push(connection.onData(onChunk), connection.onStatus(onStatus));
      connection.start();
    },
    async stop() {
      cancelFrameTimer?.();
      cancelFrameTimer = undefined;
      for (const off of offs.splice(0)) off();
      await connection.stop();
    },
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
