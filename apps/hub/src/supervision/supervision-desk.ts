import { randomUUID } from 'node:crypto';
import {
  type AlertView,
  type ErrorBody,
  MAX_ALERT_ENTRIES,
  type SupervisedDevice,
  SupervisionSettings,
  type SupervisionView,
} from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import type { HallService } from '../hall-service.ts';
import type { Accounts } from '../store/accounts.ts';
import { type Actor, SYSTEM_ACTOR } from '../store/event-log.ts';
import { type AlertCondition, DEFAULT_SUPERVISION_SETTINGS, evaluateAlerts } from './alert-rules.ts';
import { type StorageHealth, storageAlerts } from './storage-alerts.ts';
import { type PersonName, supervisionView } from './supervision-view.ts';

interface AlertRow {
  id: string;
  key: string;
  rule: AlertView['rule'];
  severity: AlertView['severity'];
  subject: string;
  message_zh: string;
  message_en: string;
  raised_at: number;
  cleared_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  /** JSON array of event ids. */
  entry_ids: string;
}

const SETTINGS_KEY = 'supervision_settings';
/** Closed alerts stay on the supervision screen this long. */
const RECENTLY_CLOSED_MS = 3_600_000;

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

/**
 * Runs the supervision rules against the live hall and keeps the alerts table in step: a new condition raises
 * an alert (audited), a condition that ended clears it. Acknowledgement records who and when, in the audit
 * trail too. Evaluation is cheap and idempotent, so the hub runs it on every tick and after every change.
 */
