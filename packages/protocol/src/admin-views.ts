import { z } from 'zod';
import { DeviceKind } from './auth.ts';
import { PauseReason } from './entities.ts';
import { BehaviourRuleName, LocalizedText } from './hall-schema.ts';
import { Day, Epoch, Id } from './wire-values.ts';

/**
 * What the admin console and the supervision office (效能监察) see: the live supervision view, its alerts, the
 * reports and the audit trail. Figures are computed at the hub; these are their wire shapes.
 */

export const AlertRule = z.enum([
  'wait-over-sla',
  'service-over-limit',
  'window-paused-too-long',
  'window-idle-with-waiting',
  'device-offline',
  'device-fault',
  'follow-up-overdue',
  // a webhook subscription whose receiver failed for the whole failing window (issue 13)
  'webhook-failing',
  // storage (issue 18): no verified backup of today, backups on the database's own disk, acknowledged commits lost
  'backup-missing',
  'backup-same-disk',
  'commits-lost',
  // behaviour monitoring (issue 17): 跳号, 离岗, 异常办理, 评价异常, after hours
  ...BehaviourRuleName.options,
]);
export type AlertRule = z.infer<typeof AlertRule>;

/** How many of an alert's audit entries its view carries (the console opens them in one audit query). */
export const MAX_ALERT_ENTRIES = 200;

export const AlertView = z.object({
  id: Id,
  rule: AlertRule,
  severity: z.enum(['warning', 'critical']),
  /** What it is about: `service:<id>`, `window:<id>`, `device:<id>`. */
  subject: z.string(),
  message: LocalizedText,
  raisedAt: Epoch,
  clearedAt: Epoch.nullable(),
  acknowledgedAt: Epoch.nullable(),
  acknowledgedBy: z.string().nullable(),
  /**
   * The audit log entries (their ids, as the audit trail numbers them) that caused the alert, in log order: the
   * first `MAX_ALERT_ENTRIES` of them; `entryCount` says how many there are in all. Empty for an alert about a
   * state (a wait over its limit) rather than about acts.
   */
  entryIds: z.array(z.number().int().positive()).max(MAX_ALERT_ENTRIES),
  entryCount: z.number().int().nonnegative(),
});
export type AlertView = z.infer<typeof AlertView>;

/** Supervision thresholds that are not part of a service's own SLA (those live in the hall configuration). */
export const SupervisionSettings = z
  .object({
    /** A window with a clerk, no ticket and people waiting for its services for this long raises an alert. */
    idleWithWaitingMinutes: z.number().min(1).max(240),
    /** A registered device not connected for this long is down. */
    deviceOfflineSeconds: z.number().int().min(10).max(3600),
  })
  .strict();
export type SupervisionSettings = z.infer<typeof SupervisionSettings>;

export const SupervisedDevice = z.object({
  id: Id,
  kind: DeviceKind,
  name: z.string(),
  windowId: Id.nullable(),
  zone: z.string().nullable(),
  online: z.boolean(),
  lastSeenAt: Epoch.nullable(),
  revokedAt: Epoch.nullable(),
  components: z.array(
    z.object({
      component: z.string(),
      state: z.enum(['ok', 'warning', 'error', 'disconnected']),
      code: z.string().nullable(),
      message: z.string(),
    }),
  ),
});
export type SupervisedDevice = z.infer<typeof SupervisedDevice>;

