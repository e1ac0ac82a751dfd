/**
 * Kiosk layout and states in Chromium, at the two sizes halls use (1080×1920 portrait, 1920×1080 landscape), with a
 * hall whose names are long: every case runs the shared layout check (nothing clipped, wrapped where it must not,
 * off-screen or too small to touch; 90 px in senior mode) and keeps a screenshot under test-output/screens/.
 * Alongside the layout, each case asserts what issue 11 found wrong: senior mode hiding services, waits that
 * contradict themselves, the ticket screen's heading, 人 and staff-only printer warnings, the outage and revoked
 * states, and the ID-card button and reader failures.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskName, type TicketPrinter } from '@hallq/devices';
import { residentCard, simulatedCard } from '@hallq/devices/testing';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '@hallq/hub/testing';
import type { HallConfig } from '@hallq/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKioskAgent,
  fetchPrintKey,
  type KioskAgent,
  originPolicy,
  type SimulatedDevices,
  startSimulatedDevices,
} from '../apps/kiosk/agent/index.ts';
import { launchChromium, REPO_ROOT, webApps } from './support/browser.ts';
import { checkLayout } from './support/layout-check.ts';
import { longNamesHall } from './support/long-names-hall.ts';

/** This boot's pairing secret between the kiosk page and its device agent. */
const PAIRING = 'kiosk-layout-pairing-secret-of-this-boot';

/**
 * The long-names hall file (tests/fixtures/long-names-hall.json) at 10:00 with two windows serving all nine
 * services: one closed until 13:30, one switched off.
 */
function kioskHall(): HallConfig {
  const hall = longNamesHall();
  return {
    ...hall,
    services: hall.services.map((service, i) => ({
      ...service,
      ...(i === 2 && { openingHours: [{ from: '13:30', to: '17:00' }] }),
      ...(i === 3 && { enabled: false }),
    })),
    windows: hall.windows.slice(0, 2),
  };
}

const ALL_SERVICES = kioskHall().services.map((service) => service.id);
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const VIEWPORTS = [PORTRAIT, LANDSCAPE];
const sizeOf = (v: { width: number; height: number }) => `${v.width}x${v.height}`;

const profileFile = (name: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'hardware-profiles', name), 'utf8'));

let dir: string;
let hub: TestHub;
let hubPort: number;
let visitors: TestClient;
let devices: SimulatedDevices;
let agent: KioskAgent;
let agentUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
/** While set, the agent's printer waits for it before printing (to see the 正在打印 screen). */
let printHold: Promise<void> | null = null;
const checked: string[] = [];

