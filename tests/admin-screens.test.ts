import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';

/**
 * The admin console's defects of issue 11 point 4, each driven in Debian's Chromium against a real hub (manual
 * clock): the hub going away and coming back, tab addresses, the report on open, the alert list, the charts,
 * the tables' numbers and the audit trail in words.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
const hubs: TestHub[] = [];
const pages: Page[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const p of pages.splice(0))
    await p
      .context()
      .close()
      .catch(() => undefined);
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function hub(options: { dir?: string; port?: number } = {}): Promise<TestHub> {
  const h = await startTestHub({
    ...(options.dir ? { dir: options.dir } : {}),
    config: { webApps: webApps(), ...(options.port ? { port: options.port } : {}) },
  });
  hubs.push(h);
  return h;
}

async function signIn(h: TestHub, username: string, hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  pages.push(page);
  page.on('pageerror', (error) => console.error('[admin page]', error));
  await page.goto(`${h.url}/admin/${hash}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.locator('header.top nav').waitFor();
  return page;
}

async function kioskOf(h: TestHub): Promise<TestClient> {
  return h.connect({ deviceToken: h.addDevice('kiosk').token });
}
const issue = (kiosk: TestClient, serviceId = 'svc-1') =>
  kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId, identity: null });

/** Runs the day's report the way a person does: once the day is filled in, 查询. */
async function runReport(page: Page): Promise<void> {
  await page.locator('input[name=report-day]').and(page.locator('[value="2026-11-28"]')).waitFor();
  await page.click('button[name=run-report]');
  await page.locator('.totals .figure .value').first().waitFor({ timeout: 10_000 });
}

/** Headers of numeric columns (cells marked `num`, right-aligned) that are not right-aligned themselves. */
const misalignedHeaders = (page: Page) =>
  page.locator('table').evaluateAll((tables) =>
    tables.flatMap((table) => {
      const heads = [...table.querySelectorAll('thead th')];
      const row = table.querySelector('tbody tr');
      if (!row) return [];
      return [...row.children].flatMap((cell, i) =>
        cell.classList.contains('num') && heads[i] && getComputedStyle(heads[i]).textAlign !== 'right'
          ? [heads[i].textContent]
          : [],
      );
    }),
  );

const waitingShown = (page: Page) =>
  page.locator('.supervision table tbody tr').first().locator('td.num').first().textContent();

