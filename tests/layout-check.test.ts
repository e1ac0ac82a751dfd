/**
 * The layout checker itself, on pages made to show each defect it must find, and on a page that has none.
 * Every screen test relies on it, so it must be able to fail.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { checkLayout, type LayoutProblemKind } from './support/layout-check.ts';

const base = `<style>
  html, body { margin: 0; font: 24px 'WenQuanYi Zen Hei', sans-serif; }
  button { font: inherit; }
</style>`;

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
});
afterAll(async () => {
  await browser?.close();
});

async function kindsOn(html: string, options: { minTouchTarget?: number; scrollable?: string[] } = {}) {
  await page.setContent(base + html);
  const problems = await checkLayout(page, { name: 'layout-check-self-test', ...options });
  return problems.map((p) => p.kind);
}

describe('the layout checker', () => {
  it('finds nothing on a page that fits', async () => {
    await page.setContent(
      `${base}<main style="padding:16px"><h1>取号成功</h1><p>前面还有 3 人</p><button style="width:120px;height:96px">确定 OK</button></main>`,
    );
    expect(await checkLayout(page, { name: 'layout-check-clean', minTouchTarget: 90 })).toEqual([]);
  });

  const cases: [string, string, LayoutProblemKind][] = [
    ['a page taller than the viewport', '<div style="height:900px">高</div>', 'page-scrolls'],
    [
      'a list that scrolls',
      '<div style="height:100px;overflow:auto"><div style="height:400px">列表</div></div>',
      'container-scrolls',
    ],
    [
      'text cut by its box',
      '<div style="width:60px;overflow:hidden;white-space:nowrap">不动产登记业务办理</div>',
      'clipped',
    ],
    [
      'text running out of its box',
      '<div style="width:60px;white-space:nowrap">不动产登记业务办理</div>',
      'overflows-box',
    ],
    [
      'text pushed out of the top of a box that clips it',
      '<div style="height:60px;display:flex;flex-direction:column;justify-content:center;overflow:hidden"><p style="margin:0;height:120px;line-height:120px">不动产登记</p></div>',
      'clipped',
    ],
    ['a short label on two lines', '<div style="width:50px">星期一</div>', 'wrapped-short-label'],
    [
      'an English word broken',
      '<div style="width:90px;word-break:break-all">Registration office</div>',
      'wrapped-mid-word',
    ],
    ['a lone character', '<div style="width:150px">前面还有十二人</div>', 'lone-character'],
    [
      'a button off the screen',
      '<button style="position:absolute;left:760px;top:10px;width:100px">办结</button>',
      'action-offscreen',
    ],
    [
      'a button under an overlay',
      '<button style="position:absolute;left:10px;top:10px">呼叫</button><div style="position:absolute;left:0;top:0;width:300px;height:100px;background:#fff">提示</div>',
      'action-covered',
    ],
    [
      'text under a banner',
      '<div style="position:absolute;left:10px;top:10px">A001</div><div style="position:fixed;left:0;top:0;width:300px;height:60px;background:#ff0;pointer-events:none">请点击屏幕</div>',
      'text-covered',
    ],
    ['a missing glyph', '<div>\u{10FFFD}号</div>', 'missing-glyph'],
  ];
  it.each(cases)('finds %s', async (_name, html, kind) => {
    expect(await kindsOn(html)).toContain(kind);
  });

  it('finds touch targets smaller than asked for, and only when asked', async () => {
    const html = '<button style="width:80px;height:40px">下一页</button>';
    expect(await kindsOn(html, { minTouchTarget: 90 })).toContain('touch-target-small');
    expect(await kindsOn(html)).not.toContain('touch-target-small');
  });

  it('does not count the actions behind an open modal dialog', async () => {
    const html =
      '<button style="position:absolute;left:10px;top:10px">呼叫</button>' +
      '<div style="position:fixed;inset:0;background:#0008"><div role="dialog" aria-modal="true" style="margin:100px;background:#fff"><button>确定</button></div></div>';
    expect(await kindsOn(html)).not.toContain('action-covered');
  });

  it('counts text a scrolling list cuts off as hidden, not as covered by what lies beside the list', async () => {
    // A wide row of a list that scrolls sideways, on a page that scrolls as a whole: the row's end lies under the
    // panel next to the list, cut off by the list.
    const html =
      '<main style="display:flex"><div style="width:200px;overflow:auto"><p style="margin:0;width:400px">不动产登记与抵押权变更一窗受理</p></div>' +
      '<div style="width:300px;background:#eee">图表</div></main>';
    expect(await kindsOn(html, { scrollable: ['main'] })).not.toContain('text-covered');
  });

  it('lets the named containers scroll', async () => {
    const html =
      '<div class="audit-list" style="height:100px;overflow:auto"><div style="height:400px">审计</div></div>';
    expect(await kindsOn(html, { scrollable: ['.audit-list'] })).toEqual([]);
  });
});
