/**
 * ESC/POS ticket printer: layout (pure) → real-time status codec → transports (network, serial, device file) →
 * `TicketPrinter` capability. The simulator and the decoder for tests are exported from `@hallq/devices/testing`.
 */
export {
  type CutKind,
  collectPrintout,
  createEscPosStreamDecoder,
  type DecodedLine,
  type DecodedPrintout,
  decodeEscPos,
  type EscPosEvent,
  type EscPosStreamDecoder,
  type TextAlign,
} from './escpos-decoder.ts';
export {
  columnsOf,
  encodeText,
  FS_CHINESE_OFF,
  FS_CHINESE_ON,
  sanitizeText,
  wrapText,
} from './escpos-text.ts';
export { createFilePrinterTransport, type FilePrinterTransportOptions } from './file-transport.ts';
export {
  createNetworkPrinterTransport,
  type NetworkPrinterAddress,
  type NetworkPrinterTransportOptions,
  parseNetworkPrinterUrl,
} from './network-transport.ts';
export {
  type BilingualMessage,
  PrinterNotReadyError,
  type PrinterRefusalCode,
  PrinterStatusReplyError,
  PrinterStatusUnsupportedError,
  TicketLayoutError,
  type TicketLayoutErrorCode,
} from './printer-errors.ts';
export {
  buildStatusRequest,
  checkReady,
  type ErrorCauseByte,
  type KnownPrinterStatus,
  type OfflineCauseByte,
  type PaperSensorByte,
  type PrinterFault,
  type PrinterStatus,
  type PrinterStatusByte,
  type PrinterWarning,
  type PrinterWarningCode,
  parseErrorCauseByte,
  parseOfflineCauseByte,
  parsePaperSensorByte,
  parsePrinterStatus,
  parsePrinterStatusByte,
  type ReadyCheck,
  refusalMessages,
  type StatusReplies,
  type StatusRequest,
  type UnknownPrinterStatus,
  unknownPrinterStatus,
  warningMessages,
} from './printer-status.ts';
export {
  createReplyCollector,
  type PrinterConnection,
  type PrinterTransport,
  type ReplyCollector,
} from './printer-transport.ts';
export { createSerialPrinterTransport, type SerialPrinterTransportOptions } from './serial-transport.ts';
export { characterSize, layoutTicket, type TicketLayoutProfile, ticketNumberScale } from './ticket-layout.ts';
export { parseTicketPrint, TicketPrint } from './ticket-print.ts';
export {
  createTicketPrinter,
  type PrintOutcome,
  type TicketPrinter,
  type TicketPrinterOptions,
} from './ticket-printer.ts';
