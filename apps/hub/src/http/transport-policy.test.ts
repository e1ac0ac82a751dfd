import { describe, expect, it } from 'vitest';
import { isLoopbackHost, transportDecision } from './transport-policy.ts';

describe('transport policy', () => {
  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'hub.local', '128.0.0.1', '::ffff:10.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('refuses the LAN without TLS, says why, and allows it on purpose with a warning', () => {
    const refused = transportDecision({ host: '0.0.0.0', tls: false, insecureLan: false });
    expect(refused.listen).toBe(false);
    if (!refused.listen) {
      expect(refused.reason).toMatch(/without TLS/);
      expect(refused.reason).toMatch(/ID numbers/);
      expect(refused.reason).toMatch(/--insecure-lan/);
    }
    const insecure = transportDecision({ host: '192.168.1.10', tls: false, insecureLan: true });
    expect(insecure).toMatchObject({ listen: true, warning: expect.stringMatching(/WARNING.*passwords/s) });
    expect(transportDecision({ host: '0.0.0.0', tls: true, insecureLan: false })).toEqual({
      listen: true,
      warning: null,
    });
    expect(transportDecision({ host: '127.0.0.1', tls: false, insecureLan: false })).toEqual({
      listen: true,
      warning: null,
    });
  });
});