const startHub = (port: number) =>
  startTestHub({
    hall: kioskHall(),
    dir,
    config: {
      webApps: webApps(),
      port,
      // The tickets' QR codes open their pages on the public listener: the ticket screen shows the code too.
      publicListener: { host: '127.0.0.1', port: 0, visitorDir: join(REPO_ROOT, 'apps', 'visitor', 'dist') },
    },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hallq-kiosk-layout-'));
  hub = await startHub(0);
  hubPort = Number(new URL(hub.url).port);
  const kiosk = hub.addDevice('kiosk');
  // Another kiosk's visitors: one person waits for the first service.
  visitors = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  await visitors.nextSnapshot();
  const first = await visitors.call('ticket:issue', {
    requestId: 'layout-visitor-1',
    serviceId: 'svc-1',
    identity: null,
  });
  expect(first.ok).toBe(true);

  devices = await startSimulatedDevices({
    readerProfile: profileFile('id-card-reader-generic-ga467.json'),
    printerProfile: profileFile('ticket-printer-generic-80mm-network.json'),
    serialTimingBaud: 115200,
  });
  const printer: TicketPrinter = {
    status: () => devices.printer.status(),
    printTicket: async (ticket) => {
      if (printHold) await printHold;
      return devices.printer.printTicket(ticket);
    },
    close: () => devices.printer.close(),
  };
  const printKey = await fetchPrintKey(hub.url);
  agent = createKioskAgent({
    reader: devices.reader,
    printer,
    maskName,
    allowOrigin: originPolicy([new URL(hub.url).origin]),
    pairingSecret: PAIRING,
    printKey: () => printKey,
    // The permits' expiry is read on the hub's clock (the test hub's, which a restart replaces).
    clock: () => hub.clock.now(),
  });
  agentUrl = (await agent.listen(0)).url;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(
    `${hub.url}/kiosk/?agent=${encodeURIComponent(agentUrl)}#token=${kiosk.token}&pairing=${PAIRING}`,
  );
  await page.locator('[data-service="svc-1"]:not([disabled])').waitFor();
  await page.locator('[data-action="card"]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await agent?.close();
  await devices?.close();
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the layout check on the page as it is; `expect.soft` so that one run lists every case that fails. */
async function fits(on: Page, name: string, senior = false): Promise<void> {
  // Let a state change finish its layout (fonts, the next frame) before measuring.
  await on.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  const problems = await checkLayout(on, { name, minTouchTarget: senior ? 90 : 72 });
  checked.push(name);
  expect.soft(problems, name).toEqual([]);
}

async function setLanguage(language: 'zh' | 'en'): Promise<void> {
  if ((await page.locator(`[data-language="${language}"]`).count()) === 0) {
    await page.locator('[data-action="language"]').click();
    await page.locator(`[data-language="${language}"]`).waitFor();
  }
}

async function setSenior(on: boolean): Promise<void> {
  if ((await page.locator('.kiosk.elderly').count()) > 0 !== on) {
    await page.locator('[data-action="elderly"]').click();
    await page.locator(on ? '.kiosk.elderly' : '.kiosk:not(.elderly)').waitFor();
  }
}

async function goHome(): Promise<void> {
  const home = page.locator('[data-action="home"]');
  if (await home.isVisible()) await home.click();
  await page.locator('[data-screen="home"]').waitFor();
}

/** Walks every page of services with 下一页, checking each; returns the services seen, in order. */
async function everyPage(prefix: string, senior: boolean): Promise<string[]> {
  const seen: string[] = [];
  while ((await page.locator('[data-action="page-previous"]:not([disabled])').count()) > 0) {
    await page.locator('[data-action="page-previous"]').click();
  }
  for (let n = 1; n <= ALL_SERVICES.length; n += 1) {
    await page.locator(`.tiles[data-page="${n}"]`).waitFor();
    seen.push(
      ...(await page
        .locator('[data-service]')
        .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-service') ?? ''))),
    );
    await fits(page, `${prefix}-page${n}`, senior);
    const next = page.locator('[data-action="page-next"]:not([disabled])');
    if ((await next.count()) === 0) break;
    await next.click();
  }
  return seen;
}

/** Turns the pages (from the first) until the tile of `serviceId` is on screen. */
async function showService(serviceId: string): Promise<void> {
  while ((await page.locator('[data-action="page-previous"]:not([disabled])').count()) > 0) {
    await page.locator('[data-action="page-previous"]').click();
  }
  while ((await page.locator(`[data-service="${serviceId}"]`).count()) === 0) {
    await page.locator('[data-action="page-next"]:not([disabled])').click();
  }
}

/** Lifts whatever lies on the reader, waits until the driver saw the field empty, and places `card`. */
async function placeCard(card: ReturnType<typeof simulatedCard>): Promise<void> {
  devices.readerSimulator.removeCard();
  const seen = devices.readerSimulator.received.length;
  await new Promise<void>((resolve) => {
    const check = () => {
      const since = devices.readerSimulator.received.slice(seen).filter((c) => c === 'find-card').length;
      if (since >= 3) resolve();
      else setTimeout(check, 10);
    };
    check();
  });
  devices.readerSimulator.placeCard(card);
}

const fontSize = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

describe('kiosk screens fit 1080×1920 and 1920×1080 with long names', () => {
  for (const viewport of VIEWPORTS) {
    const size = sizeOf(viewport);

    it(`${size}: home in Chinese and English, every service on its page, waits as ranges`, async () => {
      await page.setViewportSize(viewport);
      await setSenior(false);
      await setLanguage('zh');
      await goHome();
      const seen = await everyPage(`kiosk-${size}-home-zh`, false);
      expect(seen).toEqual(ALL_SERVICES);
      await fits(page, `kiosk-${size}-idle-zh`);

      // One person waits for svc-1 and two windows are free: the model says 0 min, the tile must not say 无需等候.
      await showService('svc-1');
      const tile = page.locator('[data-service="svc-1"]');
      await tile.waitFor();
      expect(await tile.textContent()).not.toContain('无需等候');
      expect(await tile.textContent()).toMatch(/分钟/);

      await setLanguage('en');
      const english = await everyPage(`kiosk-${size}-home-en`, false);
      expect(english).toEqual(ALL_SERVICES);
      await setLanguage('zh');
    });

    it(`${size}: senior mode shows every service in pages, text 1.5×, touch targets ≥ 90 px`, async () => {
      await page.setViewportSize(viewport);
      await setLanguage('zh');
      await setSenior(false);
      await goHome();
      await showService('svc-1');
      const normalName = await fontSize('.tile-name');
      const normalFigures = await fontSize('.tile-figures');
      await setSenior(true);
      await showService('svc-1');
      expect(await fontSize('.tile-name')).toBeGreaterThanOrEqual(normalName * 1.49);
      expect(await fontSize('.tile-figures')).toBeGreaterThanOrEqual(normalFigures * 1.49);

      const seen = await everyPage(`kiosk-${size}-senior-zh`, true);
      expect(seen).toEqual(ALL_SERVICES);
      // Pages with large buttons and a page count, not a scrolling list.
      expect(await page.locator('.pager-count').textContent()).toMatch(/第 \d+ \/ \d+ 页/);
      const pageCount = Number(
        (await page.locator('.pager-count').getAttribute('data-page-count'))?.split('/')[1],
      );
      expect(pageCount).toBeGreaterThanOrEqual(2);

      await setLanguage('en');
      const english = await everyPage(`kiosk-${size}-senior-en`, true);
      expect(english).toEqual(ALL_SERVICES);
      await setLanguage('zh');
      await setSenior(false);
    });

    it(`${size}: guide, ID card flow, printing and ticket screens`, async () => {
      await page.setViewportSize(viewport);
      await setLanguage('zh');
      await setSenior(false);
      await goHome();

      await showService('svc-2');
      await page.locator('[data-guide="svc-2"]').click();
      await page.locator('[data-screen="guide"]').waitFor();
      await fits(page, `kiosk-${size}-guide-zh`);
      await page.locator('[data-action="back"]').click();

      await page.locator('[data-action="card"]').click();
      await page.locator('[data-screen="card-wait"]').waitFor();
      await fits(page, `kiosk-${size}-card-wait-zh`);
      await placeCard(simulatedCard(residentCard()));
      await page.locator('[data-screen="card-greet"]').waitFor();
      await fits(page, `kiosk-${size}-card-greet-zh`);
      // A different service per orientation: one ticket per ID card and service.
      const cardService = viewport === PORTRAIT ? 'svc-5' : 'svc-6';
      await showService(cardService);
      await page.locator(`[data-service="${cardService}"]`).click();
      await page.locator('[data-screen="printed"]').waitFor();
      await fits(page, `kiosk-${size}-ticket-card-zh`);
      await goHome();

      // 正在打印, then 取号成功 with the printer's near-end warning kept from the visitor.
      let release = () => {};
      printHold = new Promise<void>((resolve) => {
        release = resolve;
      });
      devices.printerSimulator.state = 'near-end';
      const printed = devices.printerSimulator.nextTicket();
      await showService('svc-1');
      // What the tile promises, in both languages, for the ticket about to be taken (nothing changes meanwhile).
      const tileWait = page.locator('[data-service="svc-1"] [data-tile-wait]');
      const promised = { zh: (await tileWait.textContent()) ?? '', en: '' };
      await setLanguage('en');
      await showService('svc-1');
      promised.en = (await tileWait.textContent()) ?? '';
      await setLanguage('zh');
      await showService('svc-1');
      await page.locator('[data-service="svc-1"]').click();
      await page.locator('[data-screen="printing"]').waitFor();
      await fits(page, `kiosk-${size}-printing-zh`);
      printHold = null;
      release();
      const paper = await printed;
      await page.locator('[data-screen="printed"]').waitFor();
      await fits(page, `kiosk-${size}-ticket-zh`);
      const screen = (await page.locator('[data-screen="printed"]').textContent()) ?? '';
      expect(screen).toContain('取号成功');
      expect(screen).not.toContain('打印纸即将用完');
      const ahead = page.locator('[data-people-ahead]');
      const n = Number(await ahead.getAttribute('data-people-ahead'));
      expect(n).toBeGreaterThanOrEqual(1);
      expect(await ahead.textContent()).toBe(`${n} 人`);
      // The same words on the screen and on the paper, and never 无需等候 with anyone ahead.
      const wait = (await page.locator('[data-wait]').textContent()) ?? '';
      expect(wait).not.toContain('无需等候');
      expect(paper.text).toContain(`预计等候：${wait}`);
      // The tile said the same range: one estimate, one rule, on tile, screen and paper.
      expect(wait).toMatch(/分钟/);
      expect(wait).toBe(promised.zh);
      // The QR code on the screen is the one on the paper: the ticket's page on the public listener.
      const qr = await page.locator('[data-ticket-page]').getAttribute('data-ticket-page');
      expect(qr).toMatch(new RegExp(`^${hub.publicUrl}/t/[A-Za-z0-9_-]{24}$`));
      expect(paper.qrCodes).toEqual([qr]);
      devices.printerSimulator.state = 'ok';

      await setLanguage('en');
      await fits(page, `kiosk-${size}-ticket-en`);
      expect(await page.locator('[data-screen="printed"]').textContent()).toContain('Ticket issued');
      // In English too: people ahead, so never "No wait", and the tile's range.
      const waitEn = (await page.locator('[data-wait]').textContent()) ?? '';
      expect(Number(await ahead.getAttribute('data-people-ahead'))).toBe(n);
      expect(waitEn).not.toMatch(/no wait/i);
      expect(waitEn).toMatch(/min/);
      expect(waitEn).toBe(promised.en);
      await setSenior(true);
      await fits(page, `kiosk-${size}-ticket-senior-en`, true);
      await setLanguage('zh');
      await fits(page, `kiosk-${size}-ticket-senior-zh`, true);
      await setSenior(false);
      await goHome();
    });
  }

  it('a card that cannot be read (answer lost, reader reports once per placement) says 请重新放置身份证', async () => {
    await page.setViewportSize(PORTRAIT);
    await goHome();
    devices.readerSimulator.reportOncePerPlacement = true;
    await page.locator('[data-action="card"]').click();
    await page.locator('[data-screen="card-wait"]').waitFor();
    devices.readerSimulator.loseNextAnswer('read-text-photo');
    let refusedAt = Number.NaN;
    const stopListening = devices.reader.on('card:refused', () => {
      refusedAt = performance.now();
    });
    await placeCard(simulatedCard(residentCard()));
    const placedAt = performance.now();
    // Checked at every frame: a locator's wait polls at 500 ms after its first tries, which would add to the time.
    await page.waitForFunction(
      () => document.querySelector('[data-screen="card-refused"]') !== null,
      undefined,
      {
        polling: 'raf',
        timeout: 10_000,
      },
    );
    const shownAfter = performance.now() - placedAt;
    stopListening();
    expect(await page.locator('.message').textContent()).toContain('请重新放置身份证');
    await fits(page, `kiosk-${sizeOf(PORTRAIT)}-card-unreadable-zh`);
    await page.setViewportSize(LANDSCAPE);
    await fits(page, `kiosk-${sizeOf(LANDSCAPE)}-card-unreadable-zh`);
    await page.setViewportSize(PORTRAIT);
    console.log(
      `[kiosk layout] card placed → 请重新放置身份证 on screen: ${shownAfter.toFixed(0)} ms ` +
        `(refused by the driver after ${(refusedAt - placedAt).toFixed(0)} ms; ` +
        'read answer lost; 300 ms polling, 1500 ms read budget from the find that saw the card)',
    );
    // The card is placed just after a find (the worst moment). The driver refuses ≤ 1.8 s after the placement,
    // asserted exactly on an injected clock in packages/devices; here real timers run beside Chromium and the
    // rest of the suite, so the bounds leave room for a loaded machine (measured: 1.80 s at the driver, 1.81 s on
    // screen, load 3–4). The old driver refused at 2.2 s, which still fails the first bound.
    expect(refusedAt - placedAt).toBeLessThan(2100);
    expect(shownAfter).toBeLessThan(2600);
    devices.readerSimulator.reportOncePerPlacement = false;
    devices.readerSimulator.removeCard();
    await goHome();
  });

  it('the ID-card button shows only while the reader is ready; a reader lost on the card screen goes home', async () => {
    await goHome();
    await page.locator('[data-action="card"]').click();
    await page.locator('[data-screen="card-wait"]').waitFor();
    devices.readerSimulator.silent = true; // unplugged, as far as the driver can tell
    await page.locator('[data-screen="home"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-action="card"]').count()).toBe(0);
    await fits(page, `kiosk-${sizeOf(PORTRAIT)}-home-no-reader-zh`);
    devices.readerSimulator.silent = false;
    await page.locator('[data-action="card"]').waitFor({ timeout: 30_000 });
  });

  it('revoked token: 暂停服务 with what staff must do, Chinese first, never 正在连接服务器… forever', async () => {
    const revoked = hub.addDevice('kiosk');
    hub.hub.accounts.revokeDevice(revoked.id, hub.clock.now());
    const other: BrowserContext = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
    try {
      const kiosk = await other.newPage();
      kiosk.on('pageerror', (error) => pageErrors.push(error.message));
      await kiosk.goto(
        `${hub.url}/kiosk/?agent=${encodeURIComponent(agentUrl)}#token=${revoked.token}&pairing=${PAIRING}`,
      );
      const screen = kiosk.locator('[data-screen="not-authorised"]');
      await screen.waitFor();
      const words = (await screen.textContent()) ?? '';
      expect(words).toContain('未获授权');
      expect(words).toContain('重新登记');
      expect(words.indexOf('重新登记')).toBeLessThan(words.indexOf('Register'));
      expect(await kiosk.locator('body').textContent()).not.toContain('正在连接服务器');
      expect(await kiosk.locator('[data-service]').count()).toBe(0);
      await fits(kiosk, `kiosk-${sizeOf(PORTRAIT)}-revoked`);
      await kiosk.setViewportSize(LANDSCAPE);
      await fits(kiosk, `kiosk-${sizeOf(LANDSCAPE)}-revoked`);
    } finally {
      await other.close();
    }
  });

  it('a kiosk revoked while it runs says so too, instead of reconnecting for ever', async () => {
    const running = hub.addDevice('kiosk');
    const other: BrowserContext = await browser.newContext({ viewport: LANDSCAPE, hasTouch: true });
    try {
      const kiosk = await other.newPage();
      kiosk.on('pageerror', (error) => pageErrors.push(error.message));
      await kiosk.goto(
        `${hub.url}/kiosk/?agent=${encodeURIComponent(agentUrl)}#token=${running.token}&pairing=${PAIRING}`,
      );
      await kiosk.locator('[data-service="svc-1"]:not([disabled])').waitFor();
      await hub.addUser('layout-admin', 'admin');
      const admin = await hub.connect();
      const login = await admin.call('session:login', {
        username: 'layout-admin',
        password: TEST_PASSWORD,
        windowId: null,
      });
      expect(login.ok).toBe(true);
      expect(await admin.call('device:revoke', { deviceId: running.id })).toMatchObject({ ok: true });
      admin.close();
      await kiosk.locator('[data-screen="not-authorised"]').waitFor({ timeout: 20_000 });
      expect(await kiosk.locator('[data-service]').count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('hub down: a full-screen 暂停服务 that says what to do, and back by itself when the hub returns', async () => {
    await page.setViewportSize(PORTRAIT);
    await goHome();
    visitors.close();
    await hub.close();
    const outage = page.locator('[data-screen="out-of-service"]');
    await outage.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-service]').count()).toBe(0);
    const words = (await outage.textContent()) ?? '';
    expect(words).toContain('暂停服务');
    expect(words).toContain('Out of service');
    expect(words).toContain('服务台');
    await fits(page, `kiosk-${sizeOf(PORTRAIT)}-out-of-service`);
    await page.setViewportSize(LANDSCAPE);
    await fits(page, `kiosk-${sizeOf(LANDSCAPE)}-out-of-service`);
    await setSenior(true);
    await fits(page, `kiosk-${sizeOf(LANDSCAPE)}-out-of-service-senior`, true);
    await setSenior(false);

    hub = await startHub(hubPort);
    await page
      .locator('[data-screen="home"] [data-service="svc-1"]:not([disabled])')
      .waitFor({ timeout: 30_000 });
    expect(await outage.count()).toBe(0);
    await page.setViewportSize(PORTRAIT);
  });

  it('raised no page errors, and listed its cases', () => {
    expect(pageErrors).toEqual([]);
    console.log(`[kiosk layout] ${checked.length} cases checked: ${checked.join(', ')}`);
  });
});
