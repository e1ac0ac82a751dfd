import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub } from '@hallq/hub/testing';
import { describe, expect, it } from 'vitest';
import { visit } from '../testing/hall-activity.ts';
import { caughtUp, centreCopyOf, FAST_RETRY, hubLogOf } from '../testing/hub-link.ts';
import { startTestCentral } from '../testing/test-central.ts';

/** A certificate for 127.0.0.1 signed by itself: the city's own CA, as far as the hub is concerned. */
function cityCertificate(dir: string): { cert: Buffer; key: Buffer } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

describe('a hub pushing to the centre over HTTPS', () => {
  it('trusts the city CA it is given (--central-ca), and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-central-tls-'));
    const tls = cityCertificate(dir);
    const centre = await startTestCentral('tls', { tls });
    expect(centre.url).toMatch(/^https:/);
    const token = await centre.central.halls.register({ hallId: 'tls-1', name: '己', region: '东城区' });
    const trusting = await startTestHub({
      config: { central: { url: centre.url, hallId: 'tls-1', token, ca: tls.cert, retry: FAST_RETRY } },
    });
    // Without the CA the centre's certificate is refused: the hub waits, the hall works.
    const other = await centre.central.halls.register({ hallId: 'tls-2', name: '庚', region: '东城区' });
    const untrusting = await startTestHub({
      config: { central: { url: centre.url, hallId: 'tls-2', token: other, retry: FAST_RETRY } },
    });
    try {
      visit(trusting);
      visit(untrusting);
      await caughtUp(trusting);
      expect(await centreCopyOf(centre.central.pool, 'tls-1')).toEqual(hubLogOf(trusting));
      const waiting = await new Promise<string>((resolve) => {
        const now = untrusting.hub.central!.state();
        if (now.kind === 'waiting') return resolve(now.reason);
        const stop = untrusting.hub.central!.onState((state) => {
          if (state.kind !== 'waiting') return;
          stop();
          resolve(state.reason);
        });
      });
      expect(waiting).toMatch(/certificate/i);
      expect(await centreCopyOf(centre.central.pool, 'tls-2')).toEqual([]);
    } finally {
      await trusting.close();
      await untrusting.close();
      await centre.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
