/**
 * A hall CA and a server certificate for tests, made with openssl as `hallctl cert` makes them (Node's crypto
 * cannot sign certificates). Node only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly dir: string;
  readonly caFile: string;
  readonly caPem: string;
  readonly certFile: string;
  readonly certPem: string;
  readonly keyFile: string;
  /** A certificate for the same names from another CA (self-signed): must not be trusted. */
  readonly strangerPem: string;
}

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export function makeTestCertificates(
  hosts: readonly string[] = ['127.0.0.1', 'localhost'],
): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (args: readonly string[]) => execFileSync('openssl', [...args], { stdio: 'pipe' });
  const names = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '30',
    '-subj',
    '/CN=Test hall CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl([
    'req',
    '-new',
    ...ec,
    '-keyout',
    at('hub.key'),
    '-out',
    at('hub.csr'),
    '-subj',
    `/CN=${hosts[0]}`,
  ]);
  writeFileSync(
    at('hub.ext'),
    `subjectAltName=${names}\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  openssl([
    'x509',
    '-req',
    '-in',
    at('hub.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-set_serial',
    '0x1234',
    '-days',
    '30',
    '-extfile',
    at('hub.ext'),
    '-out',
    at('hub.pem'),
  ]);
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('stranger.key'),
    '-out',
    at('stranger.pem'),
    '-days',
    '30',
    '-subj',
    `/CN=${hosts[0]}`,
    '-addext',
    `subjectAltName=${names}`,
  ]);
  return {
    dir,
    caFile: at('ca.pem'),
    caPem: readFileSync(at('ca.pem'), 'utf8'),
    certFile: at('hub.pem'),
    certPem: readFileSync(at('hub.pem'), 'utf8'),
    keyFile: at('hub.key'),
    strangerPem: readFileSync(at('stranger.pem'), 'utf8'),
  };
}
