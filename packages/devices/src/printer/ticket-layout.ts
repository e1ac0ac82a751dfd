/**
 * Queue ticket → ESC/POS bytes (pure: no I/O, same input → same bytes).
 *
 * node-thermal-printer assembles alignment, bold, QR (GS ( k) and cut; it never sees a non-ASCII string. Every text
 * run is encoded by `encodeText` (GB18030 inside FS & … FS .) and appended with `printer.add(buffer)`. Character size
 * is written as GS ! n directly (the library's `setTextSize(h, w)` puts height in the width nibble).
 */
import { BreakLine, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { TicketPrinterProfile } from '../profiles/profile-schema.ts';
import { encodeText, wrapText } from './escpos-text.ts';
import type { TicketPrint } from './ticket-print.ts';
import { parseTicketPrint } from './ticket-print.ts';

/** The part of a printer profile the layout needs. */
export type TicketLayoutProfile = Pick<TicketPrinterProfile, 'paperWidthMm' | 'charsPerLine' | 'cut'>;

const LF = Uint8Array.of(0x0a);
const ESC_INIT = Uint8Array.of(0x1b, 0x40);
const MAX_NUMBER_SCALE = 6;

/** GS ! n: width multiplier in the high nibble, height in the low nibble (1-8 each). */
export const characterSize = (width: number, height: number): Uint8Array =>
  Uint8Array.of(0x1d, 0x21, ((width - 1) << 4) | (height - 1));

/** The largest scale at which the ticket number still fits on one line (at least double, at most 6×). */
export const ticketNumberScale = (number: string, charsPerLine: number): number =>
  Math.max(2, Math.min(MAX_NUMBER_SCALE, Math.floor(charsPerLine / Math.max(1, number.length))));

/**
 * node-thermal-printer wants an interface even to build a buffer. The layout only reads `getBuffer()`; this sink
 * makes any accidental `execute()` fail loudly instead of printing somewhere.
 */
const layoutOnlyInterface = {
  execute: (): Promise<never> =>
    Promise.reject(new Error('ticket layout builds bytes only; send them through a transport')),
  isPrinterConnected: (): Promise<boolean> => Promise.resolve(false),
};

type Align = 'left' | 'center';

interface Writer {
  text(text: string, options?: { scale?: number; heightScale?: number; bold?: boolean }): void;
  blank(): void;
  align(align: Align): void;
}

const peopleAheadLines = (n: number): [string, string] =>
  n === 0
    ? ['您前面没有人等候', 'No one is ahead of you']
    : [`您前面还有 ${n} 人等候`, `${n} ${n === 1 ? 'person' : 'people'} ahead of you`];

/** Builds the ticket. Throws `TicketLayoutError` (before building anything) when the ticket data is invalid. */
export const layoutTicket = (input: TicketPrint, profile: TicketLayoutProfile): Buffer => {
  const ticket = parseTicketPrint(input);
  const printer = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: layoutOnlyInterface as unknown as string,
    width: profile.charsPerLine,
    breakLine: BreakLine.NONE,
  });
  const cols = profile.charsPerLine;

  const w: Writer = {
    text(text, options = {}) {
      const scale = options.scale ?? 1;
      const height = options.heightScale ?? scale;
      if (options.bold) printer.bold(true);
      if (scale !== 1 || height !== 1) printer.add(Buffer.from(characterSize(scale, height)));
      for (const line of wrapText(text, Math.floor(cols / scale))) {
        printer.add(encodeText(line));
        printer.add(Buffer.from(LF));
      }
      if (scale !== 1 || height !== 1) printer.add(Buffer.from(characterSize(1, 1)));
      if (options.bold) printer.bold(false);
    },
    blank() {
      printer.add(Buffer.from(LF));
    },
    align(align) {
      if (align === 'center') printer.alignCenter();
      else printer.alignLeft();
    },
  };

  printer.add(Buffer.from(ESC_INIT));
  w.align('center');
  w.text(ticket.hallName.zh, { scale: 1, heightScale: 2, bold: true });
  w.text(ticket.hallName.en);
  printer.drawLine('-');

  w.text(ticket.serviceName.zh, { scale: 2, bold: true });
  w.text(ticket.serviceName.en);
  w.blank();
  const scale = ticketNumberScale(ticket.number, cols);
  w.text(ticket.number, { scale, bold: true });
  if (ticket.appointmentSlot !== undefined) {
    w.text(`预约 ${ticket.appointmentSlot}`, { scale: 1, heightScale: 2, bold: true });
    w.text(`Appointment ${ticket.appointmentSlot}`);
  }
  w.blank();

  const [aheadZh, aheadEn] = peopleAheadLines(ticket.peopleAhead);
  w.text(aheadZh, { bold: true });
  w.text(aheadEn);
  w.text(`预计等候：${ticket.estimatedWait.zh}`);
  w.text(`Estimated wait: ${ticket.estimatedWait.en}`);
  w.text(`等候区域：${ticket.waitingArea.zh}`);
  w.text(`Waiting area: ${ticket.waitingArea.en}`);
  if (ticket.visitorName !== undefined) w.text(`姓名 Name: ${ticket.visitorName}`);
  w.text(`取号 Issued: ${ticket.issuedAt}`);
  w.blank();

  printer.printQR(ticket.qrPayload, {
    cellSize: profile.paperWidthMm === 80 ? 6 : 4,
    correction: 'M',
    model: 2,
  });
  w.blank();

  w.align('left');
  w.text(ticket.notice.zh);
  w.text(ticket.notice.en);

  if (profile.cut === 'full') printer.cut();
  else printer.partialCut();
  return Buffer.from(printer.getBuffer());
};
