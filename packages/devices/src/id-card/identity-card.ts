import { isValidForeignPermanentNumber2017, isValidIdNumber } from './id-number.ts';
import { maskIdNumber, maskName } from './mask.ts';
import type { CardText, CardType } from './text-block.ts';

/**
 * A card as read from the reader: the decoded text fields plus the WLT photo. The photo (and fingerprint
 * data) are kept only in memory — never persist or log them.
 */
export type IdentityCard = CardText & {
  /** WLT-compressed photo as stored on the chip (1024 bytes); needs the vendor decoder to become an image. */
  readonly photoWlt: Uint8Array;
  /** Fingerprint feature records when the profile reads them (30 10), else undefined. */
  readonly fingerprints?: Uint8Array;
};

export type CardRefusalCode = 'INVALID_ID_NUMBER' | 'CARD_EXPIRED' | 'CARD_NOT_YET_VALID' | 'CARD_UNREADABLE';

/** Why a card was not accepted, with messages for the kiosk screen in both languages. */
export interface CardRefusal {
  readonly code: CardRefusalCode;
  readonly zh: string;
  readonly en: string;
  /** The card type, when the text could be decoded. */
  readonly cardType?: CardType;
  /** Masked ID number ('110***********002X'), when known. Never the full number. */
  readonly maskedIdNumber?: string;
  /** Masked name ('张*丰'), when known. */
  readonly maskedName?: string;
  /** Technical detail for logs (contains no personal data). */
  readonly detail?: string;
}

const MESSAGES: Readonly<Record<CardRefusalCode, { readonly zh: string; readonly en: string }>> = {
  INVALID_ID_NUMBER: {
    zh: '证件号码校验失败，请使用有效证件或到窗口咨询',
    en: 'The card number failed its check; please use a valid card or ask at a counter.',
  },
  CARD_EXPIRED: {
    zh: '证件已过有效期，请使用有效证件或到窗口咨询',
    en: 'This card has expired; please use a valid card or ask at a counter.',
  },
  CARD_NOT_YET_VALID: {
    zh: '证件尚未生效，请到窗口咨询',
    en: 'This card is not valid yet; please ask at a counter.',
  },
  CARD_UNREADABLE: {
    zh: '无法读取证件，请重新放置身份证，平放在感应区',
    en: 'The card could not be read. Please place your ID card flat on the reader again.',
  },
};

export function cardRefusal(
  code: CardRefusalCode,
  about: { readonly card?: CardText; readonly detail?: string } = {},
): CardRefusal {
  const { card, detail } = about;
  return {
    code,
    ...MESSAGES[code],
    ...(card && {
      cardType: card.cardType,
      maskedIdNumber: maskIdNumber(card.idNumber),
      maskedName: maskName(card.name),
    }),
    ...(detail !== undefined && { detail }),
  };
}

/** Today's date 'YYYY-MM-DD' in `timeZone` (the hall's zone, default Asia/Shanghai). */
export function localDate(now: Date, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * Checks a decoded card: number check digit (GB 11643 MOD 11-2; the 2017 foreigner card only by format),
 * then validity dates against `today` ('YYYY-MM-DD'; the end date is the last valid day).
 * Returns undefined when the card is acceptable.
 */
export function checkCard(card: CardText, today: string): CardRefusal | undefined {
  const numberOk =
    card.cardType === 'foreign-permanent-2017'
      ? isValidForeignPermanentNumber2017(card.idNumber)
      : isValidIdNumber(card.idNumber);
  if (!numberOk) return cardRefusal('INVALID_ID_NUMBER', { card, detail: 'check digit or format' });
  if (card.validUntil !== 'long-term' && today > card.validUntil) {
    return cardRefusal('CARD_EXPIRED', { card, detail: `valid until ${card.validUntil}, today ${today}` });
  }
  if (today < card.validFrom) {
    return cardRefusal('CARD_NOT_YET_VALID', {
      card,
      detail: `valid from ${card.validFrom}, today ${today}`,
    });
  }
  return undefined;
}
