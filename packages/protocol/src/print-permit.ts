import { z } from 'zod';

/**
 * What the hub vouches for when it issues a ticket: this number, with this QR content, was issued now. The hub
 * signs the claims (Ed25519) and sends the permit with the issued ticket; the kiosk page passes it to its device
 * agent with the print job, and the agent prints only a job whose number and QR content the permit covers. So a
 * page (or anything else on the kiosk) can print no ticket the hub did not issue, and no QR code of its choosing.
 *
 * The permit is `<claims as base64url JSON>.<signature as base64url>`; the hub's public key is served at
 * {@link PRINT_PERMIT_KEY_PATH}.
 */
export const PrintPermitClaims = z
  .object({
    v: z.literal(1),
    ticketId: z.string().min(1).max(64),
    number: z.string().min(1).max(8),
    /** The QR content to print, decided by the hub. ASCII only (the printer's QR command counts bytes). */
    qr: z
      .string()
      .regex(/^[\x20-\x7e]+$/)
      .max(700),
    issuedAt: z.number().int(),
    expiresAt: z.number().int(),
  })
  .strict();
export type PrintPermitClaims = z.infer<typeof PrintPermitClaims>;

/** Where the hub publishes the public key its print permits are checked with (PEM, SPKI). */
export const PRINT_PERMIT_KEY_PATH = '/kiosk-agent/print-key';

/** How long after issue a ticket may be printed: a kiosk prints within seconds; a retry after a paper change. */
export const PRINT_PERMIT_TTL_MS = 10 * 60_000;

/**
 * The QR content the hub gives a ticket: the address of its page on the public listener (`<public base URL>/t/<token>`,
 * see {@link ticketPageUrl}) when the hall has one, else `hallq:ticket:<id>`. ASCII only.
 */
export const ticketQrContent = (ticketId: string, pageUrl: string | null = null): string =>
  (pageUrl ?? `hallq:ticket:${ticketId}`).replace(/[^\x20-\x7e]/g, '?');

/** Where a ticket's page is: the public listener's base URL (no trailing slash), `/t/`, the ticket's token. */
export const ticketPageUrl = (publicBaseUrl: string, token: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/t/${token}`;

/**
 * The QR content a print permit names, read without checking its signature (the device agent checks it): what the
 * kiosk prints and shows. Null for anything that is not a permit's claims.
 */
export function printPermitQr(permit: string): string | null {
  const body = permit.split('.', 1)[0] ?? '';
  try {
    const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = PrintPermitClaims.safeParse(JSON.parse(json));
    return claims.success ? claims.data.qr : null;
  } catch {
    return null;
  }
}

export const PrintPermit = z
  .string()
  .min(16)
  .max(1200)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
