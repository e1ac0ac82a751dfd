import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  socketSettingsWith,
  startTestHub,
  TEST_PASSWORD,
  type TestClient,
  type TestHub,
} from '@hallq/hub/testing';
import { HallConfig } from '@hallq/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, REPO_ROOT, webApps } from './support/browser.ts';

/**
 * The lobby display as a hall sees it (issue 11, points 6–8): the header, the waiting tiles, the notice areas,
 * a recall and the voice prompt, measured in Debian's Chromium at the sizes halls use, against a real hub.
 * Chromium runs with its default autoplay policy, as a plain browser does (the voice prompt shows); the Electron
 * shell's policy is checked with a second browser.
 */
// One kiosk issues many tickets at once on a clock that barely moves: the connection and per-kiosk limits are lifted.
const socket = socketSettingsWith(
  { issueBurst: 100_000 },
  { commandsPerSecond: 100_000, commandBurst: 100_000 },
);
const hallFile = (name: string): HallConfig =>
  HallConfig.parse(JSON.parse(readFileSync(join(REPO_ROOT, name), 'utf8')));
const DEMO_HALL = hallFile('apps/hub/halls/demo-hall.json');
const LANDSCAPE = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };
const PORTRAIT = { width: 1080, height: 1920 };

/** The part of the page's probe (`window.__hallqLobby`, apps/lobby/src/lobby-runtime.ts) these tests read. */
interface Probe {
  __hallqLobby?: { sound(): string; counts(): Record<string, number> };
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

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

async function hub(hall: HallConfig = DEMO_HALL): Promise<TestHub> {
  const started = await startTestHub({ hall, config: { webApps: webApps(), socket } });
  hubs.push(started);
  await started.addUser('lobby-admin', 'admin');
  return started;
}

async function openLobby(
  h: TestHub,
  query: string,
  viewport: { width: number; height: number },
  on: Browser = browser,
): Promise<Page> {
  const page = await on.newPage({ viewport });
  pages.push(page);
  page.on('pageerror', (error) => console.error('[lobby page]', error));
  await page.goto(`${h.url}/lobby/?${query}#token=${h.addDevice('lobby').token}`);
  await page.locator('[data-testid=recent]').waitFor({ timeout: 60_000 });
  return page;
}

async function issue(h: TestHub, count: number, only?: string): Promise<void> {
  const kiosk = await h.connect({ deviceToken: h.addDevice('kiosk').token });
  const services = only ? [only] : h.hub.hall.hall().services.map((s) => s.id);
  for (let i = 0; i < count; i += 1) {
    const answer = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: services[i % services.length]!,
      identity: null,
    });
    expect(answer.ok).toBe(true);
  }
}

async function admin(h: TestHub): Promise<TestClient> {
  const client = await h.connect();
  const login = await client.call('session:login', {
    username: 'lobby-admin',
    password: TEST_PASSWORD,
    windowId: null,
  });
  if (!login.ok) throw new Error(login.error.message);
  return client;
}

/** How many lines the text under `selector` takes (text boxes whose vertical extents overlap share a line). */
const lineCount = (page: Page, selector: string) =>
  page.locator(selector).evaluate((root) => {
    const rects: DOMRect[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.textContent?.trim() === '') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) rects.push(r);
    }
    rects.sort((a, b) => a.top - b.top);
    const lines: { top: number; bottom: number }[] = [];
    for (const r of rects) {
      const middle = (r.top + r.bottom) / 2;
      const line = lines.find((l) => middle >= l.top && middle <= l.bottom);
      if (line) {
        line.top = Math.min(line.top, r.top);
        line.bottom = Math.max(line.bottom, r.bottom);
      } else lines.push({ top: r.top, bottom: r.bottom });
    }
    return lines.length;
  });

/** The box of the first text under `selector` that reads `text` exactly (the ink, not its element's box). */
const textBox = (page: Page, selector: string, text: string) =>
  page.locator(selector).evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.textContent?.trim() !== wanted) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }
    throw new Error(`no text "${wanted}"`);
  }, text);

