/**
 * The booking page's routes on the public listener, against the real hub: services, days and live slots, a booking
 * with its QR code, look-up and cancel by code + ID number, and the limits per ID number and per address.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppointmentSlots,
  PublicBooked,
  PublicBookingDays,
  PublicBookingError,
  PublicBookingServices,
} from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { appointmentHall, testVisitor } from '../testing/appointment-hall.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

const MONDAY = '2026-11-30';
let hub: TestHub | null = null;
let visitorDir = '';

afterEach(async () => {
  await hub?.close();
  hub = null;
  rmSync(visitorDir, { recursive: true, force: true });
});

async function start(
  personAttempts = 5,
  limits = { burst: 10_000, perSecond: 10_000, maxStreams: 4, maxAddresses: 100 },
): Promise<string> {
  visitorDir = mkdtempSync(join(tmpdir(), 'hallq-visitor-'));
  mkdirSync(join(visitorDir, 'assets'));
  writeFileSync(join(visitorDir, 'index.html'), '<!doctype html><title>visitor</title>');
  hub = await startTestHub({
    hall: appointmentHall({ places: 2 }),
    config: {
      publicListener: {
        host: '127.0.0.1',
        port: 0,
        visitorDir,
        limits,
        personLimits: { attempts: personAttempts, windowMs: 600_000, maxPeople: 100 },
      },
    },
  });
  return hub.publicUrl ?? '';
}

const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const bookBody = (n: number, slotStart = '09:00') => ({
  serviceId: 'svc-1',
  day: MONDAY,
  slotStart,
  visitor: testVisitor(n),
});

describe('booking routes on the public listener', () => {
  it('lists the services that take appointments and their days, Monday first with its free places', async () => {
    const base = await start();
    const services = PublicBookingServices.parse(await (await fetch(`${base}/book/services`)).json());
    expect(services.services.map((s) => s.id)).toEqual(['svc-1']);
    const days = PublicBookingDays.parse(await (await fetch(`${base}/book/days/svc-1`)).json());
    expect(days.days[0]).toEqual({ day: MONDAY, free: 26, open: true });
    // Saturday 5 December: no appointments, shown closed.
    expect(days.days.find((d) => d.day === '2026-12-05')).toEqual({
      day: '2026-12-05',
      free: 0,
      open: false,
    });
    expect((await fetch(`${base}/book/days/svc-2`)).status).toBe(404);
  });

  it('books, answers the code and a QR code, and the slot shows one place fewer', async () => {
    const base = await start();
    const answer = await post(base, '/book/appointments', bookBody(1));
    expect(answer.status).toBe(201);
    const booked = PublicBooked.parse(await answer.json());
    expect(booked.appointment.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(booked.appointment.idNumber).not.toBe(testVisitor(1).idNumber);
    expect(booked.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(booked.qr.split(',')[1] ?? '', 'base64').toString('utf8');
    expect(svg).toContain('<svg');
    const slots = AppointmentSlots.parse(await (await fetch(`${base}/book/slots/svc-1/${MONDAY}`)).json());
    expect(slots.slots[0]).toMatchObject({ slotStart: '09:00', free: 1 });
  });

  it('looks up and cancels only with the matching ID number', async () => {
    const base = await start();
    const booked = PublicBooked.parse(await (await post(base, '/book/appointments', bookBody(2))).json());
    const { code } = booked.appointment;
    const wrong = await post(base, '/book/cancel', { code, idNumber: testVisitor(3).idNumber });
    expect(wrong.status).toBe(404);
    const found = await post(base, '/book/lookup', { code, idNumber: testVisitor(2).idNumber });
    expect(PublicBooked.parse(await found.json()).appointment.status).toBe('booked');
    const cancelled = await post(base, '/book/cancel', { code, idNumber: testVisitor(2).idNumber });
    expect(cancelled.status).toBe(200);
    const again = await post(base, '/book/lookup', { code, idNumber: testVisitor(2).idNumber });
    expect(PublicBooked.parse(await again.json()).appointment.status).toBe('cancelled');
  });

  it('refuses a full slot with the rule’s words, and a malformed body', async () => {
    const base = await start();
    await post(base, '/book/appointments', bookBody(4));
    await post(base, '/book/appointments', bookBody(5));
    const full = await post(base, '/book/appointments', bookBody(6));
    expect(full.status).toBe(409);
    const error = PublicBookingError.parse(await full.json());
    expect(error.error.code).toBe('APPOINTMENT_REFUSED');
    expect(error.error.message.zh).toMatch(/满/);
    const bad = await post(base, '/book/appointments', { ...bookBody(7), visitor: { idNumber: 'x' } });
    expect(bad.status).toBe(400);
    const badCheck = await post(base, '/book/appointments', {
      ...bookBody(8),
      visitor: {
        ...testVisitor(8),
        idNumber: `${testVisitor(8).idNumber.slice(0, 17)}${testVisitor(8).idNumber.endsWith('0') ? '1' : '0'}`,
      },
    });
    expect(badCheck.status).toBe(400);
  });

  it('limits bookings per address: each costs ten requests of its bucket, so a script cannot reel them off', async () => {
    // A bucket of 35 that does not refill in the test's time: three bookings (10 each), then 429.
    const base = await start(50, { burst: 35, perSecond: 0.001, maxStreams: 4, maxAddresses: 100 });
    const statuses: number[] = [];
    for (const [n, slot] of [
      [11, '13:30'],
      [12, '14:00'],
      [13, '14:30'],
      [14, '15:00'],
    ] as const)
      statuses.push((await post(base, '/book/appointments', bookBody(n, slot))).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('limits attempts per ID number, whatever the address allows', async () => {
    const base = await start(3);
    const statuses: number[] = [];
    for (const slot of ['09:00', '09:30', '10:00', '10:30']) {
      statuses.push((await post(base, '/book/appointments', bookBody(9, slot))).status);
    }
    expect(statuses.slice(3)).toEqual([429]);
    expect(
      PublicBookingError.parse(await (await post(base, '/book/appointments', bookBody(9))).json()).error.code,
    ).toBe('RATE_LIMITED');
    // Another person is not held back by that one.
    expect((await post(base, '/book/appointments', bookBody(10, '11:00'))).status).toBe(201);
  });
});
