/**
 * The agent prints only tickets the hub issued: each print job carries the hub's print permit (an Ed25519
 * signature over the ticket's number and QR content), checked here with the hub's public key. The QR content
 * printed is the permit's, never the page's.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { PRINT_PERMIT_KEY_PATH, PrintPermitClaims } from '@hallq/protocol';
import type { TicketPrintJob } from '../src/agent-protocol.ts';

/**
 * How far the kiosk's clock may run ahead of the hub's before a fresh permit looks expired. A hall has no
 * internet time; a kiosk a few minutes off must still print. An expired permit refuses the print, and the log
 * says to check the clock.
 */
export const PRINT_PERMIT_CLOCK_SKEW_MS = 60 * 60_000;

export type PermitVerdict =
  | { readonly ok: true; readonly claims: PrintPermitClaims }
  | { readonly ok: false; readonly reason: string };

export function checkPrintPermit(
  permit: string,
  job: Pick<TicketPrintJob, 'number' | 'qrPayload'>,
  key: KeyObject | null,
  now: number,
): PermitVerdict {
  if (!key) return { ok: false, reason: 'the hub’s permit key is not known yet' };
  const [body, signature, extra] = permit.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed permit' };
  let valid = false;
  try {
    valid = verify(null, Buffer.from(body), key, Buffer.from(signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'signature does not verify' };
  let claims: PrintPermitClaims;
  try {
    const parsed = PrintPermitClaims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success) return { ok: false, reason: 'claims of an unknown form' };
    claims = parsed.data;
  } catch {
    return { ok: false, reason: 'claims are not JSON' };
  }
  if (now > claims.expiresAt + PRINT_PERMIT_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'permit expired (or this kiosk’s clock is ahead of the hub’s)' };
  }
  if (claims.number !== job.number) return { ok: false, reason: 'number differs from the permit' };
  if (claims.qr !== job.qrPayload) return { ok: false, reason: 'QR content differs from the permit' };
  return { ok: true, claims };
}

/** Reads the hub's permit key (PEM, SPKI) from the hub that serves the kiosk page. */
export async function fetchPrintKey(hubUrl: string, fetchImpl: typeof fetch = fetch): Promise<KeyObject> {
  const url = new URL(PRINT_PERMIT_KEY_PATH, hubUrl);
  const answer = await fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
  if (!answer.ok) throw new Error(`${url}: HTTP ${answer.status}`);
  const key = createPublicKey(await answer.text());
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${url}: not an Ed25519 key`);
  return key;
}
