import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallCertificateError, makeHallCa, makeServerCertificate } from './hall-certificate.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallq-hallctl-cert-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('hallctl cert', () => {
  it('makes a CA that signs the hub certificate for every name and address given', async () => {
    const ca = await makeHallCa({ dir: join(dir, 'ca'), name: 'Hall / CA=1', days: 30 });
    const server = await makeServerCertificate({
      caDir: join(dir, 'ca'),
      outDir: join(dir, 'tls'),
      hosts: ['hub.hall.local', '192.168.1.10', ''],
      days: 30,
    });
    const caCert = new X509Certificate(readFileSync(ca.certificate));
    const hubCert = new X509Certificate(readFileSync(server.certificate));
    expect(caCert.ca).toBe(true);
    expect(hubCert.ca).toBe(false);
    expect(hubCert.checkIssued(caCert)).toBe(true);
    expect(hubCert.verify(caCert.publicKey)).toBe(true);
    expect(hubCert.checkHost('hub.hall.local')).toBe('hub.hall.local');
    expect(hubCert.checkIP('192.168.1.10')).toBe('192.168.1.10');
    expect(hubCert.checkHost('evil.example')).toBeUndefined();
    expect(statSync(ca.key).mode & 0o777).toBe(0o600);
    expect(statSync(server.key).mode & 0o777).toBe(0o600);
  });

  it('refuses a second CA over the first, a missing CA, and host names openssl would misread', async () => {
    await makeHallCa({ dir: join(dir, 'ca'), name: 'Hall CA', days: 30 });
    await expect(makeHallCa({ dir: join(dir, 'ca'), name: 'Again', days: 30 })).rejects.toThrow(
      /a hall has one CA/,
    );
    await expect(
      makeServerCertificate({ caDir: join(dir, 'none'), outDir: join(dir, 'tls'), hosts: ['hub'], days: 30 }),
    ).rejects.toThrow(/cert ca/);
    for (const hosts of [[], ['hub,evil'], ['hub/CN=x'], ['a b']]) {
      await expect(
        makeServerCertificate({ caDir: join(dir, 'ca'), outDir: join(dir, 'tls'), hosts, days: 30 }),
      ).rejects.toThrow(HallCertificateError);
    }
  });
});
