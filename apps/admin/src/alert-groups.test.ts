import type { AlertView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { groupAlerts } from './alert-groups.ts';

const alert = (
  id: string,
  rule: AlertView['rule'],
  subject: string,
  raisedAt: number,
  rest: Partial<AlertView> = {},
): AlertView => ({
  id,
  rule,
  severity: 'warning',
  subject,
  message: { zh: id, en: id },
  raisedAt,
  clearedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  entryIds: [],
  entryCount: 0,
  ...rest,
});

describe('groupAlerts', () => {
  it('makes one row per rule and subject, open ones newest first, cleared ones apart', () => {
    const alerts = [
      alert('k1-a', 'device-offline', 'device:k1', 100, { clearedAt: 150 }),
      alert('k1-b', 'device-offline', 'device:k1', 200, { clearedAt: 250 }),
      alert('k1-c', 'device-offline', 'device:k1', 300, { severity: 'critical' }),
      alert('w1-idle', 'window-idle-with-waiting', 'window:w1', 400),
      alert('w1-pause', 'window-paused-too-long', 'window:w1', 50, { clearedAt: 90 }),
      alert('s1', 'wait-over-sla', 'service:s1', 20, { clearedAt: 300 }),
    ];
    const { open, resolved } = groupAlerts(alerts);
    expect(open.map((g) => [g.latest.id, g.count, g.severity])).toEqual([
      ['w1-idle', 1, 'warning'],
      ['k1-c', 3, 'critical'],
    ]);
    expect(resolved.map((g) => g.latest.id)).toEqual(['s1', 'w1-pause']);
  });

  it('keeps the open alert of a group as its face even when a cleared one is newer, and lists the unacknowledged', () => {
    const alerts = [
      alert('old-open', 'device-fault', 'device:k1', 100, { acknowledgedAt: 120, acknowledgedBy: 'sup' }),
      alert('new-open', 'device-fault', 'device:k1', 200),
      alert('newest-cleared', 'device-fault', 'device:k1', 300, { clearedAt: 310 }),
    ];
    const [group] = groupAlerts(alerts).open;
    expect(group?.latest.id).toBe('new-open');
    expect(group?.open.map((a) => a.id)).toEqual(['new-open', 'old-open']);
    expect(group?.unacknowledged.map((a) => a.id)).toEqual(['new-open']);
  });
});
