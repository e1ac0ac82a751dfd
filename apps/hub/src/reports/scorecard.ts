import {
  type AlertRule,
  HallChange,
  type PauseReason,
  type RatingFigures,
  type Report,
  type ReportRow,
  type Scorecard,
  type ScorecardRow,
} from '@hallq/protocol';
import type { ReportNames } from './report-figures.ts';

/** How many alerts of one rule were raised about one subject (`clerk:<id>`, `window:<id>`, `pad:<id>` …). */
export interface AlertCount {
  readonly rule: AlertRule;
  readonly subject: string;
  readonly count: number;
  /** The window an alert about a clerk happened at (离岗), counted for the window too. */
  readonly windowId?: string | null;
}

/**
 * Alerts as stored, counted by rule, subject and window: a 离岗 alert is the clerk's, and names its window in its
 * key (`behaviour:away-from-window:<window>:<since>`).
 */
export function countAlerts(
  rows: readonly { rule: AlertRule; subject: string; key: string }[],
): AlertCount[] {
  const counts = new Map<
    string,
    { rule: AlertRule; subject: string; windowId: string | null; count: number }
  >();
  for (const row of rows) {
    const parts = row.key.split(':');
    const windowId = row.rule === 'away-from-window' && parts[0] === 'behaviour' ? (parts[2] ?? null) : null;
    const id = `${row.rule}\u0000${row.subject}\u0000${windowId ?? ''}`;
    const entry = counts.get(id) ?? { rule: row.rule, subject: row.subject, windowId, count: 0 };
    entry.count += 1;
    counts.set(id, entry);
  }
  return [...counts.values()];
}

/** A window paused, from the pause until it resumed or was signed out (or the period ended). */
export interface PauseStretch {
  readonly windowId: string;
  readonly clerkId: string | null;
  readonly reason: PauseReason;
  readonly from: number;
  readonly to: number;
}

/** A log entry as the pause reading needs it. */
export interface PauseEntry {
  readonly at: number;
  readonly type: string;
  readonly payload: string;
}

/**
 * The pauses in `window:paused` / `window:resumed` / `window:signed-out` entries (log order): each pause lasts
 * until its window resumes or signs out, or until `until` when it never did. An entry that does not read as a
 * hall change is skipped: one odd entry must not lose the month.
 */
export function pauseStretches(entries: readonly PauseEntry[], until: number): PauseStretch[] {
  const open = new Map<string, { clerkId: string | null; reason: PauseReason; from: number }>();
  const stretches: PauseStretch[] = [];
  const close = (windowId: string, at: number) => {
    const pause = open.get(windowId);
    if (!pause) return;
    open.delete(windowId);
    stretches.push({ windowId, ...pause, to: Math.max(at, pause.from) });
  };
  for (const entry of entries) {
    let json: unknown;
    try {
      json = JSON.parse(entry.payload);
    } catch {
      continue;
    }
    const parsed = HallChange.safeParse(json);
    if (!parsed.success) continue;
    const change = parsed.data;
    if (
      change.type !== 'window:paused' &&
      change.type !== 'window:resumed' &&
      change.type !== 'window:signed-out'
    )
      continue;
    const windowId = change.window.windowId;
    close(windowId, entry.at);
    if (change.type === 'window:paused') {
      open.set(windowId, {
        clerkId: change.window.clerkId,
        reason: change.window.pauseReason ?? 'other',
        from: change.window.pausedAt ?? entry.at,
      });
    }
  }
  for (const windowId of [...open.keys()]) close(windowId, until);
  return stretches;
}

const PAUSE_ORDER: readonly PauseReason[] = ['break', 'meeting', 'system-fault', 'other'];

function meanRating(ratings: RatingFigures): number | null {
  let sum = 0;
  let count = 0;
  for (let level = 1; level <= 5; level += 1) {
    sum += level * (ratings.levels[level] ?? 0);
    count += ratings.levels[level] ?? 0;
  }
  return count === 0 ? null : Math.round((sum / count) * 100) / 100;
}

const NO_RATINGS: RatingFigures = {
  levels: [0, 0, 0, 0, 0, 0],
  rated: 0,
  bad: 0,
  badShare: null,
  badReasons: {},
};

