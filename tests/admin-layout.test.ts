import { randomUUID } from 'node:crypto';
import { startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';

/**
 * The layout check (tests/support/layout-check.ts) on the admin console at the sizes its desks use, 1440×900 and
 * 1280×800: the sign-in, every tab with a morning's data in it (Chinese, and the busiest tabs in English too),
 * and the banner while the hub is down. The header (tabs, language, sign-out) and the banner must fit; the page
 * under them (`main`) and the alert list scroll. Screenshots: test-output/screens/admin-<size>-<state>.png.
 */
const SIZES = [
  ['1440x900', { width: 1440, height: 900 }],
  ['1280x800', { width: 1280, height: 800 }],
] as const;
const SCROLLABLE = ['main', '.alert-list'];
/** Recharts measures label widths with a span it parks 20,000 px off the page: a tool, not part of the screen. */
const IGNORE = ['#recharts_measurement_span'];

let browser: Browser;
let hub: TestHub;
let hubClosed = false;
beforeAll(async () => {
  hub = await startTestHub({ config: { webApps: webApps() } });
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
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (!hubClosed) await hub?.close();
});

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

describe('admin layout check at 1440×900 and 1280×800', () => {
  it('sign-in, every tab (zh; supervision and reports also en), hub down', async () => {
    const page = await browser.newPage({ viewport: SIZES[0][1] });
    page.on('pageerror', (error) => console.error('[admin page]', error));
    const cases: Record<string, LayoutProblem[]> = {};
    await page.goto(`${hub.url}/admin/`);
    await page.locator('input[name=username]').waitFor();
    Object.assign(cases, await checkSizes(page, 'sign-in'));

    await page.fill('input[name=username]', 'admin1');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    for (const tab of Object.keys(LOADED)) {
      await page.click(`[data-page=${tab}]`);
      await page.locator(LOADED[tab]!).first().waitFor({ timeout: 15_000 });
      Object.assign(cases, await checkSizes(page, tab));
    }
    await page.getByRole('button', { name: 'English' }).click();
    for (const tab of ['supervision', 'reports']) {
      await page.click(`[data-page=${tab}]`);
      await page.locator(LOADED[tab]!).first().waitFor({ timeout: 15_000 });
      Object.assign(cases, await checkSizes(page, `${tab}-en`));
    }
    await page.getByRole('button', { name: '中文' }).click();
    await page.click('[data-page=supervision]');
    await page.locator(LOADED.supervision!).first().waitFor();

    await hub.close();
    hubClosed = true;
    await page.locator('[data-testid=offline-banner]').waitFor();
    Object.assign(cases, await checkSizes(page, 'hub-down'));
    await page.close();

    console.log(`[admin layout] ${Object.keys(cases).length} cases checked`);
    expect(failures(cases)).toEqual({});
  });
});
