import type { HubDatabase } from '../db/open-database.ts';
import { isoInZone } from '../follow-ups/working-days.ts';
import { type Cell, minutes, tableCsv, tableXlsx } from './report-export.ts';
import type { ReportNames } from './report-figures.ts';
import type { TicketFactRow } from './report-store.ts';

/** The reports' ticket facts, with what a per-ticket list shows besides. */
interface TicketListRow extends Omit<TicketFactRow, 'rated' | 'tags'> {
  business_day: string;
  number: string;
  visitor_name_masked: string | null;
  case_number: string | null;
}

/**
 * The columns of the per-ticket list, Chinese first and English second. Personal data only as the hub keeps
 * it for screens: the visitor's name masked (张*三), never an ID number or phone.
 */
export const TICKET_LIST_HEADINGS = [
  '日期 Day',
  '票号 Ticket',
  '业务 Service',
  '取号业务 Issued for',
  '窗口 Window',
  '人员 Clerk',
  '取号 Issued',
  '首次呼叫 First called',
  '开始办理 Started',
  '结束 Ended',
  '等候(分) Wait (min)',
  '办理(分) Service (min)',
  '状态 Status',
  '转移次数 Transfers',
  '办件编号 Case number',
  '评价 Rating',
  '申请人(脱敏) Visitor (masked)',
] as const;

const STATUS_WORDS: Readonly<Record<string, string>> = {
  waiting: '等候 Waiting',
  called: '已呼叫 Called',
  serving: '办理中 Serving',
  done: '办结 Done',
  'no-show': '过号 No-show',
  cancelled: '取消 Cancelled',
  expired: '过期 Expired',
};

/** A moment as the hall's wall-clock time of day (the row's day is in its own column). */
const timeOfDay = (at: number | null, timeZone: string): string | null =>
  at === null ? null : isoInZone(at, timeZone).slice(11, 19);

const seconds = (from: number | null, to: number | null): number | null =>
  from === null || to === null ? null : Math.round((to - from) / 1000);

/**
 * Every ticket of business days `from`–`to`, one row each, in the day's issue order: where the day's report
 * gives counts, this says which tickets they were, with the 办件编号 the counter or the approval system
 * attached. Read from the tickets table (indexed by business day), so the open day is included as it stands.
 */
export function createTicketList(db: HubDatabase) {
  const between = db.prepare<[string, string], TicketListRow>(`
    SELECT t.business_day, t.number, t.service_id, t.issued_service_id, t.window_id, t.clerk_id, t.status,
           t.issued_at, t.first_called_at, t.started_at, t.ended_at, t.transfer_count, t.visitor_name_masked,
           t.case_number, r.level
    FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id
    WHERE t.business_day BETWEEN ? AND ?
    ORDER BY t.business_day, t.issued_at, t.number`);

  function rows(query: { from: string; to: string; timeZone: string; names: ReportNames }): Cell[][] {
    const { names, timeZone } = query;
    const named = (map: ReadonlyMap<string, string>, id: string | null) =>
      id === null ? null : (map.get(id) ?? id);
    return between
      .all(query.from, query.to)
      .map((t) => [
        t.business_day,
        t.number,
        named(names.services, t.service_id),
        t.issued_service_id === t.service_id ? null : named(names.services, t.issued_service_id),
        named(names.windows, t.window_id),
        named(names.clerks, t.clerk_id),
        timeOfDay(t.issued_at, timeZone),
        timeOfDay(t.first_called_at, timeZone),
        timeOfDay(t.started_at, timeZone),
        timeOfDay(t.ended_at, timeZone),
        minutes(seconds(t.issued_at, t.first_called_at)),
        minutes(seconds(t.started_at, t.ended_at)),
        STATUS_WORDS[t.status] ?? t.status,
        t.transfer_count,
        t.case_number,
        t.level,
        t.visitor_name_masked,
      ]);
  }

  return {
    rows,
    /** The list as a file: CSV (byte-order mark, CRLF) or a one-sheet workbook. */
    async file(query: {
      from: string;
      to: string;
      format: 'csv' | 'xlsx';
      timeZone: string;
      names: ReportNames;
    }): Promise<{ bytes: Buffer; count: number }> {
      const list = rows(query);
      const bytes =
        query.format === 'csv'
          ? tableCsv(TICKET_LIST_HEADINGS, list)
          : await tableXlsx('号票明细', TICKET_LIST_HEADINGS, list);
      return { bytes, count: list.length };
    },
  };
}

export type TicketList = ReturnType<typeof createTicketList>;
