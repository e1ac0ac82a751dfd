import { describe, expect, it } from 'vitest';
import { checkCard, localDate } from './identity-card.ts';
import {
  badCheckDigitResidentCard,
  expiredResidentCard,
  foreignPermanent2017,
  foreignPermanent2023,
  hkMacaoTaiwanPermit,
  residentCard,
} from './simulator/card-fixtures.ts';

const TODAY = '2025-06-01';

describe('checkCard', () => {
  it('accepts valid cards of every type', () => {
    for (const card of [
      residentCard(),
      hkMacaoTaiwanPermit(),
      foreignPermanent2017(),
      foreignPermanent2023(),
    ]) {
      expect(checkCard(card, TODAY)).toBeUndefined();
    }
  });

  it('refuses an expired card with a clear zh/en message and masked data only', () => {
    const refusal = checkCard(expiredResidentCard(), TODAY);
    expect(refusal).toMatchObject({
      code: 'CARD_EXPIRED',
      zh: expect.stringContaining('已过有效期'),
      en: expect.stringContaining('expired'),
      maskedIdNumber: '440***********0014',
      maskedName: '李*',
    });
    expect(JSON.stringify(refusal)).not.toContain('440524188001010014');
  });

  it('treats the end date as the last valid day', () => {
    const card = { ...residentCard(), validUntil: '2025-06-01' };
    expect(checkCard(card, '2025-06-01')).toBeUndefined();
    expect(checkCard(card, '2025-06-02')?.code).toBe('CARD_EXPIRED');
  });

  it('refuses a bad check digit and a card not yet valid', () => {
    expect(checkCard(badCheckDigitResidentCard(), TODAY)?.code).toBe('INVALID_ID_NUMBER');
    expect(checkCard({ ...residentCard(), validFrom: '2030-01-01' }, TODAY)?.code).toBe('CARD_NOT_YET_VALID');
  });
});

describe('localDate', () => {
  it('takes the date in the hall time zone', () => {
    expect(localDate(new Date('2025-05-31T16:30:00Z'))).toBe('2025-06-01');
    expect(localDate(new Date('2025-05-31T16:30:00Z'), 'UTC')).toBe('2025-05-31');
  });
});
