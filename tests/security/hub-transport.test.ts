/**
 * Plain HTTP on the hall's LAN: the real hub process refuses a non-loopback address without TLS (and says why),
 * starts there only with --insecure-lan (and warns), and over TLS — with a hall CA and certificate made by
 * `hallctl cert` — sends HSTS. hallctl then reaches the https hub, trusting the hall CA (--ca).
 */

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testHall } from '@hallq/hub/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runHallctl } from '../../apps/hallctl/src/run-hallctl.ts';
import { HUB_FROM_SOURCE, type HubProcess, prepareHallDir, startHubProcess } from '../support/hub-process.ts';

const running: HubProcess[] = [];
const folders: string[] = [];

async function stop(hub: HubProcess): Promise<void> {
  if (hub.child.exitCode === null) {
    hub.child.kill('SIGTERM');
    await hub.exited;
  }
}

afterEach(async () => {
  for (const hub of running.splice(0)) await stop(hub);
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function hallDir() {
  const prepared = prepareHallDir(testHall());
  folders.push(prepared.dir);
  return prepared;
}

/** Starts the real hub process with extra flags and environment. */
async function startHub(flags: readonly string[], env: Record<string, string> = {}) {
  const { dir, hallFile } = hallDir();
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const hub = await startHubProcess(dir, hallFile, 0, [...HUB_FROM_SOURCE, ...flags]);
    running.push(hub);
    return { hub, dir };
  } finally {
    process.env = saved;
  }
}

describe('a LAN address without TLS', () => {
  it('is refused, with why it is dangerous and how to proceed', async () => {
    const refused = startHub(['--host', '0.0.0.0']);
    await expect(refused).rejects.toThrow(/hub exited \(2\)/);
    const message = String(await refused.catch((error: Error) => error.message));
    expect(message).toMatch(/Refusing to listen on 0\.0\.0\.0 without TLS/);
    expect(message).toMatch(/ID numbers, names, clerk passwords and device tokens/);
    expect(message).toMatch(/--tls-cert/);
    expect(message).toMatch(/--insecure-lan/);
  });

  it('starts with --insecure-lan (or HALLQ_INSECURE_LAN=1), with a warning', async () => {
    const started = await startHub(['--host', '0.0.0.0', '--insecure-lan']);
    expect(started.hub.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(started.hub.output()).toMatch(/WARNING: listening on 0\.0\.0\.0 without TLS \(--insecure-lan\)/);
    const port = new URL(started.hub.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await stop(started.hub);
    const fromEnv = await startHub(['--host', '0.0.0.0'], { HALLQ_INSECURE_LAN: '1' });
    expect(fromEnv.hub.url).toMatch(/^http:\/\/0\.0\.0\.0:/);
    expect(fromEnv.hub.output()).toMatch(/WARNING/);
  });

  it('is refused for the public listener (visitors’ phones) too, whatever the staff listener’s address', async () => {
    const refused = startHub(['--public-host', '0.0.0.0', '--public-port', '0']);
    await expect(refused).rejects.toThrow(/hub exited \(2\)/);
    const message = String(await refused.catch((error: Error) => error.message));
    expect(message).toMatch(/public listener: Refusing to listen on 0\.0\.0\.0 without TLS/);
    const onLoopback = await startHub(['--public-port', '0']);
    const publicUrl = /Public listener[^:]*: (\S+)/.exec(onLoopback.hub.output())?.[1] ?? '';
    expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('is never refused on loopback', async () => {
    const started = await startHub(['--host', '127.0.0.1']);
    expect((await fetch(`${started.hub.url}/healthz`)).status).toBe(200);
  });
});

describe('TLS with a hall certificate from hallctl', () => {
  let certs: string;
  const io = (cwd: string) => {
    const output = { out: '', err: '' };
    return {
      output,
      io: {
        out: (t: string) => {
          output.out += t;
        },
        err: (t: string) => {
          output.err += t;
        },
        env: {},
        cwd,
      },
    };
  };

  beforeAll(async () => {
    certs = mkdtempSync(join(tmpdir(), 'hallq-cert-'));
    folders.push(certs);
    const ca = io(certs);
    expect(await runHallctl(['cert', 'ca', '--dir', 'ca', '--name', 'Test hall CA'], ca.io)).toBe(0);
    expect(ca.output.out).toMatch(/hall-ca\.pem/);
    const server = io(certs);
    expect(
      await runHallctl(
        ['cert', 'server', '--host', 'localhost,127.0.0.1', '--ca-dir', 'ca', '--out', 'tls'],
        server.io,
      ),
    ).toBe(0);
    expect(server.output.out).toMatch(/--tls-cert/);
  });

  it('keeps the keys owner-only', () => {
    expect(statSync(join(certs, 'ca', 'hall-ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(certs, 'tls', 'hub.key')).mode & 0o777).toBe(0o600);
  });

  it('serves https that the hall CA verifies, with HSTS, even on a LAN address', async () => {
    const started = await startHub([
      '--host',
      '0.0.0.0',
      '--tls-cert',
      join(certs, 'tls', 'hub.pem'),
      '--tls-key',
      join(certs, 'tls', 'hub.key'),
      '--public-host',
      '0.0.0.0',
      '--public-port',
      '0',
    ]);
    expect(started.hub.url).toMatch(/^https:/);
    const port = Number(new URL(started.hub.url).port);
    const ca = readFileSync(join(certs, 'ca', 'hall-ca.pem'));
    const get = (at: number, path: string) =>
      new Promise<{ status: number; hsts: string | undefined }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: at, path, ca }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] as string });
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get(port, '/healthz')).toEqual({ status: 200, hsts: 'max-age=31536000' });
    // The public listener (visitors' phones) serves https with the same certificate, and HSTS, on a port of its own.
    const publicUrl = /Public listener[^:]*: (\S+)/.exec(started.hub.output())?.[1] ?? '';
    expect(publicUrl).toMatch(/^https:\/\/0\.0\.0\.0:\d+$/);
    expect(await get(Number(new URL(publicUrl).port), '/healthz')).toEqual({
      status: 404,
      hsts: 'max-age=31536000',
    });
    expect(started.hub.output()).not.toMatch(/WARNING/);

    // hallctl reaches the hub through the hall CA (the hub itself then asks it to sign in) and cannot without it.
    const trusted = io(certs);
    const url = `https://localhost:${port}`;
    await runHallctl(['status', '--url', url, '--ca', join(certs, 'ca', 'hall-ca.pem')], trusted.io);
    expect(trusted.output.err).toMatch(/UNAUTHENTICATED/);
    const untrusted = io(certs);
    expect(await runHallctl(['status', '--url', url], untrusted.io)).not.toBe(0);
    expect(untrusted.output.err).not.toMatch(/UNAUTHENTICATED/);
  });
});
