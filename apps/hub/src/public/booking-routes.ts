/**
 * The public booking page's data (预约, apps/visitor `/book/`): services, days, live slots, booking, look-up and
 * cancel, answered by the appointment desk in this process. Writes cost more from the address's bucket, and each
 * ID number has its own limit. No personal data goes into a URL or a log line: bookings and cancellations are
 * POSTed, and answers carry only the desk's masked views.
 */
import type { ServerResponse } from 'node:http';
import { businessDayOf } from '@hallq/core';
import {
  AppointmentBookRequest,
  type HallConfig,
  PublicAppointmentKey,
  type PublicBooked,
  type PublicBookingDays,
  type PublicBookingError,
  type PublicBookingServices,
} from '@hallq/protocol';
import QRCode from 'qrcode';
import type { AppointmentDesk } from '../appointments/appointment-desk.ts';
import type { Actor } from '../store/event-log.ts';
import type { PerPersonLimiter } from './per-person-limiter.ts';
import { sendJson } from './public-headers.ts';
import { type PublicRoute, readJsonBody } from './public-router.ts';

export interface BookingRouteDeps {
  readonly appointments: AppointmentDesk;
  readonly hall: () => HallConfig;
  readonly perPerson: PerPersonLimiter;
  readonly clock: () => number;
}

const PUBLIC_ACTOR: Actor = { kind: 'system', id: 'public-booking', deviceId: null };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Calendar days listed at most (the rules allow up to 120 working days ahead; a phone needs far fewer). */
const MAX_DAYS_LISTED = 62;
const BODY_LIMIT = 4096;
/** How long a service's days list (with its free places per day) is served from memory. */
const DAYS_FRESH_MS = 1000;

/** The hub's "中文 · English" message as the page shows it. */
function bilingual(message: string): { zh: string; en: string } {
  const at = message.indexOf(' · ');
  return at > 0 ? { zh: message.slice(0, at), en: message.slice(at + 3) } : { zh: message, en: message };
}

const STATUS_OF: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  APPOINTMENT_REFUSED: 409,
  INVALID_IDENTITY: 400,
};

function fail(res: ServerResponse, code: string, message: string): void {
  const body: PublicBookingError = { error: { code, message: bilingual(message) } };
  sendJson(res, STATUS_OF[code] ?? 500, body);
}

const TOO_MANY =
  '此证件号码的尝试次数过多，请稍后再试 · Too many attempts with this ID number; please try again later';
