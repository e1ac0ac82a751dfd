import { startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';

/**
 * The window schedule end to end: an admin types a window's staffed hours and planned break in the console, saves,
 * and the clerk signed in at that window's counter sees the next break. The break is ahead (or under way) at any
 * hour the test runs.
 */
let browser: Browser;
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ config: { webApps: webApps() } });
  await hub.addUser('admin1', 'admin');
  await hub.addUser('clerk1', 'clerk');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe('window schedule (排班)', () => {
  it('is edited per window in the console, kept by the hub, and the counter shows the next break', async () => {
    const watcher = await hub.connect({ deviceToken: hub.addDevice('lobby').token });
    await watcher.nextSnapshot();
    const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    admin.on('pageerror', (error) => errors.push(error.message));
    await admin.goto(`${hub.url}/admin/`);
    await admin.fill('input[name=username]', 'admin1');
    await admin.fill('input[name=password]', TEST_PASSWORD);
    await admin.click('button[type=submit]');
    await admin.click('a[data-page=config]');
    // The first window's row: open its editor.
    await admin.click('button[data-section=windows]');
    await admin.locator('[data-section-card=windows] tbody tr').first().getByRole('button').click();
    await admin.fill('input[name=window-shift-open]', '00:00-24:00');
    await admin.fill('input[name=window-shift-breaks]', '23:45-24:00');
    expect(await admin.locator('[data-shift=w1]').textContent()).toBe('00:00-24:00 (☕ 23:45-24:00)');
    const configured = watcher.waitForUpdate((u) => u.change.type === 'hall:configured');
    await admin.click('button[name=save-hall]');
    await admin.getByText('已保存，立即生效').waitFor();
    const update = await configured;
    expect(update.change.type === 'hall:configured' && update.change.hall.schedule).toEqual({
      windows: [
        { windowId: 'w1', open: [{ from: '00:00', to: '24:00' }], breaks: [{ from: '23:45', to: '24:00' }] },
      ],
    });

    const counter = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    counter.on('pageerror', (error) => errors.push(error.message));
    await counter.goto(`${hub.url}/counter/#token=${hub.addDevice('counter', 'w1').token}`);
    await counter.locator('[data-testid=sign-in] button:enabled').waitFor();
    await counter.fill('input[name=username]', 'clerk1');
    await counter.fill('input[name=password]', TEST_PASSWORD);
    await counter.keyboard.press('Enter');
    await counter.locator('[data-testid=next-break]').waitFor();
    expect(await counter.locator('[data-testid=next-break]').textContent()).toMatch(/休息.*23:45–24:00/);
    expect(errors).toEqual([]);
  });
});
