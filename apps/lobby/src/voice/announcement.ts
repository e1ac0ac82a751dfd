import type { CallAnnouncement } from '@hallq/protocol';
import {
  chineseDigit,
  chineseNumber,
  ENGLISH_DIGITS,
  englishNumber,
  MAX_WHOLE_NUMBER,
} from './chinese-numbers.ts';
import { clipKey, EN_WORDS, ZH_WORDS } from './clips.ts';

/** One step of what a player says: a clip of the voice pack, or silence. */
export type SpeechToken =
  | { readonly kind: 'clip'; readonly key: string }
  | { readonly kind: 'pause'; readonly ms: number };

export interface AnnouncementOptions {
  /** How many times the Chinese sentence is said (default 2). */
  readonly repeat: number;
  /** Say the English sentence once after the Chinese ones (default false). */
  readonly english: boolean;
  /** Said before a recall; its clip is `zh.recall` / `en.recall` of the pack (default 重复呼叫 / Calling again). */
  readonly recallPhrase: { readonly zh: string; readonly en: string };
  /** Silence between two sayings (default 600 ms). */
  readonly gapMs: number;
}

export const DEFAULT_ANNOUNCEMENT_OPTIONS: AnnouncementOptions = {
  repeat: 2,
  english: false,
  recallPhrase: { zh: ZH_WORDS.recall, en: EN_WORDS.recall },
  gapMs: 600,
};

export interface Announcement {
  /** One per call: a ticket called for the n-th time (`ticketId#callCount`). */
  readonly id: string;
  readonly call: CallAnnouncement;
  /** The Chinese sentence, as logged and shown: `请 A001 号 到 3 号窗口 办理`. */
  readonly text: string;
  /** The English sentence when English is on, else null. */
  readonly textEn: string | null;
  /** How the Chinese sentence is read: `请A零零一号到三号窗口办理`. */
  readonly reading: string;
  /** Everything a player says, repetitions and English included. */
  readonly tokens: readonly SpeechToken[];
}

const clip = (key: string): SpeechToken => ({ kind: 'clip', key });

/** A ticket number character by character: letters by name, digits one by one; anything else is shown only. */
function ticketTokens(
  ticketNumber: string,
  language: 'zh' | 'en',
): { tokens: SpeechToken[]; reading: string } {
  const tokens: SpeechToken[] = [];
  let reading = '';
  for (const char of ticketNumber.toUpperCase()) {
    if (char >= '0' && char <= '9') {
      const d = Number(char);
      tokens.push(clip(language === 'zh' ? clipKey.zh.digit(d) : clipKey.en.digit(d)));
      reading += language === 'zh' ? chineseDigit(d) : ` ${ENGLISH_DIGITS[d]!}`;
    } else if (char >= 'A' && char <= 'Z') {
      tokens.push(clip(language === 'zh' ? clipKey.zh.letter(char) : clipKey.en.letter(char)));
      reading += language === 'zh' ? char : ` ${char}`;
    }
  }
  return { tokens, reading: reading.trim() };
}

/** A window number as a number (三, 十二) up to 99, digit by digit above (一零五). */
function windowTokens(
  windowNumber: number,
  language: 'zh' | 'en',
): { tokens: SpeechToken[]; reading: string } {
  if (windowNumber >= 1 && windowNumber <= MAX_WHOLE_NUMBER) {
    return language === 'zh'
      ? { tokens: [clip(clipKey.zh.number(windowNumber))], reading: chineseNumber(windowNumber) }
      : { tokens: [clip(clipKey.en.number(windowNumber))], reading: englishNumber(windowNumber) };
  }
  return ticketTokens(String(Math.abs(Math.trunc(windowNumber))), language);
}

/**
 * What to say for one call — pure. Chinese: `请 A001 号 到 3 号窗口 办理` (a recall starts with the recall
 * phrase), `repeat` times with a gap; then, if asked, once in English: `Number A001, please go to window 3`.
 */
export function buildAnnouncement(
  call: CallAnnouncement,
  options: Partial<AnnouncementOptions> = {},
): Announcement {
  const o = { ...DEFAULT_ANNOUNCEMENT_OPTIONS, ...options };
  const ticket = call.ticketNumber;
  const recallZh = call.recall ? `${o.recallPhrase.zh} ` : '';
  const text = `${recallZh}请 ${ticket} 号 到 ${call.windowNumber} 号窗口 办理`;
  const zhTicket = ticketTokens(ticket, 'zh');
  const zhWindow = windowTokens(call.windowNumber, 'zh');
  const zhSentence: SpeechToken[] = [
    ...(call.recall ? [clip(clipKey.zh.recall)] : []),
    clip(clipKey.zh.please),
    ...zhTicket.tokens,
    clip(clipKey.zh.hao),
    clip(clipKey.zh.to),
    ...zhWindow.tokens,
    clip(clipKey.zh.haoWindow),
    clip(clipKey.zh.proceed),
  ];
  const reading = `${call.recall ? o.recallPhrase.zh : ''}请${zhTicket.reading}号到${zhWindow.reading}号窗口办理`;

  const tokens: SpeechToken[] = [];
  const times = Math.max(1, Math.floor(o.repeat));
  for (let i = 0; i < times; i += 1) {
    if (i > 0) tokens.push({ kind: 'pause', ms: o.gapMs });
    tokens.push(...zhSentence);
  }

  let textEn: string | null = null;
  if (o.english) {
    const enTicket = ticketTokens(ticket, 'en');
    const enWindow = windowTokens(call.windowNumber, 'en');
    textEn = `${call.recall ? `${o.recallPhrase.en}: number` : 'Number'} ${ticket}, please go to window ${call.windowNumber}`;
    tokens.push(
      { kind: 'pause', ms: o.gapMs },
      ...(call.recall ? [clip(clipKey.en.recall)] : []),
      clip(clipKey.en.numberWord),
      ...enTicket.tokens,
      clip(clipKey.en.pleaseGoToWindow),
      ...enWindow.tokens,
    );
  }

  return { id: `${call.ticketId}#${call.callCount}`, call, text, textEn, reading, tokens };
}
