import type { SerialStatus, Unsubscribe } from '../serial/index.ts';
import type { ScanGarbledReason } from './scan-framing.ts';
import { SCAN_GARBLED_WORDING } from './scan-wording.ts';

/** A read that could not be used, with what the visitor is told. */
export interface ScanGarbled {
  readonly reason: ScanGarbledReason;
  readonly zh: string;
  readonly en: string;
}

/** Events of a barcode / QR scanner, `noun:verb`. */
export interface BarcodeScannerEvents {
  /** One code was read. The text may be personal (a booking code): never log it. */
  'scan:read': (code: string) => void;
  /** Bytes arrived that were not a valid scan; the driver dropped them and is ready for the next scan. */
  'scan:garbled': (garbled: ScanGarbled) => void;
  'scanner:status': (status: SerialStatus) => void;
}

/** Capability interface the kiosk uses; implementations: the serial driver (and fakes in tests). */
export interface BarcodeScanner {
  readonly status: SerialStatus;
  start(): void;
  stop(): Promise<void>;
  on<E extends keyof BarcodeScannerEvents>(event: E, listener: BarcodeScannerEvents[E]): Unsubscribe;
}

export const scanGarbled = (reason: ScanGarbledReason): ScanGarbled => ({
  reason,
  ...SCAN_GARBLED_WORDING[reason],
});
