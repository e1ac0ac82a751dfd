import type { CallAnnouncement } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { type Announcement, buildAnnouncement } from './announcement.ts';
import { chineseNumber, englishNumber } from './chinese-numbers.ts';
import { clipCatalog } from './clips.ts';

const call = (over: Partial<CallAnnouncement> = {}): CallAnnouncement => ({
  ticketId: 't-1',
  ticketNumber: 'A001',
  serviceId: 'svc-1',
  windowId: 'w3',
  windowNumber: 3,
  zone: '1F',
  calledAt: 1_000,
  callCount: 1,
  recall: false,
  ...over,
});

const keys = (a: Announcement) => a.tokens.map((t) => (t.kind === 'clip' ? t.key : `pause:${t.ms}`));

describe('numbers as the hall reads them', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [3, '三'],
    [10, '十'],
    [11, '十一'],
    [12, '十二'],
    [20, '二十'],
    [21, '二十一'],
    [40, '四十'],
    [99, '九十九'],
  ])('window %i is %s', (n, reading) => {
    expect(chineseNumber(n)).toBe(reading);
  });

  it('reads English numbers for the English sentence', () => {
    expect([1, 12, 20, 42, 99].map(englishNumber)).toEqual([
      'one',
      'twelve',
      'twenty',
      'forty-two',
      'ninety-nine',
    ]);
  });

  it('refuses what is not 1..99', () => {
    expect(() => chineseNumber(0)).toThrow(RangeError);
    expect(() => chineseNumber(100)).toThrow(RangeError);
    expect(() => chineseNumber(2.5)).toThrow(RangeError);
  });
});

describe('buildAnnouncement', () => {
  it('says 请 A001 号 到 3 号窗口 办理, twice by default, with a pause between', () => {
    const a = buildAnnouncement(call());
    expect(a.text).toBe('请 A001 号 到 3 号窗口 办理');
    expect(a.reading).toBe('请A零零一号到三号窗口办理');
    expect(a.textEn).toBeNull();
    const once = [
      'zh.please',
      'zh.letter.A',
      'zh.digit.0',
      'zh.digit.0',
      'zh.digit.1',
      'zh.hao',
      'zh.to',
      'zh.number.3',
      'zh.hao-window',
      'zh.proceed',
    ];
    expect(keys(a)).toEqual([...once, 'pause:600', ...once]);
    expect(a.id).toBe('t-1#1');
  });

  it('reads the ticket digit by digit and the window as a number (十二号窗口)', () => {
    const a = buildAnnouncement(call({ ticketNumber: 'B120', windowNumber: 12 }), { repeat: 1 });
    expect(a.reading).toBe('请B一二零号到十二号窗口办理');
    expect(keys(a)).toEqual([
      'zh.please',
      'zh.letter.B',
      'zh.digit.1',
      'zh.digit.2',
      'zh.digit.0',
      'zh.hao',
      'zh.to',
      'zh.number.12',
      'zh.hao-window',
      'zh.proceed',
    ]);
  });

  it('reads two-letter prefixes letter by letter and lower case as upper case', () => {
    const a = buildAnnouncement(call({ ticketNumber: 'zb07' }), { repeat: 1 });
    expect(keys(a).slice(1, 5)).toEqual(['zh.letter.Z', 'zh.letter.B', 'zh.digit.0', 'zh.digit.7']);
  });

  it('reads window numbers above 99 digit by digit', () => {
    const a = buildAnnouncement(call({ windowNumber: 105 }), { repeat: 1 });
    expect(a.reading).toBe('请A零零一号到一零五号窗口办理');
    expect(keys(a)).toContain('zh.digit.5');
    expect(keys(a)).not.toContain('zh.number.105');
  });

  it('starts a recall with 重复呼叫, or with the hall phrase', () => {
    const recall = buildAnnouncement(call({ recall: true, callCount: 2 }), { repeat: 1 });
    expect(recall.text).toBe('重复呼叫 请 A001 号 到 3 号窗口 办理');
    expect(recall.reading).toBe('重复呼叫请A零零一号到三号窗口办理');
    expect(keys(recall)[0]).toBe('zh.recall');
    expect(recall.id).toBe('t-1#2');
    const hall = buildAnnouncement(call({ recall: true }), {
      repeat: 1,
      recallPhrase: { zh: '再次呼叫', en: 'Once more' },
    });
    expect(hall.text).toBe('再次呼叫 请 A001 号 到 3 号窗口 办理');
    expect(keys(hall)[0]).toBe('zh.recall');
  });

  it('adds the English sentence once, after the Chinese ones', () => {
    const a = buildAnnouncement(call({ windowNumber: 12 }), { english: true, repeat: 2, gapMs: 500 });
    expect(a.textEn).toBe('Number A001, please go to window 12');
    const k = keys(a);
    expect(k.filter((x) => x === 'zh.please')).toHaveLength(2);
    expect(k.slice(-8)).toEqual([
      'pause:500',
      'en.number',
      'en.letter.A',
      'en.digit.0',
      'en.digit.0',
      'en.digit.1',
      'en.please-go-to-window',
      'en.number.12',
    ]);
    const recall = buildAnnouncement(call({ recall: true }), { english: true });
    expect(recall.textEn).toBe('Calling again: number A001, please go to window 3');
    expect(keys(recall)).toContain('en.recall');
  });

  it('asks only for clips a complete pack has', () => {
    const catalog = new Set(clipCatalog().map((c) => c.key));
    for (const over of [
      {},
      { ticketNumber: 'ZZ999', windowNumber: 99, recall: true },
      { windowNumber: 250 },
    ]) {
      const a = buildAnnouncement(call(over), { english: true });
      for (const key of keys(a)) if (!key.startsWith('pause')) expect(catalog.has(key), key).toBe(true);
    }
  });

  it('lists every clip once: 7 words, 10 digits, 26 letters, 99 numbers per language', () => {
    const catalog = clipCatalog();
    expect(new Set(catalog.map((c) => c.key)).size).toBe(catalog.length);
    expect(catalog.filter((c) => c.language === 'zh')).toHaveLength(7 + 10 + 26 + 99);
    expect(catalog.filter((c) => c.language === 'en')).toHaveLength(3 + 10 + 26 + 99);
  });
});
