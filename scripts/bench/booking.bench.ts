/**
 * The public booking page under 50 concurrent bookers, at the HTTP level: each booker does what the page does —
 * services, the service's days, the day's slots, then POST the booking — against the real hub's public listener
 * (the appointment desk writing through the hall's write path, fsynced). Every booker is a different person from
 * a different loopback address (127.1.x.y), so the per-address and per-ID limits stay as shipped.
 *
 *   npx tsx scripts/bench/booking.bench.ts            (BOOKERS=50 ROUNDS=8)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appointmentHall, HALL_MORNING, startTestHub, testVisitor } from '@hallq/hub/testing';
import { ms, type ResultRow, startResult } from './lib/results.ts';
import { summarize } from './lib/stats.ts';

const BOOKERS = Number(process.env.BOOKERS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
const SLOTS = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:30', '14:00', '14:30', '15:00'];

interface Answer {
  readonly status: number;
  readonly ms: number;
}

function call(base: URL, path: string, from: string, body?: unknown): Promise<Answer> {
  const t0 = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: payload ? 'POST' : 'GET',
        localAddress: from,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function bookingBenchmark() {
  const result = startResult('booking', 'Public booking page: 50 concurrent bookers over HTTP');
  const visitorDir = mkdtempSync(join(tmpdir(), 'hallq-bench-visitor-'));
  mkdirSync(join(visitorDir, 'assets'));
  writeFileSync(join(visitorDir, 'index.html'), '<!doctype html><title>visitor</title>');
  // Room for every booking: 500 places a slot, no per-person day limit (each booker is one person anyway).
  // A clock that runs (from Saturday 10:00 in the hall), so caches expire as they would in a hall.
  const startedAt = performance.now();
  const hub = await startTestHub({
    clock: () => HALL_MORNING + Math.round(performance.now() - startedAt),
    hall: appointmentHall({ places: 500, perDay: null }),
    config: { publicListener: { host: '127.0.0.1', port: 0, visitorDir } },
  });
  const base = new URL(hub.publicUrl ?? '');
  const pageLoads: number[] = [];
  const byRoute: Record<'services' | 'days' | 'slots', number[]> = { services: [], days: [], slots: [] };
  const bookings: number[] = [];
  const statuses = new Map<number, number>();
  let person = 0;

  async function booker(): Promise<void> {
    const n = person++;
    const from = `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    const day = DAYS[n % DAYS.length] ?? DAYS[0]!;
    const slot = SLOTS[Math.floor(n / DAYS.length) % SLOTS.length] ?? SLOTS[0]!;
    const t0 = performance.now();
    byRoute.services.push((await call(base, '/book/services', from)).ms);
    byRoute.days.push((await call(base, '/book/days/svc-1', from)).ms);
    byRoute.slots.push((await call(base, `/book/slots/svc-1/${day}`, from)).ms);
    pageLoads.push(performance.now() - t0);
    const booked = await call(base, '/book/appointments', from, {
      serviceId: 'svc-1',
      day,
      slotStart: slot,
      visitor: testVisitor(n),
    });
    bookings.push(booked.ms);
    statuses.set(booked.status, (statuses.get(booked.status) ?? 0) + 1);
  }

  // Warm-up: one booker alone (JIT, SQLite caches), not counted.
  await booker();
  pageLoads.length = 0;
  bookings.length = 0;
  for (const list of Object.values(byRoute)) list.length = 0;
  statuses.clear();
  const t0 = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    await Promise.all(Array.from({ length: BOOKERS }, () => booker()));
  }
  const wallMs = performance.now() - t0;
  await hub.close();
  rmSync(visitorDir, { recursive: true, force: true });

  const book = summarize(bookings);
  const load = summarize(pageLoads);
  const created = statuses.get(201) ?? 0;
  const rows: ResultRow[] = [
    {
      benchmark: `booking POST under ${BOOKERS} concurrent bookers (${bookings.length} bookings)`,
      measured: `p50 ${ms(book.p50)} / p99 ${ms(book.p99)} (max ${ms(book.max)})`,
      baseline: '—',
      ratio: '—',
      target: 'info (issue 14: report p99)',
      verdict: 'INFO',
      note: `${created} of ${bookings.length} created (status counts ${JSON.stringify(Object.fromEntries(statuses))}); ${Math.round((bookings.length / wallMs) * 1000)} bookings/s overall; each booker from its own loopback address, limits as shipped`,
    },
    {
      benchmark: `page data before booking (services + days + slots) under ${BOOKERS} concurrent bookers`,
      measured: `p50 ${ms(load.p50)} / p99 ${ms(load.p99)}`,
      baseline: '—',
      ratio: '—',
      target: 'info',
      verdict: 'INFO',
      note: `per route p50/p99: services ${ms(summarize(byRoute.services).p50)}/${ms(summarize(byRoute.services).p99)}, days ${ms(summarize(byRoute.days).p50)}/${ms(summarize(byRoute.days).p99)}, slots ${ms(summarize(byRoute.slots).p50)}/${ms(summarize(byRoute.slots).p99)}; the days list (free places of every bookable day) is kept for 1 s`,
    },
  ];
  return result.finish(rows, {
    bookers: BOOKERS,
    rounds: ROUNDS,
    booking: book,
    pageData: load,
    routes: {
      services: summarize(byRoute.services),
      days: summarize(byRoute.days),
      slots: summarize(byRoute.slots),
    },
    wallMs,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bookingBenchmark();
  process.exit(0);
}
