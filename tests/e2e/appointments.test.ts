/**
 * 预约 end to end in Debian's Chromium against the real hub: a visitor books on a phone (390×844, the public
 * listener's /book/ page), then checks in at the kiosk by the simulated ID card, by the code typed on the keypad
 * and by the QR code read by the simulated serial scanner; a clerk calls and the lobby shows 预约. Also the early,
 * late (walk-in), cancelled and blocked cases. Every screen goes through the shared layout check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarcodeScannerProfile, maskName } from '@hallq/devices';
import { residentCard, simulatedCard } from '@hallq/devices/testing';
import { appointmentHall, startTestHub, type TestHub, testVisitor } from '@hallq/hub/testing';
import type { AppointmentBookRequest, PublicBooked } from '@hallq/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKioskAgent,
  fetchPrintKey,
  type KioskAgent,
  originPolicy,
  type SimulatedDevices,
  startSimulatedDevices,
  wedgeSettingsOf,
} from '../../apps/kiosk/agent/index.ts';
import { launchChromium, REPO_ROOT, webApps } from '../support/browser.ts';
import { checkLayout } from '../support/layout-check.ts';

const PAIRING = 'appointments-e2e-pairing-secret-of-this-boot';
const MONDAY = '2026-11-30';
const TUESDAY = '2026-12-01';
const WEDNESDAY = '2026-12-02';
const local = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const PHONE = { width: 390, height: 844 };
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
/** The simulated card's holder (王美娜, born 1949): she books on the phone and swipes at the kiosk. */
const CARD = residentCard();

const profileFile = (name: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'hardware-profiles', name), 'utf8'));

