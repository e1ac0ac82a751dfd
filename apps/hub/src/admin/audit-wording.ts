import { HallChange, type LocalizedText } from '@hallq/protocol';
import { appointmentAuditWords } from '../appointments/appointment-audit-words.ts';

/** What the wording looks up: numbers and names the payload refers to by id. */
export interface AuditNames {
  windowNumber(windowId: string): number | null;
  serviceName(serviceId: string): LocalizedText | null;
  ticketNumber(ticketId: string): string | null;
  deviceName(deviceId: string): string | null;
}

const PAUSE: Record<string, LocalizedText> = {
  break: { zh: '休息', en: 'break' },
  meeting: { zh: '会议', en: 'meeting' },
  'system-fault': { zh: '系统故障', en: 'system fault' },
  other: { zh: '其他', en: 'other' },
};
const ROLE: Record<string, LocalizedText> = {
  clerk: { zh: '窗口人员', en: 'clerk' },
  guide: { zh: '导办人员', en: 'guide' },
  supervisor: { zh: '监察人员', en: 'supervisor' },
  admin: { zh: '管理员', en: 'admin' },
};
const DEVICE: Record<string, LocalizedText> = {
  kiosk: { zh: '取号机', en: 'kiosk' },
  counter: { zh: '窗口终端', en: 'counter terminal' },
  lobby: { zh: '综合屏', en: 'lobby display' },
  pad: { zh: '评价器', en: 'rating pad' },
  sign: { zh: '窗口屏', en: 'window sign' },
  agent: { zh: '设备服务', en: 'device agent' },
};
const RULE: Record<string, LocalizedText> = {
  'wait-over-sla': { zh: '等候超时', en: 'wait over its limit' },
  'service-over-limit': { zh: '办理超时', en: 'service over its limit' },
  'window-paused-too-long': { zh: '暂停过长', en: 'window paused too long' },
  'window-idle-with-waiting': { zh: '窗口空闲而有人等候', en: 'window idle while people wait' },
  'device-offline': { zh: '设备离线', en: 'device offline' },
  'device-fault': { zh: '设备故障', en: 'device fault' },
  // behaviour monitoring (行为监控, issue 17)
  'out-of-order-calls': { zh: '跳号过多', en: 'calls out of order' },
  'repeat-out-of-order': { zh: '同一人再次跳号', en: 'the same person called out of order again' },
  'away-from-window': { zh: '疑似离岗', en: 'away from the window' },
  'short-services': { zh: '办理时长异常短', en: 'services far shorter than typical' },
  'no-show-streak': { zh: '连续过号', en: 'no-shows in a row' },
  'rating-pace': { zh: '评价过快', en: 'ratings faster than a visitor could give' },
  'rating-instant': { zh: '办结即评价', en: 'ratings always right after finishing' },
  'rating-jump': { zh: '换评价器后评价跃升', en: 'ratings jump after a pad change' },
  'after-hours': { zh: '办公时间外操作', en: 'actions after hours' },
};

type Payload = Record<string, unknown>;
const text = (p: Payload, key: string): string | null =>
  typeof p[key] === 'string' ? (p[key] as string) : null;
const both = (zh: string, en: string): LocalizedText => ({ zh, en });

/**
 * One audit entry in words — what was done to which ticket, window, account or device — for the audit trail.
 * Who did it is the entry's actor, shown beside it. An entry of a kind this does not know (or a payload of an
 * older shape) is described by its type; the raw payload stays one click away on the screen.
 */
