/**
 * The counter terminal and the evaluation pad laid out at the sizes halls use, in every state that matters, with
 * the longest names a hall file is likely to hold: `checkLayout` must find nothing, and each case leaves a
 * screenshot in `test-output/screens/`. The counter shows Chinese and English together (no language switch), so
 * each case checks both languages at once. Also: a refused device token is said once, in Chinese first.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '@hallq/hub/testing';
import type { HallConfig } from '@hallq/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout } from './support/layout-check.ts';
import { longNamesHall } from './support/long-names-hall.ts';

const COUNTER_SIZES = [
  [1366, 768],
  [1280, 720],
  [1920, 1080],
] as const;
const PAD_SIZES = [
  [800, 1280],
  [1280, 800],
] as const;

/**
 * The long-names hall file (tests/fixtures/long-names-hall.json): six of its services at the first window (the one
 * with the long name), the first with its long service guide; the clerk's next planned break is ahead (or under
 * way) at any hour of the day.
 */
function longNameHall(): HallConfig {
  const hall = longNamesHall();
  const services = hall.services.slice(0, 6);
  return {
    ...hall,
    services,
    windows: hall.windows.slice(0, 3).map((w) => ({ ...w, serviceIds: services.map((s) => s.id) })),
    schedule: {
      windows: [
        { windowId: 'w1', open: [{ from: '00:00', to: '24:00' }], breaks: [{ from: '23:45', to: '24:00' }] },
      ],
    },
  };
}

/** GB 11643 check digit, for a valid test ID number. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const dir = mkdtempSync(join(tmpdir(), 'hallq-counter-layout-'));
let hub: TestHub;
let hubOpen = false;
let kiosk: TestClient;
let browser: Browser;
const counters: { page: Page; size: string }[] = [];
const pads: { page: Page; size: string }[] = [];
const pageErrors: string[] = [];
let counterToken = '';
let padToken = '';
const cases: { name: string; problems: number }[] = [];

let requests = 0;
/** A ticket; with `elder` (the first 17 digits of an ID number) for a visitor of 78 with an ID card. */
async function issue(serviceId: string, elder: string | null = null): Promise<string> {
  requests += 1;
  const answer = await kiosk.call('ticket:issue', {
    requestId: `counter-layout-${requests}`,
    serviceId,
    identity: elder
      ? {
          idNumber: idNumber(elder),
          name: '欧阳建国',
          birthDate: '1948-03-02',
          cardType: 'resident',
        }
      : null,
  });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data.ticket.number;
}

