import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../settings.ts';
import { clientAddress } from './public-router.ts';

describe('the public listener’s settings', () => {
  it('is off unless a port is given; its address defaults to loopback, for a reverse proxy in front', () => {
    expect(readSettings({}, [], '/repo')).toMatchObject({
      publicPort: null,
      publicHost: '127.0.0.1',
      publicBaseUrl: null,
      publicTrustProxy: false,
    });
    expect(
      readSettings(
        { HALLQ_PUBLIC_PORT: '8090', HALLQ_PUBLIC_HOST: '10.0.0.5' },
        ['--public-port', '0'],
        '/repo',
      ),
    ).toMatchObject({ publicPort: 0, publicHost: '10.0.0.5' });
    expect(() => readSettings({ HALLQ_PUBLIC_PORT: 'ninety' }, [], '/repo')).toThrow(/whole number/);
  });

  it('takes the phones’ address of the listener as an http(s) URL, without a trailing slash', () => {
    expect(readSettings({ HALLQ_PUBLIC_URL: 'https://q.hall.gov.cn/' }, [], '/repo').publicBaseUrl).toBe(
      'https://q.hall.gov.cn',
    );
    expect(readSettings({}, ['--public-url', 'https://hall.example/queue/'], '/repo').publicBaseUrl).toBe(
      'https://hall.example/queue',
    );
    expect(() => readSettings({ HALLQ_PUBLIC_URL: 'ftp://x' }, [], '/repo')).toThrow(/http\(s\)/);
    expect(() => readSettings({ HALLQ_PUBLIC_URL: 'not a url' }, [], '/repo')).toThrow(/http\(s\)/);
    expect(readSettings({ HALLQ_PUBLIC_TRUST_PROXY: '1' }, [], '/repo').publicTrustProxy).toBe(true);
  });
});

describe('the client address the limits go by', () => {
  const request = (remoteAddress: string, forwarded?: string) =>
    ({
      socket: { remoteAddress },
      headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
    }) as unknown as IncomingMessage;

  it('is the socket’s unless the proxy on this machine is trusted', () => {
    expect(clientAddress(request('10.1.2.3', '1.1.1.1'), false)).toBe('10.1.2.3');
    expect(clientAddress(request('127.0.0.1', '1.1.1.1'), false)).toBe('127.0.0.1');
  });

  it('is what the trusted proxy appended last, never what the client wrote before it', () => {
    expect(clientAddress(request('127.0.0.1', '1.1.1.1'), true)).toBe('1.1.1.1');
    expect(clientAddress(request('::1', '6.6.6.6, 192.168.5.20'), true)).toBe('192.168.5.20');
    expect(clientAddress(request('::ffff:127.0.0.1', '2001:db8::7'), true)).toBe('2001:db8::7');
  });

  it('ignores the header from anything but the proxy on this machine, and any header that is no address', () => {
    expect(clientAddress(request('10.1.2.3', '1.1.1.1'), true)).toBe('10.1.2.3');
    expect(clientAddress(request('127.0.0.1', 'evil<script>'), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', ''), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1'), true)).toBe('127.0.0.1');
  });
});