export function auditWords(type: string, payload: unknown, names: AuditNames): LocalizedText {
  const p: Payload = typeof payload === 'object' && payload !== null ? (payload as Payload) : {};
  const change = HallChange.safeParse(payload);
  if (change.success && change.data.type === type) return hallChangeWords(change.data, names);
  const win = (id: string | null) => {
    const n = id === null ? null : names.windowNumber(id);
    return n === null ? both(id ?? '', id ?? '') : both(`${n}号窗口`, `window ${n}`);
  };
  const username = text(p, 'username') ?? '';
  switch (type) {
    case 'session:login': {
      const at = text(p, 'windowId');
      if (at === null) return both(`登录（${username}）`, `Signed in (${username})`);
      const w = win(at);
      return both(`在${w.zh}登录（${username}）`, `Signed in at ${w.en} (${username})`);
    }
    case 'session:login-failed':
      return both(`登录失败：用户名 ${username}`, `Failed sign-in as ${username}`);
    case 'session:logout':
      return both('退出登录', 'Signed out');
    case 'clerk:add': {
      const role = ROLE[text(p, 'role') ?? ''] ?? both(text(p, 'role') ?? '', text(p, 'role') ?? '');
      return both(`新增账号 ${username}（${role.zh}）`, `Added the account ${username} (${role.en})`);
    }
    case 'clerk:reset-password':
      return both(`重置账号 ${username} 的密码`, `Reset the password of ${username}`);
    case 'clerk:disable':
      return both(`停用账号 ${username}`, `Disabled the account ${username}`);
    case 'clerk:enable':
      return both(`启用账号 ${username}`, `Enabled the account ${username}`);
    case 'device:add': {
      const kind = DEVICE[text(p, 'kind') ?? ''] ?? both(text(p, 'kind') ?? '', text(p, 'kind') ?? '');
      const at = text(p, 'windowId');
      const w = at === null ? null : win(at);
      return both(
        `登记${kind.zh}「${text(p, 'name') ?? ''}」${w ? `（${w.zh}）` : ''}`,
        `Registered the ${kind.en} "${text(p, 'name') ?? ''}"${w ? ` (${w.en})` : ''}`,
      );
    }
    case 'device:revoke': {
      const id = text(p, 'deviceId') ?? '';
      const name = names.deviceName(id) ?? id;
      return both(`吊销设备「${name}」`, `Revoked the device "${name}"`);
    }
    case 'scorecard:export':
      return both(
        `导出月度考评 ${text(p, 'month')}（XLSX）`,
        `Exported the scorecard of ${text(p, 'month')} (XLSX)`,
      );
    case 'report:export':
      return both(
        `导出报表 ${text(p, 'from')} 至 ${text(p, 'to')}（${(text(p, 'format') ?? '').toUpperCase()}）`,
        `Exported the report ${text(p, 'from')} to ${text(p, 'to')} (${(text(p, 'format') ?? '').toUpperCase()})`,
      );
    case 'report:tickets-export':
      return both(
        `导出号票明细 ${text(p, 'from')} 至 ${text(p, 'to')}（${(text(p, 'format') ?? '').toUpperCase()}，${p.count ?? '?'} 张）`,
        `Exported the ticket list ${text(p, 'from')} to ${text(p, 'to')} (${(text(p, 'format') ?? '').toUpperCase()}, ${p.count ?? '?'} tickets)`,
      );
    case 'api-client:limit': {
      const to = (p.to ?? {}) as { ratePerSecond?: unknown; burst?: unknown };
      return both(
        `调整 API 客户端「${text(p, 'name') ?? ''}」限流为每秒 ${to.ratePerSecond}、瞬时 ${to.burst}`,
        `Set the API client "${text(p, 'name') ?? ''}" to ${to.ratePerSecond}/s, burst ${to.burst}`,
      );
    }
    case 'api:throttled':
      return both(
        `API 客户端「${text(p, 'name') ?? ''}」超过限流 ${p.attempts ?? '?'} 次（${text(p, 'limit') ?? ''}）`,
        `API client "${text(p, 'name') ?? ''}" over its rate limit ${p.attempts ?? '?'} times (${text(p, 'limit') ?? ''})`,
      );
    case 'webhook:replay': {
      const after = typeof p.afterEntryId === 'number' ? p.afterEntryId : '?';
      return both(
        `事件订阅从日志序号 ${after} 之后重发`,
        `Replayed a webhook subscription after log entry ${after}`,
      );
    }
    case 'sms:resend': {
      const id = typeof p.messageId === 'number' ? p.messageId : '?';
      return both(`重发失败短信 #${id}`, `Resent failed SMS #${id}`);
    }
    case 'supervision:configure':
      return both('修改监察阈值', 'Changed the supervision thresholds');
    case 'alert:raised': {
      const rule = RULE[text(p, 'rule') ?? ''] ?? both(text(p, 'rule') ?? '', text(p, 'rule') ?? '');
      return both(
        `告警：${text(p, 'message') ?? rule.zh}`,
        `Alert raised: ${rule.en} (${text(p, 'subject')})`,
      );
    }
    case 'alert:acknowledge': {
      const rule = RULE[text(p, 'rule') ?? ''] ?? both(text(p, 'rule') ?? '', text(p, 'rule') ?? '');
      return both(
        `确认告警：${rule.zh}（${text(p, 'subject')}）`,
        `Acknowledged an alert: ${rule.en} (${text(p, 'subject')})`,
      );
    }
    default:
      return appointmentAuditWords(type, p, (id) => names.serviceName(id)) ?? both(type, type);
  }
}

