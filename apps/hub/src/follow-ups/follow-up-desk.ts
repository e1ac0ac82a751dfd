import { randomUUID } from 'node:crypto';
import { businessDayOf, type Ticket } from '@hallq/core';
import {
  DEFAULT_RATING_RECORD_SETTINGS,
  type FollowUpNote,
  type FollowUpStatus,
  type FollowUpUpdate,
  type FollowUpView,
} from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import type { HallService, Outcome } from '../hall-service.ts';
import { type Actor, SYSTEM_ACTOR } from '../store/event-log.ts';
import type { OpenFollowUp } from '../supervision/follow-up-alerts.ts';
import { endOfLocalDay, workingDaysAfter } from './working-days.ts';

/** What a follow-up log entry carries: enough for its webhook, built from the entry alone. */
export interface FollowUpChange {
  readonly followUpId: string;
  readonly ticketId: string;
  readonly caseNumber: string | null;
  readonly level: number;
  readonly status: FollowUpStatus;
  readonly previousStatus: FollowUpStatus | null;
  readonly assigneeId: string | null;
  readonly dueDay: string;
  readonly dueAt: number;
  readonly note: string | null;
}

interface FollowUpRow {
  id: string;
  ticket_id: string;
  level: number;
  assignee_id: string | null;
  status: FollowUpStatus;
  opened_at: number;
  due_day: string;
  due_at: number;
  resolved_at: number | null;
  number: string;
  case_number: string | null;
  tags: string;
  comment: string;
  window_id: string;
  clerk_name: string | null;
  assignee_name: string | null;
}

/** The one way forward: a step may be skipped by nobody, and a resolved item stays resolved. */
const NEXT: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  open: ['open', 'contacted'],
  contacted: ['contacted', 'resolved'],
  resolved: [],
};

const fail = (code: 'NOT_FOUND' | 'INVALID_TRANSITION' | 'BAD_REQUEST', message: string): Outcome<never> => ({
  ok: false,
  error: { code, message },
});

/**
 * 差评 follow-up (整改): every 不满意 or 非常不满意 rating opens an item in the rating's own transaction, assigned to
 * the hall's first supervisor (or nobody) and due after the hall's number of working days. Supervisors move it
 * open → contacted → resolved, each step with a note; every step is an audit entry (`follow-up:opened`,
 * `follow-up:changed`), which the outbox turns into `follow_up.changed` webhooks.
 */
