/**
 * The contract between the kiosk renderer and its local device agent (apps/kiosk/agent), shared by both sides.
 * Browser-safe: zod and @hallq/protocol only. Every message crossing the boundary is checked with these schemas
 * on the side that receives it.
 *
 * Agent → renderer events: `card:read`, `card:refused`, `devices:status`, `code:scanned`, `code:garbled`,
 * `scanner:status`.
 * Renderer → agent commands (answered through the Socket.IO ack): `printer:status`, `ticket:print`.
 */
import { DeviceComponentStatus, IdentityInput, PrintPermit } from '@hallq/protocol';
import { z } from 'zod';

export const DEFAULT_AGENT_URL = 'http://127.0.0.1:8091';

export const Bilingual = z.object({ zh: z.string().min(1).max(300), en: z.string().min(1).max(400) });
export type Bilingual = z.infer<typeof Bilingual>;

/** Card types as the kiosk names them (the hub's `IdentityInput.cardType`, plus the 2017 foreigner card). */
export const KioskCardType = z.enum(['resident', 'hk-mo-tw', 'foreign-2017', 'foreign-2023']);
export type KioskCardType = z.infer<typeof KioskCardType>;

/**
 * A valid card was placed. `maskedName` is what screens show. `identity` goes to the hub inside `ticket:issue`
 * and nowhere else; it is null when the card's number cannot be checked by the hub (2017 foreigner card), and the
 * visitor then takes a ticket without it.
 */
export const CardReadEvent = z
  .object({
    cardType: KioskCardType,
    maskedName: z.string().min(1).max(40),
    identity: IdentityInput.nullable(),
  })
  .strict();
export type CardReadEvent = z.infer<typeof CardReadEvent>;

export const CardRefusedEvent = z
  .object({
    code: z.enum(['INVALID_ID_NUMBER', 'CARD_EXPIRED', 'CARD_NOT_YET_VALID', 'CARD_UNREADABLE']),
    message: Bilingual,
  })
  .strict();
export type CardRefusedEvent = z.infer<typeof CardRefusedEvent>;

/** A QR / barcode scanner read a code (a booking code, or a link carrying one). Never logged: it names a booking. */
export const CodeScannedEvent = z.object({ code: z.string().min(1).max(512) }).strict();
export type CodeScannedEvent = z.infer<typeof CodeScannedEvent>;

/** The scanner sent bytes that are not a usable read; the driver dropped them and waits for the next scan. */
export const CodeGarbledEvent = z
  .object({
    reason: z.enum(['not-text', 'too-long', 'missing-prefix', 'incomplete']),
    message: Bilingual,
  })
  .strict();
export type CodeGarbledEvent = z.infer<typeof CodeGarbledEvent>;

/**
 * The kiosk's scanner. `serial`: read by the agent, which sends `code:scanned`. `hid-keyboard`: the page itself
 * tells the scanner's keystrokes from typing with these settings (logic/wedge-detector.ts). `none`: no scanner.
 */
export const ScannerStatus = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('serial'), connected: z.boolean() }).strict(),
  z
    .object({
      kind: z.literal('hid-keyboard'),
      maxKeyIntervalMs: z.number().int().min(5).max(200),
      minLength: z.number().int().min(1).max(64),
      maxLength: z.number().int().min(8).max(4096),
      terminator: z.enum(['Enter', 'Tab']),
      prefix: z.string().max(8),
    })
    .strict(),
]);
export type ScannerStatus = z.infer<typeof ScannerStatus>;

/** The agent's devices, in the hub's `device:report` shape so the renderer forwards it as is. */
export const DevicesStatus = z.object({ components: z.array(DeviceComponentStatus).max(10) }).strict();
export type DevicesStatus = z.infer<typeof DevicesStatus>;

/** Why the printer cannot take a ticket now: the printer's own refusals plus link trouble. */
export const PrinterProblemCode = z.enum([
  'PAPER_OUT',
  'COVER_OPEN',
  'OFFLINE',
  'PRINTER_ERROR',
  'DISCONNECTED',
  'TIMEOUT',
  'NO_PRINTER',
  'INVALID_TICKET',
  'UNVERIFIED_TICKET',
  'AGENT_UNREACHABLE',
]);
export type PrinterProblemCode = z.infer<typeof PrinterProblemCode>;

export const PrinterReadiness = z.discriminatedUnion('ready', [
  z.object({ ready: z.literal(true), warnings: z.array(Bilingual).max(5) }).strict(),
  z.object({ ready: z.literal(false), code: PrinterProblemCode, message: Bilingual }).strict(),
]);
export type PrinterReadiness = z.infer<typeof PrinterReadiness>;

