/**
 * The visitor's phone, end to end: a ticket issued at a kiosk (its socket command), its QR code opened in Debian's
 * Chromium on a 390×844 phone viewport, followed live through the call (请到 N 号窗口, vibration and sound) to the
 * rating by QR, which counts once (a second rating from the page and the pad's after it are refused). With the
 * layout check of the other screen tests at each state, zh and en; the page's size gzipped; and the update lag
 * (hub event → page shows it) under load, p50/p99, printed with the load average.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  socketSettingsWith,
  startTestHub,
  type TestClient,
  type TestHub,
  testHall,
} from '@hallq/hub/testing';
import { type IssuedTicket, printPermitQr } from '@hallq/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, REPO_ROOT } from './support/browser.ts';
import { checkLayout } from './support/layout-check.ts';

const PHONE = { width: 390, height: 844 };

/** What the ticket page records of itself (apps/visitor/src/ticket/TicketPage.tsx). */
declare global {
  interface Window {
    __hallqTicket?: {
      readonly shown: { state: string; peopleAhead: number | null; callCount: number; at: number }[];
      readonly alerts: { vibrated: boolean; sounded: boolean; at: number }[];
    };
  }
}
const VISITOR_DIST = join(REPO_ROOT, 'apps', 'visitor', 'dist');

let hub: TestHub;
let browser: Browser;
let context: BrowserContext;
let kiosk: TestClient;
let clerk: TestClient;
let pad: TestClient;
const pageErrors: string[] = [];
/** While the layout check runs: its own probe styles are refused by the page's CSP, as they should be. */
let checking = false;
let requests = 0;

beforeAll(async () => {
  hub = await startTestHub({
    hall: testHall({ services: 2, windows: 2 }),
    // Real time: the lag is measured between this process and the browser, on the same clock.
    clock: () => Date.now(),
    config: {
      // The lag test issues 300 tickets from one kiosk in seconds: far above a real kiosk's pace.
      socket: socketSettingsWith({ issuesPerMinute: 100_000, issueBurst: 1000 }),
      publicListener: {
        host: '127.0.0.1',
        port: 0,
        visitorDir: VISITOR_DIST,
        // Every page and stream of this test comes from 127.0.0.1: one address, many phones.
        limits: { burst: 100_000, perSecond: 100_000, maxStreams: 1000, maxAddresses: 100 },
      },
    },
  });
  kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  clerk = await hub.clerkAt('w1');
  pad = await hub.connect({ deviceToken: hub.addDevice('pad', 'w1').token });
  browser = await launchChromium(['--autoplay-policy=user-gesture-required']);
  context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function issue(serviceId = 'svc-1'): Promise<IssuedTicket> {
  requests += 1;
  const answer = await kiosk.call('ticket:issue', {
    requestId: `visitor-e2e-${requests}`,
    serviceId,
    identity: null,
  });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

const pageOf = (issued: IssuedTicket): string => printPermitQr(issued.printPermit)!;

async function openPhone(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !checking) pageErrors.push(message.text());
  });
  await page.goto(url);
  return page;
}

/** The layout check of the other screen tests, at a phone's touch target (44 px). */
async function fits(page: Page, name: string): Promise<void> {
  // From the top of the page's scrolling content, as a visitor sees it first (text scrolled out of the content
  // box is not text covered by the bar above it).
  await page.locator('.visitor-main').evaluate((main) => main.scrollTo(0, 0));
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  checking = true;
  const problems = await checkLayout(page, {
    name,
    scrollable: ['.visitor-main'],
    minTouchTarget: 44,
  }).finally(() => {
    checking = false;
  });
  expect.soft(problems, name).toEqual([]);
}

async function setLanguage(page: Page, language: 'zh' | 'en'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== (language === 'zh' ? 'zh-CN' : 'en')) {
    await page.locator('[data-testid="language-switch"]').click();
    await page.waitForFunction(
      (lang) => document.documentElement.lang === lang,
      language === 'zh' ? 'zh-CN' : 'en',
    );
  }
}

