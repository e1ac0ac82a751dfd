import { businessDayOf } from '@hallq/core';
import type { HallConfig } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import type { Accounts } from '../store/accounts.ts';
import type { AlertCondition } from './alert-rules.ts';
import { behaviourFactsOf, type LoggedEntry, type RatingRecord } from './behaviour-facts.ts';
import { type BehaviourFact, type BehaviourNames, createBehaviourMonitor } from './behaviour-rules.ts';

/** The log entry types the behaviour facts come from; the rest of the log (audit-only entries) is not read. */
const FACT_TYPES = [
  'ticket:issued',
  'ticket:called',
  'ticket:finished',
  'ticket:no-show',
  'ticket:transferred',
  'ticket:cancelled',
  'ticket:expired',
  'window:paused',
  'window:resumed',
  'window:signed-in',
  'window:signed-out',
  'rating:recorded',
] as const;

/**
 * A backlog (a start mid-day: the day so far) is read in slices of this many entries, for at most
 * `LOOK_BUDGET_MS` per look: queue commands wait behind a look, so a look never stalls them for long. The rest
 * waits for the next look (at least once a second). Slices were 500 entries: one took 195 ms in a profile of the
 * commands bench (a hub started beside four weeks of history, profiled, load 7), the longest wait of any command.
 */
const ENTRIES_PER_SLICE = 100;
const LOOK_BUDGET_MS = 10;
/** How far back a service's typical time is taken from, and how many services it needs to be trusted. */
const HISTORY_DAYS = 28;
const MIN_HISTORY = 20;
const DAY_MS = 86_400_000;

/**
 * The behaviour rules (行为监控) on the live hall: reads the log entries written since it last looked (never the
 * day again), turns them into facts, and feeds them to the day's monitor. The supervision desk asks it for its
 * conditions beside the other rules; a day change starts a new monitor, a new hall configuration replays the
 * day's facts into one built for it.
 */