export function createFollowUpDesk(deps: { db: HubDatabase; hall: HallService; clock: () => number }) {
  const { db, hall, clock } = deps;
  const firstSupervisor = db.prepare<[], { id: string }>(
    `SELECT id FROM users WHERE role = 'supervisor' AND disabled = 0 ORDER BY created_at, username LIMIT 1`,
  );
  const insertItem = db.prepare(
    `INSERT INTO follow_ups (id, ticket_id, level, assignee_id, status, opened_at, due_day, due_at, updated_at)
     VALUES (@id, @ticketId, @level, @assigneeId, 'open', @now, @dueDay, @dueAt, @now)`,
  );
  const insertNote = db.prepare(
    'INSERT INTO follow_up_notes (follow_up_id, at, by_user_id, status, text) VALUES (?, ?, ?, ?, ?)',
  );
  const updateItem = db.prepare(
    `UPDATE follow_ups SET status = @status, assignee_id = @assigneeId, updated_at = @now,
       resolved_at = CASE WHEN @status = 'resolved' THEN @now ELSE resolved_at END
     WHERE id = @id`,
  );
  const SELECT = `
    SELECT f.*, t.number, t.case_number, r.tags, r.comment, r.window_id, r.clerk_name,
           a.display_name AS assignee_name
    FROM follow_ups f JOIN tickets t ON t.id = f.ticket_id JOIN ratings r ON r.ticket_id = f.ticket_id
    LEFT JOIN users a ON a.id = f.assignee_id`;
  const itemById = db.prepare<[string], FollowUpRow>(`${SELECT} WHERE f.id = ?`);
  const items = db.prepare<[{ status: string | null }], FollowUpRow>(
    `${SELECT} WHERE (@status IS NULL OR f.status = @status) ORDER BY f.due_at, f.id LIMIT 500`,
  );
  const unresolved = db.prepare<[], FollowUpRow>(`${SELECT} WHERE f.status <> 'resolved'`);
  const notesOf = db.prepare<
    [string],
    { at: number; by_user_id: string | null; by_name: string | null; status: FollowUpStatus; text: string }
  >(
    `SELECT n.at, n.by_user_id, u.display_name AS by_name, n.status, n.text
     FROM follow_up_notes n LEFT JOIN users u ON u.id = n.by_user_id WHERE n.follow_up_id = ? ORDER BY n.id`,
  );
  const assignable = db.prepare<[string], { id: string }>(
    `SELECT id FROM users WHERE id = ? AND role IN ('supervisor', 'admin') AND disabled = 0`,
  );

  function view(row: FollowUpRow, now: number): FollowUpView {
    const notes: FollowUpNote[] = notesOf
      .all(row.id)
      .map((n) => ({ at: n.at, byUserId: n.by_user_id, byName: n.by_name, status: n.status, text: n.text }));
    return {
      id: row.id,
      ticketId: row.ticket_id,
      ticketNumber: row.number,
      caseNumber: row.case_number,
      level: row.level,
      tags: JSON.parse(row.tags) as string[],
      comment: row.comment,
      windowId: row.window_id,
      clerkName: row.clerk_name,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name,
      status: row.status,
      openedAt: row.opened_at,
      dueDay: row.due_day,
      dueAt: row.due_at,
      overdue: row.status !== 'resolved' && now >= row.due_at,
      resolvedAt: row.resolved_at,
      notes,
    };
  }

  /**
   * Opens the follow-up of a 差评 just recorded. Call only inside the rating's transaction, after its log entry,
   * so the rating and its follow-up commit (or fail) together.
   */
  function openFor(ticket: Ticket, level: number, now: number): void {
    const config = hall.hall();
    const workingDays = (config.ratingRecords ?? DEFAULT_RATING_RECORD_SETTINGS).followUpWorkingDays;
    const dueDay = workingDaysAfter(businessDayOf(now, config.rules.timeZone), workingDays);
    const dueAt = endOfLocalDay(dueDay, config.rules.timeZone);
    const id = randomUUID();
    const assigneeId = firstSupervisor.get()?.id ?? null;
    insertItem.run({ id, ticketId: ticket.id, level, assigneeId, now, dueDay, dueAt });
    insertNote.run(id, now, null, 'open', `差评 ${level} 级，${workingDays} 个工作日内处理`);
    const change: FollowUpChange = {
      followUpId: id,
      ticketId: ticket.id,
      caseNumber: hall.caseNumberOf(ticket.id),
      level,
      status: 'open',
      previousStatus: null,
      assigneeId,
      dueDay,
      dueAt,
      note: null,
    };
    hall.log.append(now, 'follow-up:opened', SYSTEM_ACTOR, change, false);
  }

  /** Moves an item on (or adds a note, or hands it over), audited; the answer is the item as it is now. */
  function update(input: FollowUpUpdate, actor: Actor): Outcome<FollowUpView> {
    const row = itemById.get(input.followUpId);
    if (!row) return fail('NOT_FOUND', '没有这条整改记录 · No such follow-up');
    if (!NEXT[row.status].includes(input.status)) {
      return fail(
        'INVALID_TRANSITION',
        row.status === 'resolved'
          ? '已办结的整改不能再修改 · A resolved follow-up cannot change'
          : `不能从 ${row.status} 改为 ${input.status}（顺序：open → contacted → resolved）· Not allowed`,
      );
    }
    const assigneeId = input.assigneeId === undefined ? row.assignee_id : input.assigneeId;
    if (assigneeId !== null && assigneeId !== row.assignee_id && !assignable.get(assigneeId)) {
      return fail('BAD_REQUEST', '只能指派给督查或管理员 · Assign to a supervisor or admin');
    }
    const now = clock();
    const note = input.note.trim();
    const change: FollowUpChange = {
      followUpId: row.id,
      ticketId: row.ticket_id,
      caseNumber: row.case_number,
      level: row.level,
      status: input.status,
      previousStatus: row.status,
      assigneeId,
      dueDay: row.due_day,
      dueAt: row.due_at,
      note,
    };
    const outcome = hall.audit('follow-up:changed', actor, change, () => {
      updateItem.run({ id: row.id, status: input.status, assigneeId, now });
      insertNote.run(row.id, now, actor.kind === 'user' ? actor.id : null, input.status, note);
    });
    if (!outcome.ok) return outcome;
    return { ok: true, value: view(itemById.get(row.id)!, now) };
  }

  return {
    openFor,
    update,
    list: (status: FollowUpStatus | null): FollowUpView[] => {
      const now = clock();
      return items.all({ status }).map((row) => view(row, now));
    },
    get: (id: string): FollowUpView | null => {
      const row = itemById.get(id);
      return row ? view(row, clock()) : null;
    },
    /** The unresolved items, for the overdue rule in supervision. */
    unresolved: (): OpenFollowUp[] =>
      unresolved.all().map((r) => ({
        id: r.id,
        ticketNumber: r.number,
        caseNumber: r.case_number,
        status: r.status,
        dueDay: r.due_day,
        dueAt: r.due_at,
        assigneeName: r.assignee_name,
      })),
  };
}

export type FollowUpDesk = ReturnType<typeof createFollowUpDesk>;