/** Serves everyone waiting at window 1, so what is issued next is called next. */
async function serveEveryone(): Promise<void> {
  // Whoever window 1 holds (called or at the window) is done first; a window holding nobody refuses, and that is fine.
  await clerk.call('window:finish', { windowId: 'w1' });
  for (;;) {
    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    if (!called.ok || called.data.ticket === null) return;
    expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);
  }
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe('the ticket page on a phone', () => {
  it('is under 100 kB gzipped, every file of it', async () => {
    const html = readFileSync(join(VISITOR_DIST, 'index.html'), 'utf8');
    const files = ['/', ...[...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)];
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    const token = pageOf(await issue()).split('/t/')[1]!;
    let total = 0;
    const sizes: string[] = [];
    for (const file of files) {
      const answer = await fetch(`${hub.publicUrl}${file === '/' ? `/t/${token}` : file}`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(answer.status, file).toBe(200);
      expect(answer.headers.get('content-encoding'), file).toBe('gzip');
      // fetch has decoded it; what went over the wire is what the listener compressed.
      const body = Buffer.from(await answer.arrayBuffer());
      const wire = Number(answer.headers.get('content-length'));
      expect(wire).toBeLessThanOrEqual(gzipSync(body, { level: 9 }).length + 64);
      total += wire;
      sizes.push(`${file} ${wire} B`);
    }
    process.stdout.write(`ticket page size, gzipped: ${total} B (${sizes.join(', ')})\n`);
    expect(total).toBeLessThan(100_000);
  });

  it('follows a ticket from issue through the call to one rating, fitting the phone in zh and en', async () => {
    await serveEveryone();
    const ahead = await issue();
    const issued = await issue();
    const url = pageOf(issued);
    expect(url).toMatch(new RegExp(`^${hub.publicUrl}/t/[A-Za-z0-9_-]{24}$`));
    const page = await openPhone(url);

    // Waiting: number, service, area, people ahead, the wait as a range.
    await page.locator(`[data-ticket-number="${issued.ticket.number}"]`).waitFor();
    await page.locator('[data-people-ahead="1"]').waitFor();
    expect(await page.locator('[data-service]').textContent()).toBe('业务1');
    expect(await page.locator('[data-waiting-area]').textContent()).toBe('一楼');
    expect(await page.locator('[data-hall-name]').textContent()).toBe('测试大厅');
    expect(await page.locator('[data-wait]').textContent()).toMatch(/分钟/);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain(ahead.ticket.number);
    await fits(page, 'visitor-390x844-waiting-zh');
    await setLanguage(page, 'en');
    await page.locator('text=People ahead').waitFor();
    await fits(page, 'visitor-390x844-waiting-en');
    await setLanguage(page, 'zh');

    // The visitor allows sound (a tap: browsers need one); the one ahead is called: 0 ahead, live.
    await page.locator('[data-action="sound"]').click();
    await page.locator('[data-sound="on"]').waitFor();
    expect((await clerk.call('window:call-next', { windowId: 'w1' })).ok).toBe(true);
    await page.locator('[data-testid="next"]').waitFor();
    expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);

    // Called: 请到 1 号窗口, large, with the alert.
    expect((await clerk.call('window:call-next', { windowId: 'w1' })).ok).toBe(true);
    const call = page.locator('[data-testid="call"]');
    await call.waitFor();
    expect(await call.getAttribute('data-window')).toBe('1');
    expect(await page.locator('.call-window').textContent()).toBe('请到 1 号窗口');
    const fontSize = await page
      .locator('.call-window')
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(40);
    const alerts = await page.evaluate(() => window.__hallqTicket?.alerts ?? []);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.sounded).toBe(true);
    await fits(page, 'visitor-390x844-called-zh');
    await setLanguage(page, 'en');
    await page.locator('text=Please go to window 1').waitFor();
    await fits(page, 'visitor-390x844-called-en');
    await setLanguage(page, 'zh');
    // A recall alerts again.
    expect((await clerk.call('window:recall', { windowId: 'w1' })).ok).toBe(true);
    await page.waitForFunction(() => (window.__hallqTicket?.alerts.length ?? 0) === 2);

    expect((await clerk.call('window:start', { windowId: 'w1' })).ok).toBe(true);
    await page.locator('[data-testid="serving"]').waitFor();
    expect(await page.locator('[data-testid="serving"]').textContent()).toBe('正在 1 号窗口办理');
    expect(hub.hub.ticketPageStreams()).toBe(1);

    // Served: the rating; the stream ends (the page updates no more).
    expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);
    await page.locator('[data-testid="rating-form"]').waitFor();
    await expect.poll(() => hub.hub.ticketPageStreams()).toBe(0);
    await fits(page, 'visitor-390x844-rating-zh');
    await page.locator('[data-level="2"]').click();
    await page.locator('[data-testid="rating-tags"]').waitFor();
    await page.locator('[data-tag-chip="efficiency"]').click();
    await page.locator('textarea').fill('窗口太少');
    await fits(page, 'visitor-390x844-rating-low-zh');
    await setLanguage(page, 'en');
    await fits(page, 'visitor-390x844-rating-low-en');
    await setLanguage(page, 'zh');
    await page.locator('[data-action="submit-rating"]').click();
    await page.locator('[data-rating-outcome="thanks"]').waitFor();
    await fits(page, 'visitor-390x844-thanks-zh');
    const shownAfterEnd = await page.evaluate(() => window.__hallqTicket?.shown.length);

    // Counted once, channel qr, the pad's record.
    expect(
      hub.db
        .prepare('SELECT level, tags, comment, channel FROM ratings WHERE ticket_id = ?')
        .all(issued.ticket.id),
    ).toEqual([{ level: 2, tags: '["efficiency"]', comment: '窗口太少', channel: 'qr' }]);
    // A second rating by QR is refused; the page opened again says it is rated; the pad's is refused.
    const again = await fetch(`${url}/rating`, {
      method: 'POST',
      body: JSON.stringify({ level: 5, tags: [], comment: '' }),
    });
    expect(again.status).toBe(409);
    const reopened = await openPhone(url);
    await reopened.locator('[data-rating-outcome="already"]').waitFor();
    await reopened.close();
    const padRating = await pad.call('rating:submit', {
      ticketId: issued.ticket.id,
      level: 5,
      tags: [],
      comment: '',
    });
    expect(padRating).toMatchObject({ ok: false, error: { code: 'ALREADY_RATED' } });
    expect(
      hub.db.prepare('SELECT COUNT(*) AS n FROM ratings WHERE ticket_id = ?').get(issued.ticket.id),
    ).toEqual({ n: 1 });

    // Nothing more reaches the ended page, whatever the hall does.
    await issue();
    expect((await clerk.call('window:call-next', { windowId: 'w1' })).ok).toBe(true);
    expect(await page.evaluate(() => window.__hallqTicket?.shown.length)).toBe(shownAfterEnd);
    await page.close();
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('shows an unknown token as not found, fitting the phone', async () => {
    const page = await openPhone(`${hub.publicUrl}/t/AAAAAAAAAAAAAAAAAAAAAAAA`);
    await page.locator('[data-testid="ticket-not-found"]').waitFor();
    await fits(page, 'visitor-390x844-not-found-zh');
    await page.close();
  });

  it('shows each change within a few hundred ms while 200 other pages listen (lag p50/p99)', async () => {
    await serveEveryone();
    const ahead = 80;
    for (let i = 0; i < ahead; i += 1) await issue('svc-1');
    const mine = await issue();
    // 200 other phones following tickets of their own (server-sent event streams from this process).
    const others: AbortController[] = [];
    for (let i = 0; i < 200; i += 1) {
      const controller = new AbortController();
      others.push(controller);
      const response = await fetch(`${pageOf(await issue(i % 2 === 0 ? 'svc-1' : 'svc-2'))}/events`, {
        signal: controller.signal,
      });
      void (async () => {
        for await (const _chunk of response.body as unknown as AsyncIterable<Uint8Array>);
      })().catch(() => {});
    }
    await expect.poll(() => hub.hub.ticketPageStreams()).toBe(200);
    const page = await openPhone(pageOf(mine));
    await page.locator(`[data-people-ahead="${ahead}"]`).waitFor();
    /** From the command sent to the page showing it; from the hub's event (its time, on this clock) to the page. */
    const lags: number[] = [];
    const eventLags: number[] = [];
    for (let left = ahead - 1; left >= 0; left -= 1) {
      const before = await page.evaluate(() => window.__hallqTicket?.shown.length ?? 0);
      const sentAt = Date.now();
      const called = await clerk.call('window:call-next', { windowId: 'w1' });
      expect(called, JSON.stringify(called)).toMatchObject({ ok: true });
      await page.waitForFunction(
        ([n, expected]) => {
          const shown = window.__hallqTicket?.shown ?? [];
          return shown.length > n && shown[shown.length - 1]!.peopleAhead === expected;
        },
        [before, left] as const,
      );
      const shownAt = await page.evaluate(() => window.__hallqTicket!.shown.at(-1)!.at);
      lags.push(shownAt - sentAt);
      const calledId = called.ok ? called.data.ticket?.id : undefined;
      const event = await clerk.waitForUpdate(
        (u) => u.change.type === 'ticket:called' && u.change.ticket.id === calledId,
      );
      eventLags.push(shownAt - event.at);
      const finished = await clerk.call('window:finish', { windowId: 'w1' });
      expect(finished, JSON.stringify(finished)).toMatchObject({ ok: true });
    }
    for (const c of others) c.abort();
    await page.close();
    const sorted = [...lags].sort((a, b) => a - b);
    const [p50, p99] = [percentile(sorted, 50), percentile(sorted, 99)];
    const fromEvent = [...eventLags].sort((a, b) => a - b);
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    process.stdout.write(
      `ticket page update lag, ${lags.length} changes, 201 pages open: hub event → page shows it p50 ${percentile(fromEvent, 50)} ms, p99 ${percentile(fromEvent, 99)} ms, max ${fromEvent.at(-1)} ms; clerk's command sent → page p50 ${p50} ms, p99 ${p99} ms, max ${sorted.at(-1)} ms; load average ${load}\n`,
    );
    expect(fromEvent[0]).toBeGreaterThanOrEqual(0);
    expect(p50).toBeLessThan(500);
    expect(p99).toBeLessThan(2000);
  });
});
