import type { QueueState, Ticket } from '@hallq/core';
import type {
  AlertRule,
  HallConfig,
  LocalizedText,
  SupervisedDevice,
  SupervisionSettings,
} from '@hallq/protocol';

/** A threshold crossed right now. The same situation keeps the same `key` for as long as it lasts. */
export interface AlertCondition {
  readonly key: string;
  readonly rule: AlertRule;
  readonly severity: 'warning' | 'critical';
  readonly subject: string;
  readonly message: LocalizedText;
  /** When the threshold was crossed (not when it was noticed). */
  readonly since: number;
  /** The audit log entries that caused it (behaviour alerts); absent for an alert about a state. */
  readonly entryIds?: readonly number[];
}

export interface SupervisionInput {
  readonly hall: HallConfig;
  readonly state: QueueState;
  readonly devices: readonly SupervisedDevice[];
  readonly settings: SupervisionSettings;
  readonly now: number;
}

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  idleWithWaitingMinutes: 5,
  deviceOfflineSeconds: 60,
};

const MINUTE = 60_000;
const minutes = (ms: number) => Math.floor(ms / MINUTE);

const PAUSE_REASONS: Record<string, LocalizedText> = {
  break: { zh: '休息', en: 'break' },
  meeting: { zh: '会议', en: 'meeting' },
  'system-fault': { zh: '系统故障', en: 'system fault' },
  other: { zh: '其他', en: 'other' },
};

/**
 * The supervision rules (效能监察), as a pure function of the hall, its queue state, its devices and the time:
 * - a service whose longest wait is over its SLA (`slaWaitMinutes`);
 * - a ticket in service longer than its service's limit (`slaServiceMinutes`);
 * - a window paused longer than the hall's `slaPauseMinutes`;
 * - a window with a clerk, nothing to do and people waiting for its services, for `idleWithWaitingMinutes`;
 * - a device that was connected once and has not been for `deviceOfflineSeconds` (one never connected is not
 *   installed yet, and not alarmed), or reporting a component fault (paper out, reader
 *   disconnected; paper low is a warning).
 * Disabled services and windows, and revoked devices, are not watched.
 */
