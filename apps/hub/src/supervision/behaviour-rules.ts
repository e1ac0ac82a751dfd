import { businessDayOf, localDateTime, minuteOfDay } from '@hallq/core';
import {
  type BehaviourRuleName,
  DEFAULT_BEHAVIOUR_THRESHOLDS,
  type HallConfig,
  type LocalizedText,
  type ResolvedBehaviourThresholds,
} from '@hallq/protocol';

/**
 * What the behaviour rules read: plain facts taken from event log entries (one entry may give several facts, a
 * transfer gives `left-line` then `queued`). `entryId` is the log entry's id, so each alert can point at the
 * audit entries that caused it. Facts come in log order.
 */
export type BehaviourFact =
  | {
      readonly kind: 'signed-in' | 'signed-out' | 'paused' | 'resumed';
      readonly entryId: number;
      readonly at: number;
      readonly windowId: string;
      readonly clerkId: string | null;
    }
  | {
      /** A ticket joins a line: issued, or sent to another service or window by a transfer. */
      readonly kind: 'queued';
      readonly entryId: number;
      readonly at: number;
      readonly ticketId: string;
      readonly serviceId: string;
      readonly targetWindowId: string | null;
    }
  | {
      /** A ticket leaves the line or its window without being served there: cancelled, expired, transferred. */
      readonly kind: 'left-line';
      readonly entryId: number;
      readonly at: number;
      readonly ticketId: string;
    }
  | {
      readonly kind: 'called';
      readonly entryId: number;
      readonly at: number;
      readonly windowId: string;
      readonly clerkId: string | null;
      readonly ticketId: string;
      readonly outOfOrder: boolean;
      /**
       * Who holds the ticket (the keyed hash of their ID number, never the number), for an out-of-order call of
       * a ticket taken with an ID card: the same person called out of order again on another ticket is the same
       * favour. Absent or null: the ticket is the person.
       */
      readonly visitorKey?: string | null;
    }
  | {
      readonly kind: 'finished';
      readonly entryId: number;
      readonly at: number;
      readonly windowId: string;
      readonly clerkId: string | null;
      readonly ticketId: string;
      readonly serviceId: string;
      readonly startedAt: number | null;
    }
  | {
      readonly kind: 'no-show';
      readonly entryId: number;
      readonly at: number;
      readonly windowId: string;
      readonly clerkId: string | null;
      readonly ticketId: string;
    }
  | {
      readonly kind: 'rated';
      readonly entryId: number;
      readonly at: number;
      readonly windowId: string;
      readonly clerkId: string | null;
      readonly ticketId: string;
      /** The evaluation pad (device) that gave the rating. */
      readonly padId: string | null;
      readonly level: number;
      /** When the rated ticket was finished (办结). */
      readonly finishedAt: number;
    };

export interface BehaviourAlert {
  /** The same situation keeps the same key, so a re-evaluation does not raise it twice. */
  readonly key: string;
  readonly rule: BehaviourRuleName;
  readonly severity: 'warning' | 'critical';
  /** `clerk:<id>`, `window:<id>` or `pad:<id>`. */
  readonly subject: string;
  readonly message: LocalizedText;
  /** When the threshold was crossed. */
  readonly at: number;
  /** The log entries that caused it, in log order. */
  readonly entryIds: readonly number[];
}

export interface BehaviourInput {
  readonly hall: HallConfig;
  readonly facts: readonly BehaviourFact[];
  /** Typical service time per service (ms), from history; a service without one is not judged short. */
  readonly typicalServiceMs: Readonly<Record<string, number>>;
  /** The end of the period looked at: an idle stretch still running is measured up to here. */
  readonly now: number;
}

export type ResolvedThresholds = ResolvedBehaviourThresholds;
export { DEFAULT_BEHAVIOUR_THRESHOLDS };

/** A hall's behaviour thresholds: its own settings over the defaults. */
export const thresholdsOf = (hall: HallConfig): ResolvedThresholds => ({
  ...DEFAULT_BEHAVIOUR_THRESHOLDS,
  ...hall.rules.behaviour,
});

