/**
 * `npm start` as a newcomer runs it (scripts/start.mjs): it builds when the sources changed, starts the simulated
 * kiosk device agent and the built hub, and prints a link per screen. The links must just work — the kiosk's finds
 * its agent on whatever port the agent got — a restart must keep the demo devices (open screens keep working), and
 * the console shows no raw JSON log entries.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient } from '@hallq/hub/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, REPO_ROOT } from './support/browser.ts';

interface StartedHall {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  /** Resolves when the console shows `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

/**
 * `npm start -- --data DIR --port 0 --agent-port 0`: free ports, a data folder of the test's own. With
 * `agentPortFromEnv`, the agent's port comes from `HALLQ_AGENT_PORT` instead of the flag.
 */
function startHall(dataDir: string, agentPortFromEnv?: number): StartedHall {
  const agentPort = agentPortFromEnv === undefined ? ['--agent-port', '0'] : [];
  const env = {
    ...process.env,
    HALLQ_LOG_LEVEL: 'info',
    ...(agentPortFromEnv !== undefined && { HALLQ_AGENT_PORT: String(agentPortFromEnv) }),
  };
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'scripts', 'start.mjs'), '--data', dataDir, '--port', '0', ...agentPort],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const waiters: (() => void)[] = [];
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return;
          waiters.splice(waiters.indexOf(check), 1);
          resolve(match);
        };
        waiters.push(check);
        check();
        void exited.then((code) =>
          reject(new Error(`npm start exited (${code}) before ${pattern}:\n${output}`)),
        );
      });
    },
  };
}

async function stopHall(hall: StartedHall): Promise<number | null> {
  hall.child.kill('SIGTERM');
  const timer = setTimeout(() => hall.child.kill('SIGKILL'), 10_000);
  const code = await hall.exited;
  clearTimeout(timer);
  return code;
}

/** The demo devices' links, by label, as printed under "Demo devices". */
function demoLinks(output: string): Map<string, URL> {
  const block = /Demo devices[^\n]*\n((?: {2}.+\n)+)/.exec(output)?.[1] ?? '';
  const links = new Map<string, URL>();
  for (const line of block.trimEnd().split('\n')) {
    const match = /^ {2}(.+?)\s{2,}(http\S+)$/.exec(line);
    if (match) links.set(match[1]!, new URL(match[2]!));
  }
  return links;
}

