import { businessDayOf, localDateTime, minuteOfDay } from '@hallq/core';
import type { BehaviourRuleName, BehaviourThresholds, HallConfig, LocalizedText } from '@hallq/protocol';

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

export type ResolvedThresholds = Required<Omit<BehaviourThresholds, 'workingHours' | 'off'>> & {
  readonly workingHours: BehaviourThresholds['workingHours'] | null;
  readonly off: readonly BehaviourRuleName[];
};

export const DEFAULT_BEHAVIOUR_THRESHOLDS: ResolvedThresholds = {
  outOfOrderCallsPerDay: 5,
  awayIdleMinutes: 10,
  shortServiceShare: 0.2,
  shortServicesPerDay: 5,
  noShowStreak: 5,
  ratingMinGapSeconds: 5,
  fastRatingsPerDay: 3,
  ratingInstantSeconds: 1,
  ratingInstantMinCount: 10,
  ratingJumpLevels: 1,
  ratingJumpMinCount: 10,
  workingHours: null,
  afterHoursGraceMinutes: 30,
  off: [],
};

const MINUTE = 60_000;
const clerkLabel = (id: string) => ({ zh: `工作人员 ${id}`, en: `Clerk ${id}` });

/**
 * The behaviour monitoring rules (行为监控), a pure function of log facts, for any period (a day for the live
 * view, a month for the scorecard; "a day" thresholds count per business day):
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
 */
export function evaluateBehaviour(input: BehaviourInput): BehaviourAlert[] {
  const t: ResolvedThresholds = { ...DEFAULT_BEHAVIOUR_THRESHOLDS, ...input.hall.rules.behaviour };
  const off = new Set(t.off);
  const alerts: BehaviourAlert[] = [];
  const rules: [BehaviourRuleName, (input: BehaviourInput, t: ResolvedThresholds) => BehaviourAlert[]][] = [
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
  for (const [name, rule] of rules) if (!off.has(name)) alerts.push(...rule(input, t));
  return alerts;
}

type Fact<K extends BehaviourFact['kind']> = Extract<BehaviourFact, { kind: K }>;
const ofKind = <K extends BehaviourFact['kind']>(facts: readonly BehaviourFact[], kind: K): Fact<K>[] =>
  facts.filter((f): f is Fact<K> => f.kind === kind);

/** Groups by a key, keeping each group in log order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}

const dayKey = (hall: HallConfig, clerkOrPad: string, at: number) =>
  `${clerkOrPad}\u0000${businessDayOf(at, hall.rules.timeZone)}`;
const splitKey = (key: string) => key.split('\u0000') as [string, string];

function outOfOrderCalls(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const calls = ofKind(input.facts, 'called').filter((c) => c.outOfOrder);
  const alerts: BehaviourAlert[] = [];
  for (const [key, list] of groupBy(calls, (c) => (c.clerkId ? dayKey(input.hall, c.clerkId, c.at) : null))) {
    if (list.length <= t.outOfOrderCallsPerDay) continue;
    const [clerkId, day] = splitKey(key);
    const who = clerkLabel(clerkId);
    alerts.push({
      key: `out-of-order-calls:${clerkId}:${day}`,
      rule: 'out-of-order-calls',
      severity: 'warning',
      subject: `clerk:${clerkId}`,
      message: {
        zh: `${who.zh} ${day} 跳号 ${list.length} 次，超过 ${t.outOfOrderCallsPerDay} 次`,
        en: `${who.en} called out of order ${list.length} times on ${day}, over ${t.outOfOrderCallsPerDay}`,
      },
      at: list[t.outOfOrderCallsPerDay]!.at,
      entryIds: list.map((c) => c.entryId),
    });
  }
  return alerts;
}

function repeatOutOfOrder(input: BehaviourInput): BehaviourAlert[] {
  const calls = ofKind(input.facts, 'called').filter((c) => c.outOfOrder && c.clerkId !== null);
  const alerts: BehaviourAlert[] = [];
  for (const [, list] of groupBy(calls, (c) => `${c.clerkId}\u0000${c.ticketId}`)) {
    if (list.length < 2) continue;
    const { clerkId, ticketId } = list[0]!;
    const who = clerkLabel(clerkId!);
    alerts.push({
      key: `repeat-out-of-order:${clerkId}:${ticketId}`,
      rule: 'repeat-out-of-order',
      severity: 'critical',
      subject: `clerk:${clerkId}`,
      message: {
        zh: `${who.zh} 对同一号票 ${ticketId} 再次跳号叫号（${list.length} 次）`,
        en: `${who.en} called ticket ${ticketId} out of order again (${list.length} times)`,
      },
      at: list[1]!.at,
      entryIds: list.map((c) => c.entryId),
    });
  }
  return alerts;
}

interface WindowWatch {
  clerkId: string | null;
  signedIn: boolean;
  paused: boolean;
  currentTicketId: string | null;
  /** When the present idle-with-visitors-waiting stretch began, and the entry that began it. */
  idleSince: number | null;
  idleEntryId: number | null;
}

