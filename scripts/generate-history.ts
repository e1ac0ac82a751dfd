/**
 * Writes a realistic year of hall history straight into a hub database file, through the hub's own schema
 * (migrations) and report store: about 5,000 tickets a day, arrivals peaking 9–11 and 14–16, service times per
 * service, no-shows, transfers, cancellations and ratings. The last day is left open at 10:30 with people
 * waiting and windows serving, so the supervision snapshot has a live hall to look at. Deterministic (seeded).
 *
 *   npx tsx scripts/generate-history.ts [--out data/bench/history.db] [--days 365] [--per-day 5000]
 *
 * Not generated: the event log (one hash-chained entry per change would be ~9 M rows of no use to reports).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HallConfig } from '@hallq/protocol';
import { type HubDatabase, openDatabase } from '../apps/hub/src/db/open-database.ts';
import { createReportStore } from '../apps/hub/src/reports/report-store.ts';
import { seedHall } from '../apps/hub/src/seed.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_HISTORY_FILE = resolve(REPO_ROOT, 'data/bench/history.db');
/** The open (last) day of the generated history, and the moment "now" within it. */
export const HISTORY_OPEN_DAY = '2026-11-27';
export const HISTORY_NOW = Date.parse(`${HISTORY_OPEN_DAY}T10:30:00+08:00`);
const TIME_ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;

const text = (zh: string, en: string) => ({ zh, en });
/** Eight services with their own service times (minutes), share of arrivals and windows. */
const SERVICES = [
  {
    id: 'social-security',
    prefix: 'A',
    zh: '社保业务',
    en: 'Social security',
    minutes: 6,
    share: 0.22,
    windows: 5,
  },
  {
    id: 'medical-insurance',
    prefix: 'B',
    zh: '医保业务',
    en: 'Medical insurance',
    minutes: 5,
    share: 0.18,
    windows: 4,
  },
  { id: 'housing-fund', prefix: 'C', zh: '公积金', en: 'Housing fund', minutes: 8, share: 0.14, windows: 4 },
  {
    id: 'business-license',
    prefix: 'D',
    zh: '营业执照',
    en: 'Business licence',
    minutes: 12,
    share: 0.1,
    windows: 3,
  },
  { id: 'tax', prefix: 'E', zh: '税务', en: 'Tax', minutes: 9, share: 0.12, windows: 3 },
  {
    id: 'household',
    prefix: 'F',
    zh: '户籍',
    en: 'Household registration',
    minutes: 7,
    share: 0.1,
    windows: 3,
  },
  {
    id: 'real-estate',
    prefix: 'G',
    zh: '不动产登记',
    en: 'Real estate',
    minutes: 15,
    share: 0.06,
    windows: 3,
  },
  {
    id: 'general',
    prefix: 'H',
    zh: '综合咨询',
    en: 'General enquiries',
    minutes: 3,
    share: 0.08,
    windows: 2,
  },
] as const;

export function historyHall(): HallConfig {
  let number = 0;
  const windows: HallConfig['windows'] = [];
  for (const s of SERVICES) {
    for (let i = 0; i < s.windows * 3; i += 1) {
      number += 1;
      windows.push({
        id: `w${number}`,
        number,
        name: text(`${number}号窗口`, `Window ${number}`),
        serviceIds: [s.id, 'general'].filter((id, j, all) => all.indexOf(id) === j),
        enabled: true,
        zone: number <= 40 ? '1F' : '2F',
      });
    }
  }
  return {
    name: text('示范区政务服务中心', 'Demo District Government Service Center'),
    rules: {
      timeZone: TIME_ZONE,
      callPolicy: 'earliest-first',
      dayChangePolicy: 'expire',
      noShowMinCalls: 2,
      noShowMinWaitSeconds: 120,
      priorityMinAge: 70,
      slaPauseMinutes: 30,
    },
    services: SERVICES.map((s) => ({
      id: s.id,
      prefix: s.prefix,
      name: text(s.zh, s.en),
      numberWidth: 4,
      dailyLimit: null,
      perIdLimit: 1,
      openingHours: [
        { from: '08:30', to: '12:00' },
        { from: '13:30', to: '17:30' },
      ],
      waitingArea: text('一楼', 'Floor 1'),
      enabled: true,
      defaultServiceMinutes: s.minutes,
      slaWaitMinutes: 30,
      slaServiceMinutes: Math.max(20, s.minutes * 3),
      guide: { materials: [text('居民身份证', 'Resident ID card')], notes: [] },
    })),
    windows,
  };
}