export function createBehaviourWatch(deps: {
  db: HubDatabase;
  hall: () => HallConfig;
  businessDay: () => string;
  /** The last log entry committed: entries of a batch still open are not read (they may yet roll back). */
  durableLogId: () => number;
  /** For the names of clerks and pads in the alerts' messages. */
  accounts: Pick<Accounts, 'user' | 'device'>;
  /** A monotonic clock in ms (performance.now), for the time a look may take; not the hall's clock. */
  elapsedMs?: () => number;
}) {
  const { db, accounts } = deps;
  const elapsedMs = deps.elapsedMs ?? (() => performance.now());
  const names: BehaviourNames = {
    clerk(id) {
      const user = accounts.user(id);
      return user
        ? {
            zh: `${user.displayName}（${user.staffNumber}）`,
            en: `${user.displayName} (${user.staffNumber})`,
          }
        : { zh: `工作人员 ${id}`, en: `Clerk ${id}` };
    },
    pad: (id) => accounts.device(id)?.name ?? id,
  };
  const types = FACT_TYPES.map((t) => `'${t}'`).join(', ');
  const newEntries = db.prepare<
    [number, number, number],
    {
      id: number;
      at: number;
      type: string;
      actor_id: string | null;
      device_id: string | null;
      payload: string;
    }
  >(
    `SELECT id, at, type, actor_id, device_id, payload FROM events
     WHERE id > ? AND id <= ? AND type IN (${types}) ORDER BY id LIMIT ?`,
  );
  const lastEntryBefore = db.prepare<[number], { id: number | null }>(
    'SELECT MAX(id) AS id FROM events WHERE at < ?',
  );
  const rating = db.prepare<
    [string],
    { level: number | null; clerk_id: string | null; ended_at: number | null; at: number }
  >(
    `SELECT r.level, r.clerk_id, t.ended_at, r.at FROM ratings r JOIN tickets t ON t.id = r.ticket_id
     WHERE r.ticket_id = ?`,
  );
  const visitor = db.prepare<[string], { visitor_key: string | null }>(
    'SELECT visitor_key FROM tickets WHERE id = ?',
  );
  const visitorOf = (ticketId: string) => visitor.get(ticketId)?.visitor_key ?? null;
  const serviceTimes = db.prepare<[string, number, string], { ms: number }>(
    `SELECT ended_at - started_at AS ms FROM tickets
     WHERE service_id = ? AND status = 'done' AND ended_at >= ? AND business_day < ? AND started_at IS NOT NULL
     ORDER BY ended_at DESC LIMIT 2000`,
  );

  const ratingOf = (ticketId: string): RatingRecord | null => {
    const row = rating.get(ticketId);
    return row ? { level: row.level, clerkId: row.clerk_id, finishedAt: row.ended_at ?? row.at } : null;
  };

  /** Each service's typical time: the median of its last four weeks, or the hall's own figure without history. */
  function typicalServiceMs(hall: HallConfig, day: string, now: number): Record<string, number> {
    const typical: Record<string, number> = {};
    for (const service of hall.services) {
      const times = serviceTimes
        .all(service.id, now - HISTORY_DAYS * DAY_MS, day)
        .map((r) => r.ms)
        .filter((ms) => ms >= 0)
        .sort((a, b) => a - b);
      typical[service.id] =
        times.length >= MIN_HISTORY
          ? times[Math.floor(times.length / 2)]!
          : service.defaultServiceMinutes * 60_000;
    }
    return typical;
  }

  let day: string | null = null;
  let hall: HallConfig | null = null;
  let typical: Record<string, number> = {};
  let facts: BehaviourFact[] = [];
  let monitor = createBehaviourMonitor(deps.hall(), {}, names);
  /** The last log entry looked at. */
  let lastId = 0;
  /** Log entries read since the hub started: what proves each look reads only what is new. */
  let entriesRead = 0;

  function startDay(now: number): void {
    const first = day === null;
    day = deps.businessDay();
    hall = deps.hall();
    typical = typicalServiceMs(hall, day, now);
    monitor = createBehaviourMonitor(hall, typical, names);
    facts = [];
    // At start, the day so far is read once (from a little over a day back; facts of other days are dropped).
    if (first) lastId = lastEntryBefore.get(now - 30 * 3_600_000)?.id ?? 0;
  }

  function catchUp(): void {
    const started = elapsedMs();
    let more = readSlice();
    while (more && elapsedMs() - started < LOOK_BUDGET_MS) more = readSlice();
  }

  /** Reads one slice of new entries; true when there may be more. */
  function readSlice(): boolean {
    const durable = deps.durableLogId();
    const entries = newEntries.all(lastId, durable, ENTRIES_PER_SLICE);
    // A full slice ends at its last entry; a shorter one has seen everything committed.
    const full = entries.length === ENTRIES_PER_SLICE;
    lastId = full ? entries.at(-1)!.id : Math.max(lastId, durable);
    entriesRead += entries.length;
    if (entries.length === 0) return false;
    const logged: LoggedEntry[] = entries.map((e) => ({
      id: e.id,
      at: e.at,
      type: e.type,
      actorId: e.actor_id,
      deviceId: e.device_id,
      payload: e.payload,
    }));
    const tz = hall!.rules.timeZone;
    for (const fact of behaviourFactsOf(logged, ratingOf, visitorOf).facts) {
      if (businessDayOf(fact.at, tz) !== day) continue;
      facts.push(fact);
      monitor.observe(fact);
    }
    return full;
  }

  return {
    /** The behaviour alerts of the business day as it stands at `now`, as supervision conditions. */
    conditions(now: number): AlertCondition[] {
      if (day !== deps.businessDay()) startDay(now);
      if (hall !== deps.hall()) {
        // The windows or thresholds changed: the day's facts are judged again by the new rules.
        hall = deps.hall();
        monitor = createBehaviourMonitor(hall, typical, names);
        for (const fact of facts) monitor.observe(fact);
      }
      catchUp();
      return monitor.alerts(now).map((a) => ({
        key: `behaviour:${a.key}`,
        rule: a.rule,
        severity: a.severity,
        subject: a.subject,
        message: a.message,
        since: a.at,
        entryIds: a.entryIds,
      }));
    },
    /** Whether every log entry written so far has been looked at (tests wait on it). */
    caughtUp: () => lastId >= deps.durableLogId(),
    stats: () => ({ entriesRead, facts: facts.length }),
  };
}

export type BehaviourWatch = ReturnType<typeof createBehaviourWatch>;
