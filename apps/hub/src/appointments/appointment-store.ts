import type { Appointment, AppointmentStatus } from '@hallq/core';
import type { AppointmentChannel } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';

/** An appointment row: the core's record plus what only the hub keeps (channel, ticket, masked and sealed data). */
export interface StoredAppointment extends Appointment {
  readonly channel: AppointmentChannel;
  readonly slotEnd: string;
  readonly ticketId: string | null;
  readonly late: boolean;
  readonly missedAt: number | null;
  readonly nameMasked: string | null;
  readonly idMasked: string | null;
  readonly phoneMasked: string | null;
  /** The secret box's seal of the visitor's card type, ID number, name and phone; null once purged. */
  readonly sealed: string | null;
}

interface Row {
  code: string;
  service_id: string;
  day: string;
  slot_start: string;
  slot_end: string;
  starts_at: number;
  ends_at: number;
  visitor_key: string;
  status: string;
  channel: string;
  booked_at: number;
  cancelled_at: number | null;
  checked_in_at: number | null;
  missed_at: number | null;
  ticket_id: string | null;
  late: number;
  name_masked: string | null;
  id_masked: string | null;
  phone_masked: string | null;
  sealed: string | null;
}

const fromRow = (r: Row): StoredAppointment => ({
  id: r.code,
  serviceId: r.service_id,
  day: r.day,
  slotStart: r.slot_start,
  slotEnd: r.slot_end,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  visitorKey: r.visitor_key,
  status: r.status as AppointmentStatus,
  channel: r.channel as AppointmentChannel,
  bookedAt: r.booked_at,
  cancelledAt: r.cancelled_at,
  checkedInAt: r.checked_in_at,
  missedAt: r.missed_at,
  ticketId: r.ticket_id,
  late: r.late === 1,
  nameMasked: r.name_masked,
  idMasked: r.id_masked,
  phoneMasked: r.phone_masked,
  sealed: r.sealed,
});

/**
 * The appointments table. No cache: every decision reads SQLite (indexed, synchronous), so a rolled-back
 * commit batch cannot leave a stale copy deciding the next booking.
 */
