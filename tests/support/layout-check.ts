/**
 * The layout check every screen test runs: looks at the page the way a hall's staff would, at the size the hall
 * uses, and lists what a person would call broken — text cut off or wrapped where it must not, something off
 * the screen, an action that cannot be reached or is too small to touch, a character the fonts cannot draw.
 * Each call also saves a screenshot under `test-output/screens/` for review.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './browser.ts';

export const SCREENS_DIR = join(REPO_ROOT, 'test-output', 'screens');

export type LayoutProblemKind =
  | 'page-scrolls'
  | 'container-scrolls'
  | 'off-viewport'
  | 'clipped'
  | 'overflows-box'
  | 'wrapped-short-label'
  | 'wrapped-mid-word'
  | 'lone-character'
  | 'action-offscreen'
  | 'action-covered'
  | 'text-covered'
  | 'touch-target-small'
  | 'missing-glyph';

export interface LayoutProblem {
  readonly kind: LayoutProblemKind;
  /** The element, described by tag, id, classes and the start of its text. */
  readonly element: string;
  readonly detail: string;
}

export interface LayoutCheckOptions {
  /** The screenshot's name, `<screen>-<width>x<height>-<state>`. */
  readonly name: string;
  /** Selectors of containers that may scroll (admin lists); what is inside them may lie beyond the viewport. */
  readonly scrollable?: readonly string[];
  /** Smallest width and height, in CSS pixels, of every enabled action (90 in senior mode). */
  readonly minTouchTarget?: number;
  /** Selectors of elements (and their subtrees) the check leaves alone. */
  readonly ignore?: readonly string[];
}

interface InPageOptions {
  readonly scrollable: readonly string[];
  readonly ignore: readonly string[];
  readonly minTouchTarget: number;
}

/**
 * The in-page part, kept as plain JavaScript text: a function passed to `page.evaluate` is serialised with
 * whatever helpers the test transformer added to it, which do not exist in the page.
 */
