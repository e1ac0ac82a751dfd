import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PRINT_PERMIT_KEY_PATH } from '@hallq/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import { PUBLIC_CONTENT_SECURITY_POLICY } from './public-headers.ts';
import { createPublicRouter, isStaffPath, type PublicRoute } from './public-router.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with its target sent as written (fetch would normalise a malformed one first). */
function get(
  base: string,
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, path: target, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A stand-in build of the visitor app: its page, one script, its icon. */
function visitorBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-visitor-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>visitor</title><script src="/assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
  writeFileSync(join(dir, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  return dir;
}

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';

describe('the public listener', () => {
  let hub: TestHub;
  let visitorDir: string;
  let publicUrl: string;

  beforeAll(async () => {
    visitorDir = visitorBuild();
    hub = await startTestHub({
      config: {
        publicListener: {
          host: '127.0.0.1',
          port: 0,
          visitorDir,
          limits: { burst: 10_000, perSecond: 10_000, maxStreams: 4, maxAddresses: 100 },
        },
      },
    });
    publicUrl = hub.publicUrl!;
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(visitorDir, { recursive: true, force: true });
  });

  it('listens on a port of its own, apart from the staff listener', () => {
    expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(publicUrl).port).not.toBe(new URL(hub.url).port);
  });

  it.each([
    '/api/v1/tickets',
    '/api/v1/openapi.json',
    '/socket.io/?EIO=4&transport=polling',
    '/socket.io/',
    '/admin/',
    '/admin',
    '/ADMIN/',
    '/kiosk/',
    '/counter/',
    '/lobby/',
    '/rate/',
    '/healthz',
    PRINT_PERMIT_KEY_PATH,
  ])('answers 404 for the staff path %s (which the staff listener serves)', async (path) => {
    const answer = await get(publicUrl, path);
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).toBe('not found');
  });

  it('answers staff requests on the staff listener as before (the 404s above are the public side’s)', async () => {
    expect((await get(hub.url, '/healthz')).status).toBe(200);
    expect((await get(hub.url, '/socket.io/?EIO=4&transport=polling')).status).toBe(200);
    expect((await get(hub.url, `/t/${TOKEN}`)).status).toBe(404);
  });

  it('refuses a Socket.IO handshake of the staff’s by WebSocket too', async () => {
    const answer = await get(publicUrl, '/socket.io/?EIO=4&transport=websocket', {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    }).catch((error: unknown) => error);
    // Closed without an answer: nothing here speaks WebSocket.
    expect(answer).toBeInstanceOf(Error);
  });

  it.each([
    '/%',
    '/%E4%B8',
    '/%ZZ',
    '/t/%00',
    '/t/..%2f..%2fetc',
    '/t/%2e%2e',
    '/assets/..%5cindex.html',
    `/${'a'.repeat(2100)}`,
    '*',
    'http://evil.example/t/x',
  ])('answers 400 for the malformed target %s', async (target) => {
    const answer = await get(publicUrl, target.slice(0, 2200));
    expect(answer.status).toBe(400);
  });

  it('serves the visitor page for /t/<token> and /book/, with the strict headers', async () => {
    for (const path of [`/t/${TOKEN}`, '/book/', '/book/slots/2026-12-01']) {
      const answer = await get(publicUrl, path);
      expect(answer.status, path).toBe(200);
      expect(answer.body.toString()).toContain('<title>visitor</title>');
      expect(answer.headers['content-security-policy']).toBe(PUBLIC_CONTENT_SECURITY_POLICY);
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the app’s files gzip-compressed to a phone that asks, and never the page for a missing file', async () => {
    const plain = await get(publicUrl, '/assets/app.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const zipped = await get(publicUrl, '/assets/app.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 10);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect((await get(publicUrl, '/assets/missing.js')).status).toBe(404);
    expect((await get(publicUrl, '/favicon.ico')).status).toBe(200);
  });

  it('answers 404 for any other path and 405 for a method a route does not take', async () => {
    for (const path of ['/', '/t/', '/t', '/index.html', '/visitor/', '/bookings'])
      expect((await get(publicUrl, path)).status, path).toBe(404);
    expect((await get(publicUrl, `/t/${TOKEN}`, { method: 'POST', body: '{}' })).status).toBe(405);
    expect((await get(publicUrl, `/t/${TOKEN}`, { method: 'DELETE' })).status).toBe(405);
    expect((await get(publicUrl, `/t/${TOKEN}`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers every fuzzed path with a 2xx–4xx and keeps serving', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        't',
        'book',
        'assets',
        'api',
        'socket.io',
        'admin',
        '..',
        '.',
        '',
        '%',
        '%2F',
        '%00',
        '%E4%B8',
        '%C0%AF',
        '\u00ff',
        TOKEN,
      ),
      fc.stringMatching(/^[A-Za-z0-9%._~-]{0,30}$/),
    );
    const target = fc
      .tuple(fc.array(segment, { maxLength: 6 }), fc.constantFrom('', '?', '?%', '#%', '?a=%E4'))
      .map(([parts, tail]) => `/${parts.join('/')}${tail}`);
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'),
        async (path, method) => {
          const answer = await get(publicUrl, path, { method });
          return answer.status >= 200 && answer.status < 500;
        },
      ),
      { numRuns: 300 },
    );
    expect((await get(publicUrl, `/t/${TOKEN}`)).status).toBe(200);
  });
});

describe('the public router', () => {
  it('refuses to register a staff path as a public route', () => {
    const route = (path: string): PublicRoute => ({ method: 'GET', path, handle: () => {} });
    const limiter = { take: () => true, openStream: () => () => {}, size: () => 0 };
    for (const path of ['/api/x', '/socket.io/*', '/admin', '/healthz'])
      expect(() =>
        createPublicRouter({ routes: [route(path)], limiter, clock: () => 0, tls: false }),
      ).toThrow(/staff path/);
    expect(isStaffPath('/apiary')).toBe(false);
    expect(isStaffPath('/Api/v1')).toBe(true);
  });
});

describe('the public listener’s limit per address', () => {
  let hub: TestHub;
  let visitorDir: string;

  beforeAll(async () => {
    visitorDir = visitorBuild();
    hub = await startTestHub({
      config: {
        publicListener: {
          host: '127.0.0.1',
          port: 0,
          visitorDir,
          limits: { burst: 5, perSecond: 1, maxStreams: 1, maxAddresses: 100 },
        },
      },
    });
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(visitorDir, { recursive: true, force: true });
  });

  it('answers 429 once an address has spent its burst (the hub’s clock stands still, so nothing refills)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await get(hub.publicUrl!, `/t/${TOKEN}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await get(hub.publicUrl!, '/book/');
    expect(refused.headers['retry-after']).toBe('1');
    hub.clock.advance(2000);
    expect((await get(hub.publicUrl!, '/book/')).status).toBe(200);
  });
});
