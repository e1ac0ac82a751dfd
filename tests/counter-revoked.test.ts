/**
 * A counter terminal whose device token the hub refuses (revoked by the administrator, or never known): the screen
 * says so once, in Chinese first and English second, with what staff must do — never the hub's raw English
 * reason, never twice, never "connecting…" forever.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_PASSWORD, type TestHub, testHall } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout } from './support/layout-check.ts';

const REFUSED_ZH = '本终端未登记或已被注销';
const REFUSED_EN = 'This terminal is not registered or was revoked';

const dir = mkdtempSync(join(tmpdir(), 'hallq-counter-revoked-'));
let hub: TestHub;
let browser: Browser;
const pageErrors: string[] = [];

async function newPage(url: string, width = 1366, height = 768): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

/** What the page shows: innerText, not textContent, which would count hidden text too. */
const shownText = (page: Page) =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
  page.evaluate(() => document.body.innerText);

/** How often a text appears in what the page shows. */
const timesShown = async (page: Page, text: string) => (await shownText(page)).split(text).length - 1;

async function expectSaidOnce(page: Page): Promise<void> {
  await page.locator('[data-testid=device-refused]').waitFor();
  expect(await timesShown(page, REFUSED_ZH)).toBe(1);
  expect(await timesShown(page, REFUSED_EN)).toBe(1);
  const shown = await shownText(page);
  expect(shown.indexOf(REFUSED_ZH)).toBeLessThan(shown.indexOf(REFUSED_EN)); // Chinese first
  expect(shown).toContain('请联系管理员'); // what staff must do
  expect(shown).not.toMatch(/unknown or revoked device token/i);
  expect(shown).not.toContain('正在连接服务器');
}

beforeAll(async () => {
  hub = await startTestHub({
    dir,
    hall: testHall({ services: 2, windows: 2 }),
    config: { webApps: webApps() },
  });
  await hub.addUser('clerk1', 'clerk');
  await hub.addUser('admin1', 'admin');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a counter terminal with a refused device token', () => {
  it('revoked while a clerk is signed in: the screen says it once, Chinese first, with what to do', async () => {
    const device = hub.addDevice('counter', 'w1');
    const page = await newPage(`${hub.url}/counter/#token=${device.token}`);
    await page.locator('[data-testid=sign-in] button:enabled').waitFor();
    await page.fill('input[name=username]', 'clerk1');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=counter]').waitFor();

    const admin = await hub.connect();
    const login = await admin.call('session:login', {
      username: 'admin1',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(login.ok).toBe(true);
    const revoked = await admin.call('device:revoke', { deviceId: device.id });
    expect(revoked.ok).toBe(true);

    await expectSaidOnce(page);
    expect(await checkLayout(page, { name: 'counter-1366x768-device-refused' })).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await checkLayout(page, { name: 'counter-1280x720-device-refused' })).toEqual([]);
  });

  it('opened with a token the hub does not know: the same words, not "connecting…" forever', async () => {
    const page = await newPage(`${hub.url}/counter/#token=${'x'.repeat(43)}`, 1920, 1080);
    await expectSaidOnce(page);
    expect(await checkLayout(page, { name: 'counter-1920x1080-device-refused' })).toEqual([]);
  });

  it('an evaluation pad revoked while idle says so too, instead of waiting for the hub forever', async () => {
    const device = hub.addDevice('pad', 'w1');
    const page = await newPage(`${hub.url}/rate/#token=${device.token}`, 800, 1280);
    await page.locator('[data-testid=pad-idle]').waitFor();
    const admin = await hub.connect();
    await admin.call('session:login', { username: 'admin1', password: TEST_PASSWORD, windowId: null });
    expect((await admin.call('device:revoke', { deviceId: device.id })).ok).toBe(true);

    await page.locator('[data-testid=pad-refused]').waitFor();
    expect(await timesShown(page, '评价器未登记或已被注销')).toBe(1);
    expect(await shownText(page)).not.toContain('正在连接服务器');
    expect(await checkLayout(page, { name: 'rate-800x1280-device-refused' })).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await checkLayout(page, { name: 'rate-1280x800-device-refused' })).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