const PrintableAscii = z.string().regex(/^[\x20-\x7e]+$/);

/** What goes on the paper: the devices package's `TicketPrint`, checked again by the printer's layout. */
export const TicketPrintJob = z
  .object({
    hallName: Bilingual,
    number: z.string().regex(/^[A-Z0-9-]{1,8}$/),
    serviceName: Bilingual,
    peopleAhead: z.number().int().min(0),
    /** The wait as the ticket screen words it (packages/ui `formatWait`), so paper and screen agree. */
    estimatedWait: z.object({ zh: z.string().min(1).max(40), en: z.string().min(1).max(60) }).strict(),
    waitingArea: Bilingual,
    issuedAt: PrintableAscii.max(32),
    qrPayload: PrintableAscii.max(700),
    notice: Bilingual,
    /** Masked by the hub ('王*娜'); a name without a mask character is refused. */
    visitorName: z.string().min(2).max(20).regex(/[*＊]/, 'visitor name must be masked').optional(),
    /** 预约: the booked slot of an appointment ticket, printed under the number. */
    appointmentSlot: z
      .string()
      .max(11)
      .regex(/^\d{2}:\d{2}–\d{2}:\d{2}$/)
      .optional(),
  })
  .strict();
export type TicketPrintJob = z.infer<typeof TicketPrintJob>;

export const PrintRequest = z
  .object({
    /** The issue request's id: printing the same job again after a lost answer does not print twice. */
    jobId: z.string().min(8).max(64),
    ticket: TicketPrintJob,
    /** The hub's print permit from the issued ticket: the agent prints nothing the hub did not issue. */
    permit: PrintPermit,
  })
  .strict();
export type PrintRequest = z.infer<typeof PrintRequest>;

export const PrintResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), warnings: z.array(Bilingual).max(5), replayed: z.boolean() }).strict(),
  z.object({ ok: z.literal(false), code: PrinterProblemCode, message: Bilingual }).strict(),
]);
export type PrintResult = z.infer<typeof PrintResult>;

/** Commands the renderer sends; each answers through its ack. */
export const AgentCommands = {
  'printer:status': { request: z.object({}).strict(), response: PrinterReadiness },
  'ticket:print': { request: PrintRequest, response: PrintResult },
} as const;
export type AgentCommandName = keyof typeof AgentCommands;
export type AgentCommandRequest<C extends AgentCommandName> = z.infer<(typeof AgentCommands)[C]['request']>;
export type AgentCommandResponse<C extends AgentCommandName> = z.infer<(typeof AgentCommands)[C]['response']>;

/** Events the agent pushes. */
export const AgentEvents = {
  'card:read': CardReadEvent,
  'card:refused': CardRefusedEvent,
  'devices:status': DevicesStatus,
  'code:scanned': CodeScannedEvent,
  'code:garbled': CodeGarbledEvent,
  'scanner:status': ScannerStatus,
} as const;
export type AgentEventName = keyof typeof AgentEvents;
export type AgentEventPayload<E extends AgentEventName> = z.infer<(typeof AgentEvents)[E]>;

export type AgentClientToServerEvents = {
  [C in AgentCommandName]: (
    payload: AgentCommandRequest<C>,
    ack: (answer: AgentCommandResponse<C>) => void,
  ) => void;
};
export type AgentServerToClientEvents = {
  [E in AgentEventName]: (payload: AgentEventPayload<E>) => void;
};

/** Bilingual messages for the problems the agent itself detects (the printer's own come from the driver). */
export const agentProblemMessages: Readonly<Record<PrinterProblemCode, Bilingual>> = {
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
  DISCONNECTED: {
    zh: '无法连接取号机打印机，请联系工作人员。',
    en: 'The ticket printer cannot be reached. Please ask staff for help.',
  },
  TIMEOUT: {
    zh: '取号机打印机没有响应，请稍后重试或联系工作人员。',
    en: 'The ticket printer did not answer. Try again or ask staff for help.',
  },
  NO_PRINTER: {
    zh: '本机未配置打印机，请联系工作人员。',
    en: 'This kiosk has no ticket printer configured. Please ask staff for help.',
  },
  INVALID_TICKET: {
    zh: '号票内容有误，无法打印，请联系工作人员。',
    en: 'The ticket could not be laid out for printing. Please ask staff for help.',
  },
  UNVERIFIED_TICKET: {
    zh: '号票未经取号系统确认，无法打印，请联系工作人员。',
    en: 'This ticket was not confirmed by the queue system and cannot be printed. Please ask staff for help.',
  },
  AGENT_UNREACHABLE: {
    zh: '取号机设备服务未运行，请联系工作人员。',
    en: 'The kiosk device service is not running. Please ask staff for help.',
  },
};
