/**
 * The counter driven by the keyboard alone, as a clerk with the visitor's papers in the other hand does: sign in,
 * every action by its function key, every dialog by Enter and Escape, in Chromium against the real hub. A key
 * that does nothing (a disabled action, or any action behind an open dialog) says why on the screen.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub, testHall } from '@hallq/hub/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webApps } from './support/browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'hallq-counter-keys-'));
let hub: TestHub;
let kiosk: TestClient;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

let requests = 0;
async function issue(serviceId = 'svc-1'): Promise<string> {
  requests += 1;
  const answer = await kiosk.call('ticket:issue', {
    requestId: `counter-keys-${requests}`,
    serviceId,
    identity: null,
  });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data.ticket.number;
}

const currentNumber = () => page.locator('[data-testid=current-number]').textContent();
const waitNumber = (number: string) =>
  page.waitForFunction(
    (n) => document.querySelector('[data-testid=current-number]')?.textContent === n,
    number,
  );
const waitIdle = () => page.locator('[data-testid=current-idle]').waitFor();
const waitMessage = (part: string) =>
  page.waitForFunction(
    (p) => document.querySelector('[data-testid=message]')?.textContent?.includes(p) === true,
    part,
  );
const dialog = (kind: string) => page.locator(`[data-testid=dialog-${kind}]`);

/** Where the keyboard focus is: inside the open dialog, on the counter screen, or on the bare page. */
const focusIs = () =>
  page.evaluate(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) return 'page';
    if (active.closest('dialog[open]') !== null) return 'dialog';
    return active.closest('[data-testid=counter]') !== null ? 'screen' : 'elsewhere';
  });

/** A ticket's status as the hub stored it (ended tickets leave the in-memory state), by number. */
const statusAtHub = (number: string) =>
  hub.db.prepare<[string], { status: string }>('SELECT status FROM tickets WHERE number = ?').get(number)
    ?.status;
const atHub = (number: string) => [...hub.hub.hall.state().tickets.values()].find((t) => t.number === number);

