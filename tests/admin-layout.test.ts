import { randomUUID } from 'node:crypto';
import { startTestHub, TEST_PASSWORD, type TestHub, testHall } from '@hallq/hub/testing';
import type { HallConfig } from '@hallq/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';
import { longNamesHall } from './support/long-names-hall.ts';

/**
 * The layout check (tests/support/layout-check.ts) on the admin console at the sizes its desks use, 1440×900 and
 * 1280×800, with the test hall and with the long-names hall file: the sign-in, every tab with a morning's data in
 * it (Chinese, and the busiest tabs in English too), two dialogs open, and the banner while the hub is down. Only
 * the lists may scroll, each in its own box (tables, the alert lists, the audit trail): the header, the tabs, the
 * banner, every form and every action must be on screen. Screenshots: test-output/screens/admin-<size>-<state>.png.
 */
const SIZES = [
  ['1440x900', { width: 1440, height: 900 }],
  ['1280x800', { width: 1280, height: 800 }],
] as const;
/** The lists: what is in them may lie beyond their box, which scrolls. Nothing else may. */
const SCROLLABLE = ['.list-box', '.alert-list'];
/** Hall setup's sections, one on screen at a time. */
const CONFIG_SECTIONS = ['services', 'windows', 'day', 'appointments', 'behaviour', 'notices'];
/** Recharts measures label widths with a span it parks 20,000 px off the page: a tool, not part of the screen. */
const IGNORE = ['#recharts_measurement_span'];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A morning at the hall: twelve tickets, two served and rated (one 差评), clerks at two windows, waits over 30 min. */
async function morningAt(hall: HallConfig): Promise<TestHub> {
  const hub = await startTestHub({ hall, config: { webApps: webApps() } });
  await hub.addUser('admin1', 'admin');
  const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  for (let i = 0; i < 12; i += 1) {
    await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: `svc-${(i % 3) + 1}`,
      identity: null,
    });
  }
  hub.addDevice('lobby');
  const pad = await hub.connect({ deviceToken: hub.addDevice('pad', 'w1').token });
  const clerk = await hub.clerkAt('w1');
  for (let i = 0; i < 2; i += 1) {
    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    if (!called.ok) throw new Error(called.error.message);
    hub.clock.advance(60_000);
    await clerk.call('window:start', { windowId: 'w1' });
    hub.clock.advance(4 * 60_000);
    await clerk.call('window:finish', { windowId: 'w1' });
    await pad.call('rating:submit', {
      ticketId: called.data.ticket!.id,
      level: i === 0 ? 5 : 2,
      tags: [],
      comment: '',
    });
  }
  await hub.clerkAt('w2');
  // Long enough for the first waits to pass their 30-minute limit: alerts on the supervision tab.
  hub.clock.advance(31 * 60_000);
  await hub.hub.tick();
  return hub;
}

