/**
 * `hallctl cert`: the hall's own certificate authority and the hub's server certificate, made with Debian's
 * openssl (Node's crypto cannot sign certificates). A hall has no public CA and no internet; the CA's certificate
 * is given to every shell (HALLQ_HALL_CA) and browser of the hall, and its key is kept offline after use.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export class HallCertificateError extends Error {
  readonly code = 'HALL_CERTIFICATE';
}

/** Runs openssl with arguments (never a shell); rejects with its own message. */
export type OpensslRunner = (args: readonly string[]) => Promise<void>;

export const runOpenssl: OpensslRunner = (args) =>
  new Promise((resolve, reject) => {
    execFile('openssl', [...args], (error, _stdout, stderr) => {
      if (!error) resolve();
      else
        reject(
          new HallCertificateError(
            (error as NodeJS.ErrnoException).code === 'ENOENT'
              ? 'openssl is not installed (Debian: apt-get install openssl)'
              : `openssl ${args[0]} failed: ${stderr.trim() || error.message}`,
          ),
        );
    });
  });

export const CA_FILES = { certificate: 'hall-ca.pem', key: 'hall-ca.key' } as const;
export const SERVER_FILES = { certificate: 'hub.pem', key: 'hub.key' } as const;

/** The hall CA: a P-256 key and a self-signed CA certificate (path length 0: it signs servers only). */
export async function makeHallCa(options: {
  readonly dir: string;
  readonly name: string;
  readonly days: number;
  readonly run?: OpensslRunner;
}): Promise<{ certificate: string; key: string }> {
  const run = options.run ?? runOpenssl;
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const certificate = join(options.dir, CA_FILES.certificate);
  const key = join(options.dir, CA_FILES.key);
  if (existsSync(key))
    throw new HallCertificateError(`${key} exists: a hall has one CA (remove it to start over)`);
  await run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    certificate,
    '-days',
    String(options.days),
    '-subj',
    `/CN=${subjectName(options.name)}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  chmodSync(key, 0o600);
  return { certificate, key };
}

/** The hub's certificate for its names and addresses, signed by the hall CA. */
export async function makeServerCertificate(options: {
  readonly caDir: string;
  readonly outDir: string;
  /** Host names and IP addresses the hub is reached by (the first is its common name). */
  readonly hosts: readonly string[];
  readonly days: number;
  readonly run?: OpensslRunner;
}): Promise<{ certificate: string; key: string }> {
  const run = options.run ?? runOpenssl;
  const hosts = options.hosts.map((h) => h.trim()).filter((h) => h.length > 0);
  if (hosts.length === 0) throw new HallCertificateError('name the hub: --host hub.local,192.168.1.10');
  for (const host of hosts) {
    if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host))
      throw new HallCertificateError(`not a host name or address: ${host}`);
  }
  const caCertificate = join(options.caDir, CA_FILES.certificate);
  const caKey = join(options.caDir, CA_FILES.key);
  if (!existsSync(caKey))
    throw new HallCertificateError(`no hall CA in ${options.caDir}: run \`hallctl cert ca\` first`);
  mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
  const certificate = join(options.outDir, SERVER_FILES.certificate);
  const key = join(options.outDir, SERVER_FILES.key);
  const request = join(options.outDir, 'hub.csr');
  const extensions = join(options.outDir, 'hub.ext');
  const names = hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  writeFileSync(
    extensions,
    [
      `subjectAltName=${names}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  try {
    await run([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      request,
      '-subj',
      `/CN=${subjectName(hosts[0]!)}`,
    ]);
    chmodSync(key, 0o600);
    await run([
      'x509',
      '-req',
      '-in',
      request,
      '-CA',
      caCertificate,
      '-CAkey',
      caKey,
      '-set_serial',
      `0x${randomBytes(16).toString('hex')}`,
      '-days',
      String(options.days),
      '-sha256',
      '-extfile',
      extensions,
      '-out',
      certificate,
    ]);
  } finally {
    rmSync(request, { force: true });
    rmSync(extensions, { force: true });
  }
  return { certificate, key };
}

/** A subject's common name without the characters openssl's `-subj` syntax gives a meaning to. */
const subjectName = (name: string): string => name.replace(/[/\\=+,]/g, ' ').slice(0, 64) || 'HallQ';