const box = (page: Page, selector: string): Promise<Box> =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('lobby layout (issue 11 point 6)', () => {
  it('keeps the header on its lines at 1080p and 4K: the English name whole, 星期六 whole, the date clear of the clock', async () => {
    const h = await hub();
    const page = await openLobby(h, 'sound=off', LANDSCAPE);
    for (const viewport of [LANDSCAPE, UHD]) {
      await page.setViewportSize(viewport);
      expect(await lineCount(page, '.hall-name .en'), `English name at ${viewport.width}`).toBe(1);
      expect(await lineCount(page, '.hall-date .zh'), `Chinese date at ${viewport.width}`).toBe(1);
      expect(await page.locator('.hall-date .zh').textContent()).toContain('星期六');
      const date = await box(page, '.hall-date .en');
      const clock = await box(page, '[data-testid=clock]');
      // At least 1 vmin of air between the English date and the clock.
      expect(clock.left - date.right, `date to clock at ${viewport.width}`).toBeGreaterThanOrEqual(
        viewport.height / 100,
      );
    }
  });

  it('shows whole service names and keeps 人 beside its count in portrait (and in landscape)', async () => {
    const h = await hub();
    await issue(h, 12);
    const page = await openLobby(h, 'sound=off', PORTRAIT);
    for (const viewport of [PORTRAIT, LANDSCAPE]) {
      await page.setViewportSize(viewport);
      await page.locator('[data-testid=waiting] .waiting-service').first().waitFor();
      const cut = await page
        .locator('[data-testid=waiting] .service-name')
        .evaluateAll((els) =>
          els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
        );
      expect(cut, `names cut at ${viewport.width}×${viewport.height}`).toEqual([]);
      for (const tile of await page.locator('[data-testid=waiting] .waiting-service').all()) {
        const count = await tile.locator('.waiting-count b').boundingBox();
        const person = await tile.locator('.waiting-count .zh', { hasText: '人' }).boundingBox();
        // 人 sits on the number's line: their vertical extents overlap.
        expect(person!.y < count!.y + count!.height && count!.y < person!.y + person!.height).toBe(true);
      }
    }
  });

  it('shows a notice area only with a notice, and a published notice in it', async () => {
    const h = await hub();
    await issue(h, 2);
    const page = await openLobby(h, 'sound=off', LANDSCAPE);
    // No notice: no empty panel taking a quarter of the screen, no empty line.
    expect(await page.locator('.notice-panel').count()).toBe(0);
    expect(await page.locator('.notice-line').count()).toBe(0);
    const staff = await admin(h);
    // A notice as the admin console adds it (scrolling by default) runs along the bottom line.
    expect(
      await staff.call('notices:set', {
        notices: [
          { id: 'n1', title: '停电通知', body: '今天 16:00 起暂停办理', scrolling: true, enabled: true },
        ],
      }),
    ).toMatchObject({ ok: true });
    await page.locator('[data-testid=notice-line]', { hasText: '今天 16:00 起暂停办理' }).waitFor();
    expect(await page.locator('.notice-panel').count()).toBe(0);
    // A panel notice gets the panel, with its text.
    await staff.call('notices:set', {
      notices: [
        { id: 'n2', title: '办公时间', body: '周一至周五 9:00–17:00', scrolling: false, enabled: true },
      ],
    });
    const panel = page.locator('[data-testid=notice-panel]');
    await panel.waitFor();
    expect(await panel.textContent()).toBe('办公时间周一至周五 9:00–17:00');
    expect(await page.locator('.notice-line').count()).toBe(0);
  });
});

describe('lobby service short names (issue 11 point 6)', () => {
  it('shows a service under the short name the hall sets, at once', async () => {
    const h = await hub();
    const page = await openLobby(h, 'sound=off', PORTRAIT);
    const tile = page.locator('[data-testid=waiting] [data-service=real-estate] .service-name');
    await tile.waitFor();
    expect(await tile.textContent()).toBe('C 不动产登记');
    const hall = h.hub.hall.hall();
    const configured = await (await admin(h)).call('hall:configure', {
      hall: {
        ...hall,
        services: hall.services.map((s) =>
          s.id === 'real-estate' ? { ...s, shortName: { zh: '不动产', en: 'Real estate' } } : s,
        ),
      },
    });
    expect(configured).toMatchObject({ ok: true });
    await expect.poll(() => tile.textContent()).toBe('C 不动产');
    expect(
      await page.locator('[data-testid=waiting] [data-service=real-estate] .service-name-en').textContent(),
    ).toBe('Real estate');
  });
});