export function createAppointmentStore(db: HubDatabase) {
  const insert = db.prepare(
    `INSERT INTO appointments (code, service_id, day, slot_start, slot_end, starts_at, ends_at, visitor_key,
       status, channel, booked_at, name_masked, id_masked, phone_masked, sealed)
     VALUES (@id, @serviceId, @day, @slotStart, @slotEnd, @startsAt, @endsAt, @visitorKey, 'booked', @channel,
       @bookedAt, @nameMasked, @idMasked, @phoneMasked, @sealed)`,
  );
  const byCode = db.prepare<[string], Row>('SELECT * FROM appointments WHERE code = ?');
  const bySlot = db.prepare<[string, string, string], Row>(
    'SELECT * FROM appointments WHERE service_id = ? AND day = ? AND slot_start = ?',
  );
  const byServiceDay = db.prepare<[string, string], Row>(
    'SELECT * FROM appointments WHERE service_id = ? AND day = ?',
  );
  const byDay = db.prepare<[string], Row>(
    'SELECT * FROM appointments WHERE day = ? ORDER BY starts_at, code',
  );
  const byVisitor = db.prepare<[string], Row>(
    'SELECT * FROM appointments WHERE visitor_key = ? ORDER BY starts_at DESC LIMIT 500',
  );
  const codeTaken = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM appointments WHERE code = ?');
  const liftOf = db.prepare<[string], { lifted_at: number }>(
    'SELECT lifted_at FROM appointment_block_lifts WHERE visitor_key = ?',
  );
  /** The appointment a ticket was checked in from (a late walk-in's ticket is no appointment ticket). */
  const byTicket = db.prepare<[string], Row>(
    "SELECT * FROM appointments WHERE ticket_id = ? AND status = 'checked-in'",
  );
  const ofActiveTickets = db.prepare<[], Row>(
    `SELECT a.* FROM appointments a JOIN tickets t ON t.id = a.ticket_id
     WHERE a.status = 'checked-in' AND t.status IN ('waiting', 'called', 'serving')`,
  );
  const lapsed = db.prepare<[number], Row>(
    "SELECT * FROM appointments WHERE status = 'booked' AND starts_at < ? ORDER BY starts_at",
  );
  const inRange = db.prepare<[string, string], Row>(
    'SELECT * FROM appointments WHERE day BETWEEN ? AND ? ORDER BY day, service_id',
  );

  return {
    insert(a: StoredAppointment): void {
      insert.run({ ...a });
    },
    byCode: (code: string): StoredAppointment | null => {
      const row = byCode.get(code);
      return row ? fromRow(row) : null;
    },
    codeTaken: (code: string): boolean => codeTaken.get(code) !== undefined,
    slot: (serviceId: string, day: string, slotStart: string) =>
      bySlot.all(serviceId, day, slotStart).map(fromRow),
    serviceDay: (serviceId: string, day: string) => byServiceDay.all(serviceId, day).map(fromRow),
    day: (day: string) => byDay.all(day).map(fromRow),
    range: (from: string, to: string) => inRange.all(from, to).map(fromRow),
    /** A person's appointments, newest first (bounded: what limits and blocks need is recent). */
    ofVisitor: (visitorKey: string) => byVisitor.all(visitorKey).map(fromRow),
    byTicket: (ticketId: string): StoredAppointment | null => {
      const row = byTicket.get(ticketId);
      return row ? fromRow(row) : null;
    },
    ofActiveTickets: () => ofActiveTickets.all().map(fromRow),
    /** Booked appointments whose slot started before `before` (candidates for `missed`). */
    bookedStartedBefore: (before: number) => lapsed.all(before).map(fromRow),
    blockLiftedAt: (visitorKey: string): number | null => liftOf.get(visitorKey)?.lifted_at ?? null,
    liftBlock(visitorKey: string, at: number): void {
      db.prepare(
        `INSERT INTO appointment_block_lifts (visitor_key, lifted_at) VALUES (?, ?)
         ON CONFLICT (visitor_key) DO UPDATE SET lifted_at = excluded.lifted_at`,
      ).run(visitorKey, at);
    },
    cancel(code: string, at: number): void {
      db.prepare("UPDATE appointments SET status = 'cancelled', cancelled_at = ? WHERE code = ?").run(
        at,
        code,
      );
    },
    checkIn(code: string, at: number, ticketId: string | null, late: boolean): void {
      db.prepare(
        "UPDATE appointments SET status = 'checked-in', checked_in_at = ?, ticket_id = ?, late = ? WHERE code = ?",
      ).run(at, ticketId, late ? 1 : 0, code);
    },
    markMissed(code: string, at: number): void {
      db.prepare(
        "UPDATE appointments SET status = 'missed', missed_at = ? WHERE code = ? AND status = 'booked'",
      ).run(at, code);
    },
    /** A lapsed appointment turned into a walk-in ticket: missed, with the ticket it gave (used up). */
    lateWalkIn(code: string, at: number, ticketId: string): void {
      db.prepare(
        `UPDATE appointments SET status = 'missed', missed_at = COALESCE(missed_at, ?), ticket_id = ?
         WHERE code = ? AND status IN ('booked', 'missed')`,
      ).run(at, ticketId, code);
    },
    /** Clears the personal data of appointments whose slot ended before `olderThan`; the keyed hash stays. */
    purgeIdentities(olderThan: number): number {
      return db
        .prepare(
          `UPDATE appointments SET name_masked = NULL, id_masked = NULL, phone_masked = NULL, sealed = NULL
           WHERE ends_at < ? AND (sealed IS NOT NULL OR name_masked IS NOT NULL)`,
        )
        .run(olderThan).changes;
    },
  };
}

export type AppointmentStore = ReturnType<typeof createAppointmentStore>;