beforeAll(async () => {
  hub = await startTestHub({
    dir,
    hall: testHall({ services: 3, windows: 3 }),
    config: { webApps: webApps() },
  });
  await hub.addUser('clerk1', 'clerk');
  const counterToken = hub.addDevice('counter', 'w1').token;
  kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  await kiosk.nextSnapshot();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${hub.url}/counter/#token=${counterToken}`);
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the counter by keyboard alone', () => {
  it('signs in by keyboard: the username field has the focus, Tab to the password, Enter', async () => {
    await page.locator('[data-testid=sign-in] button:enabled').waitFor();
    await page.keyboard.type('clerk1');
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=counter]').waitFor();
  });

  it('calls, refuses an early no-show with the reason, recalls, marks no-show, starts and finishes by F-keys', async () => {
    await issue('svc-1');
    await issue('svc-2');
    await issue('svc-3');
    await issue('svc-1');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=waiting] h2')?.textContent?.includes('等候 4 人'),
    );

    await page.keyboard.press('F1');
    await waitMessage('已叫号');
    const first = (await currentNumber()) ?? '';

    // One call and no wait yet: F5 does nothing, and the status line says why (the rule and the time left).
    await page.keyboard.press('F5');
    await waitMessage('F5 过号未执行');
    expect(await page.locator('[data-testid=message]').textContent()).toMatch(/需呼叫 2 次.*还需 \d+ 秒/);
    expect(statusAtHub(first)).toBe('called');

    await page.keyboard.press('F2');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=current-calls]')?.textContent === '2',
    );
    await page.keyboard.press('F5');
    await waitIdle();
    await waitMessage(`${first} 已过号`);
    expect(statusAtHub(first)).toBe('no-show');

    await page.keyboard.press('F1');
    await page.waitForFunction((n) => {
      const shown = document.querySelector('[data-testid=current-number]')?.textContent;
      return shown !== undefined && shown !== n;
    }, first);
    const second = (await currentNumber()) ?? '';
    await page.keyboard.press('F3');
    await waitMessage(`${second} 开始办理`);
    // Serving: F2 is disabled, and says so.
    await page.keyboard.press('F2');
    await waitMessage('F2 重呼未执行');
    expect(await page.locator('[data-testid=message]').textContent()).toContain(`${second} 已在办理`);
    await page.keyboard.press('F4');
    await waitIdle();
    await waitMessage(`${second} 已办结`);
    expect(statusAtHub(second)).toBe('done');

    // Nothing current: F4 says there is nothing to finish.
    await page.keyboard.press('F4');
    await waitMessage('F4 办结未执行：当前没有号');
  });

  it('F6 transfer: the dialog takes the focus, a key behind it says why, Escape closes and gives the focus back', async () => {
    await page.keyboard.press('F1');
    const number = (await currentNumber()) ?? '';
    expect(number).not.toBe('');

    await page.keyboard.press('F6');
    await dialog('transfer').waitFor();
    expect(await focusIs()).toBe('dialog');

    // F3 and F4 behind the dialog: nothing happens, and the dialog says why and how to go on.
    await page.keyboard.press('F3');
    const note = page.locator('[data-testid=dialog-note]');
    await note.waitFor();
    expect(await note.textContent()).toContain('F3 开始办理未执行');
    expect(await note.textContent()).toContain('Esc');
    await page.keyboard.press('F4');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=dialog-note]')?.textContent?.includes('F4 办结未执行'),
    );
    expect(statusAtHub(number)).toBe('called');

    await page.keyboard.press('Escape');
    await dialog('transfer').waitFor({ state: 'detached' });
    expect(await focusIs()).toBe('screen');
    expect(await currentNumber()).toBe(number); // cancelled: the ticket is still here

    // F3 and F4 work again once the dialog is gone (the visitor is finished after all).
    await page.keyboard.press('F3');
    await waitMessage(`${number} 开始办理`);
    await page.keyboard.press('F4');
    await waitIdle();
    expect(statusAtHub(number)).toBe('done');
  });

  it('F6 transfer to a window: arrows choose, Tab moves on, Enter confirms', async () => {
    await issue('svc-2');
    await page.keyboard.press('F1');
    const number = (await currentNumber()) ?? '';
    await page.keyboard.press('F6');
    await dialog('transfer').waitFor();
    await page.keyboard.press('ArrowRight'); // 转到业务 → 转到窗口
    expect(await page.isChecked('input[name=target-kind][value=window]')).toBe(true);
    await page.keyboard.press('Tab'); // the window list (window 2 first)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('window');
    expect(await page.locator('[data-testid=transfer-target]').textContent()).toContain('2号窗口');
    await page.keyboard.press('Enter');
    await dialog('transfer').waitFor({ state: 'detached' });
    await waitIdle();
    await waitMessage(`${number} 已转移`);
    expect(await focusIs()).toBe('screen');
    expect(atHub(number)).toMatchObject({ status: 'waiting', targetWindowId: 'w2' });
  });

  it('F7 call a ticket: Enter without a reason says so, Tab to the reason, Enter calls it', async () => {
    await page.waitForFunction(
      () => !document.querySelector('[data-action=call-ticket]')?.hasAttribute('disabled'),
    );
    await page.keyboard.press('F7');
    await dialog('call-ticket').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('ticket');
    await page.keyboard.press('ArrowDown'); // the second waiting ticket
    const chosen = await page.evaluate(
      () =>
        (document.querySelector('select[name=ticket]') as HTMLSelectElement).selectedOptions[0]?.textContent,
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=dialog-note]')?.textContent?.includes('请填写原因'),
    );
    expect(await dialog('call-ticket').isVisible()).toBe(true);
    // A key behind it now: both notes stand, the missing reason and the key that did nothing.
    await page.keyboard.press('F1');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=dialog-note]')?.textContent?.includes('F1 叫号未执行'),
    );
    expect(await page.locator('[data-testid=dialog-note]').textContent()).toContain('请填写原因');
    await page.keyboard.press('Tab');
    await page.keyboard.type('预约优先');
    await page.keyboard.press('Enter');
    await dialog('call-ticket').waitFor({ state: 'detached' });
    await waitNumber(chosen ?? '');
    expect(await focusIs()).toBe('screen');
    await page.keyboard.press('F3');
    await waitMessage('开始办理');
    await page.keyboard.press('F4');
    await waitIdle();

    // Escape cancels this dialog too.
    await issue('svc-3');
    await page.waitForFunction(
      () => !document.querySelector('[data-action=call-ticket]')?.hasAttribute('disabled'),
    );
    await page.keyboard.press('F7');
    await dialog('call-ticket').waitFor();
    await page.keyboard.press('Escape');
    await dialog('call-ticket').waitFor({ state: 'detached' });
    expect(await focusIs()).toBe('screen');
  });

  it('F8 pause: arrows choose the reason, Enter pauses; F1 while paused says why; F9 resumes; Escape cancels', async () => {
    await page.keyboard.press('F8');
    await dialog('pause').waitFor();
    await page.keyboard.press('Escape');
    await dialog('pause').waitFor({ state: 'detached' });
    expect(hub.hub.hall.state().windows.w1?.status).toBe('open');

    await page.keyboard.press('F8');
    await dialog('pause').waitFor();
    expect(await focusIs()).toBe('dialog');
    await page.keyboard.press('ArrowRight'); // 休息 → 会议
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=paused-banner]').waitFor();
    expect(hub.hub.hall.state().windows.w1).toMatchObject({ status: 'paused', pauseReason: 'meeting' });
    expect(await focusIs()).toBe('screen');

    await page.keyboard.press('F1');
    await waitMessage('F1 叫号未执行：窗口暂停中，请先恢复');
    // The reason is on the screen for every disabled button, not only in a tooltip.
    expect(await page.locator('[data-testid=disabled-reasons] [data-reason=paused]').textContent()).toContain(
      '叫号、指定叫号',
    );

    await page.keyboard.press('F9');
    await page.locator('[data-testid=paused-banner]').waitFor({ state: 'detached' });
    expect(hub.hub.hall.state().windows.w1?.status).toBe('open');
    expect(pageErrors).toEqual([]);
  });
});
