/**
 * Device tokens in page URLs, in Chromium against the built apps: every screen opened with its one-time link
 * (`/lobby/#token=…`, `/kiosk/#token=…&pairing=…`, `/counter/#token=…`, `/rate/#token=…`) reads the secret
 * once, keeps it in local storage, and takes it out of the address bar with history.replaceState — so it is in
 * neither the history entry nor the address bar, and a reload still signs the device in from storage.
 */

import { startTestHub, type TestHub } from '@hallq/hub/testing';
import type { DeviceKind } from '@hallq/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';

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

/** Whether the hub has seen the device connect since `after` (a page that found its token connects with it). */
const seenSince = (deviceId: string, after: number | null) => {
  const device = hub.hub.accounts.devices().find((d) => d.id === deviceId);
  return device?.lastSeenAt !== null && device?.lastSeenAt !== undefined && device.lastSeenAt !== after;
};

const SCREENS: { app: string; kind: DeviceKind; window?: string; extra?: string; query?: string }[] = [
  { app: 'lobby', kind: 'lobby' },
  // The kiosk's agent is nowhere here; the pairing secret in its link must leave the address bar too.
  {
    app: 'kiosk',
    kind: 'kiosk',
    extra: `&pairing=${'p'.repeat(32)}`,
    query: '?agent=http%3A%2F%2F127.0.0.1%3A9',
  },
  { app: 'counter', kind: 'counter', window: 'w1' },
  { app: 'rate', kind: 'pad', window: 'w1' },
];

describe('device tokens are taken out of page URLs', () => {
  it.each(SCREENS)('$app: read once, kept in storage, stripped from the address bar', async (screen) => {
    const device = hub.addDevice(screen.kind, screen.window ?? null);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const query = screen.query ?? '';
      await page.goto(`${hub.url}/${screen.app}/${query}#token=${device.token}${screen.extra ?? ''}`);
      await page.waitForFunction(() => !window.location.hash.includes('token='));
      expect(page.url()).toBe(`${hub.url}/${screen.app}/${query}`);
      expect(page.url()).not.toContain(device.token);
      // The history entry itself holds the clean URL: back is the blank page before it, forward the clean URL.
      await page.goBack();
      expect(page.url()).toBe('about:blank');
      await page.goForward();
      expect(page.url()).toBe(`${hub.url}/${screen.app}/${query}`);
      const stored = await page.evaluate(() => JSON.stringify(Object.entries(window.localStorage)));
      expect(stored).toContain(device.token);
      await expect.poll(() => seenSince(device.id, null), { timeout: 30_000 }).toBe(true);

      // A reload has no token in the URL: the page signs in from storage.
      const before = hub.hub.accounts.devices().find((d) => d.id === device.id)?.lastSeenAt ?? null;
      hub.clock.advance(1000);
      await page.reload();
      expect(page.url()).not.toContain('token=');
      await expect.poll(() => seenSince(device.id, before), { timeout: 30_000 }).toBe(true);
    } finally {
      await context.close();
    }
  });

  it.each(SCREENS)('$app: a malformed token leaves the address bar too', async (screen) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Cut short by a mail client or typed wrong: still a secret's beginning, so it must not stay in history.
      await page.goto(`${hub.url}/${screen.app}/${screen.query ?? ''}#token=Ab3_short`);
      await page.waitForFunction(() => !window.location.hash.includes('token='));
      expect(page.url()).not.toContain('Ab3_short');
    } finally {
      await context.close();
    }
  });
});
