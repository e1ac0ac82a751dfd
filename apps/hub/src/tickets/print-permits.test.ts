import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRINT_PERMIT_KEY_PATH, PrintPermitClaims, ticketQrContent } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import { createPrintPermits, loadOrCreatePrintKey } from './print-permits.ts';

let hall: TestHub | null = null;
afterEach(async () => {
  await hall?.close();
  hall = null;
});

/** Checks a permit as the kiosk agent does, with the key the hub serves. */
function read(permit: string, publicKeyPem: string): PrintPermitClaims {
  const [body, signature] = permit.split('.');
  const key = createPublicKey(publicKeyPem);
  expect(verify(null, Buffer.from(body!), key, Buffer.from(signature!, 'base64url'))).toBe(true);
  return PrintPermitClaims.parse(JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')));
}

describe('print permits', () => {
  it('come with every issued ticket, signed with the key the hub serves, naming its number and QR content', async () => {
    hall = await startTestHub();
    const kiosk = await hall.connect({ deviceToken: hall.addDevice('kiosk').token });
    await kiosk.nextSnapshot();
    const issued = await kiosk.call('ticket:issue', {
      requestId: 'req-00000001',
      serviceId: 'svc-1',
      identity: null,
    });
    if (!issued.ok) throw new Error(issued.error.message);
    const served = await fetch(`${hall.url}${PRINT_PERMIT_KEY_PATH}`);
    expect(served.status).toBe(200);
    const pem = await served.text();
    const claims = read(issued.data.printPermit, pem);
    expect(claims).toMatchObject({
      ticketId: issued.data.ticket.id,
      number: issued.data.ticket.number,
      qr: ticketQrContent(issued.data.ticket.id),
    });
    expect(claims.expiresAt).toBeGreaterThan(claims.issuedAt);
    // A retry of the same request answers the same ticket, with a permit for it.
    const again = await kiosk.call('ticket:issue', {
      requestId: 'req-00000001',
      serviceId: 'svc-1',
      identity: null,
    });
    if (!again.ok) throw new Error(again.error.message);
    expect(read(again.data.printPermit, pem).ticketId).toBe(issued.data.ticket.id);
  });

  it('keep their key owner-only beside the database, the same across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-permit-'));
    const file = join(dir, 'print-permit.key');
    const first = createPrintPermits(loadOrCreatePrintKey(file));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = createPrintPermits(loadOrCreatePrintKey(file));
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
    rmSync(dir, { recursive: true, force: true });
  });
});
