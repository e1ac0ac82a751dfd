/**
 * The production build: when `npm start` must build again, the web apps' bundles (no chunk over Vite's 500 kB
 * warning) and their icons (no request of a screen answered 404).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestHub, type TestHub } from '@hallq/hub/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP, SERVER_BUNDLES, staleReason, WEB_OUTPUTS } from '../scripts/lib/build-plan.mjs';
import { launchChromium, REPO_ROOT, webApps } from './support/browser.ts';

describe('the staleness check of npm start', () => {
  let root: string;
  const write = (file: string, at: number) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), at / 1000, at / 1000);
  };
  const built = Date.UTC(2026, 11, 6, 10, 0, 0);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'hallq-build-plan-'));
    write('apps/hub/src/main.ts', built - 60_000);
    write('packages/core/src/queue.ts', built - 60_000);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('asks for a build while an output is missing', () => {
    expect(staleReason(root)).toBe('apps/hub/dist/main.mjs is missing');
    for (const file of [...SERVER_BUNDLES.map((b) => b.outfile), ...WEB_OUTPUTS]) write(file, built);
    expect(staleReason(root)).toBe(`${BUILD_STAMP} is missing`);
    write(BUILD_STAMP, built);
    expect(staleReason(root)).toBeNull();
  });

  it('asks for a build when a source changed after it; tests, outputs, node_modules and the shells do not count', () => {
    write('packages/core/src/queue.test.ts', built + 60_000);
    write('apps/kiosk/node_modules/x/index.js', built + 60_000);
    write('apps/lobby/public/voice/default/zh/a.wav', built + 60_000);
    write('apps/admin/dist/assets/index.js', built + 60_000);
    write('apps/kiosk/electron/main.ts', built + 60_000);
    write('apps/kiosk/electron-builder.json', built + 60_000);
    write('apps/kiosk/tsconfig.node.json', built + 60_000);
    expect(staleReason(root)).toBeNull();
    write('packages/core/src/queue.ts', built + 1000);
    expect(staleReason(root)).toBe('packages/core/src/queue.ts changed after the last build');
  });
});

describe('the built web apps', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({ config: { webApps: webApps() } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('no JavaScript chunk is over Vite’s 500 kB warning', () => {
    const chunks = ['admin', 'counter', 'kiosk', 'lobby', 'visitor'].flatMap((app) => {
      const dir = join(REPO_ROOT, 'apps', app, 'dist', 'assets');
      return readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => ({ file: `${app}/${f}`, bytes: statSync(join(dir, f)).size }));
    });
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.filter((c) => c.bytes > 500_000)).toEqual([]);
  });

  it.each(['kiosk', 'counter', 'lobby', 'admin', 'rate'])(
    '/%s/ declares an icon the hub serves, and no request of the page is refused',
    async (app) => {
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(`${hub.url}/${app}/`);
      await page.waitForLoadState('networkidle');
      // Headless Chromium fetches no icons itself: fetch the one the page declares, as a browser window would.
      const icon = await page.evaluate(
        () => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href,
      );
      await page.close();
      expect(failed).toEqual([]);
      // The rating pad is the counter build's second page: it uses the counter's icon.
      expect(icon).toBe(`${hub.url}/${app === 'rate' ? 'counter' : app}/favicon.ico`);
      const response = await fetch(icon!);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/x-icon');
      expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
    },
  );
});

describe('the built visitor app on the public listener', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({
      config: {
        publicListener: {
          host: '127.0.0.1',
          port: 0,
          visitorDir: join(REPO_ROOT, 'apps', 'visitor', 'dist'),
        },
      },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('/book/ declares an icon the listener serves, and no request of the page is refused', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${hub.publicUrl}/book/`);
    await page.waitForLoadState('networkidle');
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href);
    await page.close();
    expect(failed).toEqual([]);
    expect(icon).toBe(`${hub.publicUrl}/favicon.ico`);
    const response = await fetch(icon!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/x-icon');
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});
