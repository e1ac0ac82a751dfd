import type { Ticket } from '@hallq/core';
import {
  DEFAULT_RATING_RECORD_SETTINGS,
  type ExportedFile,
  RATING_LEVEL_NAMES,
  type RatingChannel,
  type RatingExportQuery,
  type RatingRecord,
  type RatingRecordFields,
} from '@hallq/protocol';
import type { HubDatabase } from './db/open-database.ts';
import { isoInZone, startOfLocalDay } from './follow-ups/working-days.ts';
import type { HallService, Outcome } from './hall-service.ts';
import type { IdentityVault } from './privacy/identity-vault.ts';
import { tableCsv, tableXlsx } from './reports/report-export.ts';
import type { Accounts } from './store/accounts.ts';
import type { Actor } from './store/event-log.ts';

/** The record's columns, Chinese first: the province's field names as the hall knows them. */
export const RATING_RECORD_COLUMNS = [
  ['评价时间 Rated at', 'ratedAt'],
  ['评价渠道 Channel', 'channel'],
  ['办件编号 Case number', 'caseNumber'],
  ['事项实施编码 Item code', 'itemCode'],
  ['事项版本 Item version', 'itemVersion'],
  ['实施部门编码 Department code', 'departmentCode'],
  ['行政区划代码 Region code', 'regionCode'],
  ['被评价人账号 Clerk login', 'clerkUsername'],
  ['被评价人姓名 Clerk name', 'clerkName'],
  ['评价等级 Level', 'level'],
  ['评价等级名称 Level name', 'levelName'],
  ['评价标签 Reasons', 'tags'],
  ['评价内容 Comment', 'comment'],
  ['票号 Ticket', 'ticketNumber'],
  ['窗口 Window', 'windowNumber'],
] as const satisfies readonly (readonly [string, keyof RatingRecord])[];
/** Added only when the province requires the applicant (hall setting `ratingRecords.applicantRequired`). */
export const APPLICANT_COLUMNS = [
  ['申请人姓名 Applicant name', 'applicantName'],
  ['申请人证件号码 Applicant ID number', 'applicantIdNumber'],
] as const satisfies readonly (readonly [string, keyof RatingRecord])[];

interface RecordRow {
  ticket_id: string;
  window_id: string;
  clerk_id: string | null;
  level: number | null;
  tags: string;
  comment: string;
  at: number;
  channel: string;
  case_number: string | null;
  ticket_case_number: string | null;
  item_code: string | null;
  item_version: string | null;
  department_code: string | null;
  region_code: string | null;
  clerk_username: string | null;
  clerk_name: string | null;
  applicant_iv: Buffer | null;
  applicant_ciphertext: Buffer | null;
  applicant_tag: Buffer | null;
  number: string;
  issued_service_id: string;
}

const SELECT_RECORD = `
  SELECT r.*, t.case_number AS ticket_case_number, t.number, t.issued_service_id
  FROM ratings r JOIN tickets t ON t.id = r.ticket_id`;

/**
 * 好差评 records: each rating with what the province's platform asks for. The 事项, department, region and clerk
 * fields are copied into the rating's row when the visitor rates, so a record (and every retry of its webhook)
 * says what was true then. The applicant's identity is copied sealed, and only when the hall says the province
 * requires it.
 */
