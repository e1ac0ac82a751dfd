import { type Ethnicity, ethnicityFromCode } from './ethnicity.ts';

/**
 * The 256-byte machine-readable text block of a card (UCS-2 little-endian, space padded). Four layouts,
 * told apart by the character at byte 248: space/NUL = resident ID card, 'J' = 港澳台居民居住证,
 * 'I' = 外国人永久居留身份证 (2017), 'Y' = 外国人永久居留身份证 (2023).
 */
export const TEXT_BLOCK_LENGTH = 256;

export type Gender = 'male' | 'female' | 'unknown' | 'unspecified';

/** An ISO date 'YYYY-MM-DD', or 'long-term' (长期) for an end of validity. */
export type CardDate = string;
export type ValidUntil = CardDate | 'long-term';

interface CardTextCommon {
  /** Chinese name (for a 2017 foreigner card without a Chinese name: the English name). */
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: CardDate;
  readonly idNumber: string;
  readonly validFrom: CardDate;
  readonly validUntil: ValidUntil;
}

/** 居民身份证 */
export interface ResidentCardText extends CardTextCommon {
  readonly cardType: 'resident';
  readonly ethnicity: Ethnicity;
  readonly address: string;
  readonly issuer: string;
}

/** 港澳台居民居住证 ('J'). */
export interface HkMacaoTaiwanPermitText extends CardTextCommon {
  readonly cardType: 'hk-macao-taiwan-residence';
  readonly address: string;
  readonly issuer: string;
  /** 通行证号码 (e.g. H01234567). */
  readonly passNumber: string;
  /** 签发次数 */
  readonly issueCount: number;
}

/** 外国人永久居留身份证, 2017 edition ('I'). `idNumber` is 3 letters + 12 digits. */
export interface ForeignPermanent2017Text extends CardTextCommon {
  readonly cardType: 'foreign-permanent-2017';
  readonly englishName: string;
  /** Chinese name, '' when the card has none. */
  readonly chineseName: string;
  /** ISO 3166-1 alpha-3 code. */
  readonly nationality: string;
  readonly cardVersion: string;
  /** 当次申请受理机关代码 */
  readonly issuerCode: string;
}

/** 外国人永久居留身份证, 2023 edition ('Y'). `idNumber` is 18 digits starting with 9. */
export interface ForeignPermanent2023Text extends CardTextCommon {
  readonly cardType: 'foreign-permanent-2023';
  readonly englishName: string;
  readonly chineseName: string;
  readonly nationality: string;
  /** 换证次数 */
  readonly renewalCount: number;
  /** 既往版本永居证号码关联项 (raw, 3 characters). */
  readonly previousCardLink: string;
}

export type CardText =
  | ResidentCardText
  | HkMacaoTaiwanPermitText
  | ForeignPermanent2017Text
  | ForeignPermanent2023Text;
export type CardType = CardText['cardType'];

export class TextBlockError extends Error {
  readonly code = 'CARD_TEXT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'TextBlockError';
  }
}

// ── Field layouts (byte offset, byte length) ──────────────────────────────────────────────────────────

type Span = readonly [offset: number, length: number];

const RESIDENT = {
  name: [0, 30],
  gender: [30, 2],
  ethnicity: [32, 4],
  birthDate: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  issuer: [158, 30],
  validFrom: [188, 16],
  validUntil: [204, 16],
} as const satisfies Record<string, Span>;

const PERMIT_J = {
  ...RESIDENT,
  passNumber: [220, 18],
  issueCount: [238, 4],
} as const satisfies Record<string, Span>;

const FOREIGN_I = {
  englishName: [0, 120],
  gender: [120, 2],
  idNumber: [122, 30],
  nationality: [152, 6],
  chineseName: [158, 30],
  validFrom: [188, 16],
  validUntil: [204, 16],
  birthDate: [220, 16],
  cardVersion: [236, 4],
  issuerCode: [240, 8],
} as const satisfies Record<string, Span>;

const FOREIGN_Y = {
  chineseName: [0, 30],
  gender: [30, 2],
  renewalCount: [32, 4],
  birthDate: [36, 16],
  englishName: [52, 70],
  idNumber: [122, 36],
  validFrom: [188, 16],
  validUntil: [204, 16],
  englishNameContinued: [220, 22],
  nationality: [242, 6],
  previousCardLink: [250, 6],
} as const satisfies Record<string, Span>;

const TYPE_MARKER: Span = [248, 2];

// ── Decoding ───────────────────────────────────────────────────────────────────────────────────────────

const ucs2 = new TextDecoder('utf-16le');

const isPadding = (char: string | undefined): boolean =>
  char === ' ' || char === '\u0000' || char === '\u3000';

/** Drops the trailing spaces / NULs a field is padded with. */
const trimPadding = (value: string): string => {
  let end = value.length;
  while (end > 0 && isPadding(value[end - 1])) end -= 1;
  return value.slice(0, end);
};