/** Arrival weight per quarter hour from 08:30 to 17:30: peaks at 9–11 and 14–16, nothing over lunch. */
function arrivalProfile(): { minute: number; weight: number }[] {
  const slots: { minute: number; weight: number }[] = [];
  for (let m = 8 * 60 + 30; m < 17 * 60 + 30; m += 15) {
    const hour = m / 60;
    let weight = 0;
    if (hour < 12) weight = hour >= 9 && hour < 11 ? 3 : 1.4;
    else if (hour >= 13.5) weight = hour >= 14 && hour < 16 ? 2.6 : 1.2;
    if (weight > 0) slots.push({ minute: m, weight });
  }
  return slots;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GeneratedTicket {
  id: string;
  number: string;
  issuedServiceId: string;
  serviceId: string;
  status: string;
  issuedAt: number;
  queuedAt: number;
  windowId: string | null;
  clerkId: string | null;
  callCount: number;
  firstCalledAt: number | null;
  lastCalledAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  transferCount: number;
  transfer: { fromServiceId: string; fromWindowId: string; fromClerkId: string } | null;
  rating: { level: number | null; tags: string[] } | null;
}

const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Simulates one day: arrivals, each service's windows calling in order, no-shows, transfers, ratings. */
function simulateDay(
  day: string,
  perDay: number,
  random: () => number,
  hall: HallConfig,
  clerkOf: ReadonlyMap<string, string>,
): GeneratedTicket[] {
  const profile = arrivalProfile();
  const totalWeight = profile.reduce((n, s) => n + s.weight, 0);
  const base = dayStart(day);
  // A busier Monday, a quieter Friday; weekends are open but light.
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  // The weekday factors average 1, so a year holds about 365 × perDay tickets.
  const factor = ([0.6, 1.15, 1.05, 1, 1, 0.9, 0.6][weekday] ?? 1) * (7 / 6.3);
  const count = Math.round(perDay * factor * (0.92 + random() * 0.16));
  const arrivals: { at: number; service: (typeof SERVICES)[number] }[] = [];
  for (let i = 0; i < count; i += 1) {
    let pick = random() * totalWeight;
    let slot = profile[0]!;
    for (const s of profile) {
      pick -= s.weight;
      if (pick <= 0) {
        slot = s;
        break;
      }
    }
    let share = random();
    let service: (typeof SERVICES)[number] = SERVICES[0];
    for (const s of SERVICES) {
      share -= s.share;
      if (share <= 0) {
        service = s;
        break;
      }
    }
    arrivals.push({ at: base + (slot.minute + random() * 15) * MINUTE, service });
  }
  arrivals.sort((a, b) => a.at - b.at);
  const windowsOf = new Map<string, string[]>(
    SERVICES.map((s) => [s.id, hall.windows.filter((w) => w.serviceIds[0] === s.id).map((w) => w.id)]),
  );
  const freeAt = new Map(hall.windows.map((w) => [w.id, base + 8.5 * 60 * MINUTE]));
  const sequence = new Map<string, number>();
  const serve = (serviceId: string, readyAt: number) => {
    const candidates = windowsOf.get(serviceId)!;
    let best = candidates[0]!;
    for (const w of candidates) if (freeAt.get(w)! < freeAt.get(best)!) best = w;
    const calledAt = Math.max(readyAt, freeAt.get(best)!) + random() * 20_000;
    return { windowId: best, calledAt };
  };
  const serviceMs = (minutes: number) => {
    // A skewed service time: most near the typical, a long tail (log-normal).
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(30_000, minutes * MINUTE * Math.exp(0.45 * normal - 0.1));
  };
  const tickets: GeneratedTicket[] = [];
  for (const { at, service } of arrivals) {
    const n = (sequence.get(service.id) ?? 0) + 1;
    sequence.set(service.id, n);
    const number = `${service.prefix}${String(n).padStart(4, '0')}`;
    const t: GeneratedTicket = {
      id: `${day}:${number}`,
      number,
      issuedServiceId: service.id,
      serviceId: service.id,
      status: 'done',
      issuedAt: Math.round(at),
      queuedAt: Math.round(at),
      windowId: null,
      clerkId: null,
      callCount: 1,
      firstCalledAt: null,
      lastCalledAt: null,
      startedAt: null,
      endedAt: null,
      transferCount: 0,
      transfer: null,
      rating: null,
    };
    const fate = random();
    if (fate < 0.012) {
      // Cancelled by the visitor or staff before being called.
      Object.assign(t, {
        status: 'cancelled',
        callCount: 0,
        endedAt: Math.round(at + random() * 40 * MINUTE),
      });
      tickets.push(t);
      continue;
    }
    const first = serve(service.id, at);
    t.windowId = first.windowId;
    t.clerkId = clerkOf.get(first.windowId) ?? null;
    t.firstCalledAt = Math.round(first.calledAt);
    t.lastCalledAt = t.firstCalledAt;
    if (fate < 0.072) {
      // No-show after two calls, two minutes apart.
      Object.assign(t, { status: 'no-show', callCount: 2, lastCalledAt: t.firstCalledAt + 2 * MINUTE });
      t.endedAt = t.lastCalledAt! + 30_000;
      freeAt.set(first.windowId, t.endedAt);
      tickets.push(t);
      continue;
    }
    if (fate < 0.102 && service.id !== 'general') {
      // Transferred after a short look to another service, served there.
      const to = SERVICES[Math.floor(random() * SERVICES.length)]!;
      const target = to.id === service.id ? SERVICES[(SERVICES.indexOf(to) + 1) % SERVICES.length]! : to;
      const leftAt = t.firstCalledAt + Math.round(2 * MINUTE + random() * 2 * MINUTE);
      freeAt.set(first.windowId, leftAt);
      t.transfer = { fromServiceId: service.id, fromWindowId: first.windowId, fromClerkId: t.clerkId ?? '' };
      t.transferCount = 1;
      t.serviceId = target.id;
      t.queuedAt = leftAt;
      const second = serve(target.id, leftAt);
      t.windowId = second.windowId;
      t.clerkId = clerkOf.get(second.windowId) ?? null;
      t.lastCalledAt = Math.round(second.calledAt);
      t.callCount = 2;
      t.startedAt = t.lastCalledAt + Math.round(20_000 + random() * 40_000);
      t.endedAt = t.startedAt + Math.round(serviceMs(target.minutes));
      freeAt.set(second.windowId, t.endedAt);
    } else {
      t.startedAt = t.firstCalledAt + Math.round(20_000 + random() * 40_000);
      t.endedAt = t.startedAt + Math.round(serviceMs(service.minutes));
      freeAt.set(first.windowId, t.endedAt);
    }
    // Ratings: seven in ten rate; mostly satisfied, a few 差评 with reasons.
    if (random() < 0.7) {
      const r = random();
      const level = r < 0.66 ? 5 : r < 0.86 ? 4 : r < 0.94 ? 3 : r < 0.975 ? 2 : 1;
      const tags =
        level <= 2
          ? (['attitude', 'efficiency', 'one-time-notice', 'other'] as const).filter(() => random() < 0.4)
          : [];
      t.rating = { level, tags: tags.length > 0 ? [...tags] : ['efficiency'] };
      if (level > 2) t.rating.tags = [];
    } else {
      t.rating = { level: null, tags: [] };
    }
    tickets.push(t);
  }
  return tickets;
}

/** As the hub would hold the open day at `now`: later arrivals not yet there, the rest waiting or at a window. */
function openDayAt(tickets: GeneratedTicket[], now: number): GeneratedTicket[] {
  return tickets
    .filter((t) => t.issuedAt <= now)
    .map((t) => {
      const firstCall = t.firstCalledAt;
      if (t.status === 'cancelled') return t.endedAt! <= now ? t : { ...t, status: 'waiting', endedAt: null };
      if (firstCall === null || firstCall > now) {
        return {
          ...t,
          status: 'waiting',
          serviceId: t.issuedServiceId,
          queuedAt: t.issuedAt,
          windowId: null,
          clerkId: null,
          callCount: 0,
          firstCalledAt: null,
          lastCalledAt: null,
          startedAt: null,
          endedAt: null,
          transferCount: 0,
          transfer: null,
          rating: null,
        };
      }
      if (t.endedAt !== null && t.endedAt <= now)
        return t.rating && t.endedAt > now - MINUTE ? { ...t, rating: null } : t;
      if (t.startedAt !== null && t.startedAt <= now)
        return { ...t, status: 'serving', endedAt: null, rating: null };
      return { ...t, status: 'called', startedAt: null, endedAt: null, rating: null };
    });
}

export interface GenerateOptions {
  readonly out?: string;
  readonly days?: number;
  readonly perDay?: number;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

/** Generates the history; returns the file and how many tickets it holds. */
export function generateHistory(options: GenerateOptions = {}): {
  file: string;
  tickets: number;
  ms: number;
} {
  const file = options.out ?? DEFAULT_HISTORY_FILE;
  const days = options.days ?? 365;
  const perDay = options.perDay ?? 5000;
  const random = mulberry32(options.seed ?? 20261127);
  const log = options.log ?? (() => {});
  const started = performance.now();
  mkdirSync(dirname(file), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const db: HubDatabase = openDatabase(file);
  // A generator may trade durability for speed: a crash here just means running it again.
  db.pragma('synchronous = OFF');
  const hall = historyHall();
  seedHall(db, hall);
  db.prepare("INSERT INTO meta (key, value) VALUES ('business_day', ?)").run(HISTORY_OPEN_DAY);

  const clerkOf = new Map<string, string>();
  const insertUser = db.prepare(
    `INSERT INTO users (id, username, display_name, staff_number, role, password_hash, password_salt, created_at)
     VALUES (?, ?, ?, ?, 'clerk', x'00', x'00', 0)`,
  );
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许';
  hall.windows.forEach((w, i) => {
    const id = `clerk-${String(i + 1).padStart(3, '0')}`;
    insertUser.run(
      id,
      `clerk${i + 1}`,
      `${surnames[i % surnames.length]}${'晓明华芳静磊'[i % 6]}`,
      `1${String(i + 1).padStart(3, '0')}`,
    );
    clerkOf.set(w.id, id);
  });

  const insertTicket = db.prepare(`
    INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
      queued_at, target_window_id, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at,
      ended_at, transfer_count, visitor_key, visitor_name_masked, kiosk_id)
    VALUES (?, ?, ?, ?, ?, 'normal', ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 'kiosk-1')`);
  const insertTransfer = db.prepare(
    `INSERT INTO ticket_transfers (ticket_id, business_day, from_service_id, to_service_id, from_window_id, from_clerk_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertRating = db.prepare(
    'INSERT INTO ratings (ticket_id, window_id, clerk_id, level, tags, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSequence = db.prepare(
    'INSERT INTO sequences (business_day, service_id, last_sequence) VALUES (?, ?, ?)',
  );
  const reports = createReportStore(db);
  const firstDay = addDays(HISTORY_OPEN_DAY, -(days - 1));
  let total = 0;
  for (let d = 0; d < days; d += 1) {
    const day = addDays(firstDay, d);
    const open = day === HISTORY_OPEN_DAY;
    let tickets = simulateDay(day, perDay, random, hall, clerkOf);
    if (open) tickets = openDayAt(tickets, HISTORY_NOW);
    db.transaction(() => {
      const last = new Map<string, number>();
      for (const t of tickets) {
        insertTicket.run(
          t.id,
          t.number,
          day,
          t.serviceId,
          t.issuedServiceId,
          t.status,
          t.issuedAt,
          t.queuedAt,
          t.windowId,
          t.clerkId,
          t.callCount,
          t.firstCalledAt,
          t.lastCalledAt,
          t.startedAt,
          t.endedAt,
          t.transferCount,
        );
        last.set(t.issuedServiceId, (last.get(t.issuedServiceId) ?? 0) + 1);
        if (t.transfer) {
          const f = t.transfer;
          insertTransfer.run(t.id, day, f.fromServiceId, t.serviceId, f.fromWindowId, f.fromClerkId);
        }
        if (t.rating && t.status === 'done' && t.windowId) {
          insertRating.run(
            t.id,
            t.windowId,
            t.clerkId,
            t.rating.level,
            JSON.stringify(t.rating.tags),
            '',
            (t.endedAt ?? 0) + 30_000,
          );
        }
      }
      for (const [serviceId, n] of last) insertSequence.run(day, serviceId, n);
      if (!open) reports.storeDay(day, TIME_ZONE);
    })();
    total += tickets.length;
    if (d % 30 === 0 || open) log(`  ${day}: ${tickets.length} tickets (${total} so far)`);
    if (open) writeOpenWindows(db, hall, tickets, clerkOf);
  }
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { file, tickets: total, ms: Math.round(performance.now() - started) };
}

/** The windows of the open day: serving or called where a ticket is at the window, one on a break, rest idle. */
function writeOpenWindows(
  db: HubDatabase,
  hall: HallConfig,
  tickets: readonly GeneratedTicket[],
  clerkOf: ReadonlyMap<string, string>,
): void {
  const insert = db.prepare(`
    INSERT INTO window_states (window_id, status, pause_reason, pause_note, paused_at, current_ticket_id, clerk_id, since)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const atWindow = new Map(
    tickets.filter((t) => t.status === 'serving' || t.status === 'called').map((t) => [t.windowId, t]),
  );
  hall.windows.forEach((w, i) => {
    const t = atWindow.get(w.id);
    if (i === 3 && !t) {
      insert.run(
        w.id,
        'paused',
        'break',
        null,
        HISTORY_NOW - 40 * MINUTE,
        null,
        clerkOf.get(w.id),
        HISTORY_NOW - 40 * MINUTE,
      );
      return;
    }
    insert.run(
      w.id,
      'open',
      null,
      null,
      null,
      t?.id ?? null,
      clerkOf.get(w.id),
      t?.lastCalledAt ?? HISTORY_NOW - 2 * MINUTE,
    );
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const result = generateHistory({
    out: flag('out') ? resolve(flag('out')!) : undefined,
    days: flag('days') ? Number(flag('days')) : undefined,
    perDay: flag('per-day') ? Number(flag('per-day')) : undefined,
    log: (line) => console.log(line),
  });
  console.log(`wrote ${result.tickets} tickets to ${result.file} in ${(result.ms / 1000).toFixed(1)} s`);
}
