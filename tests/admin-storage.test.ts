import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, webApps } from './support/browser.ts';

/**
 * The admin console's storage card in Debian's Chromium: the last good backup, and commits the storage lost
 * (made as in apps/hub/src/lost-commits.test.ts: the file put back to an earlier copy of itself), accepted by
 * the admin with the card's button.
 */
let browser: Browser;
let hub: TestHub | null = null;
const dir = mkdtempSync(join(tmpdir(), 'hallq-admin-storage-'));

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = () => ({
  webApps: webApps(),
  markFile: join(dir, 'hallq.mark'),
  backup: { folder: join(dir, 'backups'), keepDays: 3 },
});

describe('the admin console’s storage card', () => {
  it('shows the last good backup and a loss of acknowledged commits, which the admin accepts', async () => {
    hub = await startTestHub({ dir, config: config() });
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    const issue = () =>
      kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-1', identity: null });
    await issue();
    hub.db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(join(dir, 'hallq.db'), join(dir, 'earlier.db'));
    await issue();
    await issue();
    await hub.close();
    copyFileSync(join(dir, 'earlier.db'), join(dir, 'hallq.db'));
    rmSync(join(dir, 'hallq.db-wal'), { force: true });
    rmSync(join(dir, 'hallq.db-shm'), { force: true });

    hub = await startTestHub({ dir, config: config() });
    await hub.hub.tick();
    await hub.addUser('storage-admin', 'admin');
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${hub.url}/admin/`);
    await page.fill('input[name=username]', 'storage-admin');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');

    const card = page.locator('section.storage');
    await card.locator('li[data-line=lost]').waitFor();
    expect(await card.locator('li[data-line=lost]').textContent()).toMatch(
      /存储丢失了已确认的数据：事件 \d+–\d+/,
    );
    expect(await card.locator('li[data-line=last-good]').textContent()).toMatch(/最近的完好备份：2026-11-28/);
    expect(await card.locator('li[data-line=same-disk]').count()).toBe(1);
    await screenshot(page, 'admin-storage-lost-commits');

    await card.locator('button', { hasText: '确认接受数据丢失' }).click();
    await card.locator('li[data-line=lost]').waitFor({ state: 'detached' });
    expect(hub.hub.hall.lostCommits()).toBeNull();
    expect(await card.getAttribute('data-storage')).toBe('ok');
    await context.close();
  });
});
