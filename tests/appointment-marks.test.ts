/**
 * 预约 marks in Chromium against the real hub: a visitor booked at the help desk checks in at the kiosk (by
 * code) and by ID card; the counter lists the appointment ticket with its slot and shows the slot once called;
 * the lobby marks the call 预约 (beside the number and in the recent calls) without breaking its layout, while
 * a walk-in's call carries no mark.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appointmentHall,
  startTestHub,
  TEST_PASSWORD,
  type TestClient,
  type TestHub,
  testVisitor,
} from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout } from './support/layout-check.ts';

const MONDAY = '2026-11-30';
const local = (hhmm: string) => Date.parse(`${MONDAY}T${hhmm}:00+08:00`);
const dir = mkdtempSync(join(tmpdir(), 'hallq-appointment-marks-'));
let hub: TestHub;
let kiosk: TestClient;
let browser: Browser;
let counter: Page;
let lobby: Page;
const pageErrors: string[] = [];
const codes: string[] = [];
const SYSTEM = { kind: 'system', id: null, deviceId: null } as const;

beforeAll(async () => {
  hub = await startTestHub({ dir, hall: appointmentHall({ places: 5 }), config: { webApps: webApps() } });
  await hub.addUser('desk', 'supervisor');
  const desk = await hub.connect();
  await desk.call('session:login', { username: 'desk', password: TEST_PASSWORD, windowId: null });
  for (const [n, slot] of [
    [1, '09:00'],
    [2, '09:00'],
  ] as const) {
    const booked = await desk.call('appointment:book', {
      serviceId: 'svc-1',
      day: MONDAY,
      slotStart: slot,
      visitor: testVisitor(n),
    });
    if (!booked.ok) throw new Error(booked.error.message);
    codes.push(booked.data.appointment.code);
  }
  // Monday, 08:40: check-in is open for the 09:00 slot.
  hub.clock.set(local('08:40'));
  await hub.hub.tick();
  await hub.addUser('clerk1', 'clerk');
  const counterToken = hub.addDevice('counter', 'w1').token;
  kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  counter = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  counter.on('pageerror', (error) => pageErrors.push(error.message));
  await counter.goto(`${hub.url}/counter/#token=${counterToken}`);
  await counter.locator('[data-testid=sign-in] button:enabled').waitFor();
  await counter.keyboard.type('clerk1');
  await counter.keyboard.press('Tab');
  await counter.keyboard.type(TEST_PASSWORD);
  await counter.keyboard.press('Enter');
  await counter.locator('[data-testid=counter]').waitFor();
  lobby = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  lobby.on('pageerror', (error) => pageErrors.push(error.message));
  await lobby.goto(`${hub.url}/lobby/?speed=20#token=${hub.addDevice('lobby').token}`);
  await lobby.locator('[data-testid=recent]').waitFor({ timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('预约 marks', () => {
  it('the counter shows the slot and the lobby marks the call 预约; a walk-in has neither', async () => {
    const byCode = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: { kind: 'code', code: codes[0]! },
    });
    expect(byCode.ok && byCode.data.outcome).toBe('checked-in');
    const visitor = testVisitor(2);
    const byCard = await kiosk.call('appointment:check-in', {
      requestId: randomUUID(),
      key: {
        kind: 'identity',
        identity: {
          idNumber: visitor.idNumber,
          name: visitor.name,
          birthDate: '1980-01-01',
          cardType: 'resident',
        },
      },
    });
    expect(byCard.ok && byCard.data.outcome).toBe('checked-in');

    // The waiting list marks both appointment tickets with their slot.
    await counter.waitForFunction(
      () => document.querySelectorAll('[data-testid=waiting-next] .appointment-mark').length === 2,
    );
    expect(await counter.locator('[data-testid=waiting-next] li').first().textContent()).toContain(
      '预约 09:00',
    );

    await counter.keyboard.press('F1');
    await counter.locator('[data-testid=current-appointment]').waitFor();
    expect(await counter.locator('[data-testid=current-appointment]').textContent()).toBe('09:00–09:30');
    await lobby.locator('[data-testid=appointment-tag]').waitFor();
    await lobby.locator('[data-testid=recent] [data-testid=appointment-mark]').first().waitFor();
    // The tag sits in the corner opposite 重呼 at every size the lobby runs at; nothing covers the number.
    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
      [1080, 1920],
    ] as const) {
      await lobby.setViewportSize({ width, height });
      await lobby.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      expect(
        await checkLayout(lobby, { name: `lobby-${width}x${height}-appointment`, ignore: ['.notice-line'] }),
      ).toEqual([]);
      // The layout check does not look at boxes that are meant to float: the tag must clear the heading itself.
      const [tag, heading, number] = await Promise.all(
        [
          '[data-testid=appointment-tag]',
          '[data-testid=featured] h2 .zh',
          '[data-testid=featured] .featured-ticket',
        ].map((selector) => lobby.locator(selector).boundingBox()),
      );
      for (const other of [heading, number]) {
        const apart =
          tag!.x + tag!.width <= other!.x ||
          other!.x + other!.width <= tag!.x ||
          tag!.y + tag!.height <= other!.y;
        expect(apart, `the 预约 tag clears ${JSON.stringify(other)} at ${width}×${height}`).toBe(true);
      }
    }
    expect(await checkLayout(counter, { name: 'counter-1366x768-appointment' })).toEqual([]);

    // A walk-in arriving after the slot started (so behind both appointment tickets): no mark on either screen.
    hub.clock.set(local('09:05'));
    const walkIn = await kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-1',
      identity: null,
    });
    expect(walkIn.ok && walkIn.data.ticket.appointment).toBeUndefined();
    for (const type of ['start', 'finish', 'call-next', 'start', 'finish', 'call-next'] as const) {
      const command =
        type === 'call-next'
          ? ({ type: 'window:call-next', windowId: 'w1', clerkId: null } as const)
          : ({ type: `window:${type}`, windowId: 'w1' } as const);
      const done = hub.hub.hall.execute(command, SYSTEM);
      expect(done.ok).toBe(true);
    }
    await counter.waitForFunction(
      (n) => document.querySelector('[data-testid=current-number]')?.textContent === n,
      walkIn.ok ? walkIn.data.ticket.number : '',
    );
    expect(await counter.locator('[data-testid=current-appointment]').count()).toBe(0);
    await lobby.waitForFunction(
      (n) =>
        document.querySelector('[data-testid=featured] .featured-ticket')?.getAttribute('data-ticket') === n,
      walkIn.ok ? walkIn.data.ticket.number : '',
    );
    expect(await lobby.locator('[data-testid=appointment-tag]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
