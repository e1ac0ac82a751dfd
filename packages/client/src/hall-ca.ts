/**
 * How a HallQ program outside the browser (the Electron shells' main process, hallctl) trusts the hall's own
 * certificate authority: a hall has no public CA, so `hallctl cert` makes a hall CA and signs the hub's
 * certificate with it, and each shell is given the CA's certificate (HALLQ_HALL_CA=/etc/hallq/hall-ca.pem).
 *
 * Node/Electron only (node:crypto); renderers never import this subpath.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export class HallCaError extends Error {
  readonly code = 'HALL_CA_INVALID';
}

/** Parses the hall CA's certificate (PEM) and checks that it is a CA. */
export function readHallCa(pem: string, source = 'hall CA'): X509Certificate {
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(pem);
  } catch (error) {
    throw new HallCaError(`${source}: not a PEM certificate (${(error as Error).message})`);
  }
  if (!ca.ca) throw new HallCaError(`${source}: this certificate is not a CA (basicConstraints CA:FALSE)`);
  return ca;
}

/** How far a certificate's start may lie ahead of this machine's clock. */
export const NOT_BEFORE_SKEW_MS = 86_400_000;

/** What Electron's certificate verify procedure is asked (`session.setCertificateVerifyProc`). */
export interface CertificateVerifyRequest {
  readonly hostname: string;
  readonly certificate: { readonly data: string };
  /** Chromium's own verdict: 0 when it trusts the certificate already. */
  readonly errorCode: number;
}

/** Electron's answers: 0 trust it, -3 keep Chromium's own verdict. */
export type CertificateVerdict = 0 | -3;

/**
 * Trusts a server certificate that the hall CA signed, that is valid now and names the host; anything else keeps
 * Chromium's verdict (a public certificate still works, a wrong or expired one is still refused).
 */
export function hallCaVerdict(
  ca: X509Certificate,
  request: CertificateVerifyRequest,
  now: Date,
): CertificateVerdict {
  if (request.errorCode === 0) return -3;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(request.certificate.data);
  } catch {
    return -3;
  }
  if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey)) return -3;
  // A certificate made minutes ago on the hub's machine must work on a kiosk whose clock lags (a hall has no
  // internet time): its start may be up to a day ahead of this clock. Its end is kept exactly.
  const notBefore = new Date(certificate.validFrom).getTime() - NOT_BEFORE_SKEW_MS;
  if (now.getTime() < notBefore || now > new Date(certificate.validTo)) return -3;
  const host = request.hostname.replace(/^\[(.*)\]$/, '$1');
  const named = isIP(host) ? certificate.checkIP(host) : certificate.checkHost(host);
  return named ? 0 : -3;
}

/** A session (Electron's `Session`) that lets the shell decide on certificates. */
export interface VerifyingSession {
  setCertificateVerifyProc(
    proc: (request: CertificateVerifyRequest, callback: (verdict: number) => void) => void,
  ): void;
}

/** Makes `session` trust server certificates from the hall CA (in addition to the system's CAs). */
export function trustHallCa(
  session: VerifyingSession,
  ca: X509Certificate,
  now: () => Date = () => new Date(),
): void {
  session.setCertificateVerifyProc((request, callback) => callback(hallCaVerdict(ca, request, now())));
}

/** The hall CA named by HALLQ_HALL_CA (a PEM file), or null when the variable is not set. */
export function hallCaFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): X509Certificate | null {
  const file = env.HALLQ_HALL_CA;
  if (!file) return null;
  return readHallCa(readFile(file), file);
}