export const SupervisionView = z.object({
  at: Epoch,
  businessDay: z.string(),
  timeZone: z.string(),
  services: z.array(
    z.object({
      serviceId: Id,
      name: LocalizedText,
      waiting: z.number().int().nonnegative(),
      longestWaitMs: z.number().nonnegative().nullable(),
      slaWaitMinutes: z.number(),
    }),
  ),
  windows: z.array(
    z.object({
      windowId: Id,
      number: z.number().int(),
      name: LocalizedText,
      zone: z.string(),
      status: z.enum(['serving', 'called', 'idle', 'paused', 'offline', 'closed']),
      ticketNumber: z.string().nullable(),
      clerkId: Id.nullable(),
      clerkName: z.string().nullable(),
      since: Epoch,
      pauseReason: PauseReason.nullable(),
      pauseNote: z.string().nullable(),
    }),
  ),
  clerks: z.array(
    z.object({ id: Id, displayName: z.string(), staffNumber: z.string(), windowId: Id.nullable() }),
  ),
  devices: z.array(SupervisedDevice),
  /** Open alerts, newest first, then the ones closed in the last hour. */
  alerts: z.array(AlertView),
  settings: SupervisionSettings,
});
export type SupervisionView = z.infer<typeof SupervisionView>;

export const ReportQuery = z
  .object({ from: Day, to: Day })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range must end on or after its first day' });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportExportQuery = z
  .object({ from: Day, to: Day, format: z.enum(['csv', 'xlsx']) })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range must end on or after its first day' });
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;

/** The most days one ticket-list export covers: a month of a busy hall is some 300,000 rows. */
export const MAX_TICKET_LIST_DAYS = 31;

/**
 * The tickets of business days from–to, one row each (number, service, window, clerk, times, status, the
 * 办件编号 case number), as CSV or XLSX. At most MAX_TICKET_LIST_DAYS days.
 */
export const TicketListExportQuery = z
  .object({ from: Day, to: Day, format: z.enum(['csv', 'xlsx']) })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range must end on or after its first day' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < MAX_TICKET_LIST_DAYS * 86_400_000, {
    message: `一次最多导出 ${MAX_TICKET_LIST_DAYS} 天的明细 · at most ${MAX_TICKET_LIST_DAYS} days of tickets per export`,
  });
export type TicketListExportQuery = z.infer<typeof TicketListExportQuery>;

