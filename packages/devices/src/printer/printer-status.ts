/**
 * ESC/POS real-time status (DLE EOT n = 10 04 n), pure codec. Each request is answered with one byte whose fixed bits
 * are bit1 = bit4 = 1 and bit0 = bit7 = 0 (so "all clear" is 0x12). Bit table: hardware-protocols.md §2.1.
 */
import type { BilingualMessage, PrinterRefusalCode } from './printer-errors.ts';
import { PrinterStatusReplyError } from './printer-errors.ts';

/** 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export type StatusRequest = 1 | 2 | 3 | 4;

export const DLE = 0x10;
export const EOT = 0x04;

export const buildStatusRequest = (n: StatusRequest): Uint8Array => Uint8Array.of(DLE, EOT, n);

const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;
const bit = (byte: number, n: number): boolean => ((byte >> n) & 1) === 1;

const checkFixedBits = (request: StatusRequest, reply: number): void => {
  if (!Number.isInteger(reply) || reply < 0 || reply > 0xff || (reply & FIXED_MASK) !== FIXED_VALUE) {
    throw new PrinterStatusReplyError(request, reply);
  }
};

/** DLE EOT 1. */
export interface PrinterStatusByte {
  readonly drawerPin3High: boolean;
  readonly offline: boolean;
  readonly waitingOnlineRecovery: boolean;
  readonly feedButtonPressed: boolean;
}

export const parsePrinterStatusByte = (reply: number): PrinterStatusByte => {
  checkFixedBits(1, reply);
  return {
    drawerPin3High: bit(reply, 2),
    offline: bit(reply, 3),
    waitingOnlineRecovery: bit(reply, 5),
    feedButtonPressed: bit(reply, 6),
  };
};

/** DLE EOT 2. */
export interface OfflineCauseByte {
  readonly coverOpen: boolean;
  readonly paperFedByButton: boolean;
  readonly stoppedByPaperEnd: boolean;
  readonly errorOccurred: boolean;
}

export const parseOfflineCauseByte = (reply: number): OfflineCauseByte => {
  checkFixedBits(2, reply);
  return {
    coverOpen: bit(reply, 2),
    paperFedByButton: bit(reply, 3),
    stoppedByPaperEnd: bit(reply, 5),
    errorOccurred: bit(reply, 6),
  };
};

/** DLE EOT 3. */
export interface ErrorCauseByte {
  readonly recoverable: boolean;
  readonly autocutter: boolean;
  readonly unrecoverable: boolean;
  readonly autoRecoverable: boolean;
}

export const parseErrorCauseByte = (reply: number): ErrorCauseByte => {
  checkFixedBits(3, reply);
  return {
    recoverable: bit(reply, 2),
    autocutter: bit(reply, 3),
    unrecoverable: bit(reply, 5),
    autoRecoverable: bit(reply, 6),
  };
};

/** DLE EOT 4. The sensors report in bit pairs (2+3 near end, 5+6 paper end); either bit of a pair counts. */
export interface PaperSensorByte {
  readonly nearEnd: boolean;
  readonly paperEnd: boolean;
}

export const parsePaperSensorByte = (reply: number): PaperSensorByte => {
  checkFixedBits(4, reply);
  return { nearEnd: bit(reply, 2) || bit(reply, 3), paperEnd: bit(reply, 5) || bit(reply, 6) };
};

/** Raw reply bytes, kept in the status for logs and support calls. */
export interface StatusReplies {
  /** DLE EOT 1 */
  readonly printer: number;
  /** DLE EOT 2 */
  readonly offlineCause: number;
  /** DLE EOT 4 */
  readonly paperSensor: number;
  /** DLE EOT 3, when asked */
  readonly errorCause?: number;
}

export type PrinterFault =
  | 'error-occurred'
  | 'recoverable'
  | 'autocutter'
  | 'unrecoverable'
  | 'auto-recoverable';

/** Status read from the printer itself. */
export interface KnownPrinterStatus {
  readonly kind: 'known';
  readonly online: boolean;
  readonly coverOpen: boolean;
  readonly paperOut: boolean;
  readonly paperNearEnd: boolean;
  readonly feedButtonPressed: boolean;
  readonly errors: readonly PrinterFault[];
  readonly replies: StatusReplies;
}

/**
 * The transport cannot read status (a write-only device file). There are deliberately no `paperOut`/`online` fields
 * here: code must narrow on `kind` before it can believe anything about paper or cover.
 */
