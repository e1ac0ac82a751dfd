import type { PlannerAnswer, PlannerQuery } from '@hallq/protocol';

/** `hallctl plan <date>`'s flags as a planner query; null when one is malformed. */
export function planQueryOf(day: string, flags: ReadonlyMap<string, string>): PlannerQuery | null {
  const number = (name: string): number | undefined | null => {
    const raw = flags.get(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : null;
  };
  const weeks = number('weeks');
  const growth = number('growth');
  const share = number('target-share');
  const wait = number('target-wait');
  if (weeks === null || growth === null || share === null || wait === null) return null;
  const windows = flags.get('windows');
  const counts = windows === undefined ? undefined : windows.split(',').map((c) => Number(c.trim()));
  if (counts?.some((c) => !Number.isInteger(c) || c < 0)) return null;
  const suggest = flags.has('suggest') || share !== undefined || wait !== undefined;
  return {
    day,
    ...(weeks !== undefined && { weeks }),
    ...(growth !== undefined && { growth }),
    ...(counts !== undefined && { counts }),
    ...(suggest && { target: { share: share ?? 0.8, maxWaitMinutes: wait ?? 15 } }),
  };
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutes = (ms: number | null) => (ms === null ? '—' : String(Math.round(ms / 60_000)));

/** The planner's answer as the admin page shows it, as a text table. */
export function planTable(plan: PlannerAnswer): string {
  const suggestion = plan.suggestion;
  const head = [
    'half-hour  ',
    'arrivals',
    'scheduled',
    'windows',
    'median',
    'p80',
    ...(suggestion ? ['suggested'] : []),
  ];
  const rows = plan.halfHours.map((h, i) => [
    `${hhmm(h.startMinute)}–${hhmm(h.startMinute + 30)}`,
    h.arrivals.toFixed(1),
    String(h.planned),
    String(h.windows),
    minutes(h.medianWaitMs),
    minutes(h.p80WaitMs),
    ...(suggestion ? [`${suggestion.counts[i]}${suggestion.met[i] ? '' : ' (target missed)'}`] : []),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  const history = plan.historyDays.length > 0 ? plan.historyDays.join(', ') : 'no history';
  return [
    `排班建议 ${plan.day}: forecast from ${history} × ${plan.growth}; ${plan.windowsAvailable} windows; waits in minutes`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}
