import type { AlertView } from '@hallq/protocol';

/** The alerts of one rule about one subject (a device, a window, a service): one row on the screen. */
export interface AlertGroup {
  /** `rule|subject`. */
  readonly key: string;
  readonly rule: AlertView['rule'];
  readonly subject: string;
  /** The newest alert of the group: its message and time are the row's. */
  readonly latest: AlertView;
  /** Alerts of the group still open, newest first. */
  readonly open: readonly AlertView[];
  /** Open alerts nobody has acknowledged yet. */
  readonly unacknowledged: readonly AlertView[];
  /** How many alerts the group holds (open and recently cleared). */
  readonly count: number;
  readonly severity: AlertView['severity'];
}

const newestFirst = (a: AlertView, b: AlertView) => b.raisedAt - a.raisedAt;

/**
 * The supervision list, bounded: one row per rule and subject (a device that drops in and out ten times is one
 * row, ×10), open groups first and newest first, then the groups whose alerts are all cleared (shown collapsed),
 * newest clearance first.
 */
export function groupAlerts(alerts: readonly AlertView[]): { open: AlertGroup[]; resolved: AlertGroup[] } {
  const byKey = new Map<string, AlertView[]>();
  for (const alert of alerts) {
    const key = `${alert.rule}|${alert.subject}`;
    byKey.set(key, [...(byKey.get(key) ?? []), alert]);
  }
  const groups = [...byKey.entries()].map(([key, list]): AlertGroup => {
    const sorted = [...list].sort(newestFirst);
    const open = sorted.filter((a) => a.clearedAt === null);
    const latest = open[0] ?? sorted[0]!;
    return {
      key,
      rule: latest.rule,
      subject: latest.subject,
      latest,
      open,
      unacknowledged: open.filter((a) => a.acknowledgedAt === null),
      count: sorted.length,
      severity: (open.length > 0 ? open : sorted).some((a) => a.severity === 'critical')
        ? 'critical'
        : 'warning',
    };
  });
  const open = groups.filter((g) => g.open.length > 0).sort((a, b) => newestFirst(a.latest, b.latest));
  const resolved = groups
    .filter((g) => g.open.length === 0)
    .sort((a, b) => (b.latest.clearedAt ?? 0) - (a.latest.clearedAt ?? 0));
  return { open, resolved };
}
