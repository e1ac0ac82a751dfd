import type { AppointmentLookup, AppointmentStatus, HallConfig } from '@hallq/protocol';

/** Status words of an appointment, for the help desk's lists. */
export const APPOINTMENT_STATUS_WORDS: Record<AppointmentStatus, { zh: string; en: string }> = {
  booked: { zh: '已预约', en: 'Booked' },
  'checked-in': { zh: '已签到', en: 'Checked in' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  missed: { zh: '失约', en: 'Missed' },
};

/** The services of the hall that take appointments, in the hall's order. */
export const bookableServices = (hall: HallConfig | null) =>
  (hall?.services ?? []).filter((s) => s.enabled && s.appointments);

/**
 * What the help desk's one search box holds, as a look-up: an 8-character booking code (typed in any case,
 * with spaces or dashes), or an ID number; null while it is neither.
 */
export function lookupOf(typed: string): AppointmentLookup | null {
  const text = typed.replace(/[\s-]/g, '').toUpperCase();
  if (/^[2-9A-HJKMNP-Z]{8}$/.test(text)) return { kind: 'code', code: text };
  if (/^([0-9]{17}[0-9X]|[A-Z]{3}[0-9]{12})$/.test(text)) return { kind: 'id-number', idNumber: text };
  return null;
}
