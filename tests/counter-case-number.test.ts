/**
 * 办件编号 at the counter, in Chromium against the real hub: the clerk types the case number, or a USB barcode
 * scanner "types" it (a burst of keys a few ms apart, ending in Enter) with the focus in the field or anywhere
 * else on the screen. The number reaches the ticket, the audit trail and the webhooks; the function keys keep
 * working with the focus in the field; a person's slow typing outside the field is not taken for a scan.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub, testHall } from '@hallq/hub/testing';
import { WebhookPayload } from '@hallq/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'hallq-counter-case-'));
let hub: TestHub;
let kiosk: TestClient;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const webhooks: WebhookPayload[] = [];
const webhookWaiters: { until: () => boolean; resolve: () => void }[] = [];
const webhooksUntil = (until: () => boolean) =>
  until() ? Promise.resolve() : new Promise<void>((resolve) => webhookWaiters.push({ until, resolve }));

let requests = 0;
async function issue(): Promise<string> {
  requests += 1;
  const answer = await kiosk.call('ticket:issue', {
    requestId: `counter-case-${requests}`,
    serviceId: 'svc-1',
    identity: null,
  });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data.ticket.id;
}

const waitMessage = (part: string) =>
  page.waitForFunction(
    (p) => document.querySelector('[data-testid=message]')?.textContent?.includes(p) === true,
    part,
  );
const waitShownCase = (caseNumber: string) =>
  page.waitForFunction(
    (c) => document.querySelector('[data-testid=case-number-current]')?.textContent === c,
    caseNumber,
  );
const caseAtHub = (ticketId: string) =>
  hub.db
    .prepare<[string], { case_number: string | null }>('SELECT case_number FROM tickets WHERE id = ?')
    .get(ticketId)?.case_number;
/** Moves the keyboard focus off every field, as when the clerk has just clicked an action. */
const focusNowhere = () =>
  page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
  });
