import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IssuedTicket, printPermitQr, TicketPageView } from '@hallq/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALL_MORNING, startTestHub, type TestClient, type TestHub } from '../testing/test-hub.ts';
import { newTicketToken, TICKET_TOKEN_PATTERN } from '../tickets/ticket-tokens.ts';
import { rangeOfPlace, waitOfPlace } from './ticket-page-view.ts';

/** A page's stream, as EventSource reads it: each `ticket` event's view, in order, and whether it ended. */
function listen(url: string) {
  const views: TicketPageView[] = [];
  const waiters: { predicate: (v: TicketPageView) => boolean; resolve: (v: TicketPageView) => void }[] = [];
  const controller = new AbortController();
  let ended = false;
  const done = (async () => {
    const response = await fetch(url, { signal: controller.signal });
    if (response.status !== 200) throw new Error(`stream answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let at = buffered.indexOf('\n\n');
      while (at >= 0) {
        const block = buffered.slice(0, at);
        buffered = buffered.slice(at + 2);
        const data = /^data: (.*)$/m.exec(block);
        if (/^event: ticket$/m.test(block) && data) {
          const view = TicketPageView.parse(JSON.parse(data[1]!));
          views.push(view);
          for (const w of [...waiters])
            if (w.predicate(view)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(view);
            }
        }
        at = buffered.indexOf('\n\n');
      }
    }
    ended = true;
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return {
    views,
    next(predicate: (v: TicketPageView) => boolean): Promise<TicketPageView> {
      const seen = views.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    done,
    ended: () => ended,
    close: () => controller.abort(),
  };
}

let requests = 0;
async function issue(
  kiosk: TestClient,
  serviceId = 'svc-1',
  requestId = `request-${++requests}`,
): Promise<IssuedTicket> {
  const answer = await kiosk.call('ticket:issue', { requestId, serviceId, identity: null });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

const tokenOf = (issued: IssuedTicket): string => printPermitQr(issued.printPermit)!.split('/t/')[1]!;

describe('the wait of a place in line', () => {
  const figures = { serviceId: 'svc-1', waiting: 4, estimatedWaitMs: 20 * 60_000, longestWaitingSince: null };
  it('is the service’s figure in proportion to the people ahead', () => {
    expect(waitOfPlace(figures, 4)).toBe(20 * 60_000);
    expect(waitOfPlace(figures, 2)).toBe(10 * 60_000);
    expect(waitOfPlace(figures, 1)).toBe(5 * 60_000);
  });
  it('is nothing for the next in line, nor without figures, nor more than the whole line', () => {
    expect(waitOfPlace(figures, 0)).toBe(0);
    expect(waitOfPlace(undefined, 3)).toBe(0);
    expect(waitOfPlace({ ...figures, waiting: 0 }, 3)).toBe(0);
    expect(waitOfPlace(figures, 9)).toBe(20 * 60_000);
  });
});

describe('the range of a place in line', () => {
  const MINUTE = 60_000;
  const tile = {
    serviceId: 'svc-1',
    waiting: 4,
    estimatedWaitMs: 24 * MINUTE,
    estimatedWaitRange: { lowMs: 16 * MINUTE, highMs: 36 * MINUTE },
    longestWaitingSince: null,
  };
  it('is the tile’s 20th–80th percentile in proportion to the people ahead, as the estimate is', () => {
    expect(rangeOfPlace(tile, 4)).toEqual(tile.estimatedWaitRange);
    expect(rangeOfPlace(tile, 2)).toEqual({ lowMs: 8 * MINUTE, highMs: 18 * MINUTE });
    expect(rangeOfPlace(tile, 0)).toEqual({ lowMs: 0, highMs: 0 });
  });
  it('is absent while the tile has none (too little history to simulate)', () => {
    const { estimatedWaitRange: _range, ...plain } = tile;
    expect(rangeOfPlace(plain, 2)).toBeNull();
    expect(rangeOfPlace(undefined, 2)).toBeNull();
  });
  it('is on the page of a waiting ticket, from the figures the tiles got, once the hub has history', async () => {
    const visitorDir = mkdtempSync(join(tmpdir(), 'hallq-visitor-'));
    writeFileSync(join(visitorDir, 'index.html'), '<!doctype html><title>visitor</title>');
    const hub = await startTestHub({
      config: { publicListener: { host: '127.0.0.1', port: 0, visitorDir } },
    });
    try {
      // Yesterday: 80 visitors served back to back at window 1, six minutes each (the estimator's history).
      const insert = hub.db.prepare(
        `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
           queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
         VALUES (?, ?, '2026-11-27', 'svc-1', 'svc-1', 'normal', 'done', ?, ?, 'w1', NULL, 1, ?, ?, ?, ?, 0)`,
      );
      let at = HALL_MORNING - 86_400_000;
      for (let i = 0; i < 80; i += 1) {
        const started = at + 30_000;
        const ended = started + 6 * MINUTE;
        insert.run(`2026-11-27/A${i}`, `A${i}`, at - 5_000, at - 5_000, at, at, started, ended);
        at = ended + 10_000;
      }
      const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
      await kiosk.nextSnapshot();
      const tickets: IssuedTicket[] = [];
      for (let i = 0; i < 6; i += 1) tickets.push(await issue(kiosk));
      const update = await kiosk.waitForUpdate((u) =>
        u.figures.some((f) => f.serviceId === 'svc-1' && f.waiting === 6),
      );
      const tileFigures = update.figures.find((f) => f.serviceId === 'svc-1')!;
      expect(tileFigures.estimatedWaitRange).toBeDefined();

      const last = tickets[5]!;
      const view = TicketPageView.parse(
        await (await fetch(`${hub.publicUrl}/t/${tokenOf(last)}/view`)).json(),
      );
      expect(view.peopleAhead).toBe(5);
      expect(view.estimatedWaitMs).toBe(waitOfPlace(tileFigures, 5));
      expect(view.estimatedWaitRange).toEqual(rangeOfPlace(tileFigures, 5));
      expect(view.estimatedWaitRange!.lowMs).toBeLessThanOrEqual(view.estimatedWaitMs!);
      expect(view.estimatedWaitRange!.highMs).toBeGreaterThanOrEqual(view.estimatedWaitMs!);
      expect(view.estimatedWaitRange!.highMs).toBeGreaterThan(0);
    } finally {
      await hub.close();
      rmSync(visitorDir, { recursive: true, force: true });
    }
  });
});

describe('ticket pages by QR', () => {
  let hub: TestHub;
  let visitorDir: string;
  let kiosk: TestClient;
  let clerk: TestClient;
  let pad: TestClient;

  beforeAll(async () => {
    visitorDir = mkdtempSync(join(tmpdir(), 'hallq-visitor-'));
    writeFileSync(join(visitorDir, 'index.html'), '<!doctype html><title>visitor</title>');
    hub = await startTestHub({
      config: {
        publicListener: {
          host: '127.0.0.1',
          port: 0,
          visitorDir,
          // The test hub's clock stands still: no bucket would refill.
          limits: { burst: 1_000_000, perSecond: 1, maxStreams: 100, maxAddresses: 100 },
        },
      },
    });
    kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    clerk = await hub.clerkAt('w1');
    pad = await hub.connect({ deviceToken: hub.addDevice('pad', 'w1').token });
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(visitorDir, { recursive: true, force: true });
  });

  /** Serves everyone waiting at window 1, so the next ticket issued is the next one called. */
  async function serveEveryone(): Promise<void> {
    for (;;) {
      const called = await clerk.call('window:call-next', { windowId: 'w1' });
      if (!called.ok || called.data.ticket === null) return;
      expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);
    }
  }

  /** Calls, starts and finishes the next ticket at window 1, which must be `ticketId`. */
  async function serve(ticketId: string): Promise<void> {
    const called = await clerk.call('window:call-next', { windowId: 'w1' });
    expect(called.ok && called.data.ticket?.id).toBe(ticketId);
    expect((await clerk.call('window:start', { windowId: 'w1' })).ok).toBe(true);
    expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);
  }

  it('gives each ticket a QR code that opens its page on the public listener, by a token that says nothing', async () => {
    const issued = await issue(kiosk);
    const qr = printPermitQr(issued.printPermit);
    expect(qr).toMatch(new RegExp(`^${hub.publicUrl}/t/[A-Za-z0-9_-]{24}$`));
    const token = tokenOf(issued);
    expect(TICKET_TOKEN_PATTERN.test(token)).toBe(true);
    // 144 bits from the CSPRNG: 18 bytes, none of them the ticket's id, number or day.
    expect(Buffer.from(token, 'base64url')).toHaveLength(18);
    for (const part of [
      issued.ticket.id,
      issued.ticket.number,
      issued.ticket.businessDay,
      issued.ticket.number.slice(1),
    ])
      expect(token).not.toContain(part);
    expect(hub.hub.ticketTokens.ticketOf(token)).toBe(issued.ticket.id);
  });

  it('prints the same QR code again on a retried issue, and a new one for each other ticket', async () => {
    const first = await issue(kiosk, 'svc-2', 'retry-request-1');
    const again = await issue(kiosk, 'svc-2', 'retry-request-1');
    expect(again.replayed).toBe(true);
    expect(tokenOf(again)).toBe(tokenOf(first));
    const other = await issue(kiosk, 'svc-3');
    expect(tokenOf(other)).not.toBe(tokenOf(first));
  });

  it('makes tokens that do not repeat and cannot be guessed from each other', () => {
    const tokens = new Set(Array.from({ length: 20_000 }, () => newTicketToken()));
    expect(tokens.size).toBe(20_000);
    for (const t of tokens) expect(t).toMatch(TICKET_TOKEN_PATTERN);
    // Every base64url character shows up in every position: nothing fixed, nothing sequential.
    const firstChars = new Set([...tokens].map((t) => t[0]));
    const lastButOne = new Set([...tokens].map((t) => t[22]));
    expect(firstChars.size).toBe(64);
    expect(lastButOne.size).toBe(64);
  });

  it('answers 404 for an unknown or malformed token, the same way', async () => {
    for (const token of [newTicketToken(), 'short', `${newTicketToken()}x`, 'A'.repeat(24)]) {
      for (const path of ['events', 'view']) {
        const answer = await fetch(`${hub.publicUrl}/t/${token}/${path}`);
        expect(answer.status, `${token}/${path}`).toBe(404);
        expect(await answer.json()).toEqual({
          ok: false,
          code: 'NOT_FOUND',
          message: '没有这张票 · No such ticket',
        });
      }
      const rated = await fetch(`${hub.publicUrl}/t/${token}/rating`, {
        method: 'POST',
        body: JSON.stringify({ level: 5, tags: [], comment: '' }),
      });
      expect(rated.status).toBe(404);
    }
  });

  it('follows a ticket live from waiting to called to served, then stops', async () => {
    await serveEveryone();
    const ahead = await issue(kiosk, 'svc-1');
    await issue(kiosk, 'svc-1');
    const mine = await issue(kiosk, 'svc-1');
    const page = listen(`${hub.publicUrl}/t/${tokenOf(mine)}/events`);
    const first = await page.next(() => true);
    expect(first).toMatchObject({
      number: mine.ticket.number,
      service: { zh: '业务1', en: 'Service 1' },
      waitingArea: { zh: '一楼', en: 'Floor 1' },
      state: 'waiting',
      window: null,
      callCount: 0,
      rating: null,
      live: true,
    });
    expect(first.peopleAhead).toBeGreaterThan(0);
    expect(first.estimatedWaitMs).toBeGreaterThanOrEqual(0);
    // Nothing of any other visitor: no other number, no id, no name.
    const json = JSON.stringify(first);
    expect(json).not.toContain(ahead.ticket.number);
    expect(json).not.toContain(mine.ticket.id);
    expect(Object.keys(first).sort()).toEqual(
      [
        'at',
        'callCount',
        'estimatedWaitMs',
        'hallName',
        'live',
        'number',
        'peopleAhead',
        'rating',
        'service',
        'state',
        'waitingArea',
        'window',
      ].sort(),
    );

    // Call everyone ahead; the page's count goes down to 0 without a reload.
    const before = first.peopleAhead!;
    for (let i = 0; i < before; i += 1) {
      expect((await clerk.call('window:call-next', { windowId: 'w1' })).ok).toBe(true);
      expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);
    }
    await page.next((v) => v.state === 'waiting' && v.peopleAhead === 0);
    expect(page.views.filter((v) => v.state === 'waiting').map((v) => v.peopleAhead)).toEqual(
      Array.from({ length: before + 1 }, (_, i) => before - i),
    );

    expect((await clerk.call('window:call-next', { windowId: 'w1' })).ok).toBe(true);
    const called = await page.next((v) => v.state === 'called');
    expect(called).toMatchObject({
      window: { number: 1, name: { zh: '1号窗口', en: 'Window 1' } },
      callCount: 1,
      peopleAhead: null,
    });
    expect((await clerk.call('window:recall', { windowId: 'w1' })).ok).toBe(true);
    await page.next((v) => v.callCount === 2);
    expect((await clerk.call('window:start', { windowId: 'w1' })).ok).toBe(true);
    await page.next((v) => v.state === 'serving');
    expect((await clerk.call('window:finish', { windowId: 'w1' })).ok).toBe(true);
    const done = await page.next((v) => v.state === 'done');
    expect(done).toMatchObject({ live: false, rating: { status: 'open' } });
    // The hub ended the stream: the page listens no more.
    await page.done;
    expect(page.ended()).toBe(true);
    expect(hub.hub.ticketPageUrl(mine.ticket.id)).toBe(`${hub.publicUrl}/t/${tokenOf(mine)}`);
  });

  it('takes one rating per ticket, channel qr, in the pad’s record; a second one and the pad’s after it are refused', async () => {
    await serveEveryone();
    const mine = await issue(kiosk, 'svc-2');
    await serve(mine.ticket.id);
    const rate = (body: unknown) =>
      fetch(`${hub.publicUrl}/t/${tokenOf(mine)}/rating`, { method: 'POST', body: JSON.stringify(body) });

    // Malformed ratings are refused without counting.
    for (const bad of [
      { level: 6, tags: [], comment: '' },
      { level: 2, tags: ['rude'], comment: '' },
      { level: 5, tags: [], comment: 'x'.repeat(201) },
      { level: 5 },
    ])
      expect((await rate(bad)).status).toBe(400);
    expect(
      (await fetch(`${hub.publicUrl}/t/${tokenOf(mine)}/rating`, { method: 'POST', body: '{' })).status,
    ).toBe(400);

    const first = await rate({ level: 2, tags: ['efficiency', 'other'], comment: '等太久' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true });
    const row = hub.db
      .prepare('SELECT level, tags, comment, channel, window_id FROM ratings WHERE ticket_id = ?')
      .get(mine.ticket.id);
    expect(row).toEqual({
      level: 2,
      tags: '["efficiency","other"]',
      comment: '等太久',
      channel: 'qr',
      window_id: 'w1',
    });
    // A 差评 opens its follow-up, as a pad's does.
    expect(hub.db.prepare('SELECT level FROM follow_ups WHERE ticket_id = ?').get(mine.ticket.id)).toEqual({
      level: 2,
    });

    const second = await rate({ level: 5, tags: [], comment: '' });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
    const padAfter = await pad.call('rating:submit', {
      ticketId: mine.ticket.id,
      level: 5,
      tags: [],
      comment: '',
    });
    expect(padAfter).toMatchObject({ ok: false, error: { code: 'ALREADY_RATED' } });
    expect(
      hub.db.prepare('SELECT COUNT(*) AS n FROM ratings WHERE ticket_id = ?').get(mine.ticket.id),
    ).toEqual({ n: 1 });
    const view = (await (await fetch(`${hub.publicUrl}/t/${tokenOf(mine)}/view`)).json()) as TicketPageView;
    expect(view.rating).toEqual({ status: 'given', until: null });
  });

  it('refuses the page’s rating after the pad’s, and before the service is over', async () => {
    await serveEveryone();
    const mine = await issue(kiosk, 'svc-3');
    const rate = () =>
      fetch(`${hub.publicUrl}/t/${tokenOf(mine)}/rating`, {
        method: 'POST',
        body: JSON.stringify({ level: 4, tags: [], comment: '' }),
      });
    expect(await (await rate()).json()).toMatchObject({ ok: false, code: 'RATING_CLOSED' });
    await serve(mine.ticket.id);
    expect(
      (await pad.call('rating:submit', { ticketId: mine.ticket.id, level: 5, tags: [], comment: '' })).ok,
    ).toBe(true);
    const refused = await rate();
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
    expect(
      hub.db.prepare('SELECT level, channel FROM ratings WHERE ticket_id = ?').get(mine.ticket.id),
    ).toEqual({ level: 5, channel: 'pad' });
  });

  it('takes the page’s rating after the pad’s time ran out (not rated is no rating), until a day after', async () => {
    await serveEveryone();
    const mine = await issue(kiosk, 'svc-1');
    const late = await issue(kiosk, 'svc-2');
    await serve(mine.ticket.id);
    await serve(late.ticket.id);
    hub.clock.advance(61_000);
    expect(hub.hub.ratings.sweep()).toBeGreaterThanOrEqual(2);
    expect(hub.db.prepare('SELECT level FROM ratings WHERE ticket_id = ?').get(mine.ticket.id)).toEqual({
      level: null,
    });
    const ok = await fetch(`${hub.publicUrl}/t/${tokenOf(mine)}/rating`, {
      method: 'POST',
      body: JSON.stringify({ level: 5, tags: ['attitude'], comment: '' }),
    });
    expect(ok.status).toBe(200);
    // Tags belong to the two lowest levels only.
    expect(
      hub.db.prepare('SELECT level, tags, channel FROM ratings WHERE ticket_id = ?').get(mine.ticket.id),
    ).toEqual({ level: 5, tags: '[]', channel: 'qr' });
    hub.clock.advance(24 * 3_600_000);
    const tooLate = await fetch(`${hub.publicUrl}/t/${tokenOf(late)}/rating`, {
      method: 'POST',
      body: JSON.stringify({ level: 5, tags: [], comment: '' }),
    });
    expect(await tooLate.json()).toMatchObject({ ok: false, code: 'RATING_CLOSED' });
  });
});
