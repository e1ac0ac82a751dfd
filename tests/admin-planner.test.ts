import { startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';

/**
 * 排班建议 in Chromium against the real hub: four past Sundays of history, so the page (opening on tomorrow, a
 * Sunday) forecasts arrivals; a half-hour's windows changed and its predicted wait follows; the fewest windows
 * asked for and taken over. The layout check at the console's sizes, in Chinese and English.
 */
const SIZES = [
  ['1440x900', { width: 1440, height: 900 }],
  ['1280x800', { width: 1280, height: 800 }],
] as const;
const MINUTE = 60_000;

let browser: Browser;
let hub: TestHub;

/** A past day: visitors of three services from 9:00 to 12:00, busiest 10:00–11:00, six-minute visits. */
function pastDay(day: string, scale: number): void {
  const insert = hub.db.prepare(
    `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
       queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
     VALUES (?, ?, ?, ?, ?, 'normal', 'done', ?, ?, 'w1', NULL, 1, ?, ?, ?, ?, 0)`,
  );
  const nine = Date.parse(`${day}T09:00:00+08:00`);
  let n = 0;
  for (let minute = 0; minute < 180; minute += 1) {
    const perMinute = (minute >= 60 && minute < 120 ? 1.2 : 0.5) * scale;
    // A deterministic spread of arrivals: one whenever the running total passes a whole visitor.
    const due = Math.floor((minute + 1) * perMinute) - Math.floor(minute * perMinute);
    for (let k = 0; k < due; k += 1) {
      const at = nine + minute * MINUTE + k * 10_000;
      const service = `svc-${(n % 3) + 1}`;
      const called = at + 3 * MINUTE;
      insert.run(
        `${day}/X${n}`,
        `X${n}`,
        day,
        service,
        service,
        at,
        at,
        called,
        called,
        called + 30_000,
        called + 30_000 + 6 * MINUTE,
      );
      n += 1;
    }
  }
}

beforeAll(async () => {
  hub = await startTestHub({ config: { webApps: webApps() } });
  for (const [day, scale] of [
    ['2026-11-22', 1],
    ['2026-11-15', 1.1],
    ['2026-11-08', 0.9],
    ['2026-11-01', 1],
  ] as const) {
    pastDay(day, scale);
  }
  await hub.addUser('lead', 'supervisor');
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
    const name = `admin-${size}-${state}`;
    found[name] = await checkLayout(page, { name, scrollable: ['main'] });
  }
  return found;
}

const cell = (page: Page, startMinute: number, what: string) =>
  page.locator(`[data-half-hour="${startMinute}"] [data-${what}]`);

describe('排班建议 (staffing planner) in Chromium', () => {
  it('forecasts, follows a changed window count at once, suggests the fewest windows, and fits the screen', async () => {
    const page = await browser.newPage({ viewport: SIZES[0][1] });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${hub.url}/admin/`);
    await page.fill('input[name=username]', 'lead');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.click('[data-page=planner]');
    await page.locator('[data-table=planner] tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await page.inputValue('input[name=planner-day]')).toBe('2026-11-29');
    expect(await page.locator('[data-history]').textContent()).toContain('2026-11-22');
    // 10:00–11:00 is the busy hour: its forecast is the mean of the four Sundays (1.2 a minute × scale).
    const busy = Number(await page.locator('[data-half-hour="600"] td').nth(1).textContent());
    expect(busy).toBeGreaterThan(30);
    const cases: Record<string, LayoutProblem[]> = await checkSizes(page, 'planner');

    // One window at 10:00: the predicted median wait of that half-hour grows.
    const before = await cell(page, 600, 'median').textContent();
    await page.fill('input[name=planner-windows-600]', '1');
    await page.waitForFunction(
      (was) => {
        const now = document.querySelector('[data-half-hour="600"] [data-median]')?.textContent;
        return now !== undefined && now !== was && Number(now) > Number(was);
      },
      before,
      { timeout: 15_000 },
    );

    await page.click('button[name=planner-suggest]');
    await cell(page, 600, 'suggested').waitFor({ timeout: 30_000 });
    const suggested = Number.parseInt((await cell(page, 600, 'suggested').textContent()) ?? '', 10);
    expect(suggested).toBeGreaterThanOrEqual(1);
    await page.click('button[name=planner-adopt]');
    await page.waitForFunction(
      (n) =>
        (document.querySelector('input[name=planner-windows-600]') as HTMLInputElement | null)?.value ===
        String(n),
      suggested,
    );
    Object.assign(cases, await checkSizes(page, 'planner-suggested'));
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Fewest windows').waitFor();
    Object.assign(cases, await checkSizes(page, 'planner-en'));
    await page.close();
    expect(errors).toEqual([]);
    expect(Object.fromEntries(Object.entries(cases).filter(([, p]) => p.length > 0))).toEqual({});
  });
});
