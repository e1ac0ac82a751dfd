import type { FollowUpStatus, FollowUpView } from '@hallq/protocol';

type Words = { readonly zh: string; readonly en: string };

export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['open', 'contacted', 'resolved'];

export const STATUS_WORDS: Record<FollowUpStatus, Words> = {
  open: { zh: '待处理', en: 'Open' },
  contacted: { zh: '已联系', en: 'Contacted' },
  resolved: { zh: '已办结', en: 'Resolved' },
};

/** The 差评 levels a follow-up is opened for. */
export const LEVEL_WORDS: Record<number, Words> = {
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
};

/**
 * Where a follow-up may go next, as the hub allows it (open → contacted → resolved, no step skipped; a note
 * may be added without moving on; a resolved item stays resolved). The step forward comes first: it is the
 * dialog's default.
 */
export function nextStatuses(status: FollowUpStatus): FollowUpStatus[] {
  switch (status) {
    case 'open':
      return ['contacted', 'open'];
    case 'contacted':
      return ['resolved', 'contacted'];
    case 'resolved':
      return [];
  }
}

/** Items for one status tab, the overdue ones first, then by due date (the hub's order). */
export function followUpsIn(items: readonly FollowUpView[], status: FollowUpStatus): FollowUpView[] {
  return items
    .filter((f) => f.status === status)
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt - b.dueAt || a.id.localeCompare(b.id));
}
