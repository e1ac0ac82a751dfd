import { appointmentRules, DEFAULT_APPOINTMENT_POLICY } from '@hallq/core';
import {
  type AppointmentLookup,
  AppointmentPolicyConfig,
  AppointmentRulesConfig,
  type AppointmentStatus,
  type HallConfig,
} from '@hallq/protocol';

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

type Rules = NonNullable<HallConfig['services'][number]['appointments']>;

/**
 * What a service takes when an admin turns appointments on: the core's defaults (`appointmentRules()`: 30-minute
 * slots 09:00–12:00 and 13:30–17:00 on weekdays, 2 places per window, and so on), read through the hall file's
 * schema so the editor holds the same shape it saves.
 */
export const DEFAULT_RULES: Rules = AppointmentRulesConfig.parse(appointmentRules());

/** "1-5" or "1,2,3,4,5" → ISO weekdays; anything else left out (the hub validates the result). */
export function parseWeekdays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^([1-7])\s*-\s*([1-7])$/.exec(part);
    if (range) for (let d = Number(range[1]); d <= Number(range[2]); d++) days.add(d);
    else if (/^[1-7]$/.test(part)) days.add(Number(part));
  }
  return [...days].sort((a, b) => a - b);
}

export const weekdaysText = (days: readonly number[]): string => days.join(',');

type Policy = NonNullable<HallConfig['rules']['appointmentPolicy']>;

/** The hall-wide policy a hall file without one runs with (the core's DEFAULT_APPOINTMENT_POLICY). */
export const DEFAULT_POLICY: Policy = AppointmentPolicyConfig.parse(DEFAULT_APPOINTMENT_POLICY);

/** "2027-01-04, 2027-01-05" → the days, as typed (the hub checks each is a date). */
export const parseDays = (text: string): string[] =>
  text
    .split(/[,，\s]+/)
    .map((d) => d.trim())
    .filter(Boolean);

/** An optional limit field: empty is no limit. */
export const limitOf = (text: string): number | null => (text.trim() === '' ? null : Number(text));
