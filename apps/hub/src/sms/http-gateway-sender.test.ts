import { describe, expect, it } from 'vitest';
import { gatewayOutcome, signGatewayRequest } from './http-gateway-sender.ts';

const codes = { okCodes: ['0'], retryCodes: ['1001'] };

describe('the HTTP gateway answer', () => {
  it('maps codes: accepted, busy (again later), refused (final), and HTTP failures', () => {
    expect(gatewayOutcome(codes, 200, '{"code":"0","msgId":"m1"}')).toEqual({ ok: true, gatewayId: 'm1' });
    expect(gatewayOutcome(codes, 200, '{"code":"1001","message":"busy"}')).toEqual({
      ok: false,
      retry: true,
      reason: 'HTTP 200 code 1001: busy',
    });
    expect(gatewayOutcome(codes, 200, '{"code":"4030","message":"blacklisted"}')).toMatchObject({
      retry: false,
    });
    expect(gatewayOutcome(codes, 503, '')).toEqual({ ok: false, retry: true, reason: 'HTTP 503' });
    expect(gatewayOutcome(codes, 429, '')).toMatchObject({ retry: true });
    expect(gatewayOutcome(codes, 401, '<html>')).toEqual({
      ok: false,
      retry: false,
      reason: 'HTTP 401: unreadable answer',
    });
    // A success code without a message id cannot be followed: not taken as sent.
    expect(gatewayOutcome(codes, 200, '{"code":"0"}')).toMatchObject({ ok: false, retry: false });
  });

  it('signs timestamp, nonce and body with HMAC-SHA256', () => {
    expect(signGatewayRequest('secret', '1700000000', 'abcd', 'mobile=1')).toBe(
      signGatewayRequest('secret', '1700000000', 'abcd', 'mobile=1'),
    );
    expect(signGatewayRequest('secret', '1700000000', 'abcd', 'mobile=1')).not.toBe(
      signGatewayRequest('secret', '1700000001', 'abcd', 'mobile=1'),
    );
    expect(signGatewayRequest('secret', '1', 'n', 'b')).toMatch(/^[0-9a-f]{64}$/);
  });
});
