import { describe, expect, it } from 'vitest';
import { auditWords } from '../admin/audit-wording.ts';

const names = {
  windowNumber: () => null,
  serviceName: (id: string) => (id === 'svc-1' ? { zh: '社保业务', en: 'Social Security' } : null),
  ticketNumber: () => null,
  deviceName: () => null,
};

describe('the audit trail in words for appointments', () => {
  it('says what was booked, cancelled, checked in, missed and lifted, the person masked', () => {
    const booked = auditWords(
      'appointment:booked',
      {
        code: 'K7M2QX9P',
        serviceId: 'svc-1',
        day: '2026-11-30',
        slotStart: '09:00',
        channel: 'api',
        idNumber: '110***********002X',
      },
      names,
    );
    expect(booked).toEqual({
      zh: '预约 K7M2QX9P（社保业务 2026-11-30 09:00，省平台接口，110***********002X）',
      en: 'Booked K7M2QX9P (Social Security 2026-11-30 09:00, open API, 110***********002X)',
    });
    expect(auditWords('appointment:checked-in', { code: 'K7M2QX9P', late: true }, names).zh).toBe(
      '预约 K7M2QX9P 迟到签到',
    );
    expect(auditWords('appointment:missed', { codes: ['A', 'B'] }, names).en).toBe('2 appointment(s) missed');
    expect(
      auditWords('appointment:block-lifted', { idNumber: '110***********002X', reason: '读卡器故障' }, names)
        .zh,
    ).toBe('解除预约限制（110***********002X）：读卡器故障');
    expect(auditWords('appointment:unknown-kind', {}, names)).toEqual({
      zh: 'appointment:unknown-kind',
      en: 'appointment:unknown-kind',
    });
  });
});
