import type {
  AuditEntryView,
  AuditQuery,
  ErrorBody,
  ExportedFile,
  NoticeInput,
  Report,
  ReportExportQuery,
  ReportQuery,
  Scorecard,
  ScorecardQuery,
  TicketListExportQuery,
} from '@hallq/protocol';
import type { ApiClientAdmin } from '../api/api-client-admin.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import type { HubDatabase } from '../db/open-database.ts';
import type { HallService } from '../hall-service.ts';
import type { WebhookAdmin } from '../outbox/webhook-admin.ts';
import { createPlanner } from '../planner/planner.ts';
import { reportCsv, reportXlsx } from '../reports/report-export.ts';
import type { ReportNames } from '../reports/report-figures.ts';
import { createReportStore, type ReportStore } from '../reports/report-store.ts';
import { scorecardXlsx } from '../reports/scorecard-export.ts';
import { createScorecardStore } from '../reports/scorecard-store.ts';
import { createTicketList } from '../reports/ticket-list-export.ts';
import type { StorageDesk } from '../storage-desk.ts';
import type { Accounts } from '../store/accounts.ts';
import { type Actor, type ChainVerdict, verifyEventChain } from '../store/event-log.ts';
import type { SupervisionDesk } from '../supervision/supervision-desk.ts';
import { type AuditNames, auditWords } from './audit-wording.ts';

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

/** The longest range a report covers: a year and a little. */
export const MAX_REPORT_DAYS = 400;
const SUMMARY_CHARS = 300;

interface AuditRow {
  id: number;
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  device_id: string | null;
  payload: string;
  actor_name: string | null;
  device_name: string | null;
}

/** A stored payload read back; one that is not JSON (it always is) is described by its type alone. */
function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

/**
 * What the admin console and the supervision office do besides the queue: reports and their export, the audit
 * trail, notices, and clerk accounts. Every change goes through the hall's audit (or its hall stream).
 */
