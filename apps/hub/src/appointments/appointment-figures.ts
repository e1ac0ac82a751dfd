import { slotCapacity, slotGrid } from '@hallq/core';
import type {
  AppointmentDayView,
  AppointmentReport,
  AppointmentReportRow,
  HallConfig,
} from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import type { AppointmentStore } from './appointment-store.ts';

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Today's slots of every service taking appointments: booked / checked in / missed / cancelled (supervision). */
export function appointmentDay(hall: HallConfig, store: AppointmentStore, day: string): AppointmentDayView {
  const all = store.day(day);
  const services = hall.services
    .filter((s) => s.appointments)
    .map((service) => {
      const rules = service.appointments!;
      const capacity = slotCapacity(hall, service, rules);
      const mine = all.filter((a) => a.serviceId === service.id);
      const slots = slotGrid(rules).map(({ start, end }) => {
        const inSlot = mine.filter((a) => a.slotStart === start);
        const count = (status: string) => inSlot.filter((a) => a.status === status).length;
        return {
          slotStart: start,
          slotEnd: end,
          capacity,
          booked: count('booked'),
          checkedIn: count('checked-in'),
          missed: count('missed'),
          cancelled: count('cancelled'),
        };
      });
      return { serviceId: service.id, serviceName: service.name, slots };
    });
  return { day, services };
}

interface TicketRow {
  business_day: string;
  issued_service_id: string;
  queued_at: number;
  first_called_at: number | null;
  appointment: number;
}

/**
 * Appointment figures per service and business day: share of tickets from appointments, check-in, no-show and
 * on-time rates, and the mean wait (place in line → first call) of appointment tickets against walk-ins.
 * Rates count appointments not cancelled; no-shows are the missed ones (late walk-ins included: their slot
 * lapsed).
 */
export function appointmentReport(
  db: HubDatabase,
  hall: HallConfig,
  store: AppointmentStore,
  from: string,
  to: string,
): AppointmentReport {
  const tickets = db
    .prepare<[string, string], TicketRow>(
      `SELECT t.business_day, t.issued_service_id, t.queued_at, t.first_called_at,
              EXISTS (SELECT 1 FROM appointments a WHERE a.ticket_id = t.id) AS appointment
       FROM tickets t WHERE t.business_day BETWEEN ? AND ?`,
    )
    .all(from, to);
  const rows = new Map<string, AppointmentReportRow & { waits: number[][] }>();
  const nameOf = (serviceId: string) =>
    hall.services.find((s) => s.id === serviceId)?.name ?? { zh: serviceId, en: serviceId };
  const rowOf = (day: string, serviceId: string) => {
    const key = `${day}\u0000${serviceId}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        day,
        serviceId,
        serviceName: nameOf(serviceId),
        booked: 0,
        cancelled: 0,
        checkedIn: 0,
        missed: 0,
        onTime: 0,
        tickets: 0,
        appointmentTickets: 0,
        appointmentShare: null,
        checkInRate: null,
        noShowRate: null,
        onTimeRate: null,
        appointmentWaitSeconds: null,
        walkInWaitSeconds: null,
        waits: [[], []],
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const a of store.range(from, to)) {
    const row = rowOf(a.day, a.serviceId);
    if (a.status === 'cancelled') {
      row.cancelled++;
      continue;
    }
    row.booked++;
    if (a.status === 'checked-in') {
      row.checkedIn++;
      if (!a.late) row.onTime++;
    }
    if (a.status === 'missed') row.missed++;
  }
  const tracked = new Set(hall.services.filter((s) => s.appointments).map((s) => s.id));
  for (const t of tickets) {
    // Services that never took an appointment in the range have no row of their own.
    if (!tracked.has(t.issued_service_id) && !rows.has(`${t.business_day}\u0000${t.issued_service_id}`))
      continue;
    const row = rowOf(t.business_day, t.issued_service_id);
    row.tickets++;
    if (t.appointment === 1) row.appointmentTickets++;
    if (t.first_called_at !== null) {
      row.waits[t.appointment === 1 ? 0 : 1]!.push(Math.max(0, t.first_called_at - t.queued_at) / 1000);
    }
  }
  const mean = (values: number[]) =>
    values.length === 0 ? null : Math.round(values.reduce((s, v) => s + v, 0) / values.length);
  const out = [...rows.values()]
    .map(({ waits, ...row }) => ({
      ...row,
      appointmentShare: ratio(row.appointmentTickets, row.tickets),
      checkInRate: ratio(row.checkedIn, row.checkedIn + row.missed),
      noShowRate: ratio(row.missed, row.checkedIn + row.missed),
      onTimeRate: ratio(row.onTime, row.checkedIn),
      appointmentWaitSeconds: mean(waits[0]!),
      walkInWaitSeconds: mean(waits[1]!),
    }))
    .sort((a, b) => (a.day === b.day ? a.serviceId.localeCompare(b.serviceId) : a.day < b.day ? -1 : 1));
  return { from, to, rows: out };
}