function rowsOf(
  reportRows: readonly ReportRow[],
  names: ReadonlyMap<string, string>,
  alerts: ReadonlyMap<string, Map<AlertRule, number>>,
  pauses: ReadonlyMap<string, PauseStretch[]>,
): ScorecardRow[] {
  const byKey = new Map(reportRows.map((r) => [r.key, r]));
  const known = [...names.keys()];
  const keys = [...new Set([...byKey.keys(), ...alerts.keys(), ...pauses.keys()])].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    return (
      (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib) || a.localeCompare(b)
    );
  });
  return keys.map((key) => {
    const report = byKey.get(key);
    const ratings = report?.ratings ?? NO_RATINGS;
    const kinds = [...(alerts.get(key) ?? new Map<AlertRule, number>()).entries()]
      .map(([rule, count]) => ({ rule, count }))
      .sort((a, b) => a.rule.localeCompare(b.rule));
    const stretches = pauses.get(key) ?? [];
    return {
      key,
      label: names.get(key) ?? report?.label ?? key,
      served: report?.served ?? 0,
      medianServiceSeconds: report?.service.medianSeconds ?? null,
      ratings,
      meanRating: meanRating(ratings),
      alerts: kinds,
      alertTotal: kinds.reduce((sum, k) => sum + k.count, 0),
      pauses: PAUSE_ORDER.flatMap((reason) => {
        const list = stretches.filter((s) => s.reason === reason);
        if (list.length === 0) return [];
        const ms = list.reduce((sum, s) => sum + (s.to - s.from), 0);
        return [{ reason, count: list.length, minutes: Math.round((ms / 60_000) * 10) / 10 }];
      }),
    };
  });
}

/**
 * The monthly scorecard (月度考评), per clerk and per window, from the month's report (served, service times,
 * ratings), the alerts raised in it and the pauses taken. A pad's alerts count for the window it stands at, a
 * clerk's 离岗 for the window too; a pause counts for its window and for the clerk signed in there when it began.
 */
export function buildScorecard(input: {
  month: string;
  report: Report;
  names: ReportNames;
  alerts: readonly AlertCount[];
  pauses: readonly PauseStretch[];
  /** The window an evaluation pad stands at. */
  padWindow: (padId: string) => string | null;
}): Scorecard {
  const clerkAlerts = new Map<string, Map<AlertRule, number>>();
  const windowAlerts = new Map<string, Map<AlertRule, number>>();
  const add = (map: Map<string, Map<AlertRule, number>>, key: string, rule: AlertRule, count: number) => {
    const kinds = map.get(key) ?? new Map<AlertRule, number>();
    kinds.set(rule, (kinds.get(rule) ?? 0) + count);
    map.set(key, kinds);
  };
  for (const a of input.alerts) {
    const [kind, ...rest] = a.subject.split(':');
    const id = rest.join(':');
    if (kind === 'clerk') {
      add(clerkAlerts, id, a.rule, a.count);
      if (a.windowId) add(windowAlerts, a.windowId, a.rule, a.count);
    } else if (kind === 'window') add(windowAlerts, id, a.rule, a.count);
    else if (kind === 'pad') {
      const windowId = input.padWindow(id);
      if (windowId) add(windowAlerts, windowId, a.rule, a.count);
    }
  }
  const clerkPauses = new Map<string, PauseStretch[]>();
  const windowPauses = new Map<string, PauseStretch[]>();
  for (const p of input.pauses) {
    windowPauses.set(p.windowId, [...(windowPauses.get(p.windowId) ?? []), p]);
    if (p.clerkId) clerkPauses.set(p.clerkId, [...(clerkPauses.get(p.clerkId) ?? []), p]);
  }
  return {
    month: input.month,
    from: input.report.from,
    to: input.report.to,
    timeZone: input.report.timeZone,
    byClerk: rowsOf(input.report.byClerk, input.names.clerks, clerkAlerts, clerkPauses),
    byWindow: rowsOf(input.report.byWindow, input.names.windows, windowAlerts, windowPauses),
  };
}

/** The first and last day of a month (YYYY-MM), and the first day of the next. */
export function monthDays(month: string): { from: string; to: string; next: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const next = new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 10);
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}`, next };
}
