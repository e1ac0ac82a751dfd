import { z } from 'zod';
import { TicketLayoutError } from './printer-errors.ts';

const Bilingual = z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(400) });

/** Printable ASCII only: node-thermal-printer's GS ( k length is wrong for anything else, and scanners agree. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
/** A masked name keeps at most the family name and hides the rest: '王*', '欧阳**', '王*䶮'. */
const MASK = /[*＊]/;

/** What a kiosk prints on a queue ticket. All text is already localised and formatted by the caller. */
export const TicketPrint = z.object({
  hallName: Bilingual,
  /** Ticket number as called, e.g. 'A001'. */
  number: z.string().regex(/^[A-Z0-9-]{1,8}$/, 'ticket number: 1-8 of A-Z, 0-9, -'),
  serviceName: Bilingual,
  peopleAhead: z.number().int().min(0),
  /**
   * The wait in words, as the kiosk's screen shows it ('约 5–10 分钟' / 'about 5–10 min'): the screen and the paper
   * use one formatter (packages/ui `formatWait`), so they cannot disagree.
   */
  estimatedWait: z.object({ zh: z.string().min(1).max(40), en: z.string().min(1).max(60) }),
  waitingArea: Bilingual,
  /** Already formatted in the hall's time zone, e.g. '2026-11-28 09:15'. Printed as is. */
  issuedAt: z.string().min(1).max(32).regex(PRINTABLE_ASCII),
  /** ASCII URL or id encoded in the QR code. */
  qrPayload: z.string().min(1).max(700).regex(PRINTABLE_ASCII, 'QR payload must be printable ASCII'),
  notice: Bilingual,
  /** Already masked by the caller ('王*'); a name without a mask character is refused, never printed. */
  visitorName: z.string().min(2).max(20).regex(MASK, 'visitor name must be masked').optional(),
  /** 预约: the booked slot of an appointment ticket ('09:00–09:30'), printed under the number. */
  appointmentSlot: z
    .string()
    .regex(/^\d{2}:\d{2}–\d{2}:\d{2}$/, 'appointment slot: HH:MM–HH:MM')
    .optional(),
});
export type TicketPrint = z.infer<typeof TicketPrint>;

/** Validates ticket data before layout; throws a `TicketLayoutError` whose code names the first problem. */
export const parseTicketPrint = (input: unknown): TicketPrint => {
  const result = TicketPrint.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path[0];
  const detail = `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
  if (field === 'qrPayload') throw new TicketLayoutError('QR_PAYLOAD_NOT_ASCII', detail);
  if (field === 'visitorName')
    throw new TicketLayoutError('VISITOR_NAME_NOT_MASKED', 'visitor name must be masked');
  throw new TicketLayoutError('INVALID_TICKET', detail);
};