/**
 * One rule, fed facts one at a time in log order. `alerts(now)` says what the facts seen so far raise, measuring
 * a stretch still running up to `now`; it costs the number of open groups, never a replay. A watcher reads no
 * clock and does no I/O: the same facts give the same alerts.
 */
interface Watcher {
  observe(fact: BehaviourFact): void;
  alerts(now: number): BehaviourAlert[];
}

/** How alerts name people and pads: the hub passes its accounts' names; by default, their ids. */
export interface BehaviourNames {
  clerk(id: string): LocalizedText;
  pad(id: string): string;
}

const ID_NAMES: BehaviourNames = {
  clerk: (id) => ({ zh: `工作人员 ${id}`, en: `Clerk ${id}` }),
  pad: (id) => id,
};

interface RuleContext {
  readonly hall: HallConfig;
  readonly t: ResolvedThresholds;
  readonly typicalServiceMs: Readonly<Record<string, number>>;
  readonly names: BehaviourNames;
}

const MINUTE = 60_000;

/**
 * The behaviour monitoring rules (行为监控), for any period (a day for the live view, a month for the scorecard;
 * "a day" thresholds count per business day):
 * - 跳号 `out-of-order-calls`: more than N out-of-order calls by a clerk in a day; `repeat-out-of-order`: a clerk
 *   calling the same ticket out of order a second time;
 * - 离岗 `away-from-window`: a window signed in, not paused, with nobody at it, for more than N minutes while
 *   visitors wait for its services;
 * - 异常办理 `short-services`: N services in a day far shorter than their service's typical time;
 *   `no-show-streak`: N no-shows in a row with nobody served between;
 * - 评价异常 `rating-pace`: ratings on one pad faster than a visitor could give, N times a day;
 *   `rating-instant`: every one of at least N ratings of a clerk given within a second of 办结;
 *   `rating-jump`: a clerk's mean rating up by a level or more once another pad rates them;
 * - `after-hours`: sign-ins and actions by a clerk outside the hall's hours.
 *
 * The monitor is incremental: the hub feeds it each new log fact once and asks for the alerts as often as it
 * likes, so supervision never replays the day per command. It holds state but reads no clock and does no I/O.
 */
export function createBehaviourMonitor(
  hall: HallConfig,
  typicalServiceMs: Readonly<Record<string, number>>,
  names: BehaviourNames = ID_NAMES,
): { observe(fact: BehaviourFact): void; alerts(now: number): BehaviourAlert[] } {
  const t = thresholdsOf(hall);
  const off = new Set(t.off);
  const context: RuleContext = { hall, t, typicalServiceMs, names };
  const rules: [BehaviourRuleName, (c: RuleContext) => Watcher][] = [
    ['out-of-order-calls', outOfOrderCalls],
    ['repeat-out-of-order', repeatOutOfOrder],
    ['away-from-window', awayFromWindow],
    ['short-services', shortServices],
    ['no-show-streak', noShowStreaks],
    ['rating-pace', ratingPace],
    ['rating-instant', ratingInstant],
    ['rating-jump', ratingJump],
    ['after-hours', afterHours],
  ];
  const watchers = rules.filter(([name]) => !off.has(name)).map(([, make]) => make(context));
  return {
    observe(fact) {
      for (const w of watchers) w.observe(fact);
    },
    alerts: (now) => watchers.flatMap((w) => w.alerts(now)),
  };
}

/** The rules over a whole period at once (the table tests, the monthly scorecard). */
export function evaluateBehaviour(input: BehaviourInput): BehaviourAlert[] {
  const monitor = createBehaviourMonitor(input.hall, input.typicalServiceMs);
  for (const fact of input.facts) monitor.observe(fact);
  return monitor.alerts(input.now);
}

type Fact<K extends BehaviourFact['kind']> = Extract<BehaviourFact, { kind: K }>;

/** Appends to the list kept under a key, creating it. */
function push<K, T>(map: Map<K, T[]>, key: K, item: T): T[] {
  const list = map.get(key);
  if (list) {
    list.push(item);
    return list;
  }
  const created = [item];
  map.set(key, created);
  return created;
}

const dayOf = (hall: HallConfig, at: number) => businessDayOf(at, hall.rules.timeZone);