export function evaluateAlerts(input: SupervisionInput): AlertCondition[] {
  const { hall, state, devices, settings, now } = input;
  const alerts: AlertCondition[] = [];
  const waitingByService = new Map<string, Ticket[]>();
  for (const ticket of state.tickets.values()) {
    if (ticket.status !== 'waiting') continue;
    const list = waitingByService.get(ticket.serviceId) ?? [];
    list.push(ticket);
    waitingByService.set(ticket.serviceId, list);
  }

  for (const service of hall.services) {
    if (!service.enabled) continue;
    const waiting = waitingByService.get(service.id) ?? [];
    if (waiting.length === 0) continue;
    const oldest = Math.min(...waiting.map((t) => t.queuedAt));
    const limit = service.slaWaitMinutes * MINUTE;
    if (now - oldest > limit) {
      const over = waiting.filter((t) => now - t.queuedAt > limit).length;
      alerts.push({
        key: `wait-over-sla:${service.id}`,
        rule: 'wait-over-sla',
        severity: 'critical',
        subject: `service:${service.id}`,
        message: {
          zh: `${service.name.zh}：最长等候 ${minutes(now - oldest)} 分钟，超过时限 ${service.slaWaitMinutes} 分钟（${over} 人超时）`,
          en: `${service.name.en}: longest wait ${minutes(now - oldest)} min, over the ${service.slaWaitMinutes} min limit (${over} waiting too long)`,
        },
        since: oldest + limit,
      });
    }
  }

  for (const window of hall.windows) {
    if (!window.enabled) continue;
    const ws = state.windows[window.id];
    if (!ws) continue;
    const label: LocalizedText = { zh: `${window.number}号窗口`, en: `Window ${window.number}` };
    const current = ws.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
    if (current?.status === 'serving' && current.startedAt !== null) {
      const service = hall.services.find((s) => s.id === current.serviceId);
      const limit = (service?.slaServiceMinutes ?? Number.POSITIVE_INFINITY) * MINUTE;
      if (now - current.startedAt > limit) {
        alerts.push({
          key: `service-over-limit:${window.id}:${current.id}`,
          rule: 'service-over-limit',
          severity: 'warning',
          subject: `window:${window.id}`,
          message: {
            zh: `${label.zh}办理 ${current.number} 已 ${minutes(now - current.startedAt)} 分钟，超过时限 ${service?.slaServiceMinutes} 分钟`,
            en: `${label.en} has served ${current.number} for ${minutes(now - current.startedAt)} min, over the ${service?.slaServiceMinutes} min limit`,
          },
          since: current.startedAt + limit,
        });
      }
    }
    if (ws.status === 'paused' && ws.pausedAt !== null) {
      const limit = hall.rules.slaPauseMinutes * MINUTE;
      if (now - ws.pausedAt > limit) {
        const reason = PAUSE_REASONS[ws.pauseReason ?? 'other'] ?? PAUSE_REASONS.other!;
        alerts.push({
          key: `window-paused-too-long:${window.id}:${ws.pausedAt}`,
          rule: 'window-paused-too-long',
          severity: 'warning',
          subject: `window:${window.id}`,
          message: {
            zh: `${label.zh}暂停（${reason.zh}）已 ${minutes(now - ws.pausedAt)} 分钟，超过 ${hall.rules.slaPauseMinutes} 分钟`,
            en: `${label.en} paused (${reason.en}) for ${minutes(now - ws.pausedAt)} min, over ${hall.rules.slaPauseMinutes} min`,
          },
          since: ws.pausedAt + limit,
        });
      }
    }
    if (ws.status === 'open' && ws.clerkId !== null && ws.currentTicketId === null) {
      const served = new Set(window.serviceIds);
      let waiting = 0;
      for (const t of state.tickets.values()) {
        if (t.status !== 'waiting') continue;
        if (t.targetWindowId === window.id || (t.targetWindowId === null && served.has(t.serviceId)))
          waiting += 1;
      }
      const limit = settings.idleWithWaitingMinutes * MINUTE;
      if (waiting > 0 && now - ws.since > limit) {
        alerts.push({
          key: `window-idle-with-waiting:${window.id}:${ws.since}`,
          rule: 'window-idle-with-waiting',
          severity: 'warning',
          subject: `window:${window.id}`,
          message: {
            zh: `${label.zh}空闲 ${minutes(now - ws.since)} 分钟，其业务仍有 ${waiting} 人等候`,
            en: `${label.en} idle for ${minutes(now - ws.since)} min while ${waiting} wait for its services`,
          },
          since: ws.since + limit,
        });
      }
    }
  }

  for (const device of devices) {
    if (device.revokedAt !== null) continue;
    const limit = settings.deviceOfflineSeconds * 1000;
    if (!device.online) {
      // A device registered but never connected is not down: it is not installed yet (the demo registers a
      // screen of each kind whether or not anyone opens it). It is listed as never connected, not alarmed.
      const seen = device.lastSeenAt;
      if (seen !== null && now - seen > limit) {
        alerts.push({
          key: `device-offline:${device.id}`,
          rule: 'device-offline',
          severity: 'critical',
          subject: `device:${device.id}`,
          message: {
            zh: `设备「${device.name}」离线 ${minutes(now - seen)} 分钟`,
            en: `Device "${device.name}" offline for ${minutes(now - seen)} min`,
          },
          since: seen + limit,
        });
      }
      continue;
    }
    for (const c of device.components) {
      if (c.state === 'ok') continue;
      alerts.push({
        key: `device-fault:${device.id}:${c.component}:${c.state}`,
        rule: 'device-fault',
        severity: c.state === 'warning' ? 'warning' : 'critical',
        subject: `device:${device.id}`,
        message: {
          zh: `设备「${device.name}」${COMPONENT_NAMES[c.component] ?? c.component}${STATE_NAMES[c.state]}${c.message ? `：${c.message}` : ''}`,
          en: `Device "${device.name}" ${c.component} ${c.state}${c.message ? `: ${c.message}` : ''}`,
        },
        since: device.lastSeenAt ?? now,
      });
    }
  }
  return alerts;
}

const COMPONENT_NAMES: Record<string, string> = {
  printer: '打印机',
  'id-reader': '身份证阅读器',
  keypad: '呼叫器',
  sign: '窗口屏',
  evaluator: '评价器',
  display: '显示屏',
  scanner: '扫码器',
};
const STATE_NAMES: Record<string, string> = { warning: '告警', error: '故障', disconnected: '未连接' };
