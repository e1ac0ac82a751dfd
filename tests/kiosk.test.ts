/**
 * The kiosk end to end, as a hall runs it: a hub serving the built kiosk, the device agent with the GA 467 reader
 * simulator (real 115200-baud wire timing, on a MockBinding cable) and the ESC/POS printer simulator on TCP, and
 * Debian's Chromium on a 1080×1920 touch screen.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskName } from '@hallq/devices';
import { expiredResidentCard, residentCard, simulatedCard } from '@hallq/devices/testing';
import { startTestHub, type TestClient, type TestHub, testHall } from '@hallq/hub/testing';
import type { HallConfig, HallUpdate } from '@hallq/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKioskAgent,
  fetchPrintKey,
  type KioskAgent,
  originPolicy,
  type SimulatedDevices,
  startSimulatedDevices,
} from '../apps/kiosk/agent/index.ts';
import { launchChromium, REPO_ROOT, screenshot, webApps } from './support/browser.ts';

const text = (zh: string, en: string) => ({ zh, en });

/** Four services at 10:00: two open, one closed until 13:30, one switched off. */
function kioskHall(): HallConfig {
  const hall = testHall({ services: 4, windows: 2 });
  const [a, b, c, d] = hall.services as [
    HallConfig['services'][number],
    HallConfig['services'][number],
    HallConfig['services'][number],
    HallConfig['services'][number],
  ];
  return {
    ...hall,
    name: text('某市政务服务中心', 'City Government Service Center'),
    services: [
      {
        ...a,
        name: text('不动产登记', 'Real estate registration'),
        waitingArea: text('二楼B区', 'Floor 2, Zone B'),
        guide: {
          materials: [
            text('申请人身份证原件', 'Applicant’s ID card (original)'),
            text('不动产权证书', 'Property certificate'),
          ],
          notes: [text('委托办理需提供授权委托书', 'An agent needs a signed power of attorney')],
        },
      },
      { ...b, name: text('社保业务', 'Social insurance'), waitingArea: text('一楼A区', 'Floor 1, Zone A') },
      {
        ...c,
        name: text('公积金', 'Housing fund'),
        openingHours: [{ from: '13:30', to: '17:00' }],
      },
      { ...d, name: text('户籍办理', 'Household registration'), enabled: false },
    ],
  };
}

const readerProfile = JSON.parse(
  readFileSync(join(REPO_ROOT, 'hardware-profiles', 'id-card-reader-generic-ga467.json'), 'utf8'),
);
const printerProfile = JSON.parse(
  readFileSync(join(REPO_ROOT, 'hardware-profiles', 'ticket-printer-generic-80mm-network.json'), 'utf8'),
);

const PAIRING = 'kiosk-e2e-pairing-secret-of-this-boot';

let hub: TestHub;
let lobby: TestClient;
let devices: SimulatedDevices;
let agent: KioskAgent;
let browser: Browser;
let page: Page;
let kioskId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ hall: kioskHall(), config: { webApps: webApps() } });
  const kiosk = hub.addDevice('kiosk');
  kioskId = kiosk.id;
  const display = hub.addDevice('lobby');
  lobby = await hub.connect({ deviceToken: display.token });
  await lobby.nextSnapshot();
  devices = await startSimulatedDevices({ readerProfile, printerProfile, serialTimingBaud: 115200 });
  // The agent as the kiosk shell starts it: only the hub's kiosk page, with this boot's pairing secret, and
  // only tickets with the hub's print permit.
  const printKey = await fetchPrintKey(hub.url);
  agent = createKioskAgent({
    reader: devices.reader,
    printer: devices.printer,
    maskName,
    allowOrigin: originPolicy([new URL(hub.url).origin]),
    pairingSecret: PAIRING,
    printKey: () => printKey,
    clock: hub.clock.now,
  });
  const { url: agentUrl } = await agent.listen(0);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(
    `${hub.url}/kiosk/?agent=${encodeURIComponent(agentUrl)}#token=${kiosk.token}&pairing=${PAIRING}`,
  );
  await page.locator('[data-service="svc-1"]:not([disabled])').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await agent?.close();
  await devices?.close();
  await hub?.close();
});

const issuedUpdate = (number: string): Promise<HallUpdate> =>
  lobby.waitForUpdate((u) => u.change.type === 'ticket:issued' && u.change.ticket.number === number);

const issuedCount = () => lobby.updates.filter((u) => u.change.type === 'ticket:issued').length;