function outOfOrderCalls({ hall, t, names }: RuleContext): Watcher {
  const byClerkDay = new Map<string, { clerkId: string; day: string; calls: Fact<'called'>[] }>();
  return {
    observe(f) {
      if (f.kind !== 'called' || !f.outOfOrder || f.clerkId === null) return;
      const day = dayOf(hall, f.at);
      const key = `${f.clerkId}\u0000${day}`;
      const group = byClerkDay.get(key) ?? { clerkId: f.clerkId, day, calls: [] };
      group.calls.push(f);
      byClerkDay.set(key, group);
    },
    alerts() {
      const alerts: BehaviourAlert[] = [];
      for (const { clerkId, day, calls } of byClerkDay.values()) {
        if (calls.length <= t.outOfOrderCallsPerDay) continue;
        const who = names.clerk(clerkId);
        alerts.push({
          key: `out-of-order-calls:${clerkId}:${day}`,
          rule: 'out-of-order-calls',
          severity: 'warning',
          subject: `clerk:${clerkId}`,
          message: {
            zh: `${who.zh} ${day} 跳号 ${calls.length} 次，超过 ${t.outOfOrderCallsPerDay} 次`,
            en: `${who.en} called out of order ${calls.length} times on ${day}, over ${t.outOfOrderCallsPerDay}`,
          },
          at: calls[t.outOfOrderCallsPerDay]!.at,
          entryIds: calls.map((c) => c.entryId),
        });
      }
      return alerts;
    },
  };
}

function repeatOutOfOrder({ names }: RuleContext): Watcher {
  const byClerkPerson = new Map<string, Fact<'called'>[]>();
  const repeated: Fact<'called'>[][] = [];
  return {
    observe(f) {
      if (f.kind !== 'called' || !f.outOfOrder || f.clerkId === null) return;
      const person = f.visitorKey ? `visitor:${f.visitorKey}` : `ticket:${f.ticketId}`;
      const list = push(byClerkPerson, `${f.clerkId}\u0000${person}`, f);
      if (list.length === 2) repeated.push(list);
    },
    alerts: () =>
      repeated.map((list) => {
        const { clerkId, ticketId } = list[0]!;
        const who = names.clerk(clerkId!);
        const tickets = [...new Set(list.map((c) => c.ticketId))];
        return {
          key: `repeat-out-of-order:${clerkId}:${ticketId}`,
          rule: 'repeat-out-of-order',
          severity: 'critical',
          subject: `clerk:${clerkId}`,
          message:
            tickets.length === 1
              ? {
                  zh: `${who.zh} 对同一号票 ${ticketId} 再次跳号叫号（${list.length} 次）`,
                  en: `${who.en} called ticket ${ticketId} out of order again (${list.length} times)`,
                }
              : {
                  zh: `${who.zh} 对同一办事人再次跳号叫号（${list.length} 次，号票 ${tickets.join('、')}）`,
                  en: `${who.en} called the same visitor out of order again (${list.length} times, tickets ${tickets.join(', ')})`,
                },
          at: list[1]!.at,
          entryIds: list.map((c) => c.entryId),
        };
      }),
  };
}

interface WindowWatch {
  readonly windowId: string;
  readonly number: number;
  readonly serviceIds: readonly string[];
  signedIn: boolean;
  /** Who is signed in: the 离岗 is theirs. */
  clerkId: string | null;
  paused: boolean;
  currentTicketId: string | null;
  /** When the present idle-with-visitors-waiting stretch began, and the entry that began it. */
  idleSince: number | null;
  idleEntryId: number | null;
}

/**
 * 离岗: follows each window (signed in, paused, serving) and the lines, and measures each stretch a window sat
 * idle, signed in and open, with visitors waiting for it. Waiting visitors are counted per service and per
 * target window, so a fact re-judges only the windows it can change.
 */
