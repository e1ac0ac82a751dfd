import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SYSTEM_ACTOR } from '@hallq/hub/event-log';
import { startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';
import { checkLayout, type LayoutProblem } from './support/layout-check.ts';

/**
 * The admin console's part of issue 13, in Debian's Chromium against a real hub: an API client added through
 * the integrations page (its token shown once, and good for the open API), a webhook subscription's delivery
 * log after a real delivery to a receiver here, a replay from the page, a 差评's follow-up opened and updated
 * (an empty note refused in the dialog), the rating records' export, and the layout check of the new pages.
 */
const SIZES = [
  ['1440x900', { width: 1440, height: 900 }],
  ['1280x800', { width: 1280, height: 800 }],
] as const;
const SCROLLABLE = ['main', '.list-scroll', '.notes'];
/** Recharts measures label widths with a span it parks 20,000 px off the page: a tool, not part of the screen. */
const IGNORE = ['#recharts_measurement_span'];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A webhook receiver: answers 204 and keeps each request's webhook-id and event type. */
async function startReceiver() {
  const received: { id: string; type: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string };
      received.push({ id: String(req.headers['webhook-id']), type: body.type });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

async function hub(): Promise<TestHub> {
  const h = await startTestHub({ config: { webApps: webApps() } });
  cleanups.push(h.close);
  return h;
}

async function signIn(h: TestHub, username: string, hash: string): Promise<Page> {
  const context = await browser.newContext({ viewport: SIZES[0][1] });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[admin page]', error));
  await page.goto(`${h.url}/admin/${hash}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.locator('header.top nav').waitFor();
  return page;
}

async function checkSizes(page: Page, state: string): Promise<Record<string, LayoutProblem[]>> {
  const found: Record<string, LayoutProblem[]> = {};
  for (const [size, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const name = `admin-${state}-${size}`;
    found[name] = await checkLayout(page, { name, scrollable: SCROLLABLE, ignore: IGNORE });
  }
  return found;
}
const failures = (cases: Record<string, LayoutProblem[]>) =>
  Object.fromEntries(Object.entries(cases).filter(([, problems]) => problems.length > 0));

/** A ticket issued, served at w1 and rated `level` on w1's pad. */
async function servedAndRated(h: TestHub, level: 1 | 2, comment: string): Promise<string> {
  const kiosk = await h.connect({ deviceToken: h.addDevice('kiosk').token });
  const pad = await h.connect({ deviceToken: h.addDevice('pad', 'w1').token });
  const clerk = await h.clerkAt('w1');
  const issued = await kiosk.call('ticket:issue', {
    requestId: randomUUID(),
    serviceId: 'svc-1',
    identity: null,
  });
  if (!issued.ok) throw new Error(issued.error.message);
  const called = await clerk.call('window:call-next', { windowId: 'w1' });
  if (!called.ok) throw new Error(called.error.message);
  await clerk.call('window:start', { windowId: 'w1' });
  h.clock.advance(3 * 60_000);
  await clerk.call('window:finish', { windowId: 'w1' });
  const rated = await pad.call('rating:submit', {
    ticketId: called.data.ticket!.id,
    level,
    tags: ['attitude'],
    comment,
  });
  if (!rated.ok) throw new Error(rated.error.message);
  return called.data.ticket!.number;
}

describe('admin integrations page', () => {
  it('adds an API client (token shown once), shows a real delivery in the log, replays it', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const receiver = await startReceiver();
    const page = await signIn(h, 'admin1', '#/integrations');
    await page.locator('[data-card=api-clients]').waitFor();
    const cases: Record<string, LayoutProblem[]> = await checkSizes(page, 'integrations-empty');

    await page.click('button[name=api-client-add]');
    await page.fill('input[name=api-client-name]', '审批系统');
    await page.check('input[name="scope-webhooks:manage"]');
    await page.check('input[name="scope-tickets:read"]');
    // The rate limit starts at the hub's default; the admin sets this client's own.
    expect(await page.inputValue('input[name=api-client-rate]')).toBe('10');
    expect(await page.inputValue('input[name=api-client-burst]')).toBe('40');
    await page.fill('input[name=api-client-rate]', '5');
    await page.fill('input[name=api-client-burst]', '20');
    Object.assign(cases, await checkSizes(page, 'integrations-add-dialog'));
    await page.click('button[name=api-client-confirm]');
    const tokenBox = page.locator('[data-dialog=api-token] [data-token]');
    await tokenBox.waitFor();
    const token = (await tokenBox.textContent()) ?? '';
    expect(token).toMatch(/^.+\..{20,}$/);
    await expect
      .poll(() => page.locator('[data-dialog=api-token] [role=alert]').textContent())
      .toContain('只显示这一次');
    Object.assign(cases, await checkSizes(page, 'integrations-token'));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
    await page.click('button[name=copy-token]');
    await expect.poll(() => page.locator('button[name=copy-token]').textContent()).toBe('已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.click('button[name=close-token]');
    await page.locator('[data-client="审批系统"]').waitFor();
    // Shown once: gone from the page once the dialog closes, and not there after a reload.
    expect(await page.content()).not.toContain(token);
    await page.reload();
    await page.locator('[data-client="审批系统"]').waitFor();
    expect(await page.content()).not.toContain(token);
    expect(await page.locator('[data-client="审批系统"]').textContent()).toContain('事件订阅');
    expect(await page.locator('[data-client="审批系统"] [data-limit]').textContent()).toBe('5/s · 20');
    expect(h.hub.admin.apiClients.list()).toMatchObject([{ ratePerSecond: 5, burst: 20 }]);

    // Changed later from the list: a value out of range is refused with the hub's reason, then a good one kept.
    await page.click('[data-client="审批系统"] button[name=api-client-limit]');
    expect(await page.inputValue('[data-dialog=api-client-limit] input[name=api-client-rate]')).toBe('5');
    await page.fill('[data-dialog=api-client-limit] input[name=api-client-burst]', '0');
    await page.click('button[name=api-client-limit-confirm]');
    await page.locator('[data-dialog=api-client-limit] .error').waitFor();
    expect(await page.locator('[data-dialog=api-client-limit] .error').textContent()).toContain('瞬时上限');
    Object.assign(cases, await checkSizes(page, 'integrations-limit-dialog'));
    await page.fill('[data-dialog=api-client-limit] input[name=api-client-rate]', '2');
    await page.fill('[data-dialog=api-client-limit] input[name=api-client-burst]', '8');
    await page.click('button[name=api-client-limit-confirm]');
    await expect
      .poll(() => page.locator('[data-client="审批系统"] [data-limit]').textContent())
      .toBe('2/s · 8');
    const [limited] = h.hub.admin.auditQuery({
      type: 'api-client:limit',
      actorId: null,
      fromAt: null,
      toAt: null,
      beforeId: null,
      limit: 10,
    });
    expect(limited?.summary).toContain('"to":{"ratePerSecond":2,"burst":8}');

    // The token works: the approval system subscribes over the open API with it.
    const created = await fetch(`${h.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, eventTypes: ['ticket.issued'] }),
    });
    expect(created.status).toBe(201);
    const kiosk = await h.connect({ deviceToken: h.addDevice('kiosk').token });
    await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-1', identity: null });
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);

    // The page refreshes on its own: the subscription, its client, and the delivery the receiver took.
    const row = page.locator(`[data-subscription="${receiver.url}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('审批系统');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('active');
    await expect.poll(() => row.locator('[data-lag]').getAttribute('data-lag')).toBe('0');
    const delivery = page.locator('[data-delivery="ticket.issued"]');
    await delivery.first().waitFor({ timeout: 10_000 });
    expect(await delivery.first().locator('[data-result]').textContent()).toBe('HTTP 204');
    expect(await page.locator('[data-card=outbox] [data-consumer^="webhook:"]').count()).toBe(1);
    // The client's call to the API shows as its last use.
    await expect
      .poll(() => page.locator('[data-client="审批系统"] td').nth(3).textContent(), { timeout: 10_000 })
      .toMatch(/^2026-/);
    Object.assign(cases, await checkSizes(page, 'integrations-delivered'));
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('[data-card=webhooks] h2', { hasText: 'Webhook subscriptions' }).waitFor();
    Object.assign(cases, await checkSizes(page, 'integrations-delivered-en'));
    await page.getByRole('button', { name: '中文' }).click();

    // Replay from the start: the receiver gets the same event again, with the same webhook-id.
    await page.click('button[name=webhook-replay]');
    await page.fill('input[name=replay-after]', '0');
    Object.assign(cases, await checkSizes(page, 'integrations-replay-dialog'));
    await page.click('button[name=replay-confirm]');
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
    expect(receiver.received[1]).toEqual(receiver.received[0]);
    await expect.poll(() => delivery.count(), { timeout: 10_000 }).toBe(2);

    // Revoking asks first, then ends the client and its subscription.
    await page.click('button[name=api-client-revoke]');
    await page.click('button[name=api-client-revoke-confirm]');
    await page.locator('[data-client="审批系统"] .bad').waitFor();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    const refused = await fetch(`${h.url}/api/v1/webhooks`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);

    expect(failures(cases)).toEqual({});
  });

  it('is an admin’s only: a supervisor has no tab and lands on supervision', async () => {
    const h = await hub();
    await h.addUser('sup1', 'supervisor');
    const page = await signIn(h, 'sup1', '#/integrations');
    expect(await page.locator('[data-page=integrations]').count()).toBe(0);
    expect(await page.locator('[data-page=follow-ups]').count()).toBe(1);
    await expect
      .poll(() => page.locator('[aria-current=page]').getAttribute('data-page'))
      .toBe('supervision');
  });
});

describe('admin follow-ups page and rating export', () => {
  it('opens the follow-up a 差评 made, refuses an empty note in the dialog, moves it on; overdue marked', async () => {
    const h = await hub();
    await h.addUser('sup1', 'supervisor');
    const number = await servedAndRated(h, 2, '等太久');
    const page = await signIn(h, 'sup1', '#/follow-ups');
    const row = page.locator(`[data-follow-up="${number}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('不满意');
    expect(await row.getAttribute('class')).not.toContain('overdue');
    const cases: Record<string, LayoutProblem[]> = await checkSizes(page, 'follow-ups-open');

    await row.locator('button[name=follow-up-open]').click();
    const dialog = page.locator('[data-dialog=follow-up-update]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('等太久');
    await dialog.locator('button[name=follow-up-save]').click();
    await dialog.locator('.error').waitFor();
    expect(await dialog.locator('.error').textContent()).toContain('请写明处理情况');
    Object.assign(cases, await checkSizes(page, 'follow-ups-dialog-refused'));
    await dialog.locator('textarea[name=follow-up-note]').fill('已电话联系群众，致歉并说明');
    expect(await dialog.locator('select[name=follow-up-status]').inputValue()).toBe('contacted');
    await dialog.locator('button[name=follow-up-save]').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.count()).toBe(0);
    await page.click('[data-status-tab=contacted]');
    await row.waitFor();
    expect(await row.textContent()).toContain('已电话联系群众');
    const stored = h.db.prepare('SELECT status FROM follow_ups').all();
    expect(stored).toEqual([{ status: 'contacted' }]);

    // Past its due day, it is marked overdue (a new sign-in: a session lasts 12 hours).
    h.clock.advance(30 * 86_400_000);
    const later = await signIn(h, 'sup1', '#/follow-ups');
    await later.click('[data-status-tab=contacted]');
    const overdue = later.locator(`[data-follow-up="${number}"]`);
    await overdue.waitFor();
    expect(await overdue.getAttribute('class')).toContain('overdue');
    expect(await overdue.locator('[data-overdue=true]').textContent()).toContain('已逾期');
    Object.assign(cases, await checkSizes(later, 'follow-ups-overdue'));
    await later.getByRole('button', { name: 'English' }).click();
    await overdue.locator('[data-overdue=true]', { hasText: 'overdue' }).waitFor();
    Object.assign(cases, await checkSizes(later, 'follow-ups-overdue-en'));
    expect(failures(cases)).toEqual({});
  });

  it('exports the rating records for a date range as JSON and CSV from the reports page', async () => {
    const h = await hub();
    await h.addUser('admin1', 'admin');
    const number = await servedAndRated(h, 1, '态度差');
    const page = await signIn(h, 'admin1', '#/reports');
    await page.locator('input[name=rating-from][value="2026-11-28"]').waitFor();
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[name=rating-export-json]'),
    ]);
    expect(json.suggestedFilename()).toMatch(/\.json$/);
    const records = JSON.parse(readFileSync(await json.path(), 'utf8')) as unknown;
    expect(JSON.stringify(records)).toContain('态度差');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[name=rating-export-csv]'),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(readFileSync(await csv.path(), 'utf8')).toContain('态度差');
    // The day's tickets one row each, with the case number the counter attached (shown in reports).
    const ticketId = `2026-11-28/${number}`;
    expect(h.hub.caseRecords.attachCaseNumber(ticketId, 'SP-2026-000777', SYSTEM_ACTOR).ok).toBe(true);
    await page.click('button[name=run-report]');
    const [tickets] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[name=export-tickets-csv]'),
    ]);
    expect(tickets.suggestedFilename()).toBe('hallq-tickets-2026-11-28_2026-11-28.csv');
    const ticketCsv = readFileSync(await tickets.path(), 'utf8');
    expect(ticketCsv).toContain('办件编号 Case number');
    expect(ticketCsv).toMatch(new RegExp(`2026-11-28,${number},.*SP-2026-000777`));
    // A range that ends before it starts is refused with the hub's reason, shown on the card.
    await page.fill('input[name=rating-from]', '2026-11-29');
    await page.click('button[name=rating-export-xlsx]');
    await page.locator('[data-card=rating-export] .error').waitFor();
    expect(number).toMatch(/^A\d+$/);
    const cases = await checkSizes(page, 'reports-rating-export');
    expect(failures(cases)).toEqual({});
  });
});