async function newPage(url: string, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

/**
 * Behind an open modal dialog the screen is inert (nothing there can be reached or pressed), so the check looks at
 * the dialog alone; the screen itself is checked in the cases without one.
 */
const BEHIND_DIALOG = ['.counter > header', '.desk', '.waiting'];

/** A service guide longer than the room left scrolls in its own box (the test hall's fills it at 1280×720). */
const GUIDE_LIST = ['[data-testid=service-guide] ul'];

/** One case: the layout check finds nothing. Soft, so that one bad case does not hide the others. */
async function layoutCase(page: Page, name: string): Promise<void> {
  const dialogOpen = (await page.locator('dialog[open]').count()) > 0;
  const problems = await checkLayout(page, {
    name,
    ignore: dialogOpen ? BEHIND_DIALOG : [],
    scrollable: GUIDE_LIST,
  });
  cases.push({ name, problems: problems.length });
  expect.soft(problems, name).toEqual([]);
}

async function eachCounter(state: string, prepare?: (page: Page) => Promise<unknown>): Promise<void> {
  for (const { page, size } of counters) {
    await prepare?.(page);
    await layoutCase(page, `counter-${size}-${state}`);
  }
}

async function eachPad(state: string, prepare?: (page: Page) => Promise<unknown>): Promise<void> {
  for (const { page, size } of pads) {
    await prepare?.(page);
    await layoutCase(page, `rate-${size}-${state}`);
  }
}

const waitFor = (page: Page, selector: string) => page.locator(selector).first().waitFor();
const waitStatus = (page: Page, zh: string) =>
  page.waitForFunction(
    (s) => document.querySelector('[data-testid=current-status]')?.textContent?.includes(s) === true,
    zh,
  );

async function openDialog(page: Page, key: string, kind: string): Promise<void> {
  await page.keyboard.press(key);
  await waitFor(page, `[data-testid=dialog-${kind}]`);
}

async function closeDialog(page: Page, kind: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid=dialog-${kind}]`).waitFor({ state: 'detached' });
}

beforeAll(async () => {
  hub = await startTestHub({ dir, hall: longNameHall(), config: { webApps: webApps() } });
  hubOpen = true;
  await hub.hub.accounts.addUser({
    username: 'ouyang',
    displayName: '欧阳慧敏',
    staffNumber: '20260301',
    password: TEST_PASSWORD,
    role: 'clerk',
    now: hub.clock.now(),
  });
  counterToken = hub.addDevice('counter', 'w1').token;
  padToken = hub.addDevice('pad', 'w1').token;
  kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  await kiosk.nextSnapshot();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (hubOpen) await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('counter and evaluation pad layouts', () => {
  it('the counter and the pad fit every size in every state, with long names', async () => {
    for (const [w, h] of COUNTER_SIZES) {
      counters.push({
        page: await newPage(`${hub.url}/counter/#token=${counterToken}`, w, h),
        size: `${w}x${h}`,
      });
    }
    for (const [w, h] of PAD_SIZES) {
      pads.push({ page: await newPage(`${hub.url}/rate/#token=${padToken}`, w, h), size: `${w}x${h}` });
    }
    await eachCounter('signed-out', (page) => waitFor(page, '[data-testid=sign-in] button:enabled'));
    // A terminal not registered to a window: the clerk chooses one after signing in.
    for (const [w, h] of COUNTER_SIZES) {
      const page = await newPage(`${hub.url}/counter/`, w, h);
      await waitFor(page, '[data-testid=sign-in] button:enabled');
      await page.fill('input[name=username]', 'ouyang');
      await page.fill('input[name=password]', TEST_PASSWORD);
      await page.keyboard.press('Enter');
      await waitFor(page, '[data-testid=window-choice]');
      expect(await page.locator('[data-testid=chosen-window]').textContent()).toContain('Real estate');
      await layoutCase(page, `counter-${w}x${h}-window-choice`);
      await page.context().close();
    }

    // A priority visitor with an ID card first (guide, name, lane), then a crowd across every service.
    const elder = await issue('svc-1', '11010519480302001');
    await issue('svc-1', '11010519480302002'); // a second one, for the busiest screen at the end
    for (let i = 0; i < 13; i++) await issue(`svc-${(i % 6) + 1}`);
    for (const { page } of counters) {
      await page.fill('input[name=username]', 'ouyang');
      await page.fill('input[name=password]', TEST_PASSWORD);
      await page.keyboard.press('Enter');
      await waitFor(page, '[data-testid=counter]');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid=waiting] h2')?.textContent?.includes('15'),
      );
      expect(await page.locator('[data-testid=next-break]').textContent()).toMatch(/休息.*23:45–24:00/);
    }
    await eachCounter('idle');
    await eachPad('idle', (page) => waitFor(page, '[data-testid=pad-idle]'));

    const [first] = counters;
    await first!.page.keyboard.press('F1');
    await eachCounter('called', (page) =>
      page.waitForFunction(
        (n) => document.querySelector('[data-testid=current-number]')?.textContent === n,
        elder,
      ),
    );
    for (const { page, size } of counters) {
      // The no-show rule is read on the screen, not only in a tooltip.
      const why = page.locator('[data-testid=disabled-reasons] [data-reason=no-show-too-early]');
      expect(await why.textContent({ timeout: 5000 }), size).toMatch(/过号：需呼叫 2 次.*还需 \d+ 秒/);
      expect(await why.isVisible(), size).toBe(true);
    }
    await eachCounter('dialog-transfer', (page) => openDialog(page, 'F6', 'transfer'));
    for (const { page } of counters) await closeDialog(page, 'transfer');

    await first!.page.keyboard.press('F3');
    await eachCounter('serving', (page) => waitStatus(page, '办理中'));
    await eachCounter('dialog-pause', (page) => openDialog(page, 'F8', 'pause'));
    for (const { page } of counters) await closeDialog(page, 'pause');
    await openDialog(first!.page, 'F8', 'pause');
    await first!.page.keyboard.press('Enter');
    await eachCounter('paused-serving', (page) => waitFor(page, '[data-testid=paused-banner]'));
    await first!.page.keyboard.press('F9');
    for (const { page } of counters) {
      await page.locator('[data-testid=paused-banner]').waitFor({ state: 'detached' });
    }

    await first!.page.keyboard.press('F4');
    await eachCounter('finished', (page) => waitFor(page, '[data-testid=current-idle]'));
    await eachPad('asking', (page) => waitFor(page, '[data-testid=pad-asking]'));
    await eachPad('asking-unhappy', async (page) => {
      await page.click('[data-level="1"]');
      await waitFor(page, '[data-testid=pad-tags]');
      await page.check('[data-tag=one-time-notice]');
      await page.fill('input[name=comment]', '材料清单与窗口要求不一致，跑了两趟');
    });
    await eachPad('thanks', async (page) => {
      await page.click('button.submit');
      await waitFor(page, '[data-testid=pad-thanks]');
    });

    await eachCounter('dialog-call-ticket', (page) => openDialog(page, 'F7', 'call-ticket'));
    for (const { page } of counters) await closeDialog(page, 'call-ticket');
    // A key pressed behind a dialog: the dialog says why nothing happened.
    await eachCounter('dialog-key-refused', async (page) => {
      await openDialog(page, 'F8', 'pause');
      await page.keyboard.press('F1');
      await waitFor(page, '[data-testid=dialog-note]');
    });
    for (const { page } of counters) await closeDialog(page, 'pause');

    await first!.page.keyboard.press('F1');
    await eachCounter('called-again', (page) => waitStatus(page, '已呼叫'));
    // A key on a disabled action: the status line says what was not done and why.
    await eachCounter('key-refused', async (page) => {
      await page.keyboard.press('F5');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid=message]')?.textContent?.includes('F5 过号未执行'),
      );
    });

    // The busiest screen: serving a visitor with a guide, window paused, a message, the hub gone.
    await first!.page.keyboard.press('F3');
    for (const { page } of counters) await waitStatus(page, '办理中');
    await openDialog(first!.page, 'F8', 'pause');
    await first!.page.keyboard.press('Enter');
    for (const { page } of counters) await waitFor(page, '[data-testid=paused-banner]');
    hubOpen = false;
    await hub.close();
    await eachCounter('offline-paused-serving', (page) => waitFor(page, '[data-testid=offline-banner]'));
    await eachPad('offline', (page) => waitFor(page, '[data-testid=pad-idle] .offline'));

    const passed = cases.filter((c) => c.problems === 0).length;
    console.log(`counter and pad layout: ${passed} of ${cases.length} cases without a problem`);
    expect(pageErrors).toEqual([]);
  });
});
