/**
 * Printer-specific errors. Transport failures use the shared `DeviceTimeoutError` / `DeviceDisconnectedError`
 * from `serial/errors.ts`; these cover what only a ticket printer can say.
 */

/** Bilingual text shown to hall staff (zh first: the hall's language). */
export interface BilingualMessage {
  readonly zh: string;
  readonly en: string;
}

/** Why a printer refuses a ticket. A closed set: the kiosk maps each to a screen message. */
export type PrinterRefusalCode = 'PAPER_OUT' | 'COVER_OPEN' | 'OFFLINE' | 'PRINTER_ERROR';

/** The printer reported a state in which a ticket cannot be printed; nothing was sent. */
export class PrinterNotReadyError extends Error {
  readonly code: PrinterRefusalCode;
  readonly messages: BilingualMessage;

  constructor(code: PrinterRefusalCode, messages: BilingualMessage) {
    super(`${code}: ${messages.en}`);
    this.name = 'PrinterNotReadyError';
    this.code = code;
    this.messages = messages;
  }
}

/** A real-time status reply did not have the fixed bits of a DLE EOT answer (bit1 = bit4 = 1, bit0 = bit7 = 0). */
export class PrinterStatusReplyError extends Error {
  readonly code = 'BAD_STATUS_REPLY';
  readonly request: number;
  readonly reply: number;

  constructor(request: number, reply: number) {
    super(`DLE EOT ${request}: reply 0x${reply.toString(16).padStart(2, '0')} is not a status byte`);
    this.name = 'PrinterStatusReplyError';
    this.request = request;
    this.reply = reply;
  }
}

/** The transport cannot read anything back (a write-only device file); status is unknown, not "fine". */
export class PrinterStatusUnsupportedError extends Error {
  readonly code = 'STATUS_UNSUPPORTED';

  constructor(transport: string) {
    super(`${transport} cannot read printer status`);
    this.name = 'PrinterStatusUnsupportedError';
  }
}

export type TicketLayoutErrorCode = 'INVALID_TICKET' | 'QR_PAYLOAD_NOT_ASCII' | 'VISITOR_NAME_NOT_MASKED';

/** The ticket data cannot be laid out (validated before any byte is built). */
export class TicketLayoutError extends Error {
  readonly code: TicketLayoutErrorCode;

  constructor(code: TicketLayoutErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'TicketLayoutError';
    this.code = code;
  }
}
