import { startTestHub, type TestHub } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, webApps } from './support/browser.ts';

/**
 * The "set a new password" step of the counter's and the admin console's sign-in (issue 10.6), in Debian's
 * Chromium against a real hub: a one-time password opens no session until the person has chosen their own.
 */
let browser: Browser;
let hub: TestHub;

const ONE_TIME = 'Kq7mPz3wXr9tHn2v';

beforeAll(async () => {
  hub = await startTestHub({ config: { webApps: webApps() } });
  for (const [username, role] of [
    ['first-admin', 'admin'],
    ['new-clerk', 'clerk'],
  ] as const) {
    await hub.hub.accounts.addUser({
      username,
      displayName: username,
      staffNumber: '1',
      password: ONE_TIME,
      role,
      now: hub.clock.now(),
      mustChangePassword: true,
    });
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function open(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function setNewPassword(page: Page, password: string, again = password): Promise<void> {
  await page.fill('input[name=new-password]', password);
  await page.fill('input[name=confirm-password]', again);
  await page.click('[data-testid=set-new-password] button[type=submit]');
}

describe('sign-in with a one-time password', () => {
  it('the counter asks for a new password, refuses a common one, and signs the clerk in with their own', async () => {
    const counter = hub.addDevice('counter', 'w1');
    const page = await open(`${hub.url}/counter/#token=${counter.token}`);
    await page.fill('input[name=username]', 'new-clerk');
    await page.fill('input[name=password]', ONE_TIME);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=set-new-password]').waitFor();
    expect(await page.textContent('[data-testid=set-new-password] h1')).toContain('设置新密码');
    await setNewPassword(page, 'short');
    expect(await page.textContent('[role=alert]')).toContain('至少 12 个字符');
    await setNewPassword(page, 'qwertyuiop123');
    await expect.poll(() => page.textContent('[role=alert]')).toContain('too common');
    await screenshot(page, 'counter-set-new-password-refused');
    await setNewPassword(page, 'clerk picks amber kettle 8');
    await page.locator('[data-testid=counter]').waitFor();
    // The one-time password opens nothing any more; the chosen one does.
    const probe = await hub.connect();
    expect(
      await probe.call('session:login', { username: 'new-clerk', password: ONE_TIME, windowId: null }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('the admin console does the same for the first admin', async () => {
    const page = await open(`${hub.url}/admin/`);
    await page.fill('input[name=username]', 'first-admin');
    await page.fill('input[name=password]', ONE_TIME);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=set-new-password]').waitFor();
    await setNewPassword(page, 'admin chooses 5 quiet harbors', 'admin chooses 5 quiet harbor');
    expect(await page.textContent('[role=alert]')).toMatch(/不一致|differ/);
    await setNewPassword(page, 'admin chooses 5 quiet harbors');
    await page.locator('[data-testid=set-new-password]').waitFor({ state: 'detached' });
    await page.locator('[data-page=config]').waitFor();
    await screenshot(page, 'admin-after-new-password');
  });
});
