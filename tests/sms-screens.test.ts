/**
 * Text messages end to end, in Debian's Chromium against a real hub and the HTTP SMS gateway simulator: a visitor
 * leaves a number on the kiosk's number pad and the gateway gets their messages; a message the gateway refuses
 * shows on the admin console's SMS tab (number masked) and goes when the admin resends it. Layout checks on the
 * kiosk's number pad (1080×1920 touch) and on the SMS tab (1440×900, 1280×800).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskName } from '@hallq/devices';
import {
  type HttpGatewaySimulator,
  smsTestHall,
  startHttpGatewaySimulator,
  startTestHub,
  TEST_PASSWORD,
  type TestHub,
} from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from '../apps/hub/src/sms/http-gateway-sender.ts';
import {
  createKioskAgent,
  fetchPrintKey,
  type KioskAgent,
  originPolicy,
  type SimulatedDevices,
  startSimulatedDevices,
} from '../apps/kiosk/agent/index.ts';
import { launchChromium, REPO_ROOT, webApps } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';

const profile = (name: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'hardware-profiles', name), 'utf8'));
const PAIRING = 'sms-e2e-pairing-secret-of-this-boot';

let hub: TestHub;
let gateway: HttpGatewaySimulator;
let devices: SimulatedDevices;
let agent: KioskAgent;
let browser: Browser;
let arrived: () => void = () => {};

beforeAll(async () => {
  gateway = await startHttpGatewaySimulator({
    account: 'e2e',
    secret: 'e2e secret',
    onMessage: () => arrived(),
  });
  hub = await startTestHub({
    hall: smsTestHall(),
    config: {
      webApps: webApps(),
      sms: {
        senders: {
          http: createHttpGatewaySender({
            ...DEFAULT_HTTP_GATEWAY,
            url: gateway.url,
            account: 'e2e',
            secret: 'e2e secret',
          }),
        },
      },
    },
  });
  devices = await startSimulatedDevices({
    readerProfile: profile('id-card-reader-generic-ga467.json'),
    printerProfile: profile('ticket-printer-generic-80mm-network.json'),
    serialTimingBaud: 115200,
  });
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
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await agent?.close();
  await devices?.close();
  await hub?.close();
  await gateway?.close();
});

const messagesFor = (phone: string) =>
  new Promise<string[]>((resolve) => {
    arrived = () => {
      const texts = gateway.received.filter((m) => m.phone === phone).map((m) => m.text);
      if (texts.length > 0) resolve(texts);
    };
    arrived();
  });

async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

describe('SMS in Chromium', () => {
  it('the kiosk takes a number on its pad, with consent, and the visitor gets the message', async () => {
    const kiosk = hub.addDevice('kiosk');
    const { url: agentUrl } = await agent.listen(0);
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(
      `${hub.url}/kiosk/?agent=${encodeURIComponent(agentUrl)}#token=${kiosk.token}&pairing=${PAIRING}`,
    );
    await page.locator('[data-service="svc-1"]:not([disabled])').waitFor();

    await page.locator('[data-action="sms"]').tap();
    await page.locator('[data-screen="phone"]').waitFor();
    for (const key of '12') await page.locator(`[data-key="${key}"]`).tap();
    expect(await page.locator('.phone-problem').textContent()).toContain('13–19');
    await page.locator('[data-key="clear"]').tap();
    for (const key of '13812341234') await page.locator(`[data-key="${key}"]`).tap();
    expect(await page.locator('[data-phone-display]').textContent()).toBe('138 1234 1234');
    await expect(page.locator('[data-action="confirm-phone"]').isDisabled()).resolves.toBe(true);
    await page.locator('[data-action="consent"]').tap();
    await settled(page);
    const problems: Record<string, LayoutProblem[]> = {
      'kiosk-phone-pad': await checkLayout(page, { name: 'kiosk-phone-pad', minTouchTarget: 72 }),
    };
    await page.locator('[data-action="language"]').tap();
    await page.locator('[data-language="en"]').waitFor();
    await settled(page);
    problems['kiosk-phone-pad-en'] = await checkLayout(page, {
      name: 'kiosk-phone-pad-en',
      minTouchTarget: 72,
    });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await settled(page);
    problems['kiosk-phone-pad-en-landscape'] = await checkLayout(page, {
      name: 'kiosk-phone-pad-en-landscape',
      minTouchTarget: 72,
    });
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.locator('[data-action="language"]').tap();
    await page.locator('[data-language="zh"]').waitFor();
    // Senior mode: text 1.5×, touch targets of 90 px.
    await page.locator('[data-action="elderly"]').tap();
    await page.locator('.kiosk.elderly').waitFor();
    await settled(page);
    problems['kiosk-phone-pad-senior'] = await checkLayout(page, {
      name: 'kiosk-phone-pad-senior',
      minTouchTarget: 90,
    });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await settled(page);
    problems['kiosk-phone-pad-senior-landscape'] = await checkLayout(page, {
      name: 'kiosk-phone-pad-senior-landscape',
      minTouchTarget: 90,
    });
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.locator('[data-action="elderly"]').tap();
    await page.locator('.kiosk:not(.elderly)').waitFor();
    await page.locator('[data-action="confirm-phone"]').tap();
    await page.locator('[data-screen="home"]').waitFor();
    expect(await page.locator('[data-sms-number]').textContent()).toContain('138****1234');
    await settled(page);
    problems['kiosk-home-sms'] = await checkLayout(page, { name: 'kiosk-home-sms', minTouchTarget: 72 });
    await page.locator('[data-action="elderly"]').tap();
    await page.locator('.kiosk.elderly').waitFor();
    await settled(page);
    problems['kiosk-home-sms-senior'] = await checkLayout(page, {
      name: 'kiosk-home-sms-senior',
      minTouchTarget: 90,
    });
    await page.locator('[data-action="elderly"]').tap();
    await page.locator('.kiosk:not(.elderly)').waitFor();

    const texts = messagesFor('13812341234');
    await page.locator('[data-service="svc-1"]').tap();
    await page.locator('[data-screen="printed"]').waitFor();
    expect(await texts).toEqual(['【测试大厅】您已取号A001，前面还有0人。']);
    // The number was for that visitor's ticket only.
    await page.locator('[data-action="home"]').tap();
    await page.locator('[data-screen="home"]').waitFor();
    expect(await page.locator('[data-sms-number]').textContent()).not.toContain('1234');
    expect(Object.fromEntries(Object.entries(problems).filter(([, p]) => p.length > 0))).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the admin sees a refused message (number masked) and resends it', async () => {
    gateway.refuse('4030');
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await kiosk.call('ticket:issue', {
      requestId: 'sms-e2e-refused',
      serviceId: 'svc-2',
      identity: null,
      sms: { phone: '13987654321', language: 'zh' },
    });
    await hub.hub.sms.idle();
    await hub.addUser('admin1', 'admin');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${hub.url}/admin/#/sms`);
    await page.fill('input[name=username]', 'admin1');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    const row = page.locator('[data-sms-failure]');
    await row.waitFor();
    expect(await row.textContent()).toContain('139****4321');
    expect(await row.textContent()).toContain('code 4030');
    expect(await page.locator('main').textContent()).not.toContain('13987654321');
    const problems: Record<string, LayoutProblem[]> = {};
    for (const [name, viewport] of [
      ['admin-sms-1440x900', { width: 1440, height: 900 }],
      ['admin-sms-1280x800', { width: 1280, height: 800 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await settled(page);
      problems[name] = await checkLayout(page, { name, scrollable: ['main'] });
    }
    expect(Object.fromEntries(Object.entries(problems).filter(([, p]) => p.length > 0))).toEqual({});

    gateway.up();
    const texts = messagesFor('13987654321');
    await page.locator('[data-action="sms-resend"]').click();
    await page.locator('[data-sms-empty]').waitFor();
    expect(await texts).toEqual(['【测试大厅】您已取号B001，前面还有0人。']);
    await context.close();
  });
});
