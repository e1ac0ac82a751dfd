/**
 * QR / barcode scanners: the serial kind (codec → stream parser → driver → `BarcodeScanner`). The keyboard-wedge
 * kind never reaches Node: the kiosk page detects its keystrokes itself (apps/kiosk/src/logic/wedge-detector.ts),
 * configured from the same profile. The simulator is exported from '@hallq/devices/testing'.
 */
export {
  type BarcodeScanner,
  type BarcodeScannerEvents,
  type ScanGarbled,
  scanGarbled,
} from './barcode-scanner.ts';
export {
  decodeScanFrame,
  encodeScanFrame,
  ScanCodecError,
  type ScanFraming,
  type ScanGarbledReason,
  type ScanSuffix,
  SUFFIX_BYTES,
  terminatorsOf,
} from './scan-framing.ts';
export { createScanParser, type ScanParseResult, type ScanParser } from './scan-parser.ts';
export {
  createSerialScanner,
  framingOf,
  ScannerProfileError,
  type SerialScanner,
  type SerialScannerOptions,
} from './serial-scanner.ts';
