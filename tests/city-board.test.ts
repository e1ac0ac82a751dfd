import { readFileSync } from 'node:fs';
import {
  caughtUp,
  FAST_RETRY,
  issue,
  run,
  startTestCentral,
  startTestCluster,
  type TestCentral,
  visit,
} from '@hallq/central/testing';
import { HALL_MORNING, startTestHub, type TestHub } from '@hallq/hub/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';

/**
 * The city centre's web app (apps/city) in Chromium, served by a real centre on a throwaway PostgreSQL, with real
 * hubs pushing to it: the board shows a hall's ticket within 2 s and each hall's own wait limit (or the default,
 * marked), the reports table and its downloads, halls compared side by side with their downloads, the 差评
 * follow-ups with their deadlines, a region's supervisor scoped to the region, and the layout check at the desks'
 * sizes in Chinese and English. Screenshots: test-output/screens/city-<size>-<language>-<page>.png.
 */
const PAD = { kind: 'device', id: null, deviceId: 'pad-1' } as const;
/** An implementing body's credit code, then the 事项's own code (the part the centre groups halls by). */
const EAST_ITEM_CODE = '11330106MB1002222M3100017000000';
const SIZES = [
  ['1440x900', { width: 1440, height: 900 }],
  ['1280x800', { width: 1280, height: 800 }],
] as const;

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let centre: TestCentral;
/** A hall working today, on the real date: its tickets show on the board live. */
let east: TestHub;
let adminToken: string;
let supervisorToken: string;
let browser: Browser;

/** One finished visit at window w1, rated `level` on the evaluation pad. */
function ratedVisit(hub: TestHub, level: number): void {
  visit(hub, 'w1');
  const done = hub.db
    .prepare<[], { id: string }>(`SELECT id FROM tickets WHERE status = 'done' ORDER BY issued_at DESC`)
    .get()!;
  const rated = hub.hub.ratings.submit(done.id, 'w1', { level, tags: [], comment: '' }, PAD);
  if (!rated.ok) throw new Error('the rating was refused');
}

beforeAll(async () => {
  cluster = await startTestCluster();
  centre = await startTestCentral('city-web', { databaseUrl: await cluster.ensureDatabase('city_web') });
  const { halls, users } = centre.central;
  adminToken = await users.add({ username: 'wang', role: 'city-admin', region: null });
  supervisorToken = await users.add({ username: 'li', role: 'city-supervisor', region: '东城区' });

  // West: a hall that worked on 2026-11-28, got a bad rating (its follow-up now long overdue), then went quiet.
  const westToken = await halls.register({ hallId: 'west', name: '西城政务服务中心', region: '西城区' });
  const west = await startTestHub({
    start: HALL_MORNING,
    config: { central: { url: centre.url, hallId: 'west', token: westToken, retry: FAST_RETRY } },
  });
  run(west, { type: 'window:sign-in', windowId: 'w1', clerkId: 'clerk-1' });
  ratedVisit(west, 1);
  visit(west, 'w1', 'svc-2');
  await caughtUp(west);
  await west.close();
  // West's hub is of a version that never told the centre its configuration: the centre has no limits for it.
  await centre.central.pool.query(`DELETE FROM hall_services WHERE hall_id = 'west'`);
  // The centre stamps what it receives with PostgreSQL's clock: the hall last reported 25 minutes ago.
  await centre.central.pool.query(
    `UPDATE hall_cursors SET last_received_at = now() - interval '25 minutes' WHERE hall_id = 'west'`,
  );

  // East: working now (its clock starts at the real time, so "today" is today for the centre and the browser).
  const eastToken = await halls.register({ hallId: 'east', name: '东城政务服务中心', region: '东城区' });
  east = await startTestHub({
    start: Date.now(),
    config: { central: { url: centre.url, hallId: 'east', token: eastToken, retry: FAST_RETRY } },
  });
  run(east, { type: 'window:sign-in', windowId: 'w1', clerkId: 'clerk-1' });
  ratedVisit(east, 2);
  ratedVisit(east, 5);
  await caughtUp(east);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await east?.close();
  await centre?.close();
  await cluster?.stop();
});

/** Requests the centre refused or failed while the page was open: none expected once signed in. */
let refused: string[] = [];

