import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HALL_MORNING, startTestHub, TEST_PASSWORD, type TestHub, testHall } from '@hallq/hub/testing';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOT_DIR, webApps } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';

/**
 * Behaviour monitoring (行为监控) in the admin console, in Debian's Chromium against a real hub: a clerk's
 * out-of-order calls raise 跳号 on the supervision tab, the alert opens the very audit entries that raised it, and
 * an admin sets the rules' thresholds in 大厅配置. The layout check runs on each state at the desks' sizes.
 */
const SIZES = [
  ['1440x900', { width: 1440, height: 900 }],
  ['1280x800', { width: 1280, height: 800 }],
] as const;
const SCROLLABLE = ['main', '.alert-list', '.dialog-scroll'];

let browser: Browser;
let hub: TestHub;
let clerkId: string;

beforeAll(async () => {
  const base = testHall({ services: 2, windows: 2, openingHours: [{ from: '09:00', to: '17:00' }] });
  hub = await startTestHub({
    hall: { ...base, rules: { ...base.rules, behaviour: { outOfOrderCallsPerDay: 1 } } },
    start: HALL_MORNING,
    config: { webApps: webApps() },
  });
  await hub.addUser('admin1', 'admin');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function checkSizes(page: Page, state: string): Promise<Record<string, LayoutProblem[]>> {
  const found: Record<string, LayoutProblem[]> = {};
  for (const [size, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const name = `admin-behaviour-${size}-${state}`;
    found[name] = await checkLayout(page, { name, scrollable: SCROLLABLE });
  }
  return Object.fromEntries(Object.entries(found).filter(([, problems]) => problems.length > 0));
}

describe('behaviour alerts in the admin console', () => {
  it('shows 跳号 raised by a clerk, and opens the audit entries that raised it', async () => {
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    const tickets: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const issued = await kiosk.call('ticket:issue', {
        requestId: randomUUID(),
        serviceId: 'svc-1',
        identity: null,
      });
      if (!issued.ok) throw new Error(issued.error.message);
      tickets.push(issued.data.ticket.id);
    }
    const clerk = await hub.clerkAt('w1', 'clerk1');
    clerkId = hub.hub.accounts.users().find((u) => u.username === 'clerk1')!.id;

    const page = await browser.newPage({ viewport: SIZES[0][1] });
    page.on('pageerror', (error) => console.error('[admin page]', error));
    await page.goto(`${hub.url}/admin/`);
    await page.fill('input[name=username]', 'admin1');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=open-alerts]').waitFor({ state: 'attached' });

    // Two visitors fetched from the back of the line, each with a reason, served in turn.
    for (const ticketId of [tickets[3]!, tickets[2]!]) {
      hub.clock.advance(60_000);
      const called = await clerk.call('window:call-ticket', { windowId: 'w1', ticketId, reason: '熟人' });
      expect(called.ok).toBe(true);
      await clerk.call('window:start', { windowId: 'w1' });
      hub.clock.advance(4 * 60_000);
      await clerk.call('window:finish', { windowId: 'w1' });
    }
    const view = hub.hub.supervision.check(); // pushed to the console as well
    const alert = view.alerts.find((a) => a.rule === 'out-of-order-calls')!;
    expect(alert).toMatchObject({ subject: `clerk:${clerkId}`, entryCount: 2 });

    const row = page.locator('li.alert[data-rule=out-of-order-calls]');
    await row.waitFor();
    // Named as the staff list names the clerk (display name and staff number), not by an internal id.
    expect(await row.locator('.what').textContent()).toMatch(/^clerk1（\d+） 2026-11-28 跳号 2 次/);
    const problems = await checkSizes(page, 'supervision');

    await row.locator('button[name=alert-entries]').click();
    const dialog = page.locator('dialog[data-dialog=alert-entries]');
    await dialog.locator('tr[data-entry]').first().waitFor();
    const shown = await dialog
      .locator('tr[data-entry]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-entry'))));
    expect(shown).toEqual(alert.entryIds);
    const types = await dialog
      .locator('td.words')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-type')));
    expect(types).toEqual(['ticket:called', 'ticket:called']);
    Object.assign(problems, await checkSizes(page, 'alert-entries'));
    await dialog.locator('button[name=close-alert-entries]').click();
    await dialog.waitFor({ state: 'detached' });

    // The thresholds: an admin lowers the no-show streak and switches one rule off; the hub has them at once.
    await page.click('[data-page=config]');
    await page.click('button[data-section=behaviour]');
    const card = page.locator('[data-testid=behaviour-rules]');
    await card.waitFor();
    expect(await card.locator('input[name=behaviour-noShowStreak]').getAttribute('placeholder')).toBe('5');
    await card.locator('input[name=behaviour-noShowStreak]').fill('3');
    await card.locator('input[name=behaviour-on-rating-jump]').uncheck();
    // Checked from the top of the page, as the other tabs are: the card lies in the scrolling part below the
    // header (scrolled to, it would sit under the sticky header and save bar, which the check counts as covered).
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      for (const el of document.querySelectorAll('main')) el.scrollTop = 0;
    });
    Object.assign(problems, await checkSizes(page, 'config-behaviour'));
    // The card itself, for review (the layout check looks at the page from its top).
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await card.screenshot({ path: join(SCREENSHOT_DIR, 'admin-behaviour-rules-card.png') });
    await page.click('button[name=save-hall]');
    await page.getByText('已保存，立即生效').waitFor();
    expect(hub.hub.hall.hall().rules.behaviour).toEqual({
      outOfOrderCallsPerDay: 1,
      noShowStreak: 3,
      off: ['rating-jump'],
    });

    // The month's scorecard: the clerk's served visitors and the 跳号 alert, on screen and in the workbook.
    await page.click('[data-page=scorecard]');
    const clerkRow = page.locator(`table[data-scorecard=clerk] tr[data-key="${clerkId}"]`);
    await clerkRow.waitFor();
    expect(await clerkRow.locator('td').nth(1).textContent()).toBe('2');
    expect(await clerkRow.locator('[data-cell=alerts]').textContent()).toBe('跳号 1');
    Object.assign(problems, await checkSizes(page, 'scorecard'));
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[name=scorecard-export]'),
    ]);
    expect(file.suggestedFilename()).toBe('hallq-scorecard-2026-11.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await file.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('人员')!;
    const headings = (sheet.getRow(2).values as unknown[]).slice(1);
    const line = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(line[0]).toBe('clerk1（2）'); // admin1 was added first
    expect(line[headings.indexOf('办结 Served')]).toBe(2);
    expect(line[headings.indexOf('告警 跳号 Out-of-order calls')]).toBe(1);
    await page.close();
    expect(problems).toEqual({});
  });
});