const raw = (block: Uint8Array, [offset, length]: Span): string =>
  ucs2.decode(block.subarray(offset, offset + length));

const field = (block: Uint8Array, span: Span): string => trimPadding(raw(block, span));

const GENDERS: Readonly<Record<string, Gender>> = {
  '0': 'unknown',
  '1': 'male',
  '2': 'female',
  '9': 'unspecified',
};
const GENDER_CODES: Readonly<Record<Gender, string>> = {
  unknown: '0',
  male: '1',
  female: '2',
  unspecified: '9',
};

const decodeGender = (code: string): Gender => {
  const gender = GENDERS[code];
  if (!gender) throw new TextBlockError(`unknown gender code "${code}"`);
  return gender;
};

const decodeDate = (raw: string, what: string): CardDate => {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!match) throw new TextBlockError(`${what} "${raw}" is not YYYYMMDD`);
  const [, y, m, d] = match;
  const iso = `${y}-${m}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new TextBlockError(`${what} "${raw}" is not a calendar date`);
  }
  return iso;
};

const decodeValidUntil = (raw: string): ValidUntil =>
  raw === '长期' ? 'long-term' : decodeDate(raw, 'validUntil');

const decodeCount = (raw: string, what: string): number => {
  if (!/^\d+$/.test(raw)) throw new TextBlockError(`${what} "${raw}" is not a number`);
  return Number(raw);
};

/** Decodes a 256-byte text block. Throws `TextBlockError` on an unknown card type or malformed field. */
export function decodeTextBlock(block: Uint8Array): CardText {
  if (block.length !== TEXT_BLOCK_LENGTH) {
    throw new TextBlockError(`text block has ${block.length} bytes, expected ${TEXT_BLOCK_LENGTH}`);
  }
  const marker = field(block, TYPE_MARKER);
  switch (marker) {
    case '':
      return {
        cardType: 'resident',
        name: field(block, RESIDENT.name),
        gender: decodeGender(field(block, RESIDENT.gender)),
        ethnicity: ethnicityFromCode(field(block, RESIDENT.ethnicity)),
        birthDate: decodeDate(field(block, RESIDENT.birthDate), 'birthDate'),
        address: field(block, RESIDENT.address),
        idNumber: field(block, RESIDENT.idNumber),
        issuer: field(block, RESIDENT.issuer),
        validFrom: decodeDate(field(block, RESIDENT.validFrom), 'validFrom'),
        validUntil: decodeValidUntil(field(block, RESIDENT.validUntil)),
      };
    case 'J':
      return {
        cardType: 'hk-macao-taiwan-residence',
        name: field(block, PERMIT_J.name),
        gender: decodeGender(field(block, PERMIT_J.gender)),
        birthDate: decodeDate(field(block, PERMIT_J.birthDate), 'birthDate'),
        address: field(block, PERMIT_J.address),
        idNumber: field(block, PERMIT_J.idNumber),
        issuer: field(block, PERMIT_J.issuer),
        validFrom: decodeDate(field(block, PERMIT_J.validFrom), 'validFrom'),
        validUntil: decodeValidUntil(field(block, PERMIT_J.validUntil)),
        passNumber: field(block, PERMIT_J.passNumber),
        issueCount: decodeCount(field(block, PERMIT_J.issueCount), 'issueCount'),
      };
    case 'I': {
      const englishName = field(block, FOREIGN_I.englishName);
      const chineseName = field(block, FOREIGN_I.chineseName);
      return {
        cardType: 'foreign-permanent-2017',
        name: chineseName || englishName,
        englishName,
        chineseName,
        gender: decodeGender(field(block, FOREIGN_I.gender)),
        idNumber: field(block, FOREIGN_I.idNumber),
        nationality: field(block, FOREIGN_I.nationality),
        validFrom: decodeDate(field(block, FOREIGN_I.validFrom), 'validFrom'),
        validUntil: decodeValidUntil(field(block, FOREIGN_I.validUntil)),
        birthDate: decodeDate(field(block, FOREIGN_I.birthDate), 'birthDate'),
        cardVersion: field(block, FOREIGN_I.cardVersion),
        issuerCode: field(block, FOREIGN_I.issuerCode),
      };
    }
    case 'Y': {
      const chineseName = field(block, FOREIGN_Y.chineseName);
      // The English name continues in a second area when it is longer than 35 characters.
      const trimmedEnglish = trimPadding(
        raw(block, FOREIGN_Y.englishName) + raw(block, FOREIGN_Y.englishNameContinued),
      );
      return {
        cardType: 'foreign-permanent-2023',
        name: chineseName || trimmedEnglish,
        chineseName,
        englishName: trimmedEnglish,
        gender: decodeGender(field(block, FOREIGN_Y.gender)),
        renewalCount: decodeCount(field(block, FOREIGN_Y.renewalCount), 'renewalCount'),
        birthDate: decodeDate(field(block, FOREIGN_Y.birthDate), 'birthDate'),
        idNumber: field(block, FOREIGN_Y.idNumber),
        validFrom: decodeDate(field(block, FOREIGN_Y.validFrom), 'validFrom'),
        validUntil: decodeValidUntil(field(block, FOREIGN_Y.validUntil)),
        nationality: field(block, FOREIGN_Y.nationality),
        previousCardLink: field(block, FOREIGN_Y.previousCardLink),
      };
    }
    default:
      throw new TextBlockError(`unknown card type marker "${marker}"`);
  }
}

// ── Encoding (the reader's side: simulator and fixtures) ────────────────────────────────────────────────

const put = (block: Uint8Array, [offset, length]: Span, value: string, what: string): void => {
  if (value.length * 2 > length)
    throw new TextBlockError(`${what} "${value}" does not fit in ${length / 2} characters`);
  const padded = value.padEnd(length / 2, ' ');
  for (let i = 0; i < padded.length; i += 1) {
    const unit = padded.charCodeAt(i);
    block[offset + i * 2] = unit & 0xff;
    block[offset + i * 2 + 1] = unit >> 8;
  }
};

const compactDate = (date: CardDate): string => date.replaceAll('-', '');
const compactValidUntil = (date: ValidUntil): string => (date === 'long-term' ? '长期' : compactDate(date));

/** Builds the 256-byte text block a card would hold. Throws `TextBlockError` if a value does not fit. */
export function encodeTextBlock(text: CardText): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  put(block, [0, TEXT_BLOCK_LENGTH], '', 'padding');
  switch (text.cardType) {
    case 'resident':
    case 'hk-macao-taiwan-residence': {
      put(block, RESIDENT.name, text.name, 'name');
      put(block, RESIDENT.gender, GENDER_CODES[text.gender], 'gender');
      put(block, RESIDENT.birthDate, compactDate(text.birthDate), 'birthDate');
      put(block, RESIDENT.address, text.address, 'address');
      put(block, RESIDENT.idNumber, text.idNumber, 'idNumber');
      put(block, RESIDENT.issuer, text.issuer, 'issuer');
      put(block, RESIDENT.validFrom, compactDate(text.validFrom), 'validFrom');
      put(block, RESIDENT.validUntil, compactValidUntil(text.validUntil), 'validUntil');
      if (text.cardType === 'resident') {
        put(block, RESIDENT.ethnicity, text.ethnicity.code, 'ethnicity');
      } else {
        put(block, PERMIT_J.passNumber, text.passNumber, 'passNumber');
        put(block, PERMIT_J.issueCount, String(text.issueCount).padStart(2, '0'), 'issueCount');
        put(block, TYPE_MARKER, 'J', 'type');
      }
      return block;
    }
    case 'foreign-permanent-2017':
      put(block, FOREIGN_I.englishName, text.englishName, 'englishName');
      put(block, FOREIGN_I.gender, GENDER_CODES[text.gender], 'gender');
      put(block, FOREIGN_I.idNumber, text.idNumber, 'idNumber');
      put(block, FOREIGN_I.nationality, text.nationality, 'nationality');
      put(block, FOREIGN_I.chineseName, text.chineseName, 'chineseName');
      put(block, FOREIGN_I.validFrom, compactDate(text.validFrom), 'validFrom');
      put(block, FOREIGN_I.validUntil, compactValidUntil(text.validUntil), 'validUntil');
      put(block, FOREIGN_I.birthDate, compactDate(text.birthDate), 'birthDate');
      put(block, FOREIGN_I.cardVersion, text.cardVersion, 'cardVersion');
      put(block, FOREIGN_I.issuerCode, text.issuerCode, 'issuerCode');
      put(block, TYPE_MARKER, 'I', 'type');
      return block;
    case 'foreign-permanent-2023': {
      const firstPart = FOREIGN_Y.englishName[1] / 2;
      put(block, FOREIGN_Y.chineseName, text.chineseName, 'chineseName');
      put(block, FOREIGN_Y.gender, GENDER_CODES[text.gender], 'gender');
      put(block, FOREIGN_Y.renewalCount, String(text.renewalCount).padStart(2, '0'), 'renewalCount');
      put(block, FOREIGN_Y.birthDate, compactDate(text.birthDate), 'birthDate');
      put(block, FOREIGN_Y.englishName, text.englishName.slice(0, firstPart), 'englishName');
      put(block, FOREIGN_Y.englishNameContinued, text.englishName.slice(firstPart), 'englishName');
      put(block, FOREIGN_Y.idNumber, text.idNumber, 'idNumber');
      put(block, FOREIGN_Y.validFrom, compactDate(text.validFrom), 'validFrom');
      put(block, FOREIGN_Y.validUntil, compactValidUntil(text.validUntil), 'validUntil');
      put(block, FOREIGN_Y.nationality, text.nationality, 'nationality');
      put(block, FOREIGN_Y.previousCardLink, text.previousCardLink, 'previousCardLink');
      put(block, TYPE_MARKER, 'Y', 'type');
      return block;
    }
  }
}
