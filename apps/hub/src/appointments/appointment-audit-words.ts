import type { LocalizedText } from '@hallq/protocol';

type Payload = Record<string, unknown>;
const text = (p: Payload, key: string): string => (typeof p[key] === 'string' ? (p[key] as string) : '');
const both = (zh: string, en: string): LocalizedText => ({ zh, en });
const CHANNEL: Record<string, LocalizedText> = {
  public: both('网上预约', 'booking page'),
  api: both('省平台接口', 'open API'),
  desk: both('服务台', 'help desk'),
  hallctl: both('hallctl', 'hallctl'),
};

/**
 * The audit trail's words for the appointment entries (apps/hub/src/appointments), or null for another type.
 * The ID number in a payload is already masked; the block lift's reason is shown as the admin typed it.
 */
export function appointmentAuditWords(
  type: string,
  p: Payload,
  serviceName: (id: string) => LocalizedText | null,
): LocalizedText | null {
  const code = text(p, 'code');
  const service = serviceName(text(p, 'serviceId')) ?? both(text(p, 'serviceId'), text(p, 'serviceId'));
  const slot = `${text(p, 'day')} ${text(p, 'slotStart')}`;
  switch (type) {
    case 'appointment:booked': {
      const channel = CHANNEL[text(p, 'channel')] ?? both(text(p, 'channel'), text(p, 'channel'));
      return both(
        `预约 ${code}（${service.zh} ${slot}，${channel.zh}，${text(p, 'idNumber')}）`,
        `Booked ${code} (${service.en} ${slot}, ${channel.en}, ${text(p, 'idNumber')})`,
      );
    }
    case 'appointment:cancelled':
      return both(
        `取消预约 ${code}（${service.zh} ${slot}）`,
        `Cancelled appointment ${code} (${service.en} ${slot})`,
      );
    case 'appointment:checked-in':
      return p.late === true
        ? both(`预约 ${code} 迟到签到`, `Appointment ${code} checked in late`)
        : both(`预约 ${code} 签到`, `Appointment ${code} checked in`);
    case 'appointment:late-walk-in':
      return both(
        `预约 ${code} 已过签到时间，改为现场取号`,
        `Appointment ${code} too late: a walk-in ticket instead`,
      );
    case 'appointment:missed': {
      const n = Array.isArray(p.codes) ? p.codes.length : 0;
      return both(`${n} 个预约失约`, `${n} appointment(s) missed`);
    }
    case 'appointment:block-lifted':
      return both(
        `解除预约限制（${text(p, 'idNumber')}）：${text(p, 'reason')}`,
        `Lifted the booking block of ${text(p, 'idNumber')}: ${text(p, 'reason')}`,
      );
    default:
      return null;
  }
}
