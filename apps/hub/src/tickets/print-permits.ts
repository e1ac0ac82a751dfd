import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PRINT_PERMIT_TTL_MS, type PrintPermitClaims, ticketQrContent } from '@hallq/protocol';
import { ownerOnlyFile } from '../data-files.ts';

/** Signs print permits: the hub's word that a ticket was issued, which the kiosk's device agent checks. */
export interface PrintPermits {
  permitFor(ticket: { readonly id: string; readonly number: string }, now: number): string;
  /** The key to check permits with (PEM, SPKI), served to the device agents. */
  readonly publicKeyPem: string;
}

/**
 * `pageUrlOf`: the address of a ticket's page on the public listener, which its QR code opens (null: the hall has
 * none, and the code carries `hallq:ticket:<id>`).
 */
export function createPrintPermits(
  privateKey: KeyObject,
  pageUrlOf: (ticketId: string) => string | null = () => null,
): PrintPermits {
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    publicKeyPem,
    permitFor(ticket, now) {
      const claims: PrintPermitClaims = {
        v: 1,
        ticketId: ticket.id,
        number: ticket.number,
        qr: ticketQrContent(ticket.id, pageUrlOf(ticket.id)),
        issuedAt: now,
        expiresAt: now + PRINT_PERMIT_TTL_MS,
      };
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const signature = sign(null, Buffer.from(body), privateKey).toString('base64url');
      return `${body}.${signature}`;
    },
  };
}

/** A key for one hub process (tests, a hub without a data folder). */
export const ephemeralPrintKey = (): KeyObject => generateKeyPairSync('ed25519').privateKey;

/** The hub's permit key, beside the database and owner-only; created on first start. */
export function loadOrCreatePrintKey(file: string): KeyObject {
  if (existsSync(file)) {
    ownerOnlyFile(file);
    return createPrivateKey(readFileSync(file));
  }
  const key = ephemeralPrintKey();
  ownerOnlyFile(file);
  writeFileSync(file, key.export({ type: 'pkcs8', format: 'pem' }));
  return key;
}