/** What a USB scanner in keyboard mode sends: the characters 5 ms apart, then Enter. */
async function scan(text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  hub = await startTestHub({
    dir,
    hall: testHall({ services: 2, windows: 2 }),
    config: {
      webApps: webApps(),
      webhooks: {
        post: async (_url, body) => {
          webhooks.push(WebhookPayload.parse(JSON.parse(body)));
          for (const w of [...webhookWaiters]) {
            if (w.until()) {
              webhookWaiters.splice(webhookWaiters.indexOf(w), 1);
              w.resolve();
            }
          }
          return { status: 204 };
        },
      },
    },
  });
  const subscribed = hub.hub.webhooks.subscribe({
    clientId: null,
    url: 'https://approval.example.test/hooks',
    eventTypes: ['ticket.case_attached', 'ticket.finished'],
  });
  if (!subscribed.ok) throw new Error(subscribed.error.message);
  await hub.addUser('clerk1', 'clerk');
  const counterToken = hub.addDevice('counter', 'w1').token;
  kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  await kiosk.nextSnapshot();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${hub.url}/counter/#token=${counterToken}`);
  await page.locator('[data-testid=sign-in] button:enabled').waitFor();
  await page.keyboard.type('clerk1');
  await page.keyboard.press('Tab');
  await page.keyboard.type(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=counter]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the case number (办件编号) at the counter', () => {
  it('is typed into the field and sent with Enter; F-keys still act with the focus in the field', async () => {
    const ticketId = await issue();
    // F1 acts on what the counter shows: wait until the ticket has reached the screen.
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=waiting] h2')?.textContent?.includes('等候 1 人'),
    );
    await page.keyboard.press('F1');
    await waitMessage('已叫号');
    // No ticket-less field: it appears with the current ticket.
    await page.locator('[data-testid=case-number-input]').click();
    await page.keyboard.type('SP-2026-000123', { delay: 60 });
    await page.keyboard.press('Enter');
    await waitShownCase('SP-2026-000123');
    await waitMessage('已登记办件编号 SP-2026-000123');
    expect(caseAtHub(ticketId)).toBe('SP-2026-000123');
    expect(await page.locator('[data-testid=case-number-input]').inputValue()).toBe('');

    // The focus is still in the field, and F3 starts the service all the same (the field takes no F-key).
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-number');
    await page.keyboard.press('F3');
    await waitMessage('开始办理');
    expect(hub.hub.hall.state().tickets.get(ticketId)?.status).toBe('serving');
  });

  it('takes a scanner burst in the field, and from anywhere on the screen', async () => {
    const ticketId = [...hub.hub.hall.state().tickets.values()].find((t) => t.status === 'serving')!.id;
    await page.locator('[data-testid=case-number-input]').click();
    await scan('SP-2026-000456');
    await waitShownCase('SP-2026-000456');
    expect(caseAtHub(ticketId)).toBe('SP-2026-000456');

    await focusNowhere();
    await scan('SP-2026-000789');
    await waitShownCase('SP-2026-000789');
    expect(caseAtHub(ticketId)).toBe('SP-2026-000789');
    // The scan went to the hub, not into the field.
    expect(await page.locator('[data-testid=case-number-input]').inputValue()).toBe('');
  });

  it('does not take a person typing outside the field for a scan, and refuses a malformed scan', async () => {
    const ticketId = [...hub.hub.hall.state().tickets.values()].find((t) => t.status === 'serving')!.id;
    await focusNowhere();
    await page.keyboard.type('WRONG123', { delay: 150 });
    await page.keyboard.press('Enter');
    // F2 is disabled while serving: its refusal proves the keys after the typing were handled, in order.
    await page.keyboard.press('F2');
    await waitMessage('F2 重呼未执行');
    expect(caseAtHub(ticketId)).toBe('SP-2026-000789');

    await page.locator('[data-testid=case-number-input]').click();
    await scan('SP_2026_1');
    await waitMessage('办件编号只能是字母、数字和连字符');
    expect(caseAtHub(ticketId)).toBe('SP-2026-000789');
  });

  it('reaches the audit trail and the webhooks, and F4 finishes with the number on the ticket', async () => {
    const ticketId = [...hub.hub.hall.state().tickets.values()].find((t) => t.status === 'serving')!.id;
    await focusNowhere();
    await page.keyboard.press('F4');
    await waitMessage('已办结');

    const clerkId = hub.hub.accounts.users().find((u) => u.username === 'clerk1')!.id;
    const trail = hub.db
      .prepare<[], { actor_id: string; payload: string }>(
        `SELECT actor_id, payload FROM events WHERE type = 'ticket:case-attached' ORDER BY id`,
      )
      .all()
      .map((r) => ({ actor: r.actor_id, ...(JSON.parse(r.payload) as { caseNumber: string }) }));
    expect(trail.map((t) => [t.actor, t.caseNumber])).toEqual([
      [clerkId, 'SP-2026-000123'],
      [clerkId, 'SP-2026-000456'],
      [clerkId, 'SP-2026-000789'],
    ]);

    await webhooksUntil(() => webhooks.some((w) => w.type === 'ticket.finished'));
    const attached = webhooks.flatMap((w) => (w.type === 'ticket.case_attached' ? [w.data] : []));
    expect(attached.map((d) => [d.ticket.id, d.caseNumber, d.previousCaseNumber])).toEqual([
      [ticketId, 'SP-2026-000123', null],
      [ticketId, 'SP-2026-000456', 'SP-2026-000123'],
      [ticketId, 'SP-2026-000789', 'SP-2026-000456'],
    ]);
    const finished = webhooks.find((w) => w.type === 'ticket.finished');
    expect(finished?.type === 'ticket.finished' && finished.data.ticket.caseNumber).toBe('SP-2026-000789');
    expect(pageErrors).toEqual([]);
  });
});
