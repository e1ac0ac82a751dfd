import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hallCaVerdict, readHallCa, trustHallCa } from './hall-ca.ts';
import { makeTestCertificates, type TestCertificates } from './testing/test-certificates.ts';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates(['hub.local', '192.168.1.10']);
});
afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));

const NOW = new Date();
const UNTRUSTED = -202; // net::ERR_CERT_AUTHORITY_INVALID

describe('trusting the hall CA', () => {
  it('trusts a certificate the hall CA signed, for the names it carries, while it is valid', () => {
    const ca = readHallCa(certs.caPem);
    const ask = (hostname: string, data = certs.certPem, now = NOW) =>
      hallCaVerdict(ca, { hostname, certificate: { data }, errorCode: UNTRUSTED }, now);
    expect(ask('hub.local')).toBe(0);
    expect(ask('192.168.1.10')).toBe(0);
    expect(ask('evil.example')).toBe(-3);
    expect(ask('hub.local', certs.strangerPem)).toBe(-3);
    expect(ask('hub.local', 'not a certificate')).toBe(-3);
    expect(ask('hub.local', certs.certPem, new Date(NOW.getTime() + 400 * 86_400_000))).toBe(-3);
    // A kiosk clock an hour behind the machine that made the certificate still trusts it; a week behind does not.
    expect(ask('hub.local', certs.certPem, new Date(NOW.getTime() - 3_600_000))).toBe(0);
    expect(ask('hub.local', certs.certPem, new Date(NOW.getTime() - 7 * 86_400_000))).toBe(-3);
  });

  it('leaves a certificate Chromium already trusts to Chromium', () => {
    const ca = readHallCa(certs.caPem);
    expect(hallCaVerdict(ca, { hostname: 'x', certificate: { data: '' }, errorCode: 0 }, NOW)).toBe(-3);
  });

  it('refuses a file that is not a CA certificate', () => {
    expect(() => readHallCa('garbage')).toThrow(/not a PEM certificate/);
    expect(() => readHallCa(certs.certPem)).toThrow(/not a CA/);
  });

  it('installs the check on a session', () => {
    const procs: Parameters<Parameters<typeof trustHallCa>[0]['setCertificateVerifyProc']>[0][] = [];
    trustHallCa({ setCertificateVerifyProc: (p) => procs.push(p) }, readHallCa(certs.caPem), () => NOW);
    const callback = vi.fn();
    expect(procs).toHaveLength(1);
    procs[0]?.(
      { hostname: 'hub.local', certificate: { data: certs.certPem }, errorCode: UNTRUSTED },
      callback,
    );
    expect(callback).toHaveBeenCalledWith(0);
  });
});