export function createAdminServices(deps: {
  db: HubDatabase;
  hall: HallService;
  accounts: Accounts;
  supervision: SupervisionDesk;
  /** Clients of the open API (/api/v1). */
  apiClients: ApiClientAdmin;
  /** Backups and lost commits (issue 18). */
  storage: StorageDesk;
  /** Every webhook subscription and outbox consumer, for the integrations page (issue 13). */
  webhooks: WebhookAdmin;
  clock: () => number;
  /** Ends every open connection of a person (their account was disabled). */
  disconnectUser: (userId: string, reason: string) => void;
}) {
  const { db, hall, accounts, clock } = deps;
  const reports: ReportStore = createReportStore(db);

  function names(): ReportNames {
    const config = hall.hall();
    return {
      services: new Map(config.services.map((s) => [s.id, `${s.name.zh} ${s.name.en}`])),
      windows: new Map(config.windows.map((w) => [w.id, `${w.number}号窗口 ${w.name.en}`])),
      clerks: new Map(accounts.users().map((u) => [u.id, `${u.displayName}（${u.staffNumber}）`])),
    };
  }

  function report(query: ReportQuery): Result<Report> {
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    if (days > MAX_REPORT_DAYS) {
      return {
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: `报表最长 ${MAX_REPORT_DAYS} 天 · At most ${MAX_REPORT_DAYS} days`,
        },
      };
    }
    return {
      ok: true,
      value: reports.report({
        ...query,
        timeZone: hall.hall().rules.timeZone,
        openDay: hall.state().businessDay,
        names: names(),
      }),
    };
  }

  async function exportReport(query: ReportExportQuery, actor: Actor): Promise<Result<ExportedFile>> {
    const result = report({ from: query.from, to: query.to });
    if (!result.ok) return result;
    const bytes = query.format === 'csv' ? reportCsv(result.value) : await reportXlsx(result.value);
    hall.audit('report:export', actor, { from: query.from, to: query.to, format: query.format });
    return {
      ok: true,
      value: {
        fileName: `hallq-report-${query.from}_${query.to}.${query.format}`,
        mimeType:
          query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: bytes.toString('base64'),
      },
    };
  }

  const scorecards = createScorecardStore({
    db,
    report: (from, to) =>
      reports.report({
        from,
        to,
        timeZone: hall.hall().rules.timeZone,
        openDay: hall.state().businessDay,
        names: names(),
      }),
    names,
    timeZone: () => hall.hall().rules.timeZone,
    padWindow: (padId) => accounts.device(padId)?.windowId ?? null,
    clock,
  });

  const ticketList = createTicketList(db);
  /** The tickets of a date range one row each, with their case numbers; audited with the row count. */
  async function exportTicketList(query: TicketListExportQuery, actor: Actor): Promise<Result<ExportedFile>> {
    const { bytes, count } = await ticketList.file({
      ...query,
      timeZone: hall.hall().rules.timeZone,
      names: names(),
    });
    const audit = hall.audit('report:tickets-export', actor, { ...query, count });
    if (!audit.ok) return audit;
    return {
      ok: true,
      value: {
        fileName: `hallq-tickets-${query.from}_${query.to}.${query.format}`,
        mimeType:
          query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: bytes.toString('base64'),
      },
    };
  }

  /** The monthly scorecard (月度考评) per clerk and per window. */
  function scorecard(query: ScorecardQuery): Scorecard {
    return scorecards.scorecard(query.month);
  }

  async function exportScorecard(query: ScorecardQuery, actor: Actor): Promise<Result<ExportedFile>> {
    const bytes = await scorecardXlsx(scorecard(query));
    hall.audit('scorecard:export', actor, { month: query.month, format: 'xlsx' });
    return {
      ok: true,
      value: {
        fileName: `hallq-scorecard-${query.month}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: bytes.toString('base64'),
      },
    };
  }

  function auditNames(): AuditNames {
    const config = hall.hall();
    const windows = new Map(config.windows.map((w) => [w.id, w.number]));
    const services = new Map(config.services.map((s) => [s.id, s.name]));
    const devices = new Map(accounts.devices().map((d) => [d.id, d.name]));
    const ticket = db.prepare<[string], { number: string }>('SELECT number FROM tickets WHERE id = ?');
    return {
      windowNumber: (id) => windows.get(id) ?? null,
      serviceName: (id) => services.get(id) ?? null,
      ticketNumber: (id) => ticket.get(id)?.number ?? null,
      deviceName: (id) => devices.get(id) ?? null,
    };
  }

  function auditQuery(query: AuditQuery): AuditEntryView[] {
    const type = query.type?.trim() || null;
    const rows = db
      .prepare<unknown[], AuditRow>(
        `SELECT e.id, e.at, e.type, e.actor_kind, e.actor_id, e.device_id, e.payload,
                COALESCE(u.display_name, d2.name, ac.name) AS actor_name, d.name AS device_name
         FROM events e
         LEFT JOIN users u ON e.actor_kind = 'user' AND u.id = e.actor_id
         LEFT JOIN devices d2 ON e.actor_kind = 'device' AND d2.id = e.actor_id
         LEFT JOIN api_clients ac ON e.actor_kind = 'api-client' AND ac.id = e.actor_id
         LEFT JOIN devices d ON d.id = e.device_id
         WHERE (@type IS NULL OR e.type = @type OR e.type LIKE @prefix ESCAPE '\\')
           AND (@actorId IS NULL OR e.actor_id = @actorId)
           AND (@fromAt IS NULL OR e.at >= @fromAt)
           AND (@toAt IS NULL OR e.at <= @toAt)
           AND (@beforeId IS NULL OR e.id < @beforeId)
           AND (@ids IS NULL OR e.id IN (SELECT value FROM json_each(@ids)))
         ORDER BY e.id DESC LIMIT @limit`,
      )
      .all({
        type,
        prefix: type === null ? null : `${type.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        actorId: query.actorId,
        fromAt: query.fromAt,
        toAt: query.toAt,
        beforeId: query.beforeId,
        limit: query.limit,
        ids: query.ids ? JSON.stringify(query.ids) : null,
      });
    const words = auditNames();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      type: r.type,
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorName: r.actor_name,
      deviceId: r.device_id,
      deviceName: r.device_name,
      words: auditWords(r.type, parsePayload(r.payload), words),
      summary: r.payload.length > SUMMARY_CHARS ? `${r.payload.slice(0, SUMMARY_CHARS)}…` : r.payload,
    }));
  }

  return {
    /** 排班建议 (the staffing planner). */
    planner: createPlanner(db, () => hall.hall()),
    supervision: deps.supervision,
    apiClients: deps.apiClients,
    webhooks: deps.webhooks,
    reports,
    report,
    exportReport,
    exportTicketList,
    scorecard,
    exportScorecard,
    auditQuery,
    verifyAudit: (): ChainVerdict => verifyEventChain(db),
    storage: deps.storage,
    /** Replaces the lobby's notices; the lobby gets them at once on the hall stream. */
    setNotices(notices: readonly NoticeInput[], actor: Actor): Result<NoticeInput[]> {
      const ids = new Set(notices.map((n) => n.id));
      if (ids.size !== notices.length) {
        return { ok: false, error: { code: 'INVALID_CONFIG', message: '公告编号重复 · Notice ids repeat' } };
      }
      const list = notices.map((n) => ({ ...n }));
      const outcome = hall.record({ type: 'notices:changed', notices: list }, actor, () => {
        db.prepare('DELETE FROM notices').run();
        const insert = db.prepare(
          'INSERT INTO notices (id, title, body, scrolling, enabled, position) VALUES (?, ?, ?, ?, ?, ?)',
        );
        list.forEach((n, i) => {
          insert.run(n.id, n.title, n.body, n.scrolling ? 1 : 0, n.enabled ? 1 : 0, i);
        });
      });
      return outcome.ok ? { ok: true, value: list } : outcome;
    },
    async resetPassword(userId: string, password: string, actor: Actor): Promise<Result<null>> {
      const user = accounts.user(userId);
      if (!user)
        return { ok: false, error: { code: 'NOT_FOUND', message: '没有这个账号 · No such account' } };
      const problem = passwordProblem(password, [user.username, user.displayName, user.staffNumber]);
      if (problem) return { ok: false, error: { code: 'WEAK_PASSWORD', message: problem } };
      const { hash, salt, cost } = await accounts.hashForStorage(password);
      const outcome = hall.audit('clerk:reset-password', actor, { userId, username: user.username }, () => {
        // The admin chose this password, so it is one-time: the person sets their own at the next login.
        db.prepare(
          'UPDATE users SET password_hash = ?, password_salt = ?, password_cost = ?, must_change_password = 1 WHERE id = ?',
        ).run(hash, salt, cost, userId);
        // A new password ends the sessions opened with the old one.
        db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(
          clock(),
          userId,
        );
      });
      if (!outcome.ok) return outcome;
      deps.disconnectUser(userId, '密码已重置，请重新登录 · Your password was reset; sign in again');
      return { ok: true, value: null };
    },
    setDisabled(userId: string, disabled: boolean, actor: Actor): Result<null> {
      const user = accounts.user(userId);
      if (!user)
        return { ok: false, error: { code: 'NOT_FOUND', message: '没有这个账号 · No such account' } };
      if (disabled && actor.id === userId) {
        return {
          ok: false,
          error: { code: 'CONFLICT', message: '不能停用自己的账号 · You cannot disable yourself' },
        };
      }
      const outcome = hall.audit(
        disabled ? 'clerk:disable' : 'clerk:enable',
        actor,
        { userId, username: user.username },
        () => {
          db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, userId);
          if (disabled) {
            db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(
              clock(),
              userId,
            );
          }
        },
      );
      if (!outcome.ok) return outcome;
      if (disabled) deps.disconnectUser(userId, '账号已停用 · This account was disabled');
      return { ok: true, value: null };
    },
  };
}

export type AdminServices = ReturnType<typeof createAdminServices>;