/** 离岗: replays the day and measures each stretch a window sat idle, signed in and open, with visitors waiting. */
function awayFromWindow(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const limit = t.awayIdleMinutes * MINUTE;
  const windows = input.hall.windows.filter((w) => w.enabled);
  const watch = new Map<string, WindowWatch>(
    windows.map((w) => [
      w.id,
      {
        clerkId: null,
        signedIn: false,
        paused: false,
        currentTicketId: null,
        idleSince: null,
        idleEntryId: null,
      },
    ]),
  );
  const waiting = new Map<string, { serviceId: string; targetWindowId: string | null }>();
  const alerts: BehaviourAlert[] = [];

  const waitingFor = (windowId: string, serviceIds: readonly string[]) => {
    for (const w of waiting.values()) {
      if (w.targetWindowId === windowId || (w.targetWindowId === null && serviceIds.includes(w.serviceId)))
        return true;
    }
    return false;
  };
  const close = (windowId: string, w: WindowWatch, at: number, endEntryId: number | null) => {
    if (w.idleSince !== null && at - w.idleSince > limit) {
      const number = input.hall.windows.find((x) => x.id === windowId)?.number ?? windowId;
      const idleMinutes = Math.floor((at - w.idleSince) / MINUTE);
      alerts.push({
        key: `away-from-window:${windowId}:${w.idleSince}`,
        rule: 'away-from-window',
        severity: 'warning',
        subject: `window:${windowId}`,
        message: {
          zh: `${number}号窗口已签到未暂停，空闲 ${idleMinutes} 分钟，其业务仍有人等候（疑似离岗）`,
          en: `Window ${number} signed in and not paused sat idle ${idleMinutes} min while visitors waited (away?)`,
        },
        at: w.idleSince + limit,
        entryIds: [w.idleEntryId!, ...(endEntryId !== null ? [endEntryId] : [])],
      });
    }
    w.idleSince = null;
    w.idleEntryId = null;
  };
  const settle = (at: number, entryId: number) => {
    for (const window of windows) {
      const w = watch.get(window.id)!;
      const idleWithWaiting =
        w.signedIn && !w.paused && w.currentTicketId === null && waitingFor(window.id, window.serviceIds);
      if (idleWithWaiting && w.idleSince === null) {
        w.idleSince = at;
        w.idleEntryId = entryId;
      } else if (!idleWithWaiting && w.idleSince !== null) close(window.id, w, at, entryId);
    }
  };

  for (const fact of input.facts) {
    switch (fact.kind) {
      case 'signed-in':
      case 'signed-out':
      case 'paused':
      case 'resumed': {
        const w = watch.get(fact.windowId);
        if (!w) break;
        if (fact.kind === 'signed-in')
          Object.assign(w, { signedIn: true, clerkId: fact.clerkId, paused: false });
        if (fact.kind === 'signed-out') Object.assign(w, { signedIn: false, clerkId: null });
        if (fact.kind === 'paused') w.paused = true;
        if (fact.kind === 'resumed') w.paused = false;
        break;
      }
      case 'queued':
        waiting.set(fact.ticketId, { serviceId: fact.serviceId, targetWindowId: fact.targetWindowId });
        break;
      case 'left-line':
        waiting.delete(fact.ticketId);
        for (const w of watch.values()) if (w.currentTicketId === fact.ticketId) w.currentTicketId = null;
        break;
      case 'called': {
        waiting.delete(fact.ticketId);
        const w = watch.get(fact.windowId);
        if (w) w.currentTicketId = fact.ticketId;
        break;
      }
      case 'finished':
      case 'no-show': {
        const w = watch.get(fact.windowId);
        if (w && w.currentTicketId === fact.ticketId) w.currentTicketId = null;
        break;
      }
      case 'rated':
        break;
      default: {
        const unknown: never = fact;
        throw new Error(`unknown behaviour fact ${JSON.stringify(unknown)}`);
      }
    }
    settle(fact.at, fact.entryId);
  }
  for (const window of windows) close(window.id, watch.get(window.id)!, input.now, null);
  return alerts;
}