/** Wait or service-time figures in whole seconds; null when there was nothing to measure. */
export const DurationFigures = z.object({
  count: z.number().int().nonnegative(),
  averageSeconds: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
export type DurationFigures = z.infer<typeof DurationFigures>;

export const RatingFigures = z.object({
  /** Index 0 is "not rated" (the pad timed out), 1–5 the levels 非常不满意 … 非常满意. */
  levels: z.array(z.number().int().nonnegative()).length(6),
  rated: z.number().int().nonnegative(),
  /** 差评: levels 1 and 2. */
  bad: z.number().int().nonnegative(),
  badShare: z.number().nullable(),
  badReasons: z.record(z.string(), z.number().int().nonnegative()),
});
export type RatingFigures = z.infer<typeof RatingFigures>;

export const ReportRow = z.object({
  key: z.string(),
  label: z.string(),
  issued: z.number().int().nonnegative(),
  served: z.number().int().nonnegative(),
  noShow: z.number().int().nonnegative(),
  transferred: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  expired: z.number().int().nonnegative(),
  wait: DurationFigures,
  service: DurationFigures,
  ratings: RatingFigures,
});
export type ReportRow = z.infer<typeof ReportRow>;

export const Report = z.object({
  from: Day,
  to: Day,
  timeZone: z.string(),
  total: ReportRow,
  byService: z.array(ReportRow),
  byWindow: z.array(ReportRow),
  byClerk: z.array(ReportRow),
  /** Tickets issued per local hour of the day (0–23), over the range. */
  issuedByHour: z.array(z.number().int().nonnegative()).length(24),
  /** Per day of the range: issued and served, for the trend chart. */
  byDay: z.array(z.object({ day: Day, issued: z.number().int(), served: z.number().int() })),
});
export type Report = z.infer<typeof Report>;

/** A month of business days, YYYY-MM. */
const Month = z
  .string()
  .max(7)
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

export const ScorecardQuery = z.object({ month: Month }).strict();
export type ScorecardQuery = z.infer<typeof ScorecardQuery>;

/**
 * One clerk's or one window's month (月度考评): what they served and how fast, how visitors rated them, the
 * alerts about them by kind (behaviour alerts included; a pad's alerts count for its window), and their pauses by
 * reason with the minutes paused.
 */
export const ScorecardRow = z.object({
  key: z.string(),
  label: z.string(),
  served: z.number().int().nonnegative(),
  medianServiceSeconds: z.number().nullable(),
  ratings: RatingFigures,
  /** Mean of the levels given (1–5), "not rated" left out; null without a rating. */
  meanRating: z.number().nullable(),
  alerts: z.array(z.object({ rule: AlertRule, count: z.number().int().positive() })),
  alertTotal: z.number().int().nonnegative(),
  pauses: z.array(
    z.object({
      reason: PauseReason,
      count: z.number().int().positive(),
      minutes: z.number().nonnegative(),
    }),
  ),
});
export type ScorecardRow = z.infer<typeof ScorecardRow>;

export const Scorecard = z.object({
  month: z.string(),
  from: Day,
  to: Day,
  timeZone: z.string(),
  byClerk: z.array(ScorecardRow),
  byWindow: z.array(ScorecardRow),
});
export type Scorecard = z.infer<typeof Scorecard>;

export const AuditEntryView = z.object({
  id: z.number().int(),
  at: Epoch,
  type: z.string(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  deviceId: z.string().nullable(),
  deviceName: z.string().nullable(),
  /** What was done, in words: which ticket, window, account or device (the actor is beside it). */
  words: LocalizedText,
  /** The recorded payload as JSON, cut to a readable length. */
  summary: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditQuery = z
  .object({
    /** Matches the entry type exactly or as a prefix (`ticket:` for every ticket event). */
    type: z.string().max(60).nullable(),
    actorId: Id.nullable(),
    fromAt: Epoch.nullable(),
    toAt: Epoch.nullable(),
    /** Paging: only entries with a smaller id (newest first). */
    beforeId: z.number().int().positive().nullable(),
    limit: z.number().int().min(1).max(500),
    /** Only these entries (an alert's audit links); absent: any. */
    ids: z.array(z.number().int().positive()).max(200).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const ChainVerdictView = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ id: z.number().int(), reason: z.string() }).nullable(),
});
export type ChainVerdictView = z.infer<typeof ChainVerdictView>;

/** A range of positions, first to last inclusive. */
const Range = z.object({ from: z.number().int(), to: z.number().int() });

/**
 * Commits the storage acknowledged and then lost (the database found behind its out-of-band high-water mark at
 * start): what is gone, by position in the log and in the hall stream, until an admin accepts it.
 */
export const LostCommitsView = z.object({
  detectedAt: Epoch,
  eventIds: Range,
  hallSeqs: Range.nullable(),
  /** The business day and per-service last numbers numbering continues past. */
  businessDay: Day,
  lastSequence: z.record(z.string(), z.number().int()),
  reason: z.string(),
});
export type LostCommitsView = z.infer<typeof LostCommitsView>;

/** The backups and the integrity of the database, for the admin console. */
export const StorageStatusView = z.object({
  backup: z
    .object({
      folder: z.string(),
      /** The newest backup that passes verification. */
      lastGood: z
        .object({ businessDay: Day, file: z.string(), bytes: z.number().int(), writtenAt: Epoch })
        .nullable(),
      todayGood: z.boolean(),
      sameDisk: z.boolean(),
      running: z.boolean(),
      lastError: z.string().nullable(),
    })
    .nullable(),
  lostCommits: LostCommitsView.nullable(),
});
export type StorageStatusView = z.infer<typeof StorageStatusView>;

export const NoticeInput = z
  .object({
    id: Id,
    title: z.string().min(1).max(100),
    body: z.string().max(2000),
    scrolling: z.boolean(),
    enabled: z.boolean(),
  })
  .strict();
export type NoticeInput = z.infer<typeof NoticeInput>;

export const ExportedFile = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() });
export type ExportedFile = z.infer<typeof ExportedFile>;
