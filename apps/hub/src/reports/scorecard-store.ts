import { epochOfLocal } from '@hallq/core';
import type { AlertRule, Report, Scorecard } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import type { ReportNames } from './report-figures.ts';
import { type AlertCount, buildScorecard, countAlerts, monthDays, pauseStretches } from './scorecard.ts';

/**
 * The monthly scorecards from the hub's database: the month's report (its day summaries), the alerts raised in
 * the month (by rule and subject, one grouped query), and the month's pause entries from the log (an index range
 * on type and time).
 */
export function createScorecardStore(deps: {
  db: HubDatabase;
  /** The report over business days, as the reports page gets it. */
  report: (from: string, to: string) => Report;
  names: () => ReportNames;
  timeZone: () => string;
  padWindow: (padId: string) => string | null;
  clock: () => number;
}) {
  const { db } = deps;
  const monthAlerts = db.prepare<[number, number], { rule: AlertRule; subject: string; key: string }>(
    'SELECT rule, subject, key FROM alerts WHERE raised_at >= ? AND raised_at < ?',
  );
  const pauseEntries = db.prepare<[number, number], { at: number; type: string; payload: string }>(
    `SELECT at, type, payload FROM events
     WHERE type IN ('window:paused', 'window:resumed', 'window:signed-out') AND at >= ? AND at < ?
     ORDER BY id`,
  );

  return {
    scorecard(month: string): Scorecard {
      const { from, to, next } = monthDays(month);
      const timeZone = deps.timeZone();
      const fromAt = epochOfLocal(from, '00:00', timeZone);
      const toAt = epochOfLocal(next, '00:00', timeZone);
      const alerts: AlertCount[] = countAlerts(monthAlerts.all(fromAt, toAt));
      const pauses = pauseStretches(pauseEntries.all(fromAt, toAt), Math.min(toAt, deps.clock()));
      return buildScorecard({
        month,
        report: deps.report(from, to),
        names: deps.names(),
        alerts,
        pauses,
        padWindow: deps.padWindow,
      });
    },
  };
}

export type ScorecardStore = ReturnType<typeof createScorecardStore>;
