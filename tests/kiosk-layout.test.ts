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
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub, testHall } from '@hallq/hub/testing';
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

/** This boot's pairing secret between the kiosk page and its device agent. */
const PAIRING = 'kiosk-layout-pairing-secret-of-this-boot';

const text = (zh: string, en: string) => ({ zh, en });

const SERVICE_NAMES = [
  text('不动产登记与抵押权变更一窗受理', 'Real estate registration and mortgage changes (one window)'),
  text('社会保障卡申领与补换', 'Social security card applications and replacements'),
  text('住房公积金提取与贷款', 'Housing provident fund withdrawals and loans'),
  text('户籍办理', 'Household registration'),
  text('出入境证件', 'Exit and entry documents'),
  text('企业开办与工商登记', 'Business start-up and company registration'),
  text('税务综合业务', 'Taxation'),
  text('医疗保险', 'Medical insurance'),
  text('机动车驾驶人业务', 'Motor vehicles and driving licences'),
];

/** Nine services with long names at 10:00: one closed until 13:30, one switched off; two windows serve all. */
function longNamesHall(): HallConfig {
  const hall = testHall({ services: SERVICE_NAMES.length, windows: 2 });
  return {
    ...hall,
    name: text(
      '某某市某某区政务服务中心（市民之家）综合自助服务大厅',
      'Municipal District Government Affairs Service Center (Citizens’ Home) Self-service Hall',
    ),
    services: hall.services.map((service, i) => ({
      ...service,
      name: SERVICE_NAMES[i] ?? service.name,
      waitingArea: text('二楼B区（东侧等候区）', 'Floor 2, Zone B (east waiting area)'),
      ...(i === 2 && { openingHours: [{ from: '13:30', to: '17:00' }] }),
      ...(i === 3 && { enabled: false }),
    })),
  };
}

const ALL_SERVICES = SERVICE_NAMES.map((_, i) => `svc-${i + 1}`);
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
    hall: longNamesHall(),
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
      // The QR code on the screen is the one on the paper: the ticket's page on the public listener.
      const qr = await page.locator('[data-ticket-page]').getAttribute('data-ticket-page');
      expect(qr).toMatch(new RegExp(`^${hub.publicUrl}/t/[A-Za-z0-9_-]{24}$`));
      expect(paper.qrCodes).toEqual([qr]);
      devices.printerSimulator.state = 'ok';

      await setLanguage('en');
      await fits(page, `kiosk-${size}-ticket-en`);
      expect(await page.locator('[data-screen="printed"]').textContent()).toContain('Ticket issued');
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
    await placeCard(simulatedCard(residentCard()));
    const placedAt = performance.now();
    await page.locator('[data-screen="card-refused"]').waitFor({ timeout: 10_000 });
    const shownAfter = performance.now() - placedAt;
    expect(await page.locator('.message').textContent()).toContain('请重新放置身份证');
    await fits(page, `kiosk-${sizeOf(PORTRAIT)}-card-unreadable-zh`);
    await page.setViewportSize(LANDSCAPE);
    await fits(page, `kiosk-${sizeOf(LANDSCAPE)}-card-unreadable-zh`);
    await page.setViewportSize(PORTRAIT);
    console.log(
      `[kiosk layout] card placed → 请重新放置身份证 on screen: ${shownAfter.toFixed(0)} ms ` +
        '(read answer lost; 300 ms polling, 1500 ms answer timeout)',
    );
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
