import { ethnicityFromCode } from '../ethnicity.ts';
import { idNumberCheckChar } from '../id-number.ts';
import type { CardText } from '../text-block.ts';

/**
 * A card lying on the simulated reader: its text fields (encoded with `encodeTextBlock` when read) plus
 * chip data. All fixture data is fictitious.
 */
export interface SimulatedCard {
  readonly text: CardText;
  /** 1024-byte WLT photo; a deterministic dummy by default. */
  readonly photoWlt?: Uint8Array;
  /** Fingerprint records for 30 10 reads (0, 512 or 1024 bytes); none by default. */
  readonly fingerprints?: Uint8Array;
  /** Answer select/read with this SW3 instead of success (e.g. 0x41 read failed, 0x40 unknown card type). */
  readonly readFailure?: number;
}

/** A stand-in for a WLT photo: 1024 bytes of a fixed pattern (no real image). */
export function dummyPhoto(seed = 1): Uint8Array {
  return Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + seed * 13) & 0xff);
}

/** Appends the right GB 11643 check character to 17 digits. */
const withCheck = (first17: string): string => `${first17}${idNumberCheckChar(first17) ?? '?'}`;

export const residentCard = (): CardText => ({
  cardType: 'resident',
  name: '王美娜',
  gender: 'female',
  ethnicity: ethnicityFromCode('01'),
  birthDate: '1949-12-31',
  address: '北京市朝阳区建国路88号院3号楼2单元501室',
  idNumber: '11010519491231002X',
  issuer: '北京市公安局朝阳分局',
  validFrom: '2015-06-01',
  validUntil: 'long-term',
});

export const expiredResidentCard = (): CardText => ({
  cardType: 'resident',
  name: '李四',
  gender: 'male',
  ethnicity: ethnicityFromCode('08'),
  birthDate: '1880-01-01',
  address: '广东省潮州市饶平县黄冈镇人民路1号',
  idNumber: '440524188001010014',
  issuer: '饶平县公安局',
  validFrom: '2000-01-01',
  validUntil: '2020-01-01',
});

/** A resident card whose last character does not match the MOD 11-2 check. */
export const badCheckDigitResidentCard = (): CardText => ({
  ...residentCard(),
  name: '赵六',
  idNumber: '110105194912310021',
});

export const hkMacaoTaiwanPermit = (): CardText => ({
  cardType: 'hk-macao-taiwan-residence',
  name: '陈小红',
  gender: 'female',
  birthDate: '1994-08-23',
  address: '广东省深圳市福田区福华一路1号',
  idNumber: '810000199408230021',
  issuer: '深圳市公安局',
  validFrom: '2019-01-01',
  validUntil: '2029-01-01',
  passNumber: 'H01234567',
  issueCount: 1,
});

export const foreignPermanent2017 = (): CardText => ({
  cardType: 'foreign-permanent-2017',
  name: '史密斯',
  chineseName: '史密斯',
  englishName: 'SMITH, JOHN',
  gender: 'male',
  idNumber: 'USA110012345678',
  nationality: 'USA',
  birthDate: '1980-01-01',
  validFrom: '2018-05-01',
  validUntil: '2028-05-01',
  cardVersion: '01',
  issuerCode: '1100',
});

export const foreignPermanent2023 = (): CardText => ({
  cardType: 'foreign-permanent-2023',
  name: '玛丽亚',
  chineseName: '玛丽亚',
  // Longer than 35 characters: continues in the second English-name area.
  englishName: 'FERNANDEZ DE LA CRUZ GONZALEZ, MARIA LUISA',
  gender: 'female',
  renewalCount: 0,
  birthDate: '1985-06-15',
  idNumber: withCheck('93311019850615002'),
  validFrom: '2024-01-10',
  validUntil: '2034-01-10',
  nationality: 'ESP',
  previousCardLink: '',
});

/** Wraps card text as a card for the simulator. */
export const simulatedCard = (text: CardText, extra: Omit<SimulatedCard, 'text'> = {}): SimulatedCard => ({
  text,
  ...extra,
});