const BAD_BODY = '请求格式错误 · The request is malformed';

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function bookingRoutes(deps: BookingRouteDeps): PublicRoute[] {
  const { appointments } = deps;

  const services = (): PublicBookingServices => {
    const hall = deps.hall();
    return {
      hallName: hall.name,
      timeZone: hall.rules.timeZone,
      services: hall.services
        .filter((s) => s.enabled && s.appointments)
        .map((s) => ({ id: s.id, name: s.name, prefix: s.prefix })),
    };
  };

  /**
   * The days list reads the slots of every listed day; under a rush (a popular service opening its days) the same
   * list is asked for many times a second, so it is kept for DAYS_FRESH_MS. The slots of the chosen day are
   * always read fresh: they decide what the visitor can book.
   */
  const daysCache = new Map<string, { readonly at: number; readonly value: PublicBookingDays | null }>();
  const days = (serviceId: string): PublicBookingDays | null => {
    const now = deps.clock();
    const cached = daysCache.get(serviceId);
    if (cached && now - cached.at >= 0 && now - cached.at < DAYS_FRESH_MS) return cached.value;
    const value = computeDays(serviceId);
    // Bounded: only services that take appointments are cached (an unknown id answers null, uncached).
    if (value) daysCache.set(serviceId, { at: now, value });
    return value;
  };

  const computeDays = (serviceId: string): PublicBookingDays | null => {
    const today = businessDayOf(deps.clock(), deps.hall().rules.timeZone);
    const first = appointments.slots(serviceId, today);
    if (!first.ok) return null;
    const list: PublicBookingDays['days'] = [];
    for (let day = first.value.firstDay; day <= first.value.lastDay && list.length < MAX_DAYS_LISTED; ) {
      const answer = appointments.slots(serviceId, day);
      const slots = answer.ok ? answer.value.slots : [];
      const open = slots.some(
        (s) => s.reason !== 'not-working-day' && s.reason !== 'no-appointments-that-day',
      );
      list.push({ day, free: slots.reduce((n, s) => n + (s.bookable ? s.free : 0), 0), open });
      day = addDays(day, 1);
    }
    return { serviceId, serviceName: first.value.serviceName, days: list };
  };

  return [
    { method: 'GET', path: '/book/services', handle: (_req, res) => sendJson(res, 200, services()) },
    {
      method: 'GET',
      path: '/book/days/:serviceId',
      cost: 3,
      handle: ({ params }, res) => {
        const answer = days(params.serviceId ?? '');
        if (!answer) fail(res, 'NOT_FOUND', '该业务不接受预约 · This service takes no appointments');
        else sendJson(res, 200, answer);
      },
    },
    {
      method: 'GET',
      path: '/book/slots/:serviceId/:day',
      handle: ({ params }, res) => {
        const day = params.day ?? '';
        if (!DAY.test(day)) {
          fail(res, 'BAD_REQUEST', '日期格式错误 · The date is malformed');
          return;
        }
        const answer = appointments.slots(params.serviceId ?? '', day);
        if (answer.ok) sendJson(res, 200, answer.value);
        else fail(res, answer.error.code, answer.error.message);
      },
    },
    {
      method: 'POST',
      path: '/book/appointments',
      cost: 10,
      handle: async ({ req }, res) => {
        const body = await readJsonBody(req, BODY_LIMIT);
        const parsed = body.ok ? AppointmentBookRequest.safeParse(body.value) : null;
        if (!parsed?.success) {
          fail(res, 'BAD_REQUEST', BAD_BODY);
          return;
        }
        if (!deps.perPerson.take(parsed.data.visitor.idNumber, deps.clock())) {
          fail(res, 'RATE_LIMITED', TOO_MANY);
          return;
        }
        const booked = appointments.book(parsed.data, 'public', PUBLIC_ACTOR);
        if (!booked.ok) {
          fail(res, booked.error.code, booked.error.message);
          return;
        }
        // The QR code carries the bare booking code: what the kiosk's scanner reads and its keypad takes.
        const qr = await QRCode.toString(booked.value.code, {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
        });
        const answer: PublicBooked = {
          appointment: booked.value,
          qr: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
        };
        sendJson(res, 201, answer);
      },
    },
    {
      method: 'POST',
      path: '/book/lookup',
      cost: 5,
      handle: async ({ req }, res) => {
        const key = await keyOf(req, res);
        if (!key) return;
        const found = appointments.lookup(key.code, key.idNumber);
        if (!found) {
          fail(res, 'NOT_FOUND', '预约码或证件号码不正确 · The booking code or ID number is not right');
          return;
        }
        const qr = await QRCode.toString(found.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        const answer: PublicBooked = {
          appointment: found,
          qr: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
        };
        sendJson(res, 200, answer);
      },
    },
    {
      method: 'POST',
      path: '/book/cancel',
      cost: 10,
      handle: async ({ req }, res) => {
        const key = await keyOf(req, res);
        if (!key) return;
        const cancelled = appointments.cancel(key.code, key.idNumber, PUBLIC_ACTOR);
        if (cancelled.ok) sendJson(res, 200, { appointment: cancelled.value });
        else fail(res, cancelled.error.code, cancelled.error.message);
      },
    },
  ];

  /** A visitor's code + ID number from the body, counted against the ID number's limit; null when answered. */
  async function keyOf(
    req: Parameters<PublicRoute['handle']>[0]['req'],
    res: ServerResponse,
  ): Promise<PublicAppointmentKey | null> {
    const body = await readJsonBody(req, BODY_LIMIT);
    const parsed = body.ok ? PublicAppointmentKey.safeParse(body.value) : null;
    if (!parsed?.success) {
      fail(res, 'BAD_REQUEST', BAD_BODY);
      return null;
    }
    if (!deps.perPerson.take(parsed.data.idNumber, deps.clock())) {
      fail(res, 'RATE_LIMITED', TOO_MANY);
      return null;
    }
    return parsed.data;
  }
}