async function signedIn(token: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  refused = [];
  page.on('response', (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(centre.url);
  await page.locator('input[name="token"]').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.tile').first().waitFor();
  return { context, page };
}

const tile = (page: Page, hallId: string) => page.locator(`.tile[data-hall="${hallId}"]`);

describe('the city web app', () => {
  it('refuses a wrong token and keeps a right one for the tab only', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(centre.url);
    await page.locator('input[name="token"]').fill('not-a-token');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('令牌无效');
    await page.locator('input[name="token"]').fill(adminToken);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.tile').first().waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('hallq-city-token'))).toBe(adminToken);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    // A reload keeps the session; signing out forgets the token.
    await page.reload();
    await page.locator('.tile').first().waitFor();
    await page.getByRole('button', { name: '退出' }).click();
    await page.locator('input[name="token"]').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('hallq-city-token'))).toBeNull();
    await context.close();
  });

  it('shows a ticket issued at a hall on the board within 2 s, and a hall that stopped reporting', async () => {
    const { context, page } = await signedIn(adminToken);
    expect(await page.locator('.tile').count()).toBe(2);
    await expect.poll(() => tile(page, 'east').locator('[data-testid="waiting"]').textContent()).toBe('0');
    expect(await tile(page, 'east').textContent()).toContain('东城区');
    // West went quiet 25 minutes ago: "自 HH:MM 起未上报".
    expect(await tile(page, 'west').locator('.silent-note').textContent()).toMatch(/^自 \d\d:\d\d 起未上报$/);
    expect(await tile(page, 'east').locator('.silent-note').count()).toBe(0);

    // Five tickets, one after another: each on the board within 2 s of its issue at the hub.
    const shownAfterMs: number[] = [];
    for (let waiting = 1; waiting <= 5; waiting += 1) {
      const issuedAt = Date.now();
      issue(east);
      await tile(page, 'east')
        .locator('[data-testid="waiting"]', { hasText: new RegExp(`^${waiting}$`) })
        .waitFor({ timeout: 5_000 });
      shownAfterMs.push(Date.now() - issuedAt);
    }
    if (process.env.HALLQ_PRINT_FIGURES === '1') console.log('board latency (ms):', shownAfterMs);
    expect(Math.max(...shownAfterMs)).toBeLessThan(2_000);
    // Today's ratings: one 2★ and one 5★.
    expect(await tile(page, 'east').textContent()).toContain('2 · 3.5★');
    // East's hub reported its configuration when it started (30 minutes for every service); west never did: the
    // default, and the tile says it is one.
    const sla = (hallId: string) => tile(page, hallId).locator('[data-testid="sla"]').textContent();
    expect(await sla('east')).toBe('等候时限 30 分钟本厅设定');
    expect(await sla('west')).toBe('等候时限 30 分钟默认');
    // East changes its own: svc-1's visitors may wait 15 minutes, the others 20 (svc-1's are the ones waiting).
    const hall = east.hub.hall.hall();
    // svc-1 also gets its 事项实施编码 (the reports group by it below).
    const services = hall.services.map((s) =>
      s.id === 'svc-1'
        ? { ...s, slaWaitMinutes: 15, itemCode: EAST_ITEM_CODE }
        : { ...s, slaWaitMinutes: 20 },
    );
    const system = { kind: 'system', id: null, deviceId: null } as const;
    expect(east.hub.hall.configure({ ...hall, services }, system).ok).toBe(true);
    await expect.poll(() => sla('east')).toBe('等候时限 15 分钟本厅设定');
    // A city-wide user narrows the board to a region.
    await page.locator('select[name="board-region"]').selectOption('西城区');
    await expect.poll(() => page.locator('.tile').count()).toBe(1);
    expect(await tile(page, 'west').count()).toBe(1);
    await context.close();
  });

  it('reports across halls by hall, region and service, and downloads them as CSV and Excel', async () => {
    const { context, page } = await signedIn(adminToken);
    await page.getByRole('button', { name: '跨厅报表' }).click();
    const table = page.locator('[data-testid="report-table"]');
    // Today: only east worked.
    await expect.poll(() => table.locator('tbody tr').allTextContents()).toHaveLength(1);
    expect(await table.locator('tbody tr').first().textContent()).toContain('东城政务服务中心');

    // The month of 2026-11-28: west's day.
    await page.getByRole('button', { name: '月', exact: true }).click();
    await page.locator('input[name="anchor"]').fill('2026-11-28');
    await expect
      .poll(() => page.locator('[data-testid="range"]').textContent())
      .toBe('2026-11-01 – 2026-11-30');
    // Until November's report arrives the table still shows today's (east's).
    await expect
      .poll(() => table.locator('tbody tr td:first-child').allTextContents())
      .toEqual(['西城政务服务中心']);
    const westRow = await table.locator('tbody tr').first().locator('td').allTextContents();
    // Hall, halls, issued 2, served 2, no-shows 0, …, rated 1, average 1.00, one 差评.
    expect([westRow[0], westRow[2], westRow[3], westRow[8], westRow[9], westRow[10]]).toEqual([
      '西城政务服务中心',
      '2',
      '2',
      '1',
      '1.00',
      '1',
    ]);
    await page.getByRole('button', { name: '按事项', exact: true }).click();
    await expect
      .poll(() => table.locator('tbody tr td:first-child').allTextContents())
      .toEqual(['svc-1', 'svc-2']);

    // A range over both days, by region: one row per region.
    await page.getByRole('button', { name: '时间段' }).click();
    // Today in the halls' time zone (east's business day), not the UTC date.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await page.locator('input[name="until"]').fill(today);
    await page.getByRole('button', { name: '按区域' }).click();
    await expect
      .poll(() => table.locator('tbody tr td:first-child').allTextContents())
      .toEqual(['东城区', '西城区']);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`hallq-report-2026-11-28-${today}.csv`);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFF大厅 hall,区域 region,事项 service')).toBe(true);
    expect(text).toContain('西城政务服务中心,西城区,svc-1,1,1');
    // East: two visits served (and the tickets the board test issued, still waiting).
    expect(text).toMatch(/东城政务服务中心,东城区,svc-1,[2-7],2,/);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('大厅 hall');
    expect(sheet.rowCount).toBe(4);

    // By 事项 code: east's svc-1 carries one; the centre knows none for west's services.
    await page.getByRole('button', { name: '按事项编码' }).click();
    await expect
      .poll(() => table.locator('tbody tr td:first-child').allTextContents())
      .toEqual(['3100017000000 · 业务1', '未编码']);
    const [items] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(items.suggestedFilename()).toBe(`hallq-report-2026-11-28-${today}-items.csv`);
    const itemLines = readFileSync((await items.path())!, 'utf8').split('\r\n');
    expect(
      itemLines[0]!.startsWith('\uFEFF事项编码 item code,各厅名称 names in the halls,大厅数 halls'),
    ).toBe(true);
    expect(itemLines[1]).toMatch(/^3100017000000,业务1,1,/);
    expect(itemLines[2]).toMatch(/^未编码 not coded,,1,/);
    await context.close();
  });

  it('compares halls side by side, the best and the worst marked, and downloads the comparison', async () => {
    const { context, page } = await signedIn(adminToken);
    await page.getByRole('button', { name: '大厅对比' }).click();
    const table = page.locator('[data-testid="compare-table"]');
    const columns = () =>
      table
        .locator('thead th[data-hall]')
        .evaluateAll((ths) => ths.map((th) => th.getAttribute('data-hall')));
    const cells = (figure: string) => table.locator(`tr[data-figure="${figure}"] td`).allTextContents();
    // The first two halls of the scope are picked at first; today only east has worked.
    await expect.poll(columns).toEqual(['east', 'west']);
    await expect.poll(() => cells('average-rating')).toEqual(['3.50', '—']);

    // From west's day to today: east's 2★ and 5★ against west's 1★.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await page.getByRole('button', { name: '时间段' }).click();
    await page.locator('input[name="anchor"]').fill('2026-11-28');
    await expect
      .poll(() => page.locator('[data-testid="compare-range"]').textContent())
      .toBe(`2026-11-28 – ${today}`);
    await expect.poll(() => cells('average-rating')).toEqual(['3.50最佳', '1.00最差']);
    expect(await cells('bad-share')).toEqual(['50.0%最佳', '100.0%最差']);
    // West's two visits waited no time at all; tickets are a volume, neither better nor worse.
    expect((await cells('tickets'))[1]).toBe('2');
    expect(await table.locator('td.best, td.worst').count()).toBeGreaterThanOrEqual(4);
    // West never reported its wait limits: its share within them is counted against the default, and says so.
    expect(await page.locator('[data-testid="default-sla-note"]').textContent()).toBe(
      '* 该厅未上报等候时限，按默认 30 分钟计',
    );

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`hallq-compare-2026-11-28-${today}.csv`);
    const lines = readFileSync((await csv.path())!, 'utf8').split('\r\n');
    expect(lines[0]!.startsWith('\uFEFF大厅 hall,区域 region,取号 tickets,')).toBe(true);
    expect(lines[1]).toMatch(/^东城政务服务中心,东城区,\d+,/);
    expect(lines[2]).toMatch(
      /^西城政务服务中心,西城区,2,0\.0,0\.0,[\d.]+,100\.0,是 yes,1,1\.00,100\.0,0\.0$/,
    );
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(3);

    // Fewer than two halls: nothing to compare until another is picked.
    await page.locator('input[name="compare-west"]').uncheck();
    await page.getByText('请至少选择 2 个大厅').waitFor();
    await page.locator('input[name="compare-west"]').check();
    await expect.poll(columns).toEqual(['east', 'west']);
    // A whole region: its halls, however many.
    await page.getByRole('button', { name: '整个区域' }).click();
    await page.locator('select[name="compare-region"]').selectOption('西城区');
    await expect.poll(columns).toEqual(['west']);
    await context.close();
  });

  it('lists the 差评 follow-ups across halls with their deadlines, overdue ones marked', async () => {
    const { context, page } = await signedIn(adminToken);
    await page.getByRole('button', { name: '差评整改' }).click();
    const rows = page.locator('[data-testid="follow-up-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // The earliest deadline first: west's, from 2026-11-28, long past.
    expect(await rows.nth(0).textContent()).toContain('西城政务服务中心');
    expect(await rows.nth(0).locator('.badge.overdue').textContent()).toBe('已逾期');
    expect(await rows.nth(1).textContent()).toContain('东城政务服务中心');
    expect(await rows.nth(1).locator('.badge.overdue').count()).toBe(0);
    expect(await page.locator('[data-testid="follow-up-count"]').textContent()).toBe('共 2 条，逾期 1 条');
    await context.close();
  });

  it("shows a region's supervisor that region only, read-only, and says so", async () => {
    const { context, page } = await signedIn(supervisorToken);
    expect(await page.locator('[data-testid="who"]').textContent()).toBe('li · 市级督查（只读） · 东城区');
    expect(await page.locator('.tile').count()).toBe(1);
    expect(await tile(page, 'east').count()).toBe(1);
    // Nothing to narrow: the region is theirs.
    expect(await page.locator('select[name="board-region"]').count()).toBe(0);
    await page.getByRole('button', { name: '差评整改' }).click();
    await expect.poll(() => page.locator('[data-testid="follow-up-table"] tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: '跨厅报表' }).click();
    expect(await page.locator('select[name="region"]').isDisabled()).toBe(true);
    await context.close();
  });

  it('lays out every page at 1440×900 and 1280×800, in Chinese and English', async () => {
    const { context, page } = await signedIn(adminToken);
    const found: Record<string, LayoutProblem[]> = {};
    const check = async (state: string) => {
      for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
        const name = `city-${size}-${state}`;
        found[name] = await checkLayout(page, { name, scrollable: ['main'] });
      }
    };
    for (const language of ['zh', 'en'] as const) {
      if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
      const tabs =
        language === 'zh'
          ? ['实时看板', '跨厅报表', '大厅对比', '差评整改']
          : ['Live board', 'Reports', 'Compare halls', 'Follow-ups'];
      const shown = [
        '.tile',
        '[data-testid="report-table"]',
        '[data-testid="compare-table"] td',
        '[data-testid="follow-up-table"]',
      ];
      for (const [i, name] of tabs.entries()) {
        await page.getByRole('button', { name, exact: true }).click();
        await page.locator(shown[i]!).first().waitFor();
        await check(`${language}-${['board', 'reports', 'compare', 'follow-ups'][i]}`);
      }
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('input[name="token"]').waitFor();
    await check('en-sign-in');
    await page.getByRole('button', { name: '中文' }).click();
    await check('zh-sign-in');
    // The icon the page declares is served too (headless Chromium does not fetch it itself).
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href);
    expect((await fetch(icon!)).status).toBe(200);
    await context.close();
    expect(refused).toEqual([]);
    expect(Object.fromEntries(Object.entries(found).filter(([, problems]) => problems.length > 0))).toEqual(
      {},
    );
  });
});
