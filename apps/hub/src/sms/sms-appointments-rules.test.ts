import { describe, expect, it } from 'vitest';
import {
  dueReminders,
  reminderRound,
  type SmsAppointment,
  type SmsAppointments,
} from './sms-appointments.ts';

const ZONE = 'Asia/Shanghai';
const shanghai = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

const appointment = (id: string, status: string, bookedAt: number): SmsAppointment => ({
  id,
  serviceId: 'svc-1',
  day: '2026-12-01',
  slotStart: '09:00',
  slotEnd: '09:30',
  status,
  bookedAt,
});

describe('the day-before reminder round', () => {
  it('starts at the hall hour in the hall zone and names tomorrow', () => {
    expect(reminderRound(shanghai('2026-11-30', '17:59'), '18:00', ZONE)).toBeNull();
    expect(reminderRound(shanghai('2026-11-30', '18:00'), '18:00', ZONE)).toEqual({
      day: '2026-12-01',
      since: shanghai('2026-11-30', '18:00'),
    });
    // 23:30 in Shanghai is 15:30 UTC the same date: still the round of the 1st, not of the 30th.
    expect(reminderRound(shanghai('2026-11-30', '23:30'), '18:00', ZONE)?.day).toBe('2026-12-01');
    // Just after midnight it is the next day's round, not yet due.
    expect(reminderRound(shanghai('2026-12-01', '00:10'), '18:00', ZONE)).toBeNull();
  });

  it('reminds booked appointments booked before the hour, not reminded yet', () => {
    const since = shanghai('2026-11-30', '18:00');
    const book: SmsAppointments = {
      byCode: () => null,
      phoneOf: () => null,
      onDay: (day) =>
        day === '2026-12-01'
          ? [
              appointment('KEEP2345', 'booked', since - 1),
              appointment('LATE2345', 'booked', since),
              appointment('GONE2345', 'cancelled', since - 1),
              appointment('DONE2345', 'booked', since - 1),
            ]
          : [],
    };
    const due = dueReminders({ day: '2026-12-01', since }, book, (code) => code === 'DONE2345');
    expect(due.map((a) => a.id)).toEqual(['KEEP2345']);
  });
});
