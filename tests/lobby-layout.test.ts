import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { socketSettingsWith, startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
import { HallConfig } from '@hallq/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, REPO_ROOT, webApps } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';
import { LONG_NAMES_HALL_FILE } from './support/long-names-hall.ts';

/**
 * The layout check (tests/support/layout-check.ts) on the lobby display, for every size a hall uses and every
 * state that matters: idle, a call being announced, a recall, notices shown, the browser's voice prompt, the hub
 * gone; with the demo hall's names and with the long names of a test hall file. Screenshots land in
 * test-output/screens/lobby-<size>-<state>.png.
 */
const SIZES = [
  ['1920x1080', { width: 1920, height: 1080 }],
  ['3840x2160', { width: 3840, height: 2160 }],
  ['1080x1920', { width: 1080, height: 1920 }],
] as const;
/** The scrolling notice line runs past its box by design: it is a marquee. */
const IGNORE = ['.notice-line'];
// One kiosk issues many tickets at once on a clock that barely moves: the connection and per-kiosk limits are lifted.
const socket = socketSettingsWith(
  { issueBurst: 100_000 },
  { commandsPerSecond: 100_000, commandBurst: 100_000 },
);
const hallFile = (name: string): HallConfig =>
  HallConfig.parse(JSON.parse(readFileSync(join(REPO_ROOT, name), 'utf8')));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
const hubs: TestHub[] = [];
const pages: Page[] = [];
afterEach(async () => {
  for (const p of pages.splice(0)) await p.close().catch(() => undefined);
  for (const h of hubs.splice(0)) await h.close();
});

async function hallWithCalls(file: string): Promise<TestHub> {
  const h = await startTestHub({ hall: hallFile(file), config: { webApps: webApps(), socket } });
  hubs.push(h);
  const kiosk = await h.connect({ deviceToken: h.addDevice('kiosk').token });
  const services = h.hub.hall.hall().services.map((s) => s.id);
  for (let i = 0; i < 24; i += 1) {
    const answer = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: services[i % services.length]!,
      identity: null,
    });
    expect(answer.ok).toBe(true);
  }
  return h;
}

async function openLobby(h: TestHub, query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: SIZES[0][1] });
  pages.push(page);
  page.on('pageerror', (error) => console.error('[lobby page]', error));
  await page.goto(`${h.url}/lobby/?${query}#token=${h.addDevice('lobby').token}`);
  await page.locator('[data-testid=recent]').waitFor({ timeout: 60_000 });
  return page;
}

async function publishNotices(h: TestHub): Promise<void> {
  await h.addUser('notice-admin', 'admin');
  const staff = await h.connect();
  await staff.call('session:login', { username: 'notice-admin', password: TEST_PASSWORD, windowId: null });
  const answer = await staff.call('notices:set', {
    notices: [
      {
        id: 'hours',
        title: '办公时间 Opening hours',
        body: '周一至周五 9:00–17:00；周六 9:00–12:00（仅限不动产登记）\nMon–Fri 9:00–17:00; Sat 9:00–12:00',
        scrolling: false,
        enabled: true,
      },
      {
        id: 'tip',
        title: '温馨提示',
        body: '请保管好随身物品，听到叫号后请到对应窗口办理。Please keep your belongings with you.',
        scrolling: true,
        enabled: true,
      },
    ],
  });
  expect(answer.ok).toBe(true);
}

/** Checks the page at every size; returns the problems of each case by its name. */
async function checkSizes(page: Page, state: string): Promise<Record<string, LayoutProblem[]>> {
  const found: Record<string, LayoutProblem[]> = {};
  for (const [size, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    // Two frames: names refit to the new width (ResizeObserver) before the check looks.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const name = `lobby-${size}-${state}`;
    found[name] = await checkLayout(page, { name, ignore: IGNORE });
  }
  return found;
}

/** Every case checked, and the problems of those that have any (empty when the screen is right). */
const failures = (cases: Record<string, LayoutProblem[]>) =>
  Object.fromEntries(Object.entries(cases).filter(([, problems]) => problems.length > 0));

describe('lobby layout check at 1920×1080, 3840×2160 and 1080×1920', () => {
  for (const [label, file] of [
    ['demo hall', 'apps/hub/halls/demo-hall.json'],
    ['long names', LONG_NAMES_HALL_FILE],
  ] as const) {
    it(`${label}: idle, called, recall, notices, offline`, async () => {
      const h = await hallWithCalls(file);
      const prefix = label === 'demo hall' ? '' : 'long-names-';
      // Speech (silent) ten times faster, so the seven calls are through in seconds; each lingers 6 s highlighted.
      const page = await openLobby(h, 'sound=off&speed=10&highlightMs=60000');
      const cases: Record<string, LayoutProblem[]> = {};

      Object.assign(cases, await checkSizes(page, `${prefix}idle`));

      const clerks = await Promise.all(['w1', 'w3', 'w4', 'w5', 'w6', 'w10'].map((w) => h.clerkAt(w)));
      for (const [i, w] of ['w1', 'w3', 'w4', 'w5', 'w6', 'w10'].entries()) {
        expect(await clerks[i]!.call('window:call-next', { windowId: w })).toMatchObject({ ok: true });
      }
      await page.locator('[data-testid=recent] li').nth(5).waitFor();
      await page.locator('[data-testid=featured].highlighted').waitFor();
      Object.assign(cases, await checkSizes(page, `${prefix}called`));

      expect(await clerks[0]!.call('window:recall', { windowId: 'w1' })).toMatchObject({ ok: true });
      await page.locator('[data-testid=featured] .recall-tag').waitFor();
      Object.assign(cases, await checkSizes(page, `${prefix}recall`));

      await publishNotices(h);
      await page.locator('[data-testid=notice-panel]').waitFor();
      await page.locator('[data-testid=notice-line]').waitFor();
      Object.assign(cases, await checkSizes(page, `${prefix}notice`));

      await h.close();
      hubs.splice(hubs.indexOf(h), 1);
      await page.locator('.status-offline').waitFor();
      Object.assign(cases, await checkSizes(page, `${prefix}offline`));

      console.log(`[lobby layout] ${label}: ${Object.keys(cases).length} cases checked`);
      expect(failures(cases)).toEqual({});
    });

    it(`${label}: the browser's voice prompt`, async () => {
      const h = await hallWithCalls(file);
      const clerk = await h.clerkAt('w1');
      await clerk.call('window:call-next', { windowId: 'w1' });
      const page = await openLobby(h, '');
      await page.locator('[data-testid=sound-banner]').waitFor({ timeout: 60_000 });
      const cases = await checkSizes(page, `${label === 'demo hall' ? '' : 'long-names-'}voice-prompt`);
      expect(failures(cases)).toEqual({});
    });
  }
});
