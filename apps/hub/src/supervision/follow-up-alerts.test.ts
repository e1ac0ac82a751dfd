import { describe, expect, it } from 'vitest';
import { followUpAlerts, type OpenFollowUp } from './follow-up-alerts.ts';

const DUE = Date.parse('2026-10-10T16:00:00Z'); // the end of 2026-10-10 in Asia/Shanghai
const item = (over: Partial<OpenFollowUp> = {}): OpenFollowUp => ({
  id: 'f1',
  ticketNumber: 'A001',
  caseNumber: 'SP-9',
  status: 'open',
  dueDay: '2026-10-10',
  dueAt: DUE,
  assigneeName: '王督查',
  ...over,
});

describe('the overdue follow-up rule', () => {
  it('raises nothing until the last working day has ended', () => {
    expect(followUpAlerts([item()], DUE - 1)).toEqual([]);
  });

  it('raises one alert per overdue item, from the moment it fell due, naming the case and the assignee', () => {
    const [alert, ...more] = followUpAlerts([item(), item({ id: 'f2', dueAt: DUE + 86_400_000 })], DUE);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      key: 'follow-up-overdue:f1',
      rule: 'follow-up-overdue',
      severity: 'warning',
      subject: 'follow-up:f1',
      since: DUE,
    });
    expect(alert?.message.zh).toBe('差评整改逾期：A001（办件 SP-9），应于 2026-10-10 前办结（王督查）');
    expect(alert?.message.en).toBe('Follow-up overdue: A001 (case SP-9), due 2026-10-10 (王督查)');
  });

  it('keeps the same key while it lasts, counts contacted items, and drops resolved ones', () => {
    const later = DUE + 5 * 86_400_000;
    expect(followUpAlerts([item({ status: 'contacted' })], later).map((a) => a.key)).toEqual([
      'follow-up-overdue:f1',
    ]);
    expect(followUpAlerts([item({ status: 'resolved' })], later)).toEqual([]);
    expect(followUpAlerts([item({ caseNumber: null, assigneeName: null })], later)[0]?.message.zh).toBe(
      '差评整改逾期：A001，应于 2026-10-10 前办结（未指派）',
    );
  });
});