describe('admin console and the hub (issue 11 point 4)', () => {
  it('shows a banner while the hub is down and resyncs by itself once it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-admin-'));
    dirs.push(dir);
    const port = await freePort();
    const first = await hub({ dir, port });
    await first.addUser('sup1', 'supervisor');
    const kiosk = await kioskOf(first);
    expect(await issue(kiosk)).toMatchObject({ ok: true });
    const page = await signIn(first, 'sup1');
    await expect.poll(() => waitingShown(page)).toBe('1');
    expect(await page.locator('[data-testid=offline-banner]').count()).toBe(0);

    await first.close();
    hubs.splice(hubs.indexOf(first), 1);
    await page.locator('[data-testid=offline-banner]').waitFor();

    const second = await hub({ dir, port });
    const kiosk2 = await kioskOf(second);
    expect(await issue(kiosk2)).toMatchObject({ ok: true });
    expect(await issue(kiosk2)).toMatchObject({ ok: true });
    // No reload: the banner goes and the counts are the restarted hub's.
    await page.locator('[data-testid=offline-banner]').waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => waitingShown(page), { timeout: 10_000 }).toBe('3');
    // And pushes reach it again: the session came back with the connection.
    expect(await issue(kiosk2)).toMatchObject({ ok: true });
    await second.hub.tick();
    await expect.poll(() => waitingShown(page), { timeout: 10_000 }).toBe('4');
  });

  it('gives each tab its own address: a reload keeps the tab, a link opens it', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const page = await signIn(h, 'admin1');
    await page.click('[data-page=audit]');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/audit');
    await page.reload();
    await page.locator('[data-page=audit].active').waitFor();
    const shared = await signIn(h, 'admin1', '#/devices');
    await shared.locator('[data-page=devices].active').waitFor();
    expect(await shared.locator('[data-page=supervision].active').count()).toBe(0);
  });

  it('opens the reports on today', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const kiosk = await kioskOf(h);
    for (let i = 0; i < 3; i += 1) expect(await issue(kiosk)).toMatchObject({ ok: true });
    const page = await signIn(h, 'admin1');
    await page.click('[data-page=reports]');
    // Without pressing 查询: today's figures are there.
    await page.locator('.totals .figure .value').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('.totals .figure .value').first().textContent()).toBe('3');
  });

  it('labels every opening hour on the hourly chart', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const kiosk = await kioskOf(h);
    for (let i = 0; i < 3; i += 1) expect(await issue(kiosk)).toMatchObject({ ok: true });
    const page = await signIn(h, 'admin1');
    await page.click('[data-page=reports]');
    await runReport(page);
    // The test hall opens 00:00–24:00: 24 hours, each with its label.
    await expect
      .poll(() =>
        page
          .locator('[data-chart=hours] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
          .allTextContents(),
      )
      .toEqual(Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')));
  });

  it('puts numeric headers over their numbers, in the reports and in supervision', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const kiosk = await kioskOf(h);
    for (let i = 0; i < 3; i += 1) expect(await issue(kiosk)).toMatchObject({ ok: true });
    const page = await signIn(h, 'admin1');
    await page.locator('.supervision table tbody tr').first().waitFor();
    expect(await misalignedHeaders(page)).toEqual([]);
    await page.click('[data-page=reports]');
    await runReport(page);
    expect(await misalignedHeaders(page)).toEqual([]);
  });

  it('gives the ratings chart a legend', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const kiosk = await kioskOf(h);
    expect(await issue(kiosk)).toMatchObject({ ok: true });
    const pad = await h.connect({ deviceToken: h.addDevice('pad', 'w1').token });
    const clerk = await h.clerkAt('w1');
    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    if (!called.ok) throw new Error(called.error.message);
    await clerk.call('window:start', { windowId: 'w1' });
    await clerk.call('window:finish', { windowId: 'w1' });
    const rated = await pad.call('rating:submit', {
      ticketId: called.data.ticket!.id,
      level: 5,
      tags: [],
      comment: '',
    });
    expect(rated).toMatchObject({ ok: true });
    const page = await signIn(h, 'admin1');
    await page.click('[data-page=reports]');
    await runReport(page);
    const legend = page.locator('[data-chart=ratings] .recharts-legend-wrapper');
    await legend.waitFor({ timeout: 10_000 });
    expect(await legend.textContent()).toContain('非常满意');
  });

  it('lists alerts bounded: no alarm for a device never connected, one row per device, cleared ones collapsed', async () => {
    const h = await hub();
    await h.addUser('sup1', 'supervisor');
    h.addDevice('lobby'); // registered, never opened: a demo screen nobody uses
    const flaky = h.addDevice('kiosk');
    const page = await signIn(h, 'sup1');
    await page.locator('.alerts').waitFor();
    // Drops out and comes back three times, each time past the grace period.
    for (let round = 0; round < 3; round += 1) {
      const kiosk = await h.connect({ deviceToken: flaky.token });
      await kiosk.nextSnapshot();
      await h.hub.tick();
      kiosk.close();
      await expect.poll(() => h.hub.supervision.devices().find((d) => d.id === flaky.id)?.online).toBe(false);
      h.clock.advance(2 * 60_000);
      await h.hub.tick();
    }
    // One open alert for the kiosk (its third outage), in one row that counts the earlier cleared ones.
    const rows = page.locator('[data-testid=open-alerts] li.alert');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-rule')).toBe('device-offline');
    expect(await rows.first().textContent()).toContain('×3');
    // Reconnected: the alert clears and goes into the collapsed list.
    const back = await h.connect({ deviceToken: flaky.token });
    await back.nextSnapshot();
    await h.hub.tick();
    await expect.poll(() => rows.count()).toBe(0);
    expect(await page.locator('.resolved-alerts').getAttribute('open')).toBeNull();
    expect(await page.locator('.resolved-alerts li.alert').isVisible()).toBe(false);
    // The never-connected display raised nothing at any point.
    expect(
      h.db.prepare("SELECT COUNT(*) AS n FROM alerts WHERE rule = 'device-offline'").get() as { n: number },
    ).toEqual({ n: 3 });
  });

  it('shows the audit trail in words, with the raw JSON behind a toggle', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const kiosk = await kioskOf(h);
    expect(await issue(kiosk)).toMatchObject({ ok: true });
    const clerk = await h.clerkAt('w3');
    expect(await clerk.call('window:call-next', { windowId: 'w3' })).toMatchObject({ ok: true });
    const page = await signIn(h, 'admin1', '#/audit');
    const row = page.locator('table.audit tbody tr', { hasText: '3号窗口叫号 A001' });
    await row.waitFor();
    expect(await row.textContent()).toContain('clerk-w3');
    const raw = row.locator('.payload');
    expect(await raw.isVisible()).toBe(false);
    await row.locator('details.raw summary').click();
    expect(await raw.isVisible()).toBe(true);
    expect(await raw.textContent()).toMatch(/^\{"type":"ticket:called"/);
  });
});
