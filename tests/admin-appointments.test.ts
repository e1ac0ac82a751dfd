/**
 * The admin console's 预约 page in Chromium against the real hub: a supervisor at the help desk books a slot
 * for a visitor (the code shown, the person masked), finds it by code and by ID number, cancels it; today's
 * slots show booked / checked in / missed; the report shows the rates; an admin lifts a no-show block. The
 * page is laid out within 1280×800 in Chinese and English.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appointmentHall, startTestHub, TEST_PASSWORD, type TestHub, testVisitor } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout } from './support/layout-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'hallq-admin-appointments-'));
let hub: TestHub;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ dir, hall: appointmentHall({ places: 3 }), config: { webApps: webApps() } });
  await hub.addUser('desk1', 'supervisor');
  await hub.addUser('admin1', 'admin');
  await hub.addUser('guide1', 'guide');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The layout check looks at the page as it opens: main scrolled back to the top (a fill scrolled it). */
async function checkFromTop(page: Page, name: string) {
  await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
  // The lists scroll in their own boxes; a service's editor open under its list may make the page scroll too.
  return checkLayout(page, { name, scrollable: ['main', '.list-box'] });
}

async function signIn(username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${hub.url}/admin/#/appointments`);
  await page.locator('input[name=username]').waitFor();
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.locator('[data-card=appointment-book] [data-slot="09:00"]').waitFor();
  return page;
}