function shortServices(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const short = ofKind(input.facts, 'finished').filter((f) => {
    const typical = input.typicalServiceMs[f.serviceId];
    return (
      typical !== undefined && f.startedAt !== null && f.at - f.startedAt < t.shortServiceShare * typical
    );
  });
  const alerts: BehaviourAlert[] = [];
  for (const [key, list] of groupBy(short, (f) => (f.clerkId ? dayKey(input.hall, f.clerkId, f.at) : null))) {
    if (list.length < t.shortServicesPerDay) continue;
    const [clerkId, day] = splitKey(key);
    const who = clerkLabel(clerkId);
    const share = Math.round(t.shortServiceShare * 100);
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
}

function noShowStreaks(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const alerts: BehaviourAlert[] = [];
  const streaks = new Map<string, Fact<'no-show'>[]>();
  const end = (clerkId: string) => {
    const streak = streaks.get(clerkId) ?? [];
    streaks.delete(clerkId);
    if (streak.length < t.noShowStreak) return;
    const who = clerkLabel(clerkId);
    alerts.push({
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
    });
  };
  for (const fact of input.facts) {
    if (fact.kind === 'no-show' && fact.clerkId) {
      streaks.set(fact.clerkId, [...(streaks.get(fact.clerkId) ?? []), fact]);
    } else if (fact.kind === 'finished' && fact.clerkId) end(fact.clerkId);
  }
  for (const clerkId of [...streaks.keys()]) end(clerkId);
  return alerts;
}

function ratingPace(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const alerts: BehaviourAlert[] = [];
  const byPadDay = groupBy(ofKind(input.facts, 'rated'), (r) =>
    r.padId ? dayKey(input.hall, r.padId, r.at) : null,
  );
  for (const [key, list] of byPadDay) {
    const fast: [Fact<'rated'>, Fact<'rated'>][] = [];
    for (let i = 1; i < list.length; i += 1) {
      if (list[i]!.at - list[i - 1]!.at < t.ratingMinGapSeconds * 1000) fast.push([list[i - 1]!, list[i]!]);
    }
    if (fast.length < t.fastRatingsPerDay) continue;
    const [padId, day] = splitKey(key);
    const entryIds = [...new Set(fast.flat().map((r) => r.entryId))];
    alerts.push({
      key: `rating-pace:${padId}:${day}`,
      rule: 'rating-pace',
      severity: 'critical',
      subject: `pad:${padId}`,
      message: {
        zh: `评价器 ${padId} ${day} 有 ${fast.length} 次相邻评价间隔不到 ${t.ratingMinGapSeconds} 秒（非真实评价速度）`,
        en: `Evaluation pad ${padId} gave ${fast.length} ratings less than ${t.ratingMinGapSeconds} s apart on ${day}, faster than a visitor could`,
      },
      at: fast[t.fastRatingsPerDay - 1]![1].at,
      entryIds,
    });
  }
  return alerts;
}

function ratingInstant(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const alerts: BehaviourAlert[] = [];
  for (const [clerkId, list] of groupBy(ofKind(input.facts, 'rated'), (r) => r.clerkId)) {
    if (list.length < t.ratingInstantMinCount) continue;
    if (!list.every((r) => r.at - r.finishedAt <= t.ratingInstantSeconds * 1000)) continue;
    const who = clerkLabel(clerkId);
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
}

function ratingJump(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const alerts: BehaviourAlert[] = [];
  const mean = (list: readonly Fact<'rated'>[]) => list.reduce((s, r) => s + r.level, 0) / list.length;
  for (const [clerkId, list] of groupBy(ofKind(input.facts, 'rated'), (r) => r.clerkId)) {
    // Runs of ratings from one pad, in order; a jump is judged between neighbouring runs.
    const runs: Fact<'rated'>[][] = [];
    for (const r of list) {
      const last = runs.at(-1);
      if (last && last[0]!.padId === r.padId) last.push(r);
      else runs.push([r]);
    }
    for (let i = 1; i < runs.length; i += 1) {
      const before = runs[i - 1]!;
      const after = runs[i]!;
      if (before.length < t.ratingJumpMinCount || after.length < t.ratingJumpMinCount) continue;
      const jump = mean(after) - mean(before);
      if (jump < t.ratingJumpLevels) continue;
      const who = clerkLabel(clerkId);
      const pad = after[0]!.padId ?? '?';
      alerts.push({
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
      });
    }
  }
  return alerts;
}

function afterHours(input: BehaviourInput, t: ResolvedThresholds): BehaviourAlert[] {
  const { hall } = input;
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
  const actions = input.facts.filter(
    (f): f is Extract<BehaviourFact, { clerkId: string | null }> =>
      'clerkId' in f && f.clerkId !== null && f.kind !== 'signed-out' && f.kind !== 'rated' && !inHours(f.at),
  );
  const alerts: BehaviourAlert[] = [];
  for (const [key, list] of groupBy(actions, (f) => dayKey(hall, f.clerkId!, f.at))) {
    const [clerkId, day] = splitKey(key);
    const who = clerkLabel(clerkId);
    const signIns = list.filter((f) => f.kind === 'signed-in').length;
    alerts.push({
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
    });
  }
  return alerts;
}