function awayFromWindow({ hall, t, names }: RuleContext): Watcher {
  const limit = t.awayIdleMinutes * MINUTE;
  const windows = new Map<string, WindowWatch>(
    hall.windows
      .filter((w) => w.enabled)
      .map((w) => [
        w.id,
        {
          windowId: w.id,
          number: w.number,
          serviceIds: w.serviceIds,
          signedIn: false,
          clerkId: null,
          paused: false,
          currentTicketId: null,
          idleSince: null,
          idleEntryId: null,
        },
      ]),
  );
  const windowsOfService = new Map<string, WindowWatch[]>();
  for (const w of windows.values()) for (const s of w.serviceIds) push(windowsOfService, s, w);
  const waiting = new Map<string, { serviceId: string; targetWindowId: string | null }>();
  const waitingForService = new Map<string, number>();
  const waitingForWindow = new Map<string, number>();
  /** Which window holds a ticket (called or in service). */
  const heldBy = new Map<string, WindowWatch>();
  const closed: BehaviourAlert[] = [];

  const bump = (map: Map<string, number>, key: string, by: number) => map.set(key, (map.get(key) ?? 0) + by);
  const hasWaiting = (w: WindowWatch) =>
    (waitingForWindow.get(w.windowId) ?? 0) > 0 ||
    w.serviceIds.some((s) => (waitingForService.get(s) ?? 0) > 0);
  const affectedBy = (line: { serviceId: string; targetWindowId: string | null }): WindowWatch[] => {
    if (line.targetWindowId !== null) {
      const target = windows.get(line.targetWindowId);
      return target ? [target] : [];
    }
    return windowsOfService.get(line.serviceId) ?? [];
  };
  const leave = (ticketId: string): WindowWatch[] => {
    const line = waiting.get(ticketId);
    if (!line) return [];
    waiting.delete(ticketId);
    if (line.targetWindowId !== null) bump(waitingForWindow, line.targetWindowId, -1);
    else bump(waitingForService, line.serviceId, -1);
    return affectedBy(line);
  };
  const release = (ticketId: string): WindowWatch[] => {
    const w = heldBy.get(ticketId);
    heldBy.delete(ticketId);
    if (!w || w.currentTicketId !== ticketId) return [];
    w.currentTicketId = null;
    return [w];
  };

  const alertOf = (w: WindowWatch, until: number, endEntryId: number | null): BehaviourAlert => {
    const idleSince = w.idleSince!;
    const idleMinutes = Math.floor((until - idleSince) / MINUTE);
    const who = w.clerkId ? names.clerk(w.clerkId) : null;
    return {
      // The key names the window (the scorecard counts the alert for it too); the subject is the clerk.
      key: `away-from-window:${w.windowId}:${idleSince}`,
      rule: 'away-from-window',
      severity: 'warning',
      subject: w.clerkId ? `clerk:${w.clerkId}` : `window:${w.windowId}`,
      message: {
        zh: `${who ? `${who.zh} ` : ''}${w.number}号窗口已签到未暂停，空闲 ${idleMinutes} 分钟，其业务仍有人等候（疑似离岗）`,
        en: `${who ? `${who.en}: ` : ''}window ${w.number} signed in and not paused sat idle ${idleMinutes} min while visitors waited (away?)`,
      },
      at: idleSince + limit,
      entryIds: [w.idleEntryId!, ...(endEntryId !== null ? [endEntryId] : [])],
    };
  };
  const settle = (list: readonly WindowWatch[], at: number, entryId: number) => {
    for (const w of list) {
      const idleWithWaiting = w.signedIn && !w.paused && w.currentTicketId === null && hasWaiting(w);
      if (idleWithWaiting && w.idleSince === null) {
        w.idleSince = at;
        w.idleEntryId = entryId;
      } else if (!idleWithWaiting && w.idleSince !== null) {
        if (at - w.idleSince > limit) closed.push(alertOf(w, at, entryId));
        w.idleSince = null;
        w.idleEntryId = null;
      }
    }
  };

  return {
    observe(fact) {
      let affected: WindowWatch[] = [];
      switch (fact.kind) {
        case 'signed-in':
        case 'signed-out':
        case 'paused':
        case 'resumed': {
          const w = windows.get(fact.windowId);
          if (!w) break;
          if (fact.kind === 'signed-in')
            Object.assign(w, { signedIn: true, paused: false, clerkId: fact.clerkId });
          if (fact.kind === 'signed-out') w.signedIn = false;
          if (fact.kind === 'paused') w.paused = true;
          if (fact.kind === 'resumed') w.paused = false;
          affected = [w];
          break;
        }
        case 'queued': {
          affected = leave(fact.ticketId);
          const line = { serviceId: fact.serviceId, targetWindowId: fact.targetWindowId };
          waiting.set(fact.ticketId, line);
          if (line.targetWindowId !== null) bump(waitingForWindow, line.targetWindowId, 1);
          else bump(waitingForService, line.serviceId, 1);
          affected = [...affected, ...affectedBy(line)];
          break;
        }
        case 'left-line':
          affected = [...leave(fact.ticketId), ...release(fact.ticketId)];
          break;
        case 'called': {
          affected = [...leave(fact.ticketId), ...release(fact.ticketId)];
          const w = windows.get(fact.windowId);
          if (w) {
            if (w.currentTicketId !== null) heldBy.delete(w.currentTicketId);
            w.currentTicketId = fact.ticketId;
            heldBy.set(fact.ticketId, w);
            affected.push(w);
          }
          break;
        }
        case 'finished':
        case 'no-show':
          affected = release(fact.ticketId);
          break;
        case 'rated':
          break;
        default: {
          const unknown: never = fact;
          throw new Error(`unknown behaviour fact ${JSON.stringify(unknown)}`);
        }
      }
      settle(affected, fact.at, fact.entryId);
    },
    alerts(now) {
      const running = [...windows.values()]
        .filter((w) => w.idleSince !== null && now - w.idleSince > limit)
        .map((w) => alertOf(w, now, null));
      return [...closed, ...running];
    },
  };
}

