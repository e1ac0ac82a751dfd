import { describe, expect, it } from 'vitest';
import {
  DEVICE_REFUSED,
  isDeviceTokenRefusal,
  sessionEndedText,
  watchDeviceRefusal,
} from './terminal-refusal.ts';

describe('a refused terminal', () => {
  it('tells a refused device token from a refused session and from an unreachable hub', () => {
    expect(isDeviceTokenRefusal('unknown or revoked device token', 'UNAUTHENTICATED')).toBe(true);
    expect(isDeviceTokenRefusal('session expired', 'UNAUTHENTICATED')).toBe(false);
    expect(isDeviceTokenRefusal('xhr poll error', null)).toBe(false);
    expect(isDeviceTokenRefusal('hub speaks protocol 3', 'PROTOCOL_VERSION')).toBe(false);
  });

  it('says a session ended in Chinese first, once, and never the hub’s bare English twice', () => {
    expect(sessionEndedText('unknown or revoked device token')).toEqual(DEVICE_REFUSED);
    const expired = sessionEndedText('session expired');
    expect(expired.zh).toBe('登录已过期，请重新登录');
    expect(sessionEndedText('账号已停用 · This account was disabled')).toEqual({
      zh: '账号已停用',
      en: 'This account was disabled',
    });
    // A reason with no translation has the same text in both (Bi and both() then say it once).
    expect(sessionEndedText('revoked')).toEqual({ zh: 'revoked', en: 'revoked' });
    expect(DEVICE_REFUSED.zh).toContain('请联系管理员');
  });

  it('the watch turns on at a device-token refusal and off when the hub lets the terminal in', () => {
    const watch = watchDeviceRefusal();
    const seen: boolean[] = [];
    watch.refused.subscribe((v) => seen.push(v));
    watch.onConnectError(new Error('xhr poll error'), null);
    expect(watch.refused.get()).toBe(false);
    watch.onConnectError(new Error('unknown or revoked device token'), 'UNAUTHENTICATED');
    expect(watch.refused.get()).toBe(true);
    watch.connected();
    expect(seen).toEqual([true, false]);
  });
});
