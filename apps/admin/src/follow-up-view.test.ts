import type { FollowUpView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { followUpsIn, nextStatuses } from './follow-up-view.ts';

const item = (id: string, status: FollowUpView['status'], dueAt: number, overdue: boolean): FollowUpView => ({
  id,
  ticketId: `2026-11-28/A00${id}`,
  ticketNumber: `A00${id}`,
  caseNumber: null,
  level: 2,
  tags: [],
  comment: '',
  windowId: 'w1',
  clerkName: null,
  assigneeId: null,
  assigneeName: null,
  status,
  openedAt: 0,
  dueDay: '2026-12-01',
  dueAt,
  overdue,
  resolvedAt: null,
  notes: [],
});

describe('follow-up helpers', () => {
  it('offers the hub’s next steps, forward first, none once resolved', () => {
    expect(nextStatuses('open')).toEqual(['contacted', 'open']);
    expect(nextStatuses('contacted')).toEqual(['resolved', 'contacted']);
    expect(nextStatuses('resolved')).toEqual([]);
  });

  it('lists one status, overdue first, then by due time', () => {
    const items = [
      item('1', 'open', 300, false),
      item('2', 'open', 200, true),
      item('3', 'open', 100, false),
    ];
    items.push(item('4', 'resolved', 50, false));
    expect(followUpsIn(items, 'open').map((f) => f.id)).toEqual(['2', '3', '1']);
    expect(followUpsIn(items, 'resolved').map((f) => f.id)).toEqual(['4']);
    expect(followUpsIn(items, 'contacted')).toEqual([]);
  });
});
