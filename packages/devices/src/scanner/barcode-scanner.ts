import type { SerialStatus, Unsubscribe } from '../serial/index.ts';
import type { ScanGarbledReason } from './scan-framing.ts';

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

const GARBLED: Readonly<Record<ScanGarbledReason, { zh: string; en: string }>> = {
  'not-text': {
    zh: '未能识别扫描内容，请将二维码对准扫描窗口重新扫描',
    en: 'The scan could not be read. Hold the QR code in front of the scanner and try again.',
  },
  'too-long': {
    zh: '扫描内容过长，不是本大厅的预约码',
    en: 'That code is too long to be a booking code of this hall.',
  },
  'missing-prefix': {
    zh: '扫描内容格式不符，请联系工作人员检查扫描器设置',
    en: 'The scan has an unexpected format. Please ask staff to check the scanner settings.',
  },
  incomplete: {
    zh: '扫描未完成，请重新扫描',
    en: 'The scan was cut short. Please scan again.',
  },
};

export const scanGarbled = (reason: ScanGarbledReason): ScanGarbled => ({ reason, ...GARBLED[reason] });
