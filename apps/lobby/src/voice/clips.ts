import {
  CHINESE_DIGITS,
  chineseNumber,
  ENGLISH_DIGITS,
  englishNumber,
  MAX_WHOLE_NUMBER,
} from './chinese-numbers.ts';

/**
 * The clips a voice pack holds, by key. One list for the announcement builder (which asks for keys) and the
 * pack generator (which renders them), so the two cannot drift apart. A hall's own pack uses the same keys.
 */
export type ClipLanguage = 'zh' | 'en';

export interface ClipSpec {
  readonly key: string;
  readonly language: ClipLanguage;
  /** What the clip says: Chinese characters (zh) or English words (en); a single capital letter for letters. */
  readonly text: string;
}

export const ZH_WORDS = {
  please: '请',
  hao: '号',
  to: '到',
  window: '窗口',
  haoWindow: '号窗口',
  proceed: '办理',
  recall: '重复呼叫',
} as const;

export const EN_WORDS = {
  number: 'Number',
  pleaseGoToWindow: 'please go to window',
  recall: 'Calling again',
} as const;

export const LETTERS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));

export const clipKey = {
  zh: {
    please: 'zh.please',
    hao: 'zh.hao',
    to: 'zh.to',
    window: 'zh.window',
    haoWindow: 'zh.hao-window',
    proceed: 'zh.proceed',
    recall: 'zh.recall',
    digit: (d: number) => `zh.digit.${d}`,
    letter: (letter: string) => `zh.letter.${letter}`,
    number: (n: number) => `zh.number.${n}`,
  },
  en: {
    numberWord: 'en.number',
    pleaseGoToWindow: 'en.please-go-to-window',
    recall: 'en.recall',
    digit: (d: number) => `en.digit.${d}`,
    letter: (letter: string) => `en.letter.${letter}`,
    number: (n: number) => `en.number.${n}`,
  },
} as const;

/** Every clip of a complete pack: 7 Chinese words, 0–9, A–Z and 1–99 in Chinese, and the same in English. */
export function clipCatalog(): ClipSpec[] {
  const zh = (key: string, text: string): ClipSpec => ({ key, language: 'zh', text });
  const en = (key: string, text: string): ClipSpec => ({ key, language: 'en', text });
  const wholeNumbers = Array.from({ length: MAX_WHOLE_NUMBER }, (_, i) => i + 1);
  return [
    zh(clipKey.zh.please, ZH_WORDS.please),
    zh(clipKey.zh.hao, ZH_WORDS.hao),
    zh(clipKey.zh.to, ZH_WORDS.to),
    zh(clipKey.zh.window, ZH_WORDS.window),
    zh(clipKey.zh.haoWindow, ZH_WORDS.haoWindow),
    zh(clipKey.zh.proceed, ZH_WORDS.proceed),
    zh(clipKey.zh.recall, ZH_WORDS.recall),
    ...CHINESE_DIGITS.map((name, d) => zh(clipKey.zh.digit(d), name)),
    ...LETTERS.map((letter) => zh(clipKey.zh.letter(letter), letter)),
    ...wholeNumbers.map((n) => zh(clipKey.zh.number(n), chineseNumber(n))),
    en(clipKey.en.numberWord, EN_WORDS.number),
    en(clipKey.en.pleaseGoToWindow, EN_WORDS.pleaseGoToWindow),
    en(clipKey.en.recall, EN_WORDS.recall),
    ...ENGLISH_DIGITS.map((name, d) => en(clipKey.en.digit(d), name)),
    ...LETTERS.map((letter) => en(clipKey.en.letter(letter), letter)),
    ...wholeNumbers.map((n) => en(clipKey.en.number(n), englishNumber(n))),
  ];
}