const IN_PAGE_CHECK = String.raw`(options) => {
  const problems = [];
  const slack = 1.5;
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const within = (el, selectors) => selectors.some((s) => el.closest(s) !== null);
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className.trim() !== ''
      ? '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.') : '';
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return el.tagName.toLowerCase() + id + cls + (text ? ' "' + text + '"' : '');
  };
  const report = (kind, el, detail) => problems.push({ kind, element: describe(el), detail });
  const shown = (el) => {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const inScrollable = (el) => within(el, options.scrollable);
  /** The visible box of the scroll area an element is in (text scrolled out of it is hidden, not covered). */
  const scrollViewOf = (el) => {
    for (const s of options.scrollable) {
      const area = el.closest(s);
      if (area !== null) return area.getBoundingClientRect();
    }
    return null;
  };
  const isIgnored = (el) => within(el, options.ignore);
  /** A point of an element's text that a box around it cuts off (scrolled out of a list, say): hidden, not covered. */
  const hiddenByOverflow = (el, x, y) => {
    for (let a = el.parentElement; a !== null && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (st.overflowX === 'visible' && st.overflowY === 'visible') continue;
      const r = a.getBoundingClientRect();
      if (x < r.left || x > r.right || y < r.top || y > r.bottom) return true;
    }
    return false;
  };
  const hasOwnText = (el) =>
    [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
  const round = (n) => Math.round(n);

  // What covers what is what is painted on top, whether or not it takes clicks.
  const everythingHittable = document.createElement('style');
  everythingHittable.textContent = '* { pointer-events: auto !important; }';
  document.head.appendChild(everythingHittable);

  const root = document.scrollingElement || document.documentElement;
  if (root.scrollHeight > vh + slack || root.scrollWidth > vw + slack) {
    problems.push({ kind: 'page-scrolls', element: 'document',
      detail: 'content ' + root.scrollWidth + 'x' + root.scrollHeight + ' in a ' + vw + 'x' + vh + ' viewport' });
  }

  const all = [...document.body.querySelectorAll('*')].filter((el) => !isIgnored(el) && shown(el));
  /** The nearest ancestor that hides what lies outside it (scroll containers excepted: they are checked apart). */
  const clippingAncestor = (el) => {
    for (let a = el.parentElement; a !== null && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a);
      const hides = (v) => v === 'hidden' || v === 'clip';
      if (hides(st.overflowX) || hides(st.overflowY)) return a;
      if (st.overflowX !== 'visible' || st.overflowY !== 'visible') return null;
    }
    return null;
  };
  const clipped = new Set();
  const offViewport = new Set();
  for (const el of all) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const out = r.right > vw + slack || r.bottom > vh + slack || r.left < -slack || r.top < -slack;
    if (out && !inScrollable(el)) {
      offViewport.add(el);
      // One report per subtree: the outermost element that leaves the screen.
      if (!offViewport.has(el.parentElement)) {
        report('off-viewport', el, 'box ' + round(r.left) + ',' + round(r.top) + '–' + round(r.right) + ',' + round(r.bottom));
      }
    }
    const scrollsY = (style.overflowY === 'auto' || style.overflowY === 'scroll') && el.scrollHeight > el.clientHeight + slack;
    const scrollsX = (style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + slack;
    if ((scrollsX || scrollsY) && !inScrollable(el)) {
      report('container-scrolls', el, 'content ' + el.scrollWidth + 'x' + el.scrollHeight + ' in ' + el.clientWidth + 'x' + el.clientHeight);
    }
    const clipsX = style.overflowX === 'hidden' || style.overflowX === 'clip';
    const clipsY = style.overflowY === 'hidden' || style.overflowY === 'clip';
    const text = (el.textContent || '').trim();
    if (text !== '' && ((clipsX && el.scrollWidth > el.clientWidth + slack) || (clipsY && el.scrollHeight > el.clientHeight + slack))) {
      report('clipped', el, 'content ' + el.scrollWidth + 'x' + el.scrollHeight + ' cut to ' + el.clientWidth + 'x' + el.clientHeight);
    } else if (hasOwnText(el) && !clipsX && el.scrollWidth > el.clientWidth + slack && el.clientWidth > 0
      && style.display !== 'inline') {
      report('overflows-box', el, 'text ' + el.scrollWidth + ' px wide in a ' + el.clientWidth + ' px box');
    }
    // Text pushed out of a box that clips it on the side scroll sizes do not count (above or left of it: a
    // centred flex item taller than its box overflows both ways).
    if (hasOwnText(el)) {
      const clipper = clippingAncestor(el);
      if (clipper !== null && !clipped.has(clipper)) {
        const c = clipper.getBoundingClientRect();
        if (r.top < c.top - slack || r.left < c.left - slack || r.bottom > c.bottom + slack || r.right > c.right + slack) {
          clipped.add(clipper);
          report('clipped', el, 'text at ' + round(r.left) + ',' + round(r.top) + '–' + round(r.right) + ',' + round(r.bottom)
            + ' outside the box that clips it (' + round(c.left) + ',' + round(c.top) + '–' + round(c.right) + ',' + round(c.bottom) + ')');
        }
      }
    }
  }

  // Lines of text, per block that holds text: the characters' boxes say where each line breaks.
  const inlineDisplays = new Set(['inline', 'contents']);
  // A block's text is its own text nodes and those of its inline descendants (<span>票号</span> in a flex item).
  const hasInlineText = (el) =>
    [...el.childNodes].some((n) => (n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '')
      || (n.nodeType === Node.ELEMENT_NODE && inlineDisplays.has(getComputedStyle(n).display) && hasInlineText(n)));
  const blocks = all.filter((el) => !inlineDisplays.has(getComputedStyle(el).display) && hasInlineText(el));
  const range = document.createRange();
  const han = /\p{Script=Han}/u;
  const wordChar = /[\p{L}\p{N}]/u;
  const punctuation = /[\p{P}\s]/u;
  for (const block of blocks) {
    if (block.closest('[data-layout-wrap-ok]')) continue;
    const chars = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          const value = child.textContent;
          for (let i = 0; i < value.length; i += 1) {
            const code = value.codePointAt(i);
            const width = code > 0xffff ? 2 : 1;
            const ch = value.slice(i, i + width);
            range.setStart(child, i);
            range.setEnd(child, i + width);
            const rects = range.getClientRects();
            if (/\s/.test(ch) || rects.length === 0) chars.push({ ch: ' ', rect: null });
            else chars.push({ ch, rect: rects[0] });
            i += width - 1;
          }
        } else if (child.nodeType === Node.ELEMENT_NODE && inlineDisplays.has(getComputedStyle(child).display)) {
          walk(child);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          chars.push({ ch: ' ', rect: null });
        }
      }
    };
    walk(block);
    if (chars.length > 400) continue;
    // Text hidden under something else (a banner, a prompt): while a modal dialog is open, only its own text.
    const drawn = chars.filter((c) => c.rect !== null);
    const modal = document.querySelector('[aria-modal="true"], dialog[open]');
    const view = scrollViewOf(block);
    if (drawn.length > 0 && (modal === null || modal.contains(block))) {
      for (const c of [drawn[0], drawn[Math.floor(drawn.length / 2)], drawn[drawn.length - 1]]) {
        const x = c.rect.left + c.rect.width / 2;
        const y = c.rect.top + c.rect.height / 2;
        if (x < 0 || y < 0 || x > vw || y > vh) continue;
        if (view !== null && (y < view.top || y > view.bottom || x < view.left || x > view.right)) continue;
        if (hiddenByOverflow(block, x, y)) continue;
        const hit = document.elementFromPoint(x, y);
        if (hit !== null && !block.contains(hit) && !hit.contains(block)) {
          report('text-covered', block, '"' + c.ch + '" is under ' + describe(hit));
          break;
        }
      }
    }
    const lines = [];
    let current = null;
    let previous = null;
    for (const c of chars) {
      if (c.rect === null) { if (current) current.text += ' '; previous = null; continue; }
      const newLine = current === null || c.rect.top >= current.bottom - c.rect.height / 3;
      if (newLine) {
        if (current && previous && wordChar.test(previous.ch) && wordChar.test(c.ch)
          && !han.test(previous.ch) && !han.test(c.ch)) {
          report('wrapped-mid-word', block, 'breaks between "' + previous.ch + '" and "' + c.ch + '"');
        }
        current = { text: '', bottom: c.rect.bottom };
        lines.push(current);
      }
      current.text += c.ch;
      current.bottom = Math.max(current.bottom, c.rect.bottom);
      previous = c;
    }
    if (lines.length < 2) continue;
    const whole = lines.map((l) => l.text.trim()).join('');
    const visibleChars = [...whole.replace(/\s/g, '')];
    if (visibleChars.length <= 6) {
      report('wrapped-short-label', block, 'a ' + visibleChars.length + '-character label on ' + lines.length + ' lines: ' + lines.map((l) => l.text.trim()).join(' / '));
      continue;
    }
    const last = [...lines[lines.length - 1].text.trim()].filter((ch) => !punctuation.test(ch));
    if (last.length === 1 && han.test(last[0])) {
      report('lone-character', block, '"' + last[0] + '" alone on the last line');
    }
  }

  // Actions: on screen, not hidden under something else, big enough to touch.
  const actions = all.filter((el) => el.matches('button, a[href], input, select, textarea, [role="button"], [tabindex]:not([tabindex="-1"])')
    && !el.matches(':disabled') && el.getAttribute('aria-disabled') !== 'true' && !(el.matches('input') && el.type === 'hidden'));
  const openModal = document.querySelector('[aria-modal="true"], dialog[open]');
  for (const el of actions) {
    const r = el.getBoundingClientRect();
    if (inScrollable(el)) continue;
    // Behind an open modal dialog nothing can be used, by design: only the dialog's own actions count.
    if (openModal !== null && !openModal.contains(el)) continue;
    if (r.left < -slack || r.top < -slack || r.right > vw + slack || r.bottom > vh + slack) {
      report('action-offscreen', el, 'box ' + round(r.left) + ',' + round(r.top) + '–' + round(r.right) + ',' + round(r.bottom));
      continue;
    }
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit !== null && hit !== el && !el.contains(hit) && !hit.contains(el) && !(el.labels && [...el.labels].some((l) => l.contains(hit)))) {
      report('action-covered', el, 'covered by ' + describe(hit));
    }
    if (options.minTouchTarget > 0 && (r.width < options.minTouchTarget - 0.5 || r.height < options.minTouchTarget - 0.5)) {
      report('touch-target-small', el, round(r.width) + 'x' + round(r.height) + ' px, needs ' + options.minTouchTarget);
    }
  }

  everythingHittable.remove();

  // Glyphs: a character no font can draw renders as the same empty box as a code point nobody assigned.
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const draw = (font, ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = font;
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#000';
    ctx.fillText(ch, 4, 4);
    return ctx.getImageData(0, 0, 64, 64).data.join(',') + '|' + ctx.measureText(ch).width;
  };
  const notdef = new Map();
  const seen = new Set();
  for (const el of blocks.concat(all.filter((el) => hasOwnText(el) && !blocks.includes(el)))) {
    const style = getComputedStyle(el);
    const font = style.fontStyle + ' ' + style.fontWeight + ' 32px ' + style.fontFamily;
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      for (const ch of node.textContent) {
        if (ch.codePointAt(0) < 0x80 || /\s/.test(ch) || /[\u200b-\u200f\ufe0e\ufe0f]/.test(ch)) continue;
        const key = font + '\u0000' + ch;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!notdef.has(font)) notdef.set(font, draw(font, '\u0378'));
        if (draw(font, ch) === notdef.get(font)) {
          report('missing-glyph', el, '"' + ch + '" (U+' + ch.codePointAt(0).toString(16).toUpperCase() + ') has no glyph');
        }
      }
    }
  }
  return problems;
}`;

/** Checks the page as it is now and saves its screenshot as `test-output/screens/<name>.png`. */
export async function checkLayout(page: Page, options: LayoutCheckOptions): Promise<LayoutProblem[]> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${options.name}.png`), fullPage: false });
  const inPage: InPageOptions = {
    scrollable: options.scrollable ?? [],
    ignore: options.ignore ?? [],
    minTouchTarget: options.minTouchTarget ?? 0,
  };
  return page.evaluate(`(${IN_PAGE_CHECK})(${JSON.stringify(inPage)})`) as Promise<LayoutProblem[]>;
}