/** A port nobody listens on now (the system's choice, released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const tokenOf = (link: URL) => new URLSearchParams(link.hash.slice(1)).get('token') ?? '';
const LINKS_PRINTED = /Demo clerks[^\n]*\n {2}clerk1.*\n {2}clerk2.*\n/;

let dataDir: string;
let browser: Browser;
const halls: StartedHall[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hallq-start-'));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const hall of halls) if (hall.child.exitCode === null) await stopHall(hall);
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  let firstLinks: Map<string, URL>;

  it('prints a kiosk link that names the agent it started, and the kiosk reaches that agent', async () => {
    const hall = startHall(dataDir);
    halls.push(hall);
    const [, agentUrl] = await hall.waitFor(/HallQ kiosk device agent: (\S+)/);
    await hall.waitFor(LINKS_PRINTED);
    firstLinks = demoLinks(hall.output());
    expect([...firstLinks.keys()]).toEqual(['kiosk', 'lobby', 'counter w1', 'counter w2', 'rating w1']);
    const kiosk = firstLinks.get('kiosk')!;
    // The agent got a free port, not the default 8091: only a link that names it can reach it.
    expect(kiosk.searchParams.get('agent')).toBe(agentUrl);
    // It carries the agent's pairing secret of this boot: npm start gave the same one to the hub and the agent.
    expect(new URLSearchParams(kiosk.hash.slice(1)).get('pairing')).toMatch(/^[\w-]{16,}$/);
    // The links come last, after the agent's banner, where a newcomer looks.
    expect(hall.output().indexOf('Demo devices')).toBeGreaterThan(
      hall.output().indexOf('HallQ kiosk device agent'),
    );

    // The public listener (visitors' phones) on a port of its own, printed with its pages; no staff path on it.
    const publicUrl = /Public listener[^:]*: (\S+)/.exec(hall.output())?.[1] ?? '';
    expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(publicUrl).port).not.toBe(new URL(kiosk.href).port);
    expect((await fetch(`${publicUrl}/book/`)).status).toBe(200);
    expect((await fetch(`${publicUrl}/kiosk/`)).status).toBe(404);
    // Browsers ask both listeners' roots for an icon, whatever page they opened: HallQ's icon, not a 404.
    const hubUrl = /HallQ hub is running: (\S+)/.exec(hall.output())![1]!;
    for (const base of [hubUrl, publicUrl]) {
      const icon = await fetch(`${base}/favicon.ico`);
      expect(icon.status, base).toBe(200);
      expect(icon.headers.get('content-type'), base).toBe('image/x-icon');
      expect([...new Uint8Array(await icon.arrayBuffer()).slice(0, 4)], base).toEqual([0, 0, 1, 0]);
    }

    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(kiosk.href);
    await page.locator('[data-service]').first().waitFor();
    await page.locator('[data-banner="hub"]').waitFor({ state: 'detached' });
    await page.locator('[data-banner="agent"]').waitFor({ state: 'detached', timeout: 15_000 });
    await page.close();

    // The first start writes the day's backup, logged after the links: shown as a readable line, not as JSON.
    await hall.waitFor(/daily backup written.*\n/);
    const rawJson = hall
      .output()
      .split('\n')
      .filter((line) => line.trimStart().startsWith('{'));
    expect(rawJson).toEqual([]);
    expect(hall.output()).not.toContain('larger than 500 kB');

    expect(await stopHall(hall)).toBe(0);
    // Stopping npm start stops the hub and the agent with it.
    await expect(fetch(`${hubUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${agentUrl}/socket.io/?EIO=4&transport=polling`)).rejects.toThrow();
  });

  it('keeps the demo devices across a restart: the same links, and their tokens still authenticate', async () => {
    expect(firstLinks).toBeDefined();
    const hall = startHall(dataDir);
    halls.push(hall);
    await hall.waitFor(LINKS_PRINTED);
    const links = demoLinks(hall.output());
    expect([...links.keys()]).toEqual([...firstLinks.keys()]);
    for (const [label, link] of links) expect(tokenOf(link), label).toBe(tokenOf(firstLinks.get(label)!));
    expect(statSync(join(dataDir, 'demo-devices.json')).mode & 0o777).toBe(0o600);

    const hubUrl = /HallQ hub is running: (\S+)/.exec(hall.output())![1]!;
    for (const [label, link] of firstLinks) {
      const client = await connectClient(hubUrl, { deviceToken: tokenOf(link) }).catch((error: Error) => {
        throw new Error(`${label}: ${error.message}`);
      });
      const snapshot = await client.nextSnapshot();
      expect(snapshot.hall.services.length, label).toBeGreaterThan(0);
      client.close();
    }
    expect(await stopHall(hall)).toBe(0);
  });
});

describe('npm start with HALLQ_AGENT_PORT', () => {
  it('starts the agent on that port, and the printed kiosk link names it', async () => {
    const port = await freePort();
    const envDir = mkdtempSync(join(tmpdir(), 'hallq-start-env-'));
    const hall = startHall(envDir, port);
    halls.push(hall);
    try {
      const [, agentUrl] = await hall.waitFor(/HallQ kiosk device agent: (\S+)/);
      await hall.waitFor(LINKS_PRINTED);
      expect(new URL(agentUrl!).port).toBe(String(port));
      const kiosk = demoLinks(hall.output()).get('kiosk')!;
      expect(new URL(kiosk.searchParams.get('agent') ?? '').port).toBe(String(port));
      // The agent listens there: the kiosk opened from the printed link reaches it (its banner goes).
      const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
      await page.goto(kiosk.href);
      await page.locator('[data-service]').first().waitFor();
      await page.locator('[data-banner="agent"]').waitFor({ state: 'detached', timeout: 15_000 });
      await page.close();
      expect(await stopHall(hall)).toBe(0);
    } finally {
      rmSync(envDir, { recursive: true, force: true });
    }
  });
});

describe('npm run hallctl', () => {
  it.each([['--help'], ['help']])(
    '`npm run hallctl -- %s` prints the usage and exits 0 with no hub',
    (arg) => {
      const result = spawnSync(
        'npm',
        ['run', '--silent', 'hallctl', '--', arg, '--url', 'http://127.0.0.1:1'],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('hallctl — operate a HallQ hub from a terminal');
    },
  );
});
