import { describe, expect, it } from 'vitest';
import {
  canConfirmPhone,
  emptyPhoneEntry,
  type PhoneKey,
  phoneProblem,
  pressPhoneKey,
  shownPhone,
} from './phone-entry.ts';

const type = (keys: string) =>
  [...keys].reduce((entry, key) => pressPhoneKey(entry, key as PhoneKey), emptyPhoneEntry);

describe('the kiosk phone pad', () => {
  it('takes at most 11 digits and confirms only a valid number with consent', () => {
    const entry = type('138001380001234');
    expect(entry.digits).toBe('13800138000');
    expect(canConfirmPhone(entry)).toBe(false);
    expect(canConfirmPhone({ ...entry, consent: true })).toBe(true);
  });

  it('refuses numbers that are not mainland mobiles and explains why', () => {
    expect(phoneProblem(type('12'))?.en).toMatch(/13–19/);
    expect(phoneProblem(type('1380013'))?.en).toMatch(/11 digits/);
    expect(canConfirmPhone({ ...type('12800138000'), consent: true })).toBe(false);
    expect(phoneProblem(type('13800138000'))).toBeNull();
  });

  it('deletes and clears, and shows the number masked', () => {
    expect(pressPhoneKey(type('139'), 'back').digits).toBe('13');
    expect(pressPhoneKey(type('139'), 'clear').digits).toBe('');
    expect(shownPhone('13812341234')).toBe('138****1234');
  });
});

describe('the kiosk flow with an SMS number', () => {
  it('carries the number with the issue attempt, and its retry', async () => {
    const { kioskTransition, initialKioskState } = await import('./kiosk-flow.ts');
    const sms = { phone: '13800138000', language: 'zh' as const };
    const touched = kioskTransition(initialKioskState, {
      type: 'service-touched',
      serviceId: 'svc-1',
      requestId: 'request-1',
      sms,
    });
    expect(touched.state.screen === 'checking' && touched.state.attempt.sms).toEqual(sms);
  });
});