async function checkSizes(page: Page, state: string): Promise<Record<string, LayoutProblem[]>> {
  const found: Record<string, LayoutProblem[]> = {};
  for (const [size, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const name = `admin-${size}-${state}`;
    found[name] = await checkLayout(page, { name, scrollable: SCROLLABLE, ignore: IGNORE });
  }
  return found;
}

const failures = (cases: Record<string, LayoutProblem[]>) =>
  Object.fromEntries(Object.entries(cases).filter(([, problems]) => problems.length > 0));

/** What shows a tab is loaded, so the check does not look at a half-filled page. */
const LOADED: Record<string, string> = {
  supervision: '.supervision li.alert',
  config: 'button[name=save-hall]',
  people: 'main table tbody tr',
  devices: 'main table tbody tr',
  reports: '[data-chart=ratings] .recharts-legend-wrapper',
  // Issue 17's monthly scorecard: the clerk who served this morning has a row.
  scorecard: 'table.scorecard tbody tr',
  audit: 'table.audit tbody tr',
  // Issue 13's pages: the 差评 (level 2) above opened a follow-up; the integrations page has its outbox card.
  'follow-ups': '[data-follow-up]',
  integrations: '[data-card=outbox] table',
};

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/admin/`);
  await page.locator('input[name=username]').waitFor();
  await page.fill('input[name=username]', 'admin1');
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
}

describe('admin layout check at 1440×900 and 1280×800', () => {
  for (const [label, prefix, hall] of [
    ['test hall', '', testHall()],
    ['long-names hall file', 'long-names-', longNamesHall()],
  ] as const) {
    it(`${label}: sign-in, every tab (zh; supervision and reports also en), two dialogs, hub down`, async () => {
      const hub = await morningAt(hall);
      let hubClosed = false;
      const page = await browser.newPage({ viewport: SIZES[0][1] });
      try {
        const pageErrors: string[] = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        const cases: Record<string, LayoutProblem[]> = {};
        await page.goto(`${hub.url}/admin/`);
        await page.locator('input[name=username]').waitFor();
        Object.assign(cases, await checkSizes(page, `${prefix}sign-in`));

        await signIn(page, hub.url);
        for (const tab of Object.keys(LOADED)) {
          await page.click(`[data-page=${tab}]`);
          await page.locator(LOADED[tab]!).first().waitFor({ timeout: 15_000 });
          if (tab !== 'config') {
            Object.assign(cases, await checkSizes(page, `${prefix}${tab}`));
            continue;
          }
          for (const section of CONFIG_SECTIONS) {
            await page.click(`button[data-section=${section}]`);
            await page.locator(`button[data-section=${section}][aria-pressed=true]`).waitFor();
            Object.assign(cases, await checkSizes(page, `${prefix}config-${section}`));
          }
        }

        // Dialogs: a follow-up opened from its list, and a new API client.
        await page.click('[data-page=follow-ups]');
        await page.locator('button[name=follow-up-open]').first().click();
        await page.locator('dialog[data-dialog=follow-up-update][open]').waitFor();
        Object.assign(cases, await checkSizes(page, `${prefix}dialog-follow-up`));
        await page.keyboard.press('Escape');
        await page.locator('dialog[data-dialog=follow-up-update]').waitFor({ state: 'detached' });
        await page.click('[data-page=integrations]');
        await page.locator('button[name=api-client-add]').click();
        await page.locator('dialog[data-dialog=api-client-add][open]').waitFor();
        Object.assign(cases, await checkSizes(page, `${prefix}dialog-api-client-add`));
        await page.keyboard.press('Escape');
        await page.locator('dialog[data-dialog=api-client-add]').waitFor({ state: 'detached' });

        await page.getByRole('button', { name: 'English' }).click();
        for (const tab of ['supervision', 'reports']) {
          await page.click(`[data-page=${tab}]`);
          await page.locator(LOADED[tab]!).first().waitFor({ timeout: 15_000 });
          Object.assign(cases, await checkSizes(page, `${prefix}${tab}-en`));
        }
        await page.getByRole('button', { name: '中文' }).click();
        await page.click('[data-page=supervision]');
        await page.locator(LOADED.supervision!).first().waitFor();

        await hub.close();
        hubClosed = true;
        await page.locator('[data-testid=offline-banner]').waitFor();
        Object.assign(cases, await checkSizes(page, `${prefix}hub-down`));

        console.log(`[admin layout] ${label}: ${Object.keys(cases).length} cases checked`);
        expect(failures(cases)).toEqual({});
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
        if (!hubClosed) await hub.close();
      }
    });
  }

  it('an alert storm: 30 groups listed, and the page says how many more there are (zh, en)', async () => {
    const hub = await startTestHub({ config: { webApps: webApps() } });
    const page = await browser.newPage({ viewport: SIZES[1][1] });
    try {
      await hub.addUser('admin1', 'admin');
      // 36 screens that connected once and went away: one device-offline group each, newest last.
      const devices = Array.from({ length: 36 }, () => hub.addDevice('lobby'));
      for (const device of devices) {
        const screen = await hub.connect({ deviceToken: device.token });
        await screen.nextSnapshot();
        screen.close();
        hub.clock.advance(1_000);
      }
      hub.clock.advance(60 * 60_000);
      await hub.hub.tick();
      await signIn(page, hub.url);
      await page.click('[data-page=supervision]');
      const listed = page.locator('[data-testid=open-alerts] > li.alert');
      await listed.first().waitFor({ timeout: 15_000 });
      expect(await listed.count()).toBe(30);
      // Every screen that went away is one group (the last to close may not be seen offline yet): more than 30.
      const open = Number(await page.locator('.alerts h2 .count').textContent());
      expect(open).toBeGreaterThan(30);
      expect(await page.locator('[data-testid=alerts-not-shown]').textContent()).toBe(
        `另有 ${open - 30} 组较早的告警未显示`,
      );
      const cases = await checkSizes(page, 'alert-storm');
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('[data-testid=alerts-not-shown]', { hasText: 'older' }).waitFor();
      expect(await page.locator('[data-testid=alerts-not-shown]').textContent()).toBe(
        `${open - 30} older alert groups not shown`,
      );
      Object.assign(cases, await checkSizes(page, 'alert-storm-en'));
      expect(failures(cases)).toEqual({});
    } finally {
      await page.close();
      await hub.close();
    }
  });
});