let dir: string;
let hub: TestHub;
let publicUrl: string;
let browser: Browser;
let phoneContext: BrowserContext;
let phone: Page;
let kioskContext: BrowserContext;
let kiosk: Page;
let devices: SimulatedDevices;
let agent: KioskAgent;
let agentUrl: string;
let kioskToken: string;
const pageErrors: string[] = [];
/** Booking codes by who holds them. */
const codes: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hallq-appointments-e2e-'));
  hub = await startTestHub({
    dir,
    hall: appointmentHall({ places: 3, latePolicy: 'walk-in' }),
    config: {
      webApps: webApps(),
      publicListener: {
        host: '127.0.0.1',
        port: 0,
        visitorDir: join(REPO_ROOT, 'apps', 'visitor', 'dist'),
        limits: { burst: 10_000, perSecond: 10_000, maxStreams: 16, maxAddresses: 100 },
        personLimits: { attempts: 50, windowMs: 600_000, maxPeople: 1000 },
      },
    },
  });
  publicUrl = hub.publicUrl ?? '';
  kioskToken = hub.addDevice('kiosk').token;
  devices = await startSimulatedDevices({
    readerProfile: profileFile('id-card-reader-generic-ga467.json'),
    printerProfile: profileFile('ticket-printer-generic-80mm-network.json'),
    scannerProfile: profileFile('barcode-scanner-generic-serial.json'),
    serialTimingBaud: 115200,
  });
  const printKey = await fetchPrintKey(hub.url);
  agent = createKioskAgent({
    reader: devices.reader,
    printer: devices.printer,
    scanner: devices.scanner ? { kind: 'serial', scanner: devices.scanner } : null,
    maskName,
    allowOrigin: originPolicy([new URL(hub.url).origin]),
    pairingSecret: PAIRING,
    printKey: () => printKey,
    // The permits' expiry is read on the hub's clock, which this test moves.
    clock: () => hub.clock.now(),
  });
  agentUrl = (await agent.listen(0)).url;
  browser = await launchChromium();
  phoneContext = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  phone = await phoneContext.newPage();
  phone.on('pageerror', (error) => pageErrors.push(`phone: ${error.message}`));
  kioskContext = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  kiosk = await kioskContext.newPage();
  kiosk.on('pageerror', (error) => pageErrors.push(`kiosk: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  await agent?.close();
  await devices?.close();
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The layout check on the page as it is (after two frames); soft, so one run lists every screen that fails. */
async function fits(on: Page, name: string, minTouchTarget = 44): Promise<void> {
  await on.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  // The phone's page scrolls under its bar, as a phone page does; the kiosk's never scrolls.
  const problems = await checkLayout(on, { name, minTouchTarget, scrollable: ['.visitor-main'] });
  expect.soft(problems, name).toEqual([]);
}

/** Books through the public listener's route, as the page does. */
async function bookOverHttp(request: AppointmentBookRequest): Promise<Response> {
  return fetch(`${publicUrl}/book/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
}

async function book(n: number, slotStart: string, day = MONDAY): Promise<string> {
  const answer = await bookOverHttp({ serviceId: 'svc-1', day, slotStart, visitor: testVisitor(n) });
  if (answer.status !== 201) throw new Error(`booking ${n} refused: ${await answer.text()}`);
  return ((await answer.json()) as PublicBooked).appointment.code;
}

/** Moves the hub to a moment and lets it change its business day and sweep missed appointments. */
async function moveTo(at: number): Promise<void> {
  hub.clock.set(at);
  await hub.hub.tick();
}

async function openKiosk(): Promise<void> {
  await kiosk.goto(
    `${hub.url}/kiosk/?agent=${encodeURIComponent(agentUrl)}#token=${kioskToken}&pairing=${PAIRING}`,
  );
  await kiosk.locator('[data-action="appointment"]').waitFor();
}

async function kioskHome(): Promise<void> {
  const home = kiosk.locator('[data-action="home"]');
  if (await home.isVisible()) await home.click();
  const back = kiosk.locator('[data-action="back"]');
  if (await back.isVisible()) await back.click();
  await kiosk.locator('[data-screen="home"]').waitFor();
}

/** Lifts whatever lies on the reader, waits until the driver saw the field empty, and places the card. */
async function swipeCard(): Promise<void> {
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
  devices.readerSimulator.placeCard(simulatedCard(CARD));
}

/** The layout check of the kiosk's screen as it is, in both sizes, both languages, normal and senior mode. */
async function fitsEveryWay(name: string): Promise<void> {
  for (const viewport of [PORTRAIT, LANDSCAPE]) {
    await kiosk.setViewportSize(viewport);
    for (const senior of [false, true]) {
      if ((await kiosk.locator('.kiosk.elderly').count()) > 0 !== senior) {
        await kiosk.locator('[data-action="elderly"]').click();
        await kiosk.locator(senior ? '.kiosk.elderly' : '.kiosk:not(.elderly)').waitFor();
      }
      for (const language of ['zh', 'en'] as const) {
        if ((await kiosk.locator(`[data-language="${language}"]`).count()) === 0) {
          await kiosk.locator('[data-action="language"]').click();
          await kiosk.locator(`[data-language="${language}"]`).waitFor();
        }
        const mode = senior ? '-senior' : '';
        await fits(
          kiosk,
          `kiosk-${viewport.width}x${viewport.height}-${name}${mode}-${language}`,
          senior ? 90 : 72,
        );
      }
    }
  }
  await kiosk.setViewportSize(PORTRAIT);
  await kiosk.locator('[data-action="elderly"][aria-pressed="true"]').click();
  await kiosk.locator('.kiosk:not(.elderly)').waitFor();
  await kiosk.locator('[data-action="language"]').click();
  await kiosk.locator('[data-language="zh"]').waitFor();
}

async function typeCode(code: string): Promise<void> {
  await kiosk.locator('[data-action="appointment"]').click();
  await kiosk.locator('[data-screen="code-entry"]').waitFor();
  for (const ch of code) await kiosk.locator(`[data-key="${ch}"]`).click();
  await kiosk.locator(`[data-code="${code}"]`).waitFor();
  await kiosk.locator('[data-action="submit-code"]').click();
}

/** Confirms the offer on screen and waits for the printed ticket; returns its number. */
async function checkInAndPrint(): Promise<string> {
  await kiosk.locator('[data-action="check-in"]').click();
  await kiosk.locator('[data-screen="printed"]').waitFor();
  return (await kiosk.locator('[data-ticket-number]').getAttribute('data-ticket-number')) ?? '';
}

describe('预约: book on a phone, check in at the kiosk, be called', () => {
  it('Saturday: books on the phone (zh, then en) with live free places, the ID check character and a QR code', async () => {
    await phone.goto(`${publicUrl}/book/`);
    await phone.locator('[data-service="svc-1"]').waitFor();
    await fits(phone, 'book-390x844-services-zh');
    await phone.locator('[data-service="svc-1"]').click();
    await phone.locator(`[data-day="${MONDAY}"]`).waitFor();
    // Saturday and Sunday take no appointments.
    expect(await phone.locator('[data-day="2026-12-05"]').isDisabled()).toBe(true);
    await fits(phone, 'book-390x844-days-zh');
    await phone.locator(`[data-day="${MONDAY}"]`).click();
    await phone.locator('[data-slot="09:00"][data-free="3"]').waitFor();
    await fits(phone, 'book-390x844-slots-zh');

    // Live: another visitor takes a place of 09:00 and the page shows it without a reload.
    codes.b = await book(1, '09:00');
    await phone.locator('[data-slot="09:00"][data-free="2"]').waitFor({ timeout: 15_000 });

    await phone.locator('[data-slot="09:00"]').click();
    await phone.locator('input[name="idNumber"]').fill('110105194912310021');
    await phone.locator('input[name="name"]').fill(CARD.name);
    await phone.locator('input[name="phone"]').fill('138 0013 8000');
    await phone.locator('[data-action="book"]').click();
    await phone.locator('[data-field-error="id"]').waitFor();
    expect(await phone.locator('[data-field-error="id"]').textContent()).toContain('校验位');
    await fits(phone, 'book-390x844-form-error-zh');
    await phone.locator('input[name="idNumber"]').fill(CARD.idNumber.toLowerCase());
    await phone.locator('[data-action="book"]').click();
    await phone.locator('[data-testid="booked"]').waitFor();
    codes.card = (await phone.locator('.booking-code').getAttribute('data-code')) ?? '';
    expect(codes.card).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(await phone.locator('.booking-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    // Masked on the screen: never the whole name or number.
    const shown = (await phone.locator('[data-testid="booked"]').textContent()) ?? '';
    expect(shown).not.toContain(CARD.name);
    expect(shown).not.toContain(CARD.idNumber);
    await fits(phone, 'book-390x844-booked-zh');

    await phone.locator('[data-testid="language-switch"]').click();
    await phone.locator('html[lang="en"]').waitFor();
    expect(await phone.locator('[data-testid="booked"]').textContent()).toContain('Booking code');
    await fits(phone, 'book-390x844-booked-en');
    await phone.locator('[data-testid="booked"] button.secondary').click();
    await phone.locator('[data-testid="tab-manage"]').click();
    await fits(phone, 'book-390x844-manage-en');
    await phone.locator('[data-testid="tab-book"]').click();
    await phone.locator('[data-service="svc-1"]').click();
    await phone.locator(`[data-day="${MONDAY}"]`).click();
    await phone.locator('[data-slot="09:00"][data-free="1"]').waitFor();
    await fits(phone, 'book-390x844-slots-en');
    await phone.locator('[data-testid="language-switch"]').click();
    await phone.locator('html[lang="zh-CN"]').waitFor();

    codes.qr = await book(2, '09:30');
    codes.late = await book(3, '09:30');
    codes.cancelled = await book(4, '10:00');
    codes.missedFirst = await book(5, '11:00');
  });

  it('Saturday: cancels on the phone with the code and the ID number', async () => {
    await phone.goto(`${publicUrl}/book/`);
    await phone.locator('[data-testid="tab-manage"]').click();
    await phone.locator('input[name="code"]').fill(codes.cancelled ?? '');
    await phone.locator('input[name="idNumber"]').fill(testVisitor(5).idNumber);
    await phone.locator('[data-action="find"]').click();
    await phone.locator('[data-testid="booking-error"]').waitFor();
    await phone.locator('input[name="idNumber"]').fill(testVisitor(4).idNumber);
    await phone.locator('[data-action="find"]').click();
    await phone.locator('[data-testid="found"] [data-status="booked"]').waitFor();
    await fits(phone, 'book-390x844-manage-found-zh');
    await phone.locator('[data-action="cancel"]').click();
    await phone.locator('[data-action="confirm-cancel"]').click();
    await phone.locator('[data-testid="cancelled"]').waitFor();
    await fits(phone, 'book-390x844-manage-cancelled-zh');
  });

  it('Monday 08:20: a swipe is offered the appointment first, too early: told when check-in opens', async () => {
    await moveTo(local(MONDAY, '08:20'));
    await openKiosk();
    // The home screen with both ways in: 刷身份证取号 and 预约签到.
    await kiosk.locator('[data-action="card"]').waitFor();
    await fitsEveryWay('home-appointments');
    await swipeCard();
    await kiosk.locator('[data-screen="appointment-offer"]').waitFor();
    const question = (await kiosk.locator('.offer-question').textContent()) ?? '';
    expect(question).toContain('您预约了 09:00–09:30');
    expect(await kiosk.locator('.offer-detail').textContent()).toContain('08:30');
    expect(await kiosk.locator('[data-action="check-in"]').count()).toBe(0);
    await fits(kiosk, 'kiosk-1080x1920-appointment-too-early', 72);
    // Not now: the card holder goes on to the services.
    await kiosk.locator('[data-action="back"]').click();
    await kiosk.locator('[data-screen="card-greet"]').waitFor();
    await kioskHome();
  });

  it('Monday 08:45: checks in by ID card, the ticket is marked 预约 with its slot', async () => {
    await moveTo(local(MONDAY, '08:45'));
    await swipeCard();
    await kiosk.locator('[data-offer-action="check-in"]').waitFor();
    expect(await kiosk.locator('.offer-question').textContent()).toBe(
      `您预约了 09:00–09:30 ${hub.hub.hall.hall().services[0]?.name.zh}，现在签到？`,
    );
    await fitsEveryWay('appointment-offer');
    expect(await kiosk.locator('.offer-question').textContent()).toContain('现在签到');
    const paper = devices.printerSimulator.nextTicket();
    const number = await checkInAndPrint();
    // The paper says 预约 and the slot under the number, as the screen does.
    const printed = (await paper).text;
    expect(printed).toContain('预约 09:00–09:30');
    expect(printed.indexOf('预约 09:00–09:30')).toBeGreaterThan(printed.indexOf(number));
    expect(await kiosk.locator(`[data-appointment="${codes.card}"]`).textContent()).toBe('预约');
    expect(await kiosk.locator('[data-ticket-slot]').textContent()).toContain('09:00–09:30');
    expect(number).not.toBe('');
    await fitsEveryWay('appointment-ticket');
    await kioskHome();
  });

  it('Monday 08:50: checks in by the code typed on the keypad (portrait, landscape, senior mode)', async () => {
    await kiosk.locator('[data-action="appointment"]').click();
    await kiosk.locator('[data-screen="code-entry"]').waitFor();
    // The keypad has no look-alikes.
    for (const absent of ['0', 'O', '1', 'I', 'L'])
      expect(await kiosk.locator(`[data-key="${absent}"]`).count()).toBe(0);
    for (const ch of (codes.b ?? '').slice(0, 5)) await kiosk.locator(`[data-key="${ch}"]`).click();
    await fitsEveryWay('code-entry');
    await kiosk.locator('[data-key="clear"]').click();
    await kiosk.locator('[data-action="back"]').click();
    await kiosk.locator('[data-screen="home"]').waitFor();

    await typeCode(codes.b ?? '');
    await kiosk.locator('[data-offer-action="check-in"]').waitFor();
    await checkInAndPrint();
    expect(await kiosk.locator(`[data-appointment="${codes.b}"]`).count()).toBe(1);
    await kioskHome();
  });

  it('Monday 09:05: checks in by the QR code the serial scanner reads (simulator on the line)', async () => {
    await moveTo(local(MONDAY, '09:05'));
    devices.scannerSimulator?.scan(codes.qr ?? '', { chunkSize: 3 });
    await kiosk.locator('[data-offer-action="check-in"]').waitFor();
    expect(await kiosk.locator('.offer-question').textContent()).toContain('09:30–10:00');
    await checkInAndPrint();
    expect(await kiosk.locator(`[data-appointment="${codes.qr}"]`).count()).toBe(1);
    await kioskHome();

    // Garbled bytes from the scanner: a clear message, and the kiosk takes the next scan.
    devices.scannerSimulator?.sendRaw(Uint8Array.of(0xff, 0x1b, 0x80, 0x0d));
    await kiosk.locator('[data-screen="appointment-message"] [data-code="SCAN_GARBLED"]').waitFor();
    await fits(kiosk, 'kiosk-1080x1920-scan-garbled', 72);
    await kioskHome();
  });

  it('a keyboard-wedge (HID) scanner: its fast keystrokes and Enter look the code up; slow typing does not', async () => {
    // A second kiosk whose agent has only a wedge scanner: the page itself reads the keystrokes.
    const wedgeAgent = createKioskAgent({
      reader: null,
      printer: null,
      scanner: {
        kind: 'hid-keyboard',
        settings: wedgeSettingsOf(
          BarcodeScannerProfile.parse(profileFile('barcode-scanner-generic-hid.json')),
        ),
      },
      maskName,
      allowOrigin: originPolicy([new URL(hub.url).origin]),
      pairingSecret: PAIRING,
      printKey: () => null,
    });
    const wedgeUrl = (await wedgeAgent.listen(0)).url;
    const page = await kioskContext.newPage();
    page.on('pageerror', (error) => pageErrors.push(`wedge kiosk: ${error.message}`));
    try {
      await page.goto(
        `${hub.url}/kiosk/?agent=${encodeURIComponent(wedgeUrl)}#token=${hub.addDevice('kiosk').token}&pairing=${PAIRING}`,
      );
      await page.locator('[data-action="appointment"]').waitFor();
      // The agent tells the page of its wedge scanner as it connects.
      await page.locator('[data-banner="agent"]').waitFor({ state: 'detached' });
      // Keystrokes are dispatched in the page, so their gaps do not depend on this machine's load: a person
      // typing (150 ms or more between keys, as timers only run late) and pressing Enter changes nothing...
      await page.evaluate(async (code) => {
        for (const key of [...code, 'Enter']) {
          document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      }, codes.b ?? '');
      // The key handler dispatches at once; two frames later React has drawn whatever it changed.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      expect(await page.locator('[data-screen="home"]').count()).toBe(1);
      // ...while the scanner's burst (all keys within one task, well under 35 ms apart) looks the code up.
      await page.evaluate((code) => {
        for (const key of [...code, 'Enter'])
          document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      }, codes.late ?? '');
      await page.locator('[data-screen="appointment-offer"]').waitFor();
      expect(await page.locator('.offer-question').textContent()).toContain('09:30–10:00');
    } finally {
      await page.close();
      await wedgeAgent.close();
    }
  });

  it('a cancelled booking cannot be checked in, and says so', async () => {
    await typeCode(codes.cancelled ?? '');
    await kiosk.locator('[data-screen="appointment-offer"]').waitFor();
    expect(await kiosk.locator('.offer-detail').textContent()).toContain('已经取消');
    expect(await kiosk.locator('[data-action="check-in"]').count()).toBe(0);
    await kioskHome();
  });

  it('the counter calls the card holder’s 预约 ticket and the lobby shows 预约', async () => {
    const { token } = hub.addDevice('lobby');
    const lobbyPage = await browser.newPage({ viewport: LANDSCAPE });
    lobbyPage.on('pageerror', (error) => pageErrors.push(`lobby: ${error.message}`));
    await lobbyPage.goto(`${hub.url}/lobby/#token=${token}`);
    const clerk = await hub.clerkAt('w1');
    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    expect(called.ok).toBe(true);
    await lobbyPage.locator('[data-testid="appointment-tag"]').waitFor();
    expect(await lobbyPage.locator('[data-testid="appointment-tag"]').textContent()).toContain('预约');
    await lobbyPage.close();
  });

  it('Monday 09:50: too late for 09:30, the hall turns it into an ordinary ticket and says so', async () => {
    await moveTo(local(MONDAY, '09:50'));
    await typeCode(codes.late ?? '');
    await kiosk.locator('[data-offer-action="walk-in"]').waitFor();
    expect(await kiosk.locator('.offer-detail').textContent()).toContain('普通号');
    await fitsEveryWay('appointment-late');
    await checkInAndPrint();
    expect(await kiosk.locator('[data-appointment]').count()).toBe(0);
    expect(await kiosk.locator('[data-walk-in]').textContent()).toBe('预约已过签到时间，已为您取普通号');
    await fits(kiosk, 'kiosk-1080x1920-appointment-walk-in-ticket', 72);
    await kioskHome();
  });

  it('two missed appointments within 30 days block booking; the phone says why and until when', async () => {
    // Missed Monday 11:00 (swept after check-in closes), then Tuesday 09:00.
    await moveTo(local(MONDAY, '11:30'));
    codes.missedSecond = await book(5, '09:00', TUESDAY);
    await moveTo(local(TUESDAY, '09:30'));
    const refused = await bookOverHttp({
      serviceId: 'svc-1',
      day: WEDNESDAY,
      slotStart: '09:00',
      visitor: testVisitor(5),
    });
    expect(refused.status).toBe(409);

    await phone.goto(`${publicUrl}/book/`);
    await phone.locator('[data-service="svc-1"]').click();
    await phone.locator(`[data-day="${WEDNESDAY}"]`).click();
    await phone.locator('[data-slot="10:00"]').click();
    const visitor = testVisitor(5);
    await phone.locator('input[name="idNumber"]').fill(visitor.idNumber);
    await phone.locator('input[name="name"]').fill(visitor.name);
    await phone.locator('input[name="phone"]').fill(visitor.phone);
    await phone.locator('[data-action="book"]').click();
    await phone.locator('[data-testid="booking-error"]').waitFor();
    const error = (await phone.locator('[data-testid="booking-error"]').textContent()) ?? '';
    // 您近期有2次预约未到，<until>前不能预约: why, and until when (90 days from the second miss).
    expect(error).toContain('2次预约未到');
    expect(error).toMatch(/2027-03-0\d \d\d:\d\d前不能预约/);
    await fits(phone, 'book-390x844-blocked-zh');
    expect(pageErrors).toEqual([]);
  });
});