export function createSupervisionDesk(deps: {
  db: HubDatabase;
  hall: HallService;
  accounts: Accounts;
  clock: () => number;
  isOnline: (deviceId: string) => boolean;
  push: (view: SupervisionView) => void;
  /** Conditions from rules over other records (overdue 差评 follow-ups), evaluated with the rest. */
  moreConditions?: (now: number) => AlertCondition[];
  /** The backups and the database's integrity, for the storage rules. */
  storage?: () => StorageHealth;
}) {
  const { db, hall, accounts, clock } = deps;
  const openAlerts = db.prepare<[], AlertRow>('SELECT * FROM alerts WHERE cleared_at IS NULL');
  const shownAlerts = db.prepare<[number], AlertRow>(
    `SELECT * FROM alerts WHERE cleared_at IS NULL OR cleared_at >= ?
     ORDER BY cleared_at IS NOT NULL, raised_at DESC LIMIT 200`,
  );
  const insertAlert = db.prepare(
    `INSERT INTO alerts (id, key, rule, severity, subject, message_zh, message_en, raised_at, entry_ids)
     VALUES (@id, @key, @rule, @severity, @subject, @zh, @en, @raisedAt, @entryIds)`,
  );
  const setEntries = db.prepare('UPDATE alerts SET entry_ids = ? WHERE id = ?');
  const clearAlert = db.prepare('UPDATE alerts SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL');
  const alertById = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const acknowledgeAlert = db.prepare(
    'UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL',
  );

  /** The latest message of each open condition: minutes move on without a write per second. */
  let current = new Map<string, AlertCondition>();
  /** What each open alert's stored entry list holds (count and last id), read from its row once. */
  const signatures = new Map<string, string>();
  const entriesSignature = (ids: readonly number[]) => `${ids.length}:${ids.at(-1) ?? ''}`;
  const storedSignature = (row: AlertRow) => {
    let signature = signatures.get(row.id);
    if (signature === undefined) {
      signature = entriesSignature(JSON.parse(row.entry_ids) as number[]);
      signatures.set(row.id, signature);
    }
    return signature;
  };

  function settings(): SupervisionSettings {
    const stored = hall.store.getMeta(SETTINGS_KEY);
    if (stored === null) return DEFAULT_SUPERVISION_SETTINGS;
    const parsed = SupervisionSettings.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : DEFAULT_SUPERVISION_SETTINGS;
  }

  function devices(): SupervisedDevice[] {
    return accounts.devices().map((d) => ({
      id: d.id,
      kind: d.kind,
      name: d.name,
      windowId: d.windowId,
      zone: d.zone,
      online: deps.isOnline(d.id),
      lastSeenAt: d.lastSeenAt,
      revokedAt: d.revokedAt,
      components: d.components,
    }));
  }

  function people(): Map<string, PersonName> {
    return new Map(accounts.users().map((u) => [u.id, u]));
  }

  function alertView(row: AlertRow, names: ReadonlyMap<string, PersonName>): AlertView {
    const live = row.cleared_at === null ? current.get(row.key) : undefined;
    const by = row.acknowledged_by ? names.get(row.acknowledged_by) : undefined;
    const entryIds = live?.entryIds ?? (JSON.parse(row.entry_ids) as number[]);
    return {
      id: row.id,
      rule: row.rule,
      severity: row.severity,
      subject: row.subject,
      message: live?.message ?? { zh: row.message_zh, en: row.message_en },
      raisedAt: row.raised_at,
      clearedAt: row.cleared_at,
      acknowledgedAt: row.acknowledged_at,
      acknowledgedBy: by ? `${by.displayName}（${by.staffNumber}）` : row.acknowledged_by,
      entryIds: entryIds.slice(0, MAX_ALERT_ENTRIES),
      entryCount: entryIds.length,
    };
  }

  function view(deviceList: SupervisedDevice[] = devices()): SupervisionView {
    const now = clock();
    const names = people();
    return supervisionView({
      hall: hall.hall(),
      state: hall.state(),
      devices: deviceList,
      alerts: shownAlerts.all(now - RECENTLY_CLOSED_MS).map((r) => alertView(r, names)),
      people: names,
      settings: settings(),
      now,
    });
  }

  /** Evaluates the rules now, raises and clears alerts, and pushes the view. Returns the view. */
  function check(): SupervisionView {
    const now = clock();
    const deviceList = devices();
    const conditions = [
      ...evaluateAlerts({
        hall: hall.hall(),
        state: hall.state(),
        devices: deviceList,
        settings: settings(),
        now,
      }),
      ...(deps.moreConditions?.(now) ?? []),
      ...(deps.storage ? storageAlerts(deps.storage(), now) : []),
    ];
    current = new Map(conditions.map((c) => [c.key, c]));
    const open = new Map(openAlerts.all().map((r) => [r.key, r]));
    const grown: [string, string][] = [];
    for (const c of conditions) {
      const stored = open.get(c.key);
      if (stored) {
        // A behaviour alert gathers more entries as the day goes on (a seventh out-of-order call): kept with it.
        // Entries only ever join at the end, so their count and last id say whether the stored list is current
        // without writing the list out on every look.
        if (c.entryIds && entriesSignature(c.entryIds) !== storedSignature(stored)) {
          grown.push([JSON.stringify(c.entryIds), stored.id]);
          signatures.set(stored.id, entriesSignature(c.entryIds));
        }
        continue;
      }
      const id = randomUUID();
      hall.audit(
        'alert:raised',
        SYSTEM_ACTOR,
        {
          alertId: id,
          rule: c.rule,
          subject: c.subject,
          message: c.message.zh,
          // What caused it, by audit entry: the trail itself says which acts raised a behaviour alert.
          ...(c.entryIds ? { entryIds: c.entryIds.slice(0, MAX_ALERT_ENTRIES) } : {}),
        },
        () =>
          insertAlert.run({
            id,
            key: c.key,
            rule: c.rule,
            severity: c.severity,
            subject: c.subject,
            zh: c.message.zh,
            en: c.message.en,
            raisedAt: now,
            entryIds: JSON.stringify(c.entryIds ?? []),
          }),
      );
    }
    const ended = [...open.values()].filter((r) => !current.has(r.key));
    if (ended.length > 0 || grown.length > 0) {
      db.transaction(() => {
        for (const r of ended) {
          clearAlert.run(now, r.id);
          signatures.delete(r.id);
        }
        for (const [entries, id] of grown) setEntries.run(entries, id);
      })();
    }
    const result = view(deviceList);
    deps.push(result);
    return result;
  }

  return {
    check,
    view,
    devices,
    settings,
    configure(next: SupervisionSettings, actor: Actor): Result<null> {
      const outcome = hall.audit('supervision:configure', actor, next, () =>
        hall.store.setMeta(SETTINGS_KEY, JSON.stringify(next)),
      );
      return outcome.ok ? { ok: true, value: null } : outcome;
    },
    /** A supervisor has seen the alert: who and when are recorded on it and in the audit trail. */
    acknowledge(alertId: string, actor: Actor): Result<AlertView> {
      const row = alertById.get(alertId);
      if (!row) return { ok: false, error: { code: 'NOT_FOUND', message: '没有这条告警 · No such alert' } };
      if (row.acknowledged_at !== null) {
        return { ok: false, error: { code: 'CONFLICT', message: '该告警已被确认 · Already acknowledged' } };
      }
      const now = clock();
      const outcome = hall.audit(
        'alert:acknowledge',
        actor,
        { alertId, rule: row.rule, subject: row.subject },
        () => acknowledgeAlert.run(now, actor.id, alertId),
      );
      if (!outcome.ok) return outcome;
      return { ok: true, value: alertView(alertById.get(alertId)!, people()) };
    },
  };
}

export type SupervisionDesk = ReturnType<typeof createSupervisionDesk>;
