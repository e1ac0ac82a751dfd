import { z } from 'zod';

const Id = z.string().min(1).max(80);
const Epoch = z.number().int();
const Day = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

/**
 * A 办件编号 (case number) from the approval (审批) system: typed at the window or scanned from the case's
 * barcode. Letters, digits and hyphens only, so a scanner's stray control key or a pasted space is refused.
 */
export const CaseNumber = z
  .string()
  .max(64)
  .regex(
    /^[A-Za-z0-9-]{1,64}$/,
    '办件编号：字母、数字、连字符，最多 64 位 · case number: letters, digits, hyphens, up to 64',
  );
export type CaseNumber = z.infer<typeof CaseNumber>;

/** How the visitor rated: the window's evaluation pad, a QR code on the ticket, or an SMS reply. */
export const RatingChannel = z.enum(['pad', 'qr', 'sms']);
export type RatingChannel = z.infer<typeof RatingChannel>;

/** The five levels, as the province names them; the hub stores 5 (非常满意) … 1 (非常不满意). */
export const RATING_LEVEL_NAMES: Readonly<Record<number, { zh: string; en: string }>> = {
  5: { zh: '非常满意', en: 'very satisfied' },
  4: { zh: '满意', en: 'satisfied' },
  3: { zh: '基本满意', en: 'fairly satisfied' },
  2: { zh: '不满意', en: 'dissatisfied' },
  1: { zh: '非常不满意', en: 'very dissatisfied' },
};
/** Levels that are 差评 and open a follow-up (整改). */
export const isBadRating = (level: number | null): boolean => level !== null && level <= 2;

/**
 * The fields of one rating in the provincial 好差评 platform's layout, as far as the hall knows them. The 事项,
 * department, region and clerk fields are what they were when the visitor rated. The applicant's name and ID
 * number are present only when the hall's configuration says the province requires them.
 */
export const RatingRecordFields = z.object({
  channel: RatingChannel,
  ticketNumber: z.string(),
  serviceId: z.string(),
  caseNumber: CaseNumber.nullable(),
  itemCode: z.string().nullable(),
  itemVersion: z.string().nullable(),
  departmentCode: z.string().nullable(),
  regionCode: z.string().nullable(),
  clerkUsername: z.string().nullable(),
  clerkName: z.string().nullable(),
  /** 非常满意 … 非常不满意; null when the visitor did not rate. */
  levelName: z.string().nullable(),
  applicantName: z.string().optional(),
  applicantIdNumber: z.string().optional(),
});
export type RatingRecordFields = z.infer<typeof RatingRecordFields>;

/** One exported rating record. `ratedAt` is ISO 8601 with the hall's UTC offset. */
export const RatingRecord = RatingRecordFields.extend({
  ticketId: z.string(),
  windowId: z.string(),
  windowNumber: z.number().int().nullable(),
  level: z.number().int().min(1).max(5),
  tags: z.array(z.string()),
  comment: z.string(),
  ratedAt: z.string(),
});
export type RatingRecord = z.infer<typeof RatingRecord>;

export const RatingExportQuery = z
  .object({ from: Day, to: Day, format: z.enum(['csv', 'xlsx', 'json']) })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range must end on or after its first day' })
  // One export is at most a year of records (the province asks by month or quarter).
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: '一次最多导出一年 · at most one year per export',
  });
export type RatingExportQuery = z.infer<typeof RatingExportQuery>;

/** A 差评 follow-up (整改): open → contacted → resolved, each step with a note. */
export const FollowUpStatus = z.enum(['open', 'contacted', 'resolved']);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;

export const FollowUpNote = z.object({
  at: Epoch,
  byUserId: z.string().nullable(),
  byName: z.string().nullable(),
  status: FollowUpStatus,
  text: z.string(),
});
export type FollowUpNote = z.infer<typeof FollowUpNote>;

export const FollowUpView = z.object({
  id: Id,
  ticketId: z.string(),
  ticketNumber: z.string(),
  caseNumber: z.string().nullable(),
  level: z.number().int().min(1).max(2),
  tags: z.array(z.string()),
  comment: z.string(),
  windowId: z.string(),
  clerkName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  status: FollowUpStatus,
  openedAt: Epoch,
  /** The last working day to resolve it (the hall's calendar), and the end of that day. */
  dueDay: Day,
  dueAt: Epoch,
  overdue: z.boolean(),
  resolvedAt: Epoch.nullable(),
  notes: z.array(FollowUpNote),
});
export type FollowUpView = z.infer<typeof FollowUpView>;

export const FollowUpUpdate = z
  .object({
    followUpId: Id,
    status: FollowUpStatus,
    note: z.string().trim().min(1, '请写明处理情况 · a note is required').max(500),
    /** Hand the item to another supervisor; omitted keeps the assignee. */
    assigneeId: Id.nullable().optional(),
  })
  .strict();
export type FollowUpUpdate = z.infer<typeof FollowUpUpdate>;
