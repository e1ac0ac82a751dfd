import { z } from 'zod';

/**
 * A hardware profile describes one device model as data (hardware-profiles/*.json). Model differences are fields,
 * not subclasses: a new model of a known protocol is a new JSON file.
 */
const ProfileBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'profile id: lower-case letters, digits and dashes'),
  vendor: z.string().min(1),
  model: z.string().min(1),
  description: z.string(),
  quirks: z.array(z.string()).default([]),
};

const BaudRate = z.union([
  z.literal(9600),
  z.literal(19200),
  z.literal(38400),
  z.literal(57600),
  z.literal(115200),
]);

export const IdCardReaderProfile = z.object({
  ...ProfileBase,
  kind: z.literal('id-card-reader'),
  protocol: z.literal('ga467-sam'),
  baudRate: BaudRate,
  /** Probe the other standard rates when the configured one does not answer. */
  autoBaud: z.boolean(),
  supportsFingerprint: z.boolean(),
  pollIntervalMs: z.number().int().min(100).max(5000),
  responseTimeoutMs: z.number().int().min(50).max(10000),
});
export type IdCardReaderProfile = z.infer<typeof IdCardReaderProfile>;

export const TicketPrinterProfile = z
  .object({
    ...ProfileBase,
    kind: z.literal('ticket-printer'),
    protocol: z.literal('escpos'),
    paperWidthMm: z.union([z.literal(58), z.literal(80)]),
    /** Characters per line in the normal (single-width ASCII) font. */
    charsPerLine: z.number().int().min(24).max(64),
    interface: z.enum(['network', 'serial', 'file']),
    baudRate: BaudRate.optional(),
    textEncoding: z.literal('gb18030'),
    supportsRealtimeStatus: z.boolean(),
    cut: z.enum(['full', 'partial']),
  })
  .refine((p) => (p.interface === 'serial') === (p.baudRate !== undefined), {
    message: 'a serial ticket printer needs baudRate; network and file printers have none',
    path: ['baudRate'],
  })
  .refine((p) => p.interface !== 'file' || !p.supportsRealtimeStatus, {
    message: 'a device file is write-only: it cannot report real-time status',
    path: ['supportsRealtimeStatus'],
  });
export type TicketPrinterProfile = z.infer<typeof TicketPrinterProfile>;

/**
 * Frame formats of the RS-485 queue peripherals (docs/protocols/hallq-bus-v1.md); each name is one `BusCodec`
 * in `bus/`. A vendor format is added here together with its codec.
 */
export const BusProtocol = z.enum(['hallq-bus-v1', 'hallq-bus-ascii']);
export type BusProtocol = z.infer<typeof BusProtocol>;

const BusUnitBase = {
  protocol: BusProtocol,
  baudRate: BaudRate,
  textEncoding: z.literal('gb18030'),
  /** Reply timeout per attempt; the bus master retries once. */
  responseTimeoutMs: z.number().int().min(50).max(10000),
};

export const KeypadKeyName = z.enum(['call', 'recall', 'no-show', 'start', 'finish', 'pause', 'resume']);

export const CallerKeypadProfile = z.object({
  ...ProfileBase,
  ...BusUnitBase,
  kind: z.literal('caller-keypad'),
  displayLines: z.number().int().min(1).max(4),
  /** Single-byte columns per line (a Chinese character takes two); longer lines are cut. */
  displayColumns: z.number().int().min(8).max(40),
  /** Keys the model has; the hub hides actions the keypad cannot send. */
  keys: z.array(KeypadKeyName).min(1),
  /** Pause between polling rounds over all keypads of a bus. */
  pollIntervalMs: z.number().int().min(20).max(2000),
});
export type CallerKeypadProfile = z.infer<typeof CallerKeypadProfile>;

