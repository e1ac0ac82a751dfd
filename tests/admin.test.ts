import { randomUUID } from 'node:crypto';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '@hallq/hub/testing';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, webApps } from './support/browser.ts';

/**
 * The admin console in Debian's Chromium, against a real hub (manual clock) serving the built app. The steps
 * share one hub so that each builds on the last, as a morning in a hall would.
 */
let browser: Browser;
let hub: TestHub;
let kiosk: TestClient;

beforeAll(async () => {
  hub = await startTestHub({ config: { webApps: webApps() } });
  await hub.addUser('admin1', 'admin');
  await hub.addUser('sup1', 'supervisor');
  await hub.addUser('clerk1', 'clerk');
  kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  await kiosk.nextSnapshot();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${hub.url}/admin/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  return page;
}

const issue = (serviceId: string) =>
  kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId, identity: null });

describe('the admin console', () => {
  it('an admin adds a service and a window, and a connected kiosk has the service at once', async () => {
    const page = await signIn('admin1');
    await page.click('a[data-page=config]');
    await page.click('button[name=add-service]');
    await page.fill('input[name=service-id]', 'passport');
    await page.fill('input[name=service-prefix]', 'P');
    await page.fill('input[name=service-name-zh]', '出入境证件');
    await page.fill('input[name=service-name-en]', 'Exit-entry permits');
    await page.fill('input[name=service-hours]', '08:30-12:00, 13:30-17:30');
    // The 事项实施编码 as the province lists it (typed in lower case: kept in capitals).
    await page.fill('input[name=service-item-code]', '11330106mb1002222m3100017000000');
    await page.fill(
      'textarea[name=service-materials]',
      '居民身份证 / Resident ID card\n近期照片 / Recent photo',
    );
    await page.click('button[data-section=windows]');
    await page.click('button[name=add-window]');
    await page.fill('input[name=window-zone]', '2F');
    await page.check('input[name=window-serves-passport]');
    const configured = kiosk.waitForUpdate(
      (u) => u.change.type === 'hall:configured' && u.change.hall.services.some((s) => s.id === 'passport'),
    );
    await page.click('button[name=save-hall]');
    await page.getByText('已保存，立即生效').waitFor();
    const update = await configured;
    expect(update.change.type === 'hall:configured' && update.change.hall.windows.at(-1)).toMatchObject({
      number: 5,
      zone: '2F',
      serviceIds: ['svc-1', 'passport'],
    });
    expect(update.change.type === 'hall:configured' && update.change.hall.services.at(-1)?.itemCode).toBe(
      '11330106MB1002222M3100017000000',
    );
    const ticket = await issue('passport');
    expect(ticket).toMatchObject({
      ok: true,
      data: { ticket: { number: 'P001' }, serviceName: { zh: '出入境证件' } },
    });
    await screenshot(page, 'admin-config');

    // The change is in the audit trail, and the chain verifies.
    await page.click('a[data-page=audit]');
    await page.getByText('hall:configured').first().waitFor();
    await page.click('button[name=audit-verify]');
    await page.locator('[data-verdict=ok]').waitFor();
    await screenshot(page, 'admin-audit');
    await page.context().close();
  });

  it('a supervisor sees a wait cross its SLA as a pushed alert, and acknowledges it', async () => {
    const page = await signIn('sup1');
    await page.getByText('当前无告警').waitFor();
    expect(await page.locator('a[data-page=config]').count()).toBe(0);
    expect(await issue('svc-1')).toMatchObject({ ok: true });
    hub.clock.advance(30 * 60_000);
    await hub.hub.tick();
    const alert = page.locator('li.alert[data-rule=wait-over-sla]', { hasText: '业务1' });
    expect(await alert.count()).toBe(0);
    hub.clock.advance(60_000);
    await hub.hub.tick();
    await alert.waitFor({ timeout: 1000 });
    expect(await alert.textContent()).toContain('业务1');
    await screenshot(page, 'admin-supervision-alert');
    await alert.locator('button.ack-button').click();
    await alert.locator('.tag.ack').waitFor();
    expect(await alert.locator('.tag.ack').textContent()).toContain('sup1');
    const row = hub.db
      .prepare("SELECT acknowledged_by, acknowledged_at FROM alerts WHERE rule = 'wait-over-sla'")
      .get() as { acknowledged_by: string; acknowledged_at: number };
    const sup = hub.db.prepare("SELECT id FROM users WHERE username = 'sup1'").get() as { id: string };
    expect(row).toEqual({ acknowledged_by: sup.id, acknowledged_at: hub.clock.now() });
    expect(hub.db.prepare("SELECT actor_id FROM events WHERE type = 'alert:acknowledge'").get()).toEqual({
      actor_id: sup.id,
    });
    await screenshot(page, 'admin-supervision');
    await page.context().close();
  });

  it('a report renders with charts and its XLSX download opens', async () => {
    expect(await issue('svc-2')).toMatchObject({ ok: true });
    const clerk = await hub.clerkAt('w1', 'clerk1');
    for (let i = 0; i < 2; i += 1) {
      expect(await clerk.call('window:call-next', { windowId: 'w1' })).toMatchObject({ ok: true });
      hub.clock.advance(60_000);
      await clerk.call('window:start', { windowId: 'w1' });
      hub.clock.advance(5 * 60_000);
      expect(await clerk.call('window:finish', { windowId: 'w1' })).toMatchObject({ ok: true });
    }
    const page = await signIn('admin1');
    await page.click('a[data-page=reports]');
    await page.locator('input[name=report-day]').and(page.locator('[value="2026-11-28"]')).waitFor();
    await page.click('button[name=run-report]');
    await page.locator('[data-chart=hours] .recharts-surface').waitFor();
    await page.locator('[data-chart=hours] .recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'admin-report');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[name=export-xlsx]'),
    ]);
    expect(download.suggestedFilename()).toBe('hallq-report-2026-11-28_2026-11-28.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const total = workbook.getWorksheet('合计')!;
    expect(total.getRow(2).getCell(2).value).toBe('取号 Issued');
    expect(total.getRow(3).getCell(1).value).toBe('合计 · Total');
    expect(total.getRow(3).getCell(2).value).toBe(3);
    expect(total.getRow(3).getCell(3).value).toBe(2);
    const byService = workbook.getWorksheet('按业务')!;
    expect(byService.getRow(3).getCell(1).value).toBe('业务1 Service 1');
    await page.context().close();
  });

  it('turns a clerk account away', async () => {
    const page = await signIn('clerk1');
    await page.getByText('此账号无权使用管理台').waitFor();
    expect(await page.locator('nav').count()).toBe(0);
    await screenshot(page, 'admin-clerk-refused');
    const refused = await hub.connect();
    await refused.call('session:login', { username: 'clerk1', password: TEST_PASSWORD, windowId: null });
    expect(await refused.call('report:query', { from: '2026-11-28', to: '2026-11-28' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await page.context().close();
  });

  it('an open kiosk page shows a service the admin adds, without a reload or a restart', async () => {
    // The kiosk page (its device agent is not running here: the tiles come from the hub's hall).
    const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kioskPage = await kioskContext.newPage();
    const agentNowhere = encodeURIComponent('http://127.0.0.1:9');
    await kioskPage.goto(`${hub.url}/kiosk/?agent=${agentNowhere}#token=${hub.addDevice('kiosk').token}`);
    await kioskPage.locator('li.tile').first().waitFor();
    expect(await kioskPage.locator('li.tile', { hasText: '社保卡' }).count()).toBe(0);

    const page = await signIn('admin1');
    await page.click('a[data-page=config]');
    await page.click('button[name=add-service]');
    await page.fill('input[name=service-id]', 'social-card');
    await page.fill('input[name=service-prefix]', 'S');
    await page.fill('input[name=service-name-zh]', '社保卡');
    await page.fill('input[name=service-name-en]', 'Social security card');
    await page.fill('input[name=service-hours]', '08:30-12:00, 13:30-17:30');
    await page.click('button[name=save-hall]');
    await page.getByText('已保存，立即生效').waitFor();

    await kioskPage.locator('li.tile', { hasText: '社保卡' }).waitFor({ timeout: 10_000 });
    await screenshot(kioskPage, 'admin-kiosk-new-service');
    await kioskContext.close();
    await page.context().close();
  });
});