describe('the 预约 page of the admin console', () => {
  it('books for a visitor at the help desk, finds and cancels it; laid out in zh and en', async () => {
    const page = await signIn('desk1');
    // The day shown first is today (Saturday): nothing bookable; Monday has free places.
    await page.fill('input[name=appointment-day]', '2026-11-30');
    await page.locator('[data-slot="09:00"]:enabled').waitFor();
    await page.click('[data-slot="09:00"]');
    const visitor = testVisitor(1);
    await page.fill('input[name=appointment-id-number]', visitor.idNumber);
    await page.fill('input[name=appointment-name]', visitor.name);
    await page.fill('input[name=appointment-phone]', visitor.phone);
    await page.click('button[name=appointment-book]');
    await page.locator('[data-testid=appointment-booked]').waitFor();
    const code = (await page.locator('[data-testid=appointment-booked] .booking-code').textContent()) ?? '';
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const shown = (await page.locator('[data-testid=appointment-booked]').textContent()) ?? '';
    expect(shown).toContain('139****0001');
    expect(shown).not.toContain(visitor.idNumber);
    await page.waitForFunction(() =>
      document.querySelector('[data-slot="09:00"] small')?.textContent?.includes('余2'),
    );
    expect(await checkFromTop(page, 'admin-1280x800-appointments')).toEqual([]);

    // By ID number, then by code (typed in lower case): the same appointment; cancel it.
    await page.fill('input[name=appointment-search]', visitor.idNumber);
    await page.click('button[name=appointment-search-go]');
    await page.locator(`[data-appointment="${code}"]`).waitFor();
    await page.fill('input[name=appointment-search]', code.toLowerCase());
    await page.click('button[name=appointment-search-go]');
    await page.locator(`[data-appointment="${code}"] button[name=appointment-cancel]`).click();
    await page.locator(`[data-appointment="${code}"] [data-status=cancelled]`).waitFor();
    expect(hub.db.prepare('SELECT status FROM appointments WHERE code = ?').get(code)).toEqual({
      status: 'cancelled',
    });

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('[data-card=appointment-book] h2', { hasText: 'Book for a visitor' }).waitFor();
    expect(await checkFromTop(page, 'admin-1280x800-appointments-en')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("shows today's slots and the figures, and an admin lifts a no-show block", async () => {
    // Two bookings of one person, both missed: Monday 09:00 (booked on Saturday), Tuesday 09:00 (booked on
    // Monday, once the first had lapsed: one upcoming appointment per person).
    const person = testVisitor(9);
    for (const [day, bookedAt] of [
      ['2026-11-30', null],
      ['2026-12-01', '2026-11-30T12:00:00+08:00'],
    ] as const) {
      if (bookedAt) {
        hub.clock.set(Date.parse(bookedAt));
        await hub.hub.tick();
      }
      const booked = hub.hub.appointments.book(
        { serviceId: 'svc-1', day, slotStart: '09:00', visitor: person },
        'desk',
        { kind: 'system', id: null, deviceId: null },
      );
      expect(booked.ok ? null : booked.error.message).toBeNull();
    }
    hub.clock.set(Date.parse('2026-12-01T12:00:00+08:00'));
    await hub.hub.tick();
    const page = await signIn('admin1');
    await page.locator('[data-day-service=svc-1] [data-slot="09:00"]').waitFor();
    expect(await page.locator('[data-day-service=svc-1] [data-slot="09:00"] td').allTextContents()).toEqual([
      '09:00–09:30',
      '3',
      '0',
      '0',
      '1',
      '0',
    ]);
    await page.fill('input[name=appointment-report-from]', '2026-11-30');
    await page.fill('input[name=appointment-report-to]', '2026-12-01');
    await page.click('button[name=appointment-report-go]');
    await page.locator('[data-report-row="2026-12-01/svc-1"]').waitFor();
    // Tuesday: one appointment, missed: a no-show rate of 100%.
    expect(await page.locator('[data-report-row="2026-12-01/svc-1"] td').nth(5).textContent()).toBe('100.0%');

    await page.fill('input[name=appointment-search]', person.idNumber);
    await page.click('button[name=appointment-search-go]');
    await page.locator('[data-testid=appointment-block]').waitFor();
    expect(await checkFromTop(page, 'admin-1280x800-appointments-block')).toEqual([]);
    await page.fill('input[name=appointment-lift-reason]', '读卡器故障，非本人原因');
    await page.click('button[name=appointment-lift]');
    await page.locator('[data-testid=appointment-block]').waitFor({ state: 'detached' });
    expect(hub.hub.appointments.blockFor(person.idNumber)).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it('gives a guide (导办) the help desk only: one tab, no day view or figures', async () => {
    const page = await signIn('guide1');
    expect(
      await page
        .locator('header.top nav [data-page]')
        .evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-page'))),
    ).toEqual(['appointments']);
    await page.locator('[data-card=appointment-lookup]').waitFor();
    expect(await page.locator('[data-card=appointment-day], [data-card=appointment-report]').count()).toBe(0);
    expect(await checkFromTop(page, 'admin-1280x800-appointments-guide')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('an admin turns appointments on for a service in the hall editor: its slots are bookable at once', async () => {
    const page = await signIn('admin1');
    await page.click('a[data-page=config]');
    // The second service's row: edit, turn appointments on, 3 places in all, late visitors refused.
    await page.locator('main table tbody tr').nth(1).getByRole('button').click();
    await page.check('[data-editor=service-svc-2] input[name=service-appointments]');
    await page.fill('[data-editor=service-svc-2] input[name=appointment-places]', '3');
    await page.selectOption('[data-editor=service-svc-2] select[name=appointment-capacity-kind]', 'fixed');
    await page.selectOption('[data-editor=service-svc-2] select[name=appointment-late-policy]', 'refuse');
    await page.fill('[data-editor=service-svc-2] input[name=appointment-hours]', '09:00-11:00');
    expect(await checkFromTop(page, 'admin-1280x800-config-appointments')).toEqual([]);
    // The hall-wide policy: one a day per person, and the hall closed on Wednesday 2 December.
    await page.click('button[data-section=appointments]');
    await page.fill('[data-editor=appointment-policy] input[name=policy-per-day]', '1');
    await page.fill('[data-editor=appointment-policy] input[name=policy-closed-days]', '2026-12-02');
    await page.click('button[name=save-hall]');
    await page.getByText('已保存，立即生效').waitFor();
    const rules = hub.hub.hall.hall().services.find((s) => s.id === 'svc-2')?.appointments;
    expect(rules).toMatchObject({
      capacity: { kind: 'fixed', places: 3 },
      latePolicy: 'refuse',
      hours: [{ from: '09:00', to: '11:00' }],
      slotMinutes: 30,
    });
    expect(hub.hub.hall.hall().rules.appointmentPolicy).toMatchObject({
      personLimits: { perDay: 1 },
      calendar: { closedDays: ['2026-12-02'] },
    });
    const closed = hub.hub.appointments.slots('svc-2', '2026-12-02');
    expect(closed.ok && closed.value.slots.every((s) => s.reason === 'not-working-day')).toBe(true);
    const slots = hub.hub.appointments.slots('svc-2', '2026-12-03');
    expect(slots.ok && slots.value.slots.map((s) => `${s.slotStart} ${s.free}`)).toEqual([
      '09:00 3',
      '09:30 3',
      '10:00 3',
      '10:30 3',
    ]);
    expect(pageErrors).toEqual([]);
  });
});