export interface UnknownPrinterStatus {
  readonly kind: 'unknown';
  readonly reason: 'status-unsupported';
  readonly detail: string;
}

export type PrinterStatus = KnownPrinterStatus | UnknownPrinterStatus;

export const unknownPrinterStatus = (detail: string): UnknownPrinterStatus => ({
  kind: 'unknown',
  reason: 'status-unsupported',
  detail,
});

export const parsePrinterStatus = (replies: StatusReplies): KnownPrinterStatus => {
  const printer = parsePrinterStatusByte(replies.printer);
  const cause = parseOfflineCauseByte(replies.offlineCause);
  const paper = parsePaperSensorByte(replies.paperSensor);
  const errors: PrinterFault[] = [];
  if (cause.errorOccurred) errors.push('error-occurred');
  if (replies.errorCause !== undefined) {
    const e = parseErrorCauseByte(replies.errorCause);
    if (e.recoverable) errors.push('recoverable');
    if (e.autocutter) errors.push('autocutter');
    if (e.unrecoverable) errors.push('unrecoverable');
    if (e.autoRecoverable) errors.push('auto-recoverable');
  }
  return {
    kind: 'known',
    online: !printer.offline,
    coverOpen: cause.coverOpen,
    paperOut: paper.paperEnd || cause.stoppedByPaperEnd,
    paperNearEnd: paper.nearEnd,
    feedButtonPressed: printer.feedButtonPressed,
    errors,
    replies,
  };
};

export type PrinterWarningCode = 'PAPER_NEAR_END' | 'STATUS_UNKNOWN' | 'NOT_READY_AFTER_PRINT';

export interface PrinterWarning {
  readonly code: PrinterWarningCode;
  readonly message: BilingualMessage;
}

export type ReadyCheck =
  | { readonly ok: true; readonly warnings: readonly PrinterWarning[] }
  | { readonly ok: false; readonly code: PrinterRefusalCode; readonly message: BilingualMessage };

export const refusalMessages: Readonly<Record<PrinterRefusalCode, BilingualMessage>> = {
  PAPER_OUT: {
    zh: '取号机打印纸已用完，请联系工作人员更换纸卷。',
    en: 'The ticket printer is out of paper. Please ask staff to load a new roll.',
  },
  COVER_OPEN: {
    zh: '取号机打印机上盖未关好，请联系工作人员。',
    en: 'The ticket printer cover is open. Please ask staff to close it.',
  },
  OFFLINE: {
    zh: '取号机打印机离线，请联系工作人员。',
    en: 'The ticket printer is offline. Please ask staff for help.',
  },
  PRINTER_ERROR: {
    zh: '取号机打印机故障，请联系工作人员。',
    en: 'The ticket printer reported an error. Please ask staff for help.',
  },
};

export const warningMessages: Readonly<Record<PrinterWarningCode, BilingualMessage>> = {
  PAPER_NEAR_END: {
    zh: '打印纸即将用完，请尽快更换纸卷。',
    en: 'Ticket paper is running low; replace the roll soon.',
  },
  STATUS_UNKNOWN: {
    zh: '无法读取打印机状态（设备文件只能写入），不能确认是否缺纸或上盖打开。',
    en: 'Printer status cannot be read (write-only device file); paper and cover state are unknown.',
  },
  NOT_READY_AFTER_PRINT: {
    zh: '打印后打印机报告异常，请检查小票是否完整。',
    en: 'The printer reported a problem right after printing; check that the ticket came out complete.',
  },
};

const refuse = (code: PrinterRefusalCode): ReadyCheck => ({
  ok: false,
  code,
  message: refusalMessages[code],
});

/**
 * May a ticket be printed now? Paper out wins over cover open (loading paper needs the cover open anyway), then
 * faults, then plain offline. Paper near end still prints, with a warning; unknown status prints with a warning.
 */
export const checkReady = (status: PrinterStatus): ReadyCheck => {
  if (status.kind === 'unknown') {
    return { ok: true, warnings: [{ code: 'STATUS_UNKNOWN', message: warningMessages.STATUS_UNKNOWN }] };
  }
  if (status.paperOut) return refuse('PAPER_OUT');
  if (status.coverOpen) return refuse('COVER_OPEN');
  if (status.errors.length > 0) return refuse('PRINTER_ERROR');
  if (!status.online) return refuse('OFFLINE');
  const warnings: PrinterWarning[] = [];
  if (status.paperNearEnd) warnings.push({ code: 'PAPER_NEAR_END', message: warningMessages.PAPER_NEAR_END });
  return { ok: true, warnings };
};