function shortServices({ hall, t, typicalServiceMs, names }: RuleContext): Watcher {
  const byClerkDay = new Map<string, { clerkId: string; day: string; list: Fact<'finished'>[] }>();
  return {
    observe(f) {
      if (f.kind !== 'finished' || f.clerkId === null || f.startedAt === null) return;
      const typical = typicalServiceMs[f.serviceId];
      if (typical === undefined || f.at - f.startedAt >= t.shortServiceShare * typical) return;
      const day = dayOf(hall, f.at);
      const key = `${f.clerkId}\u0000${day}`;
      const group = byClerkDay.get(key) ?? { clerkId: f.clerkId, day, list: [] };
      group.list.push(f);
      byClerkDay.set(key, group);
    },
    alerts() {
      const alerts: BehaviourAlert[] = [];
      const share = Math.round(t.shortServiceShare * 100);
      for (const { clerkId, day, list } of byClerkDay.values()) {
        if (list.length < t.shortServicesPerDay) continue;
        const who = names.clerk(clerkId);
        alerts.push({
          key: `short-services:${clerkId}:${day}`,
          rule: 'short-services',
          severity: 'warning',
          subject: `clerk:${clerkId}`,
          message: {
            zh: `${who.zh} ${day} 有 ${list.length} 件办理时长不到该业务常规时长的 ${share}%（疑似虚假办理）`,
            en: `${who.en} finished ${list.length} services on ${day} in under ${share}% of their typical time (fake processing?)`,
          },
          at: list[t.shortServicesPerDay - 1]!.at,
          entryIds: list.map((f) => f.entryId),
        });
      }
      return alerts;
    },
  };
}

function noShowStreaks({ t, names }: RuleContext): Watcher {
  const streaks = new Map<string, Fact<'no-show'>[]>();
  const closed: BehaviourAlert[] = [];
  const alertOf = (clerkId: string, streak: readonly Fact<'no-show'>[]): BehaviourAlert => {
    const who = names.clerk(clerkId);
    return {
      key: `no-show-streak:${clerkId}:${streak[0]!.entryId}`,
      rule: 'no-show-streak',
      severity: 'warning',
      subject: `clerk:${clerkId}`,
      message: {
        zh: `${who.zh} 连续标记过号 ${streak.length} 次，其间无人办结`,
        en: `${who.en} marked ${streak.length} no-shows in a row with nobody served between`,
      },
      at: streak[t.noShowStreak - 1]!.at,
      entryIds: streak.map((f) => f.entryId),
    };
  };
  return {
    observe(f) {
      if (!('clerkId' in f) || f.clerkId === null) return;
      if (f.kind === 'no-show') push(streaks, f.clerkId, f);
      else if (f.kind === 'finished') {
        const streak = streaks.get(f.clerkId);
        streaks.delete(f.clerkId);
        if (streak && streak.length >= t.noShowStreak) closed.push(alertOf(f.clerkId, streak));
      }
    },
    alerts: () => [
      ...closed,
      ...[...streaks.entries()]
        .filter(([, streak]) => streak.length >= t.noShowStreak)
        .map(([clerkId, streak]) => alertOf(clerkId, streak)),
    ],
  };
}