export function createRatingRecords(deps: {
  db: HubDatabase;
  hall: HallService;
  accounts: Accounts;
  vault: IdentityVault;
}) {
  const { db, hall, accounts, vault } = deps;
  const identityOf = db.prepare<[string], { iv: Buffer; ciphertext: Buffer; tag: Buffer }>(
    'SELECT iv, ciphertext, tag FROM identities WHERE ticket_id = ?',
  );
  const fillRecord = db.prepare(
    `UPDATE ratings SET channel = @channel, case_number = @caseNumber, item_code = @itemCode,
       item_version = @itemVersion, department_code = @departmentCode, region_code = @regionCode,
       clerk_username = @clerkUsername, clerk_name = @clerkName, applicant_iv = @iv,
       applicant_ciphertext = @ciphertext, applicant_tag = @tag
     WHERE ticket_id = @ticketId`,
  );
  const recordByTicket = db.prepare<[string], RecordRow>(`${SELECT_RECORD} WHERE r.ticket_id = ?`);
  const recordsBetween = db.prepare<[number, number], RecordRow>(
    `${SELECT_RECORD} WHERE r.at >= ? AND r.at < ? AND r.level IS NOT NULL ORDER BY r.at, r.ticket_id`,
  );

  const settings = () => hall.hall().ratingRecords ?? DEFAULT_RATING_RECORD_SETTINGS;

  /** Copies the record's fields into the rating row just inserted; runs in the rating's transaction. */
  function fill(ticket: Ticket, channel: RatingChannel): void {
    const config = hall.hall();
    const service = config.services.find((s) => s.id === ticket.issuedServiceId);
    const clerk = ticket.clerkId ? accounts.user(ticket.clerkId) : null;
    const sealed = settings().applicantRequired ? identityOf.get(ticket.id) : undefined;
    fillRecord.run({
      ticketId: ticket.id,
      channel,
      caseNumber: hall.caseNumberOf(ticket.id),
      itemCode: service?.itemCode ?? null,
      itemVersion: service?.itemVersion ?? null,
      departmentCode: service?.departmentCode ?? null,
      regionCode: config.regionCode ?? null,
      clerkUsername: clerk?.username ?? null,
      clerkName: clerk?.displayName ?? null,
      iv: sealed?.iv ?? null,
      ciphertext: sealed?.ciphertext ?? null,
      tag: sealed?.tag ?? null,
    });
  }

  /** The record fields of a row; the case number as the ticket has it now when `liveCase` (exports). */
  function fieldsOf(row: RecordRow, liveCase: boolean): RatingRecordFields {
    const fields: RatingRecordFields = {
      channel: row.channel as RatingChannel,
      ticketNumber: row.number,
      serviceId: row.issued_service_id,
      caseNumber: (liveCase ? row.ticket_case_number : null) ?? row.case_number,
      itemCode: row.item_code,
      itemVersion: row.item_version,
      departmentCode: row.department_code,
      regionCode: row.region_code,
      clerkUsername: row.clerk_username,
      clerkName: row.clerk_name,
      levelName: row.level === null ? null : (RATING_LEVEL_NAMES[row.level]?.zh ?? null),
    };
    if (settings().applicantRequired && row.applicant_iv && row.applicant_ciphertext && row.applicant_tag) {
      const identity = vault.open({
        iv: row.applicant_iv,
        ciphertext: row.applicant_ciphertext,
        tag: row.applicant_tag,
      });
      return { ...fields, applicantName: identity.name, applicantIdNumber: identity.idNumber };
    }
    return fields;
  }

  function toRecord(row: RecordRow): RatingRecord {
    const windowNumber = hall.hall().windows.find((w) => w.id === row.window_id)?.number ?? null;
    return {
      ...fieldsOf(row, true),
      ticketId: row.ticket_id,
      windowId: row.window_id,
      windowNumber,
      level: row.level ?? 0,
      tags: JSON.parse(row.tags) as string[],
      comment: row.comment,
      ratedAt: isoInZone(row.at, hall.hall().rules.timeZone),
    };
  }

  /** The ratings given in a range of the hall's days (from and to included); "not rated" rows are not records. */
  function between(from: string, to: string): RatingRecord[] {
    const timeZone = hall.hall().rules.timeZone;
    const nextDay = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return recordsBetween
      .all(startOfLocalDay(from, timeZone), startOfLocalDay(nextDay, timeZone))
      .map(toRecord);
  }

  /** The records of a date range as CSV, XLSX or JSON; the export itself is audited. */
  async function exportRecords(query: RatingExportQuery, actor: Actor): Promise<Outcome<ExportedFile>> {
    const records = between(query.from, query.to);
    const columns = settings().applicantRequired
      ? [...RATING_RECORD_COLUMNS, ...APPLICANT_COLUMNS]
      : RATING_RECORD_COLUMNS;
    const headings = columns.map(([heading]) => heading);
    const rows = records.map((record) =>
      columns.map(([, key]) => {
        const value = record[key];
        return Array.isArray(value) ? value.join('|') : (value ?? null);
      }),
    );
    const bytes =
      query.format === 'csv'
        ? tableCsv(headings, rows)
        : query.format === 'xlsx'
          ? await tableXlsx('好差评', headings, rows)
          : Buffer.from(`${JSON.stringify({ from: query.from, to: query.to, records }, null, 2)}\n`, 'utf8');
    const audit = hall.audit('rating:export', actor, {
      from: query.from,
      to: query.to,
      format: query.format,
      count: records.length,
    });
    if (!audit.ok) return audit;
    return {
      ok: true,
      value: {
        fileName: `hallq-ratings-${query.from}_${query.to}.${query.format}`,
        mimeType:
          query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : query.format === 'json'
              ? 'application/json'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: bytes.toString('base64'),
      },
    };
  }

  const purge = db.prepare(
    `UPDATE ratings SET applicant_iv = NULL, applicant_ciphertext = NULL, applicant_tag = NULL
     WHERE at < ? AND applicant_ciphertext IS NOT NULL`,
  );

  return {
    fill,
    /** Drops the applicant's sealed identity from ratings older than the identity retention, as from tickets. */
    purgeApplicants: (olderThan: number): number => purge.run(olderThan).changes,
    /** The record fields of one rating as written then (the webhook's; the same on every retry). */
    fieldsOf(ticketId: string): RatingRecordFields | null {
      const row = recordByTicket.get(ticketId);
      return row ? fieldsOf(row, false) : null;
    },
    between,
    exportRecords,
  };
}

export type RatingRecords = ReturnType<typeof createRatingRecords>;