async function goHome(): Promise<void> {
  const home = page.locator('[data-action="home"]');
  if (await home.isVisible()) await home.click();
  await page.locator('[data-screen="home"]').waitFor();
}

/** Lifts whatever lies on the reader and places `card`, as a visitor does. */
async function placeCard(card: ReturnType<typeof simulatedCard>): Promise<void> {
  devices.readerSimulator.removeCard();
  // The driver must see the field empty before it reads the same card again: wait for two "no card" answers.
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

describe('kiosk in Chromium', () => {
  it('shows the services with waiting figures, and why some are closed', async () => {
    const closed = page.locator('[data-service="svc-3"]');
    await expect(closed.isDisabled()).resolves.toBe(true);
    expect(await closed.textContent()).toContain('不在取号时间');
    expect(await closed.textContent()).toContain('13:30');
    expect(await page.locator('[data-service="svc-4"]').textContent()).toContain('暂停取号');
    expect(await page.locator('[data-service="svc-1"]').textContent()).toContain('等候人数');
    await screenshot(page, 'kiosk-home-portrait');
  });

  it('shows a service guide from the hall config', async () => {
    await page.locator('[data-guide="svc-1"]').click();
    await page.locator('[data-screen="guide"]').waitFor();
    expect(await page.locator('.guide-body').textContent()).toContain('不动产权证书');
    await screenshot(page, 'kiosk-guide');
    await page.locator('[data-action="back"]').click();
    await page.locator('[data-screen="home"]').waitFor();
  });

  it('touch a service → the ticket is printed and the hub has it', async () => {
    const printed = devices.printerSimulator.nextTicket();
    await page.locator('[data-service="svc-1"]').tap();
    await page.locator('[data-screen="printed"]').waitFor();
    const number = (await page.locator('[data-ticket-number]').getAttribute('data-ticket-number'))!;
    expect(number).toBe('A001');
    const ticket = await printed;
    expect(ticket.text).toContain('A001');
    expect(ticket.text).toContain('不动产登记');
    const update = await issuedUpdate('A001');
    expect(update.change.type === 'ticket:issued' && update.change.ticket.kioskId).toBe(kioskId);
    expect(await page.locator('[data-print-status]').textContent()).toContain('请取走您的号票');
    await screenshot(page, 'kiosk-ticket-printed');
    await goHome();
  });

  it('ID card → masked greeting → ticket with the masked name; card-to-printer time is measured', async () => {
    await page.locator('[data-action="card"]').click();
    await page.locator('[data-screen="card-wait"]').waitFor();
    await screenshot(page, 'kiosk-card-wait');

    const atPrinter = new Promise<number>((resolve) => {
      const off = devices.printerSimulator.onTicket(() => {
        off();
        resolve(performance.now());
      });
    });
    const placedAt = performance.now();
    devices.readerSimulator.placeCard(simulatedCard(residentCard()));
    const greeting = page.locator('[data-screen="card-greet"] .greeting');
    await greeting.waitFor();
    const greetedAt = performance.now();
    await page.locator('[data-service="svc-1"]').tap();
    const printedAt = await atPrinter;
    await page.locator('[data-screen="printed"]').waitFor();

    const fullName = residentCard().name;
    expect(await greeting.count()).toBe(0);
    const ticket = devices.printerSimulator.tickets.at(-1)!;
    expect(ticket.text).toContain('王*娜');
    expect(ticket.text).not.toContain(fullName);
    expect(ticket.text).toContain('A002');
    const screenText = await page.locator('body').textContent();
    expect(screenText).not.toContain(fullName);
    expect(screenText).not.toContain(residentCard().idNumber);
    expect(await page.locator('.badge-priority').count()).toBe(1); // born 1949: 76 years old, priority lane
    await screenshot(page, 'kiosk-card-ticket');
    console.log(
      `[kiosk e2e] card placed → greeting on screen: ${(greetedAt - placedAt).toFixed(0)} ms; ` +
        `card placed → ticket bytes at the printer (cut received): ${(printedAt - placedAt).toFixed(0)} ms ` +
        '(reader simulator at 115200 baud, 300 ms polling; includes the touch on the service tile)',
    );
    await goHome();
  });

  it('shows the masked greeting (screenshot) and refuses a second ticket for the same ID and service', async () => {
    const before = devices.printerSimulator.tickets.length;
    const issued = issuedCount();
    await placeCard(simulatedCard(residentCard()));
    const greeting = page.locator('[data-screen="card-greet"] .greeting');
    await greeting.waitFor();
    expect(await greeting.textContent()).toContain('您好，王*娜');
    await screenshot(page, 'kiosk-card-greet');
    await page.locator('[data-service="svc-1"]').tap();
    await page.locator('[data-screen="refused"]').waitFor();
    const message = page.locator('[data-screen="refused"] .message');
    expect(await message.getAttribute('data-code')).toBe('PER_ID_LIMIT_REACHED');
    expect(await message.textContent()).toContain('您已有不动产登记的号');
    expect(devices.printerSimulator.tickets.length).toBe(before);
    expect(issuedCount()).toBe(issued);
    await screenshot(page, 'kiosk-refused-per-id');
    await goHome();
  });

  it('refuses an expired card and says why', async () => {
    await placeCard(simulatedCard(expiredResidentCard()));
    await page.locator('[data-screen="card-refused"]').waitFor();
    expect(await page.locator('.message').textContent()).toContain('证件已过有效期');
    await screenshot(page, 'kiosk-card-refused');
    devices.readerSimulator.removeCard();
    await goHome();
  });

  it('paper out → no ticket is issued and the screen says why', async () => {
    const issued = issuedCount();
    devices.printerSimulator.state = 'paper-out';
    await page.locator('[data-service="svc-2"]').tap();
    await page.locator('[data-screen="refused"]').waitFor();
    const message = page.locator('[data-screen="refused"] .message');
    expect(await message.getAttribute('data-code')).toBe('PAPER_OUT');
    expect(await message.textContent()).toContain('打印纸已用完');
    await screenshot(page, 'kiosk-paper-out');
    expect(issuedCount()).toBe(issued);

    // Staff load paper; the visitor's retry goes through with the same request.
    devices.printerSimulator.state = 'ok';
    await page.locator('[data-action="retry"]').click();
    await page.locator('[data-screen="printed"]').waitFor();
    expect(await page.locator('[data-ticket-number]').getAttribute('data-ticket-number')).toBe('B001');
    await issuedUpdate('B001');
    expect(issuedCount()).toBe(issued + 1);
    await goHome();
  });

  it('a print cut short keeps the number on screen, and retry prints the same ticket', async () => {
    devices.printerSimulator.dropConnectionMidTicket({ afterBytes: 40 });
    await page.locator('[data-service="svc-2"]').tap();
    await page.locator('[data-screen="print-failed"]').waitFor();
    expect(await page.locator('[data-ticket-number]').getAttribute('data-ticket-number')).toBe('B002');
    expect(await page.locator('.problem').textContent()).toContain('您的号码已保留');
    await screenshot(page, 'kiosk-print-failed');
    const printed = devices.printerSimulator.nextTicket();
    await page.locator('[data-action="retry"]').click();
    expect((await printed).text).toContain('B002');
    await page.locator('[data-screen="printed"]').waitFor();
    expect(
      lobby.updates.filter((u) => u.change.type === 'ticket:issued' && u.change.ticket.number === 'B002'),
    ).toHaveLength(1);
    await goHome();
  });

  it('switches to English with one touch, and to elderly mode', async () => {
    await page.locator('[data-action="language"]').click();
    await page.locator('[data-language="en"]').waitFor();
    expect(await page.locator('[data-service="svc-1"]').textContent()).toContain('Real estate registration');
    expect(await page.locator('[data-service="svc-3"]').textContent()).toContain('Closed now');
    await screenshot(page, 'kiosk-home-english');

    const size = () =>
      page
        .locator('.tile-name')
        .first()
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    const normal = await size();
    await page.locator('[data-action="elderly"]').click();
    await page.locator('.kiosk.elderly').waitFor();
    expect(await size()).toBeGreaterThan(normal * 1.2);
    await screenshot(page, 'kiosk-elderly-english');
    await page.locator('[data-action="language"]').click();
    await page.locator('[data-language="zh"]').waitFor();
    await screenshot(page, 'kiosk-elderly');
    await page.locator('[data-action="elderly"]').click();
  });

  it('lays out for a landscape screen', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator('[data-screen="home"]').waitFor();
    await screenshot(page, 'kiosk-home-landscape');
    await page.setViewportSize({ width: 1080, height: 1920 });
  });

  it('reported its printer and reader to the hub, and the page raised no errors', () => {
    const row = hub.db
      .prepare<[string], { status: string | null }>('SELECT status FROM devices WHERE id = ?')
      .get(kioskId);
    const components = JSON.parse(row?.status ?? '[]') as { component: string; state: string }[];
    expect(components.map((c) => c.component).sort()).toEqual(['id-reader', 'printer']);
    expect(pageErrors).toEqual([]);
  });
});
