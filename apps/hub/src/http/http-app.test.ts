import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpHandler, requestPath } from './http-app.ts';

describe('requestPath', () => {
  it('decodes a path and refuses what cannot be one', () => {
    expect(requestPath('/kiosk/%E4%B8%AD?x=1#y')).toBe('/kiosk/中');
    expect(requestPath('/%')).toBeNull();
    expect(requestPath('/kiosk/%E4%B8%AD%')).toBeNull();
    expect(requestPath('/%E4%B8')).toBeNull();
    expect(requestPath('/a%00b')).toBeNull();
    expect(requestPath('*')).toBeNull();
    expect(requestPath('http://hub/x')).toBeNull();
    expect(requestPath(undefined)).toBeNull();
    expect(requestPath('//[')).toBe('//[');
  });
});

describe('the HTTP handler', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const onError = vi.fn();
  let explode = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hallq-http-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'favicon.ico'), Buffer.from([0, 0, 1, 0, 1, 0]));
    const handler = createHttpHandler({
      health: () => {
        if (explode) throw new Error('health failed');
        return { ok: true };
      },
      apps: [{ mount: '/kiosk', dir }],
      tls: true,
      onError,
    });
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 to paths it cannot decode (they used to throw out of the handler and end the hub)', async () => {
    for (const path of ['/%', '/kiosk/%E4%B8%AD%', '/%ZZ']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(400);
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('answers 500 and keeps serving when something inside the handler throws', async () => {
    explode = true;
    expect((await fetch(`${base}/healthz`)).status).toBe(500);
    explode = false;
    expect(onError).toHaveBeenCalled();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('answers /favicon.ico at the root with an app’s icon (browsers ask there whatever they opened)', async () => {
    const answer = await fetch(`${base}/favicon.ico`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/x-icon');
    expect([...new Uint8Array(await answer.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it('sends HSTS when the hub serves https', async () => {
    const answer = await fetch(`${base}/kiosk/`);
    expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