describe('lobby recall (issue 11 point 7)', () => {
  it('lists a recalled ticket once, at the top, with 重呼 · again on one line and the number centred', async () => {
    const h = await hub();
    await issue(h, 4, 'social-security'); // served at windows 1 and 2
    const page = await openLobby(h, 'sound=off&speed=50&highlightMs=600000', LANDSCAPE);
    const w1 = await h.clerkAt('w1');
    const w2 = await h.clerkAt('w2');
    await w1.call('window:call-next', { windowId: 'w1' });
    await w2.call('window:call-next', { windowId: 'w2' });
    await page.locator('[data-testid=recent] li').nth(1).waitFor();
    const first = await page.locator('[data-testid=recent] li').first().getAttribute('data-ticket');
    const recalled = first === 'A001' ? 'A002' : 'A001';
    const recallAt = recalled === 'A001' ? w1 : w2;
    const windowId = recalled === 'A001' ? 'w1' : 'w2';
    expect(await recallAt.call('window:recall', { windowId })).toMatchObject({ ok: true });
    await page.locator('[data-testid=featured] .recall-tag').waitFor();
    await expect
      .poll(() =>
        page
          .locator('[data-testid=recent] li')
          .evaluateAll((els) => els.map((el) => el.getAttribute('data-ticket'))),
      )
      .toEqual([recalled, first]);
    for (const viewport of [LANDSCAPE, PORTRAIT, UHD]) {
      await page.setViewportSize(viewport);
      expect(await lineCount(page, '[data-testid=featured] .recall-tag'), `label at ${viewport.width}`).toBe(
        1,
      );
      const panel = await box(page, '[data-testid=featured]');
      const number = await textBox(page, '[data-testid=featured] .featured-ticket', recalled);
      const off = Math.abs((number.left + number.right) / 2 - (panel.left + panel.right) / 2);
      expect(off, `number off centre at ${viewport.width}`).toBeLessThan(2);
    }
  });
});

describe('lobby voice prompt (issue 11 point 8)', () => {
  it('in a browser, sits where it hides nothing, with an SVG speaker and no emoji', async () => {
    const h = await hub();
    await issue(h, 3);
    const w1 = await h.clerkAt('w1');
    await w1.call('window:call-next', { windowId: 'w1' });
    const page = await openLobby(h, '', PORTRAIT);
    const prompt = page.locator('[data-testid=sound-banner]');
    await prompt.waitFor({ timeout: 60_000 });
    expect(await prompt.locator('svg').count()).toBe(1);
    expect(await prompt.textContent()).not.toMatch(/\p{Extended_Pictographic}/u);
    for (const viewport of [PORTRAIT, LANDSCAPE, UHD]) {
      await page.setViewportSize(viewport);
      // The lobby fits its names to the new size after a resize: the layout is read once it has settled.
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      );
      for (const part of [
        '.lobby-header',
        '[data-testid=featured]',
        '[data-testid=featured] .featured-ticket',
        '[data-testid=recent]',
        '[data-testid=waiting]',
      ]) {
        await expect
          .poll(async () => overlaps(await box(page, '[data-testid=sound-banner]'), await box(page, part)), {
            message: `${part} at ${viewport.width}`,
            timeout: 10_000,
          })
          .toBe(false);
      }
    }
    // One click anywhere turns the sound on, and the prompt goes.
    await page.mouse.click(10, 10);
    await page.waitForFunction(() => (window as unknown as Probe).__hallqLobby?.sound() === 'ready');
    expect(await prompt.count()).toBe(0);
  });

  it('never shows in a renderer whose autoplay policy needs no click (the Electron shell’s)', async () => {
    const shellLike = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    try {
      const h = await hub();
      await issue(h, 2);
      const page = await shellLike.newPage({ viewport: LANDSCAPE });
      pages.push(page);
      // Watch from the first byte of the page: a prompt shown for a moment counts too.
      await page.addInitScript(() => {
        const seen = { prompt: false };
        (window as unknown as { __prompt: typeof seen }).__prompt = seen;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid=sound-banner]')) seen.prompt = true;
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${h.url}/lobby/?speed=20#token=${h.addDevice('lobby').token}`);
      await page.waitForFunction(() => (window as unknown as Probe).__hallqLobby?.sound() === 'ready', null, {
        timeout: 60_000,
      });
      const w1 = await h.clerkAt('w1');
      await w1.call('window:call-next', { windowId: 'w1' });
      await page.waitForFunction(
        () => ((window as unknown as Probe).__hallqLobby?.counts().said ?? 0) >= 1,
        null,
        {
          timeout: 60_000,
        },
      );
      expect(
        await page.evaluate(() => (window as unknown as { __prompt: { prompt: boolean } }).__prompt),
      ).toEqual({ prompt: false });
    } finally {
      await shellLike.close();
    }
  });
});
