import { describe, expect, it } from 'vitest';
import { ethnicityFromCode, ethnicityLabel } from './ethnicity.ts';
import {
  expiredResidentCard,
  foreignPermanent2017,
  foreignPermanent2023,
  hkMacaoTaiwanPermit,
  residentCard,
} from './simulator/card-fixtures.ts';
import {
  type CardText,
  decodeTextBlock,
  encodeTextBlock,
  TEXT_BLOCK_LENGTH,
  TextBlockError,
} from './text-block.ts';

const ucs2At = (block: Uint8Array, offset: number, chars: number): string =>
  new TextDecoder('utf-16le').decode(block.subarray(offset, offset + chars * 2));

describe('text block', () => {
  it('lays out a resident card per GA/T 490 (UCS-2 LE, space padded)', () => {
    const block = encodeTextBlock(residentCard());
    expect(block.length).toBe(TEXT_BLOCK_LENGTH);
    // 王美娜 = 8B 73 8E 7F 1C 5A, as in the published walk-through.
    expect([...block.subarray(0, 6)]).toEqual([0x8b, 0x73, 0x8e, 0x7f, 0x1c, 0x5a]);
    expect([...block.subarray(30, 32)]).toEqual([0x32, 0x00]);
    expect([...block.subarray(32, 36)]).toEqual([0x30, 0x00, 0x31, 0x00]);
    expect(ucs2At(block, 36, 8)).toBe('19491231');
    expect(ucs2At(block, 122, 18)).toBe('11010519491231002X');
    expect(ucs2At(block, 204, 2)).toBe('长期');
    expect(ucs2At(block, 248, 1)).toBe(' ');
  });

  it.each<[string, () => CardText]>([
    ['resident', residentCard],
    ['resident (expired, fixed end date)', expiredResidentCard],
    ['港澳台居民居住证 J', hkMacaoTaiwanPermit],
    ['外国人永久居留身份证 2017 I', foreignPermanent2017],
    ['外国人永久居留身份证 2023 Y', foreignPermanent2023],
  ])('decodes a %s card from its bytes', (_, fixture) => {
    const card = fixture();
    expect(decodeTextBlock(encodeTextBlock(card))).toEqual(card);
  });

  it('decodes the resident card fields', () => {
    const card = decodeTextBlock(encodeTextBlock(residentCard()));
    expect(card).toMatchObject({
      cardType: 'resident',
      name: '王美娜',
      gender: 'female',
      ethnicity: { code: '01', name: '汉' },
      birthDate: '1949-12-31',
      validFrom: '2015-06-01',
      validUntil: 'long-term',
    });
  });

  it('reads type-specific fields at their offsets', () => {
    const j = encodeTextBlock(hkMacaoTaiwanPermit());
    expect(ucs2At(j, 220, 9)).toBe('H01234567');
    expect(ucs2At(j, 238, 2)).toBe('01');
    expect(ucs2At(j, 248, 1)).toBe('J');
    expect(decodeTextBlock(j)).toMatchObject({ passNumber: 'H01234567', issueCount: 1 });

    const i = encodeTextBlock(foreignPermanent2017());
    expect(ucs2At(i, 122, 15)).toBe('USA110012345678');
    expect(ucs2At(i, 152, 3)).toBe('USA');
    expect(ucs2At(i, 158, 3)).toBe('史密斯');
    expect(ucs2At(i, 220, 8)).toBe('19800101');
    expect(ucs2At(i, 248, 1)).toBe('I');

    const y = encodeTextBlock(foreignPermanent2023());
    expect(ucs2At(y, 242, 3)).toBe('ESP');
    expect(ucs2At(y, 248, 1)).toBe('Y');
    expect(decodeTextBlock(y)).toMatchObject({
      englishName: 'FERNANDEZ DE LA CRUZ GONZALEZ, MARIA LUISA',
      nationality: 'ESP',
      renewalCount: 0,
    });
  });

  it('treats a NUL type marker as a resident card and strips NUL padding', () => {
    const block = encodeTextBlock(residentCard());
    block.fill(0, 220);
    expect(decodeTextBlock(block).cardType).toBe('resident');
  });

  it('decodes all four gender codes', () => {
    for (const gender of ['male', 'female', 'unknown', 'unspecified'] as const) {
      expect(decodeTextBlock(encodeTextBlock({ ...residentCard(), gender })).gender).toBe(gender);
    }
  });

  it('refuses unknown markers, bad dates and wrong sizes', () => {
    const block = encodeTextBlock(residentCard());
    block[248] = 0x5a; // 'Z'
    expect(() => decodeTextBlock(block)).toThrow(TextBlockError);
    expect(() => decodeTextBlock(encodeTextBlock({ ...residentCard(), birthDate: '1949-02-30' }))).toThrow(
      /calendar/,
    );
    expect(() => decodeTextBlock(new Uint8Array(255))).toThrow(TextBlockError);
    expect(() => encodeTextBlock({ ...residentCard(), name: '一二三四五六七八九十一二三四五六' })).toThrow(
      /fit/,
    );
  });
});

describe('ethnicity', () => {
  it('labels codes per GB/T 3304', () => {
    expect(ethnicityLabel(ethnicityFromCode('01'))).toBe('汉族');
    expect(ethnicityLabel(ethnicityFromCode('31'))).toBe('达斡尔族');
    expect(ethnicityLabel(ethnicityFromCode('46'))).toBe('德昂族');
    expect(ethnicityLabel(ethnicityFromCode('97'))).toBe('其他');
    expect(ethnicityLabel(ethnicityFromCode('98'))).toBe('外国血统中国籍人士');
    expect(ethnicityFromCode('77')).toEqual({ code: '77', name: undefined });
  });
});