export const LedSignProfile = z.object({
  ...ProfileBase,
  ...BusUnitBase,
  kind: z.literal('led-sign'),
  /** Width in Chinese characters (two ASCII characters each). */
  columns: z.number().int().min(4).max(64),
  effects: z.array(z.enum(['static', 'scroll', 'blink'])).min(1),
  /** Brightness steps the sign accepts (1..N); 0 = fixed brightness. */
  brightnessLevels: z.number().int().min(0).max(16),
});
export type LedSignProfile = z.infer<typeof LedSignProfile>;

export const EvaluationPadProfile = z.object({
  ...ProfileBase,
  ...BusUnitBase,
  kind: z.literal('evaluation-pad'),
  /** How often an open rating request is polled. */
  pollIntervalMs: z.number().int().min(50).max(2000),
  /** How long a visitor gets to press a key before the request ends as 'not-rated'. */
  ratingTimeoutMs: z.number().int().min(5000).max(300000),
});
export type EvaluationPadProfile = z.infer<typeof EvaluationPadProfile>;

/** A GSM modem (短信猫) sending SMS with AT commands in PDU mode (packages/devices/src/gsm-modem). */
export const GsmModemProfile = z.object({
  ...ProfileBase,
  kind: z.literal('gsm-modem'),
  protocol: z.literal('at-pdu'),
  baudRate: BaudRate,
  /** AT, ATE0, AT+CMGF and the AT+CMGS prompt. */
  commandTimeoutMs: z.number().int().min(200).max(30_000),
  /** From the PDU to +CMGS: the network can take long. */
  sendTimeoutMs: z.number().int().min(5000).max(180_000),
  /** Parts a long message may take (each 67 UCS-2 characters). */
  maxParts: z.number().int().min(1).max(10),
});
export type GsmModemProfile = z.infer<typeof GsmModemProfile>;
/**
 * A QR / barcode scanner. `serial`: RS-232 or USB "virtual COM" mode, read by the agent (scanner/ in this
 * package). `hid-keyboard`: the keyboard-wedge kind, whose reads arrive in the kiosk page as fast keystrokes ending
 * with Enter (or Tab); the page tells them from typing by the gap between keys.
 */
export const BarcodeScannerProfile = z
  .object({
    ...ProfileBase,
    kind: z.literal('barcode-scanner'),
    interface: z.enum(['serial', 'hid-keyboard']),
    baudRate: BaudRate.optional(),
    /** Sent before every code ('' = none), set on the scanner with a programming barcode. */
    prefix: z
      .string()
      .max(8)
      .regex(/^[\x21-\x7e]*$/, 'prefix: printable ASCII without spaces'),
    /** What ends a read: CR (Enter), LF, CR LF, or TAB. */
    suffix: z.enum(['CR', 'LF', 'CRLF', 'TAB']),
    /** Longest code accepted, in bytes. */
    maxLength: z.number().int().min(8).max(4096),
    /** A serial frame left without its terminator this long is dropped as cut short. */
    frameTimeoutMs: z.number().int().min(20).max(5000),
    /** Keyboard wedge: keys further apart than this are typing, not a scan. */
    maxKeyIntervalMs: z.number().int().min(5).max(200),
    /** Keyboard wedge: a burst shorter than this is not taken as a scan. */
    minLength: z.number().int().min(1).max(64),
  })
  .refine((p) => (p.interface === 'serial') === (p.baudRate !== undefined), {
    message: 'a serial scanner needs baudRate; a keyboard-wedge scanner has none',
    path: ['baudRate'],
  })
  .refine((p) => p.interface === 'serial' || p.suffix === 'CR' || p.suffix === 'TAB', {
    message: 'a keyboard-wedge scanner ends a read with Enter (CR) or Tab',
    path: ['suffix'],
  });
export type BarcodeScannerProfile = z.infer<typeof BarcodeScannerProfile>;

export const HardwareProfile = z.discriminatedUnion('kind', [
  GsmModemProfile,
  IdCardReaderProfile,
  BarcodeScannerProfile,
  TicketPrinterProfile,
  CallerKeypadProfile,
  LedSignProfile,
  EvaluationPadProfile,
]);
export type HardwareProfile = z.infer<typeof HardwareProfile>;
export type HardwareKind = HardwareProfile['kind'];