function ratingPace({ hall, t, names }: RuleContext): Watcher {
  const byPadDay = new Map<
    string,
    { padId: string; day: string; last: Fact<'rated'>; fast: [Fact<'rated'>, Fact<'rated'>][] }
  >();
  return {
    observe(f) {
      if (f.kind !== 'rated' || f.padId === null) return;
      const day = dayOf(hall, f.at);
      const key = `${f.padId}\u0000${day}`;
      const group = byPadDay.get(key);
      if (!group) {
        byPadDay.set(key, { padId: f.padId, day, last: f, fast: [] });
        return;
      }
      if (f.at - group.last.at < t.ratingMinGapSeconds * 1000) group.fast.push([group.last, f]);
      group.last = f;
    },
    alerts() {
      const alerts: BehaviourAlert[] = [];
      for (const { padId, day, fast } of byPadDay.values()) {
        if (fast.length < t.fastRatingsPerDay) continue;
        alerts.push({
          key: `rating-pace:${padId}:${day}`,
          rule: 'rating-pace',
          severity: 'critical',
          subject: `pad:${padId}`,
          message: {
            zh: `评价器 ${names.pad(padId)} ${day} 有 ${fast.length} 次相邻评价间隔不到 ${t.ratingMinGapSeconds} 秒（非真实评价速度）`,
            en: `Evaluation pad ${names.pad(padId)} gave ${fast.length} ratings less than ${t.ratingMinGapSeconds} s apart on ${day}, faster than a visitor could`,
          },
          at: fast[t.fastRatingsPerDay - 1]![1].at,
          entryIds: [...new Set(fast.flat().map((r) => r.entryId))],
        });
      }
      return alerts;
    },
  };
}

function ratingInstant({ t, names }: RuleContext): Watcher {
  const byClerk = new Map<string, { list: Fact<'rated'>[]; allInstant: boolean }>();
  return {
    observe(f) {
      if (f.kind !== 'rated' || f.clerkId === null) return;
      const group = byClerk.get(f.clerkId) ?? { list: [], allInstant: true };
      group.list.push(f);
      group.allInstant &&= f.at - f.finishedAt <= t.ratingInstantSeconds * 1000;
      byClerk.set(f.clerkId, group);
    },
    alerts() {
      const alerts: BehaviourAlert[] = [];
      for (const [clerkId, { list, allInstant }] of byClerk) {
        if (!allInstant || list.length < t.ratingInstantMinCount) continue;
        const who = names.clerk(clerkId);
        alerts.push({
          key: `rating-instant:${clerkId}:${list[0]!.entryId}`,
          rule: 'rating-instant',
          severity: 'warning',
          subject: `clerk:${clerkId}`,
          message: {
            zh: `${who.zh} 的 ${list.length} 条评价全部在办结后 ${t.ratingInstantSeconds} 秒内给出（疑似代评）`,
            en: `All ${list.length} ratings of ${who.en} came within ${t.ratingInstantSeconds} s of finishing (rated by the clerk?)`,
          },
          at: list[t.ratingInstantMinCount - 1]!.at,
          entryIds: list.map((r) => r.entryId),
        });
      }
      return alerts;
    },
  };
}

