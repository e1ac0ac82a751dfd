import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaseNumber, isBadRating, RatingExportQuery } from './case-records.ts';
import { HallConfig, ItemCode, isUnifiedSocialCreditCode, RegionCode } from './hall-schema.ts';

describe('事项 codes in the hall file', () => {
  it('checks the implementing body’s credit code (GB 32100 check character)', () => {
    expect(isUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true); // the standard's worked example
    expect(isUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
    expect(isUnifiedSocialCreditCode('91350100M000100I43')).toBe(false); // I is not in the alphabet
  });

  it('takes a 31-character 实施编码 or a 33-character 办理项 code, nothing else', () => {
    expect(ItemCode.safeParse('11330106MB1001111L3100017000000').success).toBe(true);
    expect(ItemCode.safeParse('11330106MB1001111L310001700000001').success).toBe(true);
    expect(ItemCode.safeParse('11330106MB1001111M3100017000000').success).toBe(false); // bad check character
    expect(ItemCode.safeParse('11330106MB1001111L310001700000').success).toBe(false); // 30 characters
    expect(ItemCode.safeParse('11330106MB1001111L31000170000AB').success).toBe(false); // letters in the tail
  });

  it('takes a GB/T 2260 region code of 6 or 12 digits', () => {
    expect(RegionCode.safeParse('330106').success).toBe(true);
    expect(RegionCode.safeParse('330106001000').success).toBe(true);
    expect(RegionCode.safeParse('33010').success).toBe(false);
  });

  it('reads the demo hall with its codes', () => {
    const demo = HallConfig.parse(
      JSON.parse(readFileSync(new URL('../../../apps/hub/halls/demo-hall.json', import.meta.url), 'utf8')),
    );
    expect(demo.regionCode).toBe('330106');
    expect(demo.services.every((s) => s.itemCode !== undefined && s.departmentCode !== undefined)).toBe(true);
  });
});

describe('case numbers and rating levels', () => {
  it('takes letters, digits and hyphens, up to 64', () => {
    for (const ok of ['SP-2026-000123', 'a', 'A'.repeat(64)])
      expect(CaseNumber.safeParse(ok).success).toBe(true);
    for (const bad of ['', 'SP 1', 'SP_1', '办件1', 'A'.repeat(65), 'SP-1\n'])
      expect(CaseNumber.safeParse(bad).success, bad).toBe(false);
  });

  it('exports at most a year at once, and never a range that ends before it starts', () => {
    const q = (from: string, to: string) => RatingExportQuery.safeParse({ from, to, format: 'csv' }).success;
    expect(q('2026-01-01', '2026-12-31')).toBe(true);
    expect(q('2026-01-01', '2027-01-03')).toBe(false);
    expect(q('2026-02-01', '2026-01-31')).toBe(false);
  });

  it('counts 不满意 (2) and 非常不满意 (1) as 差评', () => {
    expect([5, 4, 3, 2, 1, null].map(isBadRating)).toEqual([false, false, false, true, true, false]);
  });
});