function hallChangeWords(change: HallChange, names: AuditNames): LocalizedText {
  const win = (id: string | null | undefined) => {
    const n = id ? names.windowNumber(id) : null;
    return n === null ? both('窗口', 'a window') : both(`${n}号窗口`, `window ${n}`);
  };
  const service = (id: string) => names.serviceName(id) ?? both(id, id);
  switch (change.type) {
    case 'ticket:issued': {
      const s = service(change.ticket.serviceId);
      return both(
        `取号 ${change.ticket.number}（${s.zh}）`,
        `Issued ticket ${change.ticket.number} (${s.en})`,
      );
    }
    case 'ticket:called': {
      const w = win(change.window.windowId);
      return both(`${w.zh}叫号 ${change.ticket.number}`, `Called ${change.ticket.number} to ${w.en}`);
    }
    case 'ticket:recalled': {
      const w = win(change.window.windowId);
      return both(`${w.zh}重呼 ${change.ticket.number}`, `Called ${change.ticket.number} again to ${w.en}`);
    }
    case 'ticket:started': {
      const w = win(change.window.windowId);
      return both(
        `${w.zh}开始办理 ${change.ticket.number}`,
        `Started serving ${change.ticket.number} at ${w.en}`,
      );
    }
    case 'ticket:finished': {
      const w = win(change.window.windowId);
      return both(`${w.zh}办结 ${change.ticket.number}`, `Finished ${change.ticket.number} at ${w.en}`);
    }
    case 'ticket:no-show': {
      const w = win(change.window.windowId);
      return both(
        `${w.zh}将 ${change.ticket.number} 记为过号`,
        `Marked ${change.ticket.number} as a no-show at ${w.en}`,
      );
    }
    case 'ticket:transferred': {
      const from = change.fromWindow ? win(change.fromWindow.windowId) : service(change.fromServiceId);
      const to = change.to.kind === 'service' ? service(change.to.serviceId) : win(change.to.windowId);
      return both(
        `将 ${change.ticket.number} 从${from.zh}转至${to.zh}`,
        `Transferred ${change.ticket.number} from ${from.en} to ${to.en}`,
      );
    }
    case 'ticket:case-attached':
      return both(
        `${change.ticket.number} 登记办件编号 ${change.caseNumber}`,
        `${change.ticket.number}: case number ${change.caseNumber} attached`,
      );
    case 'ticket:cancelled':
      return both(`取消 ${change.ticket.number}`, `Cancelled ${change.ticket.number}`);
    case 'ticket:expired':
      return both(
        `${change.ticket.number} 随营业日结束失效`,
        `${change.ticket.number} expired with the business day`,
      );
    case 'window:paused': {
      const w = win(change.window.windowId);
      const reason = PAUSE[change.window.pauseReason ?? 'other'] ?? PAUSE.other!;
      const note = change.window.pauseNote ? `：${change.window.pauseNote}` : '';
      return both(
        `${w.zh}暂停（${reason.zh}${note}）`,
        `Paused ${w.en} (${reason.en}${note ? `: ${change.window.pauseNote}` : ''})`,
      );
    }
    case 'window:resumed': {
      const w = win(change.window.windowId);
      return both(`${w.zh}恢复服务`, `Resumed ${w.en}`);
    }
    case 'window:signed-in': {
      const w = win(change.window.windowId);
      return both(`在${w.zh}上岗`, `Took ${w.en}`);
    }
    case 'window:signed-out': {
      const w = win(change.window.windowId);
      return both(`离开${w.zh}`, `Left ${w.en}`);
    }
    case 'day:changed':
      return both(
        `营业日由 ${change.previousDay} 切换为 ${change.businessDay}`,
        `Business day changed from ${change.previousDay} to ${change.businessDay}`,
      );
    case 'rating:recorded': {
      const number = names.ticketNumber(change.ticketId) ?? change.ticketId;
      const w = win(change.windowId);
      return both(`${w.zh}的 ${number} 收到评价`, `${number} was rated at ${w.en}`);
    }
    case 'hall:configured':
      return both(
        `修改大厅配置（${change.hall.services.length} 项业务、${change.hall.windows.length} 个窗口）`,
        `Changed the hall setup (${change.hall.services.length} services, ${change.hall.windows.length} windows)`,
      );
    case 'notices:changed':
      return both(
        `发布大厅公告（${change.notices.length} 条）`,
        `Published the lobby notices (${change.notices.length})`,
      );
  }
}