function ratingJump({ t, names }: RuleContext): Watcher {
  /** Per clerk, the run of ratings from one pad before the present one, and the present one. */
  const byClerk = new Map<string, { before: Fact<'rated'>[] | null; current: Fact<'rated'>[] }>();
  const closed: BehaviourAlert[] = [];
  const mean = (list: readonly Fact<'rated'>[]) => list.reduce((s, r) => s + r.level, 0) / list.length;
  const judge = (
    clerkId: string,
    before: readonly Fact<'rated'>[] | null,
    after: readonly Fact<'rated'>[],
  ): BehaviourAlert | null => {
    if (!before || before.length < t.ratingJumpMinCount || after.length < t.ratingJumpMinCount) return null;
    if (mean(after) - mean(before) < t.ratingJumpLevels) return null;
    const who = names.clerk(clerkId);
    const pad = after[0]!.padId ? names.pad(after[0]!.padId) : '?';
    return {
      key: `rating-jump:${clerkId}:${after[0]!.entryId}`,
      rule: 'rating-jump',
      severity: 'warning',
      subject: `clerk:${clerkId}`,
      message: {
        zh: `${who.zh} 换用评价器 ${pad} 后平均评价由 ${mean(before).toFixed(2)} 升至 ${mean(after).toFixed(2)}`,
        en: `${who.en}'s mean rating rose from ${mean(before).toFixed(2)} to ${mean(after).toFixed(2)} after pad ${pad} took over`,
      },
      at: after[t.ratingJumpMinCount - 1]!.at,
      entryIds: after.map((r) => r.entryId),
    };
  };
  return {
    observe(f) {
      if (f.kind !== 'rated' || f.clerkId === null) return;
      const runs = byClerk.get(f.clerkId);
      if (!runs) {
        byClerk.set(f.clerkId, { before: null, current: [f] });
        return;
      }
      if (runs.current[0]!.padId === f.padId) {
        runs.current.push(f);
        return;
      }
      // Another pad rates this clerk now: the run that ended is judged against the one before it, for good.
      const alert = judge(f.clerkId, runs.before, runs.current);
      if (alert) closed.push(alert);
      runs.before = runs.current;
      runs.current = [f];
    },
    alerts() {
      const running = [...byClerk.entries()].flatMap(([clerkId, runs]) => {
        const alert = judge(clerkId, runs.before, runs.current);
        return alert ? [alert] : [];
      });
      return [...closed, ...running];
    },
  };
}

function afterHours({ hall, t, names }: RuleContext): Watcher {
  const spans = (t.workingHours ?? hall.services.filter((s) => s.enabled).flatMap((s) => s.openingHours)).map(
    (s) => ({
      from: minuteOfDay(s.from) - t.afterHoursGraceMinutes,
      to: minuteOfDay(s.to) + t.afterHoursGraceMinutes,
    }),
  );
  const inHours = (at: number) => {
    const minute = localDateTime(at, hall.rules.timeZone).minuteOfDay;
    return spans.some((s) => s.from <= minute && minute < s.to);
  };
  type ClerkAction = Extract<BehaviourFact, { clerkId: string | null }>;
  const byClerkDay = new Map<string, { clerkId: string; day: string; list: ClerkAction[] }>();
  return {
    observe(f) {
      // A late sign-out ends work rather than doing it; a rating is the visitor's act, not the clerk's.
      if (!('clerkId' in f) || f.clerkId === null || f.kind === 'signed-out' || f.kind === 'rated') return;
      if (inHours(f.at)) return;
      const day = dayOf(hall, f.at);
      const key = `${f.clerkId}\u0000${day}`;
      const group = byClerkDay.get(key) ?? { clerkId: f.clerkId, day, list: [] };
      group.list.push(f);
      byClerkDay.set(key, group);
    },
    alerts: () =>
      [...byClerkDay.values()].map(({ clerkId, day, list }) => {
        const who = names.clerk(clerkId);
        const signIns = list.filter((f) => f.kind === 'signed-in').length;
        return {
          key: `after-hours:${clerkId}:${day}`,
          rule: 'after-hours',
          severity: 'warning',
          subject: `clerk:${clerkId}`,
          message: {
            zh: `${who.zh} ${day} 在办公时间外操作 ${list.length} 次（其中签到 ${signIns} 次）`,
            en: `${who.en} acted ${list.length} times outside the hall's hours on ${day} (${signIns} sign-ins)`,
          },
          at: list[0]!.at,
          entryIds: list.map((f) => f.entryId),
        };
      }),
  };
}
