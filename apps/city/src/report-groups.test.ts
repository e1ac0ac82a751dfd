import type { ReportLine } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { groupReport } from './report-groups.ts';

const line = (over: Partial<ReportLine>): ReportLine => ({
  hallId: 'h1',
  hallName: '东城一厅',
  region: '东城区',
  serviceId: 'svc-1',
  serviceName: null,
  itemCode: null,
  itemBaseCode: null,
  issued: 10,
  served: 8,
  noShows: 1,
  averageWaitMs: 60_000,
  longestWaitMs: 300_000,
  averageServiceMs: 120_000,
  rated: 4,
  averageRating: 4,
  badRatings: 0,
  ...over,
});

const LINES = [
  line({}),
  line({
    serviceId: 'svc-2',
    served: 2,
    averageWaitMs: 360_000,
    longestWaitMs: 900_000,
    rated: 1,
    averageRating: 1,
    badRatings: 1,
  }),
  line({
    hallId: 'h2',
    hallName: '西城一厅',
    region: '西城区',
    served: 0,
    averageWaitMs: null,
    averageServiceMs: null,
    rated: 0,
    averageRating: null,
  }),
];

describe('a cross-hall report grouped', () => {
  it('by hall: averages weighted by what they average over', () => {
    const [h1, h2] = groupReport(LINES, 'hall');
    expect(h1).toMatchObject({ key: 'h1', label: '东城一厅', halls: 1, issued: 20, served: 10, noShows: 2 });
    // (8 × 1 min + 2 × 6 min) / 10 served = 2 min; ratings (4 × 4 + 1 × 1) / 5.
    expect(h1!.averageWaitMs).toBe(120_000);
    expect(h1!.longestWaitMs).toBe(900_000);
    expect(h1!.averageRating).toBeCloseTo(17 / 5);
    expect(h1!.badRatings).toBe(1);
    expect(h2).toMatchObject({ key: 'h2', averageWaitMs: null, averageServiceMs: null, averageRating: null });
  });

  it('by region and by service, counting the halls in each', () => {
    expect(groupReport(LINES, 'region').map((r) => [r.label, r.halls, r.issued])).toEqual([
      ['东城区', 1, 20],
      ['西城区', 1, 10],
    ]);
    expect(groupReport(LINES, 'service').map((r) => [r.label, r.halls, r.issued])).toEqual([
      ['svc-1', 2, 20],
      ['svc-2', 1, 10],
    ]);
  });

  it('by 事项 code: one item across halls whatever each calls it, the uncoded services last', () => {
    const coded = (hallId: string, zh: string) => ({
      hallId,
      serviceName: { zh, en: zh },
      itemCode: `${hallId === 'h1' ? '11330106MB1002222M' : '11330102MB1003333W'}3100017000000`,
      itemBaseCode: '3100017000000',
    });
    const lines = [
      line({ serviceId: 'svc-9', serviceName: { zh: '其他', en: 'Other' } }),
      line({ ...coded('h1', '社保卡申领'), issued: 4 }),
      line({ ...coded('h2', '社会保障卡办理'), issued: 6 }),
    ];
    expect(groupReport(lines, 'item').map((r) => [r.key, r.serviceNames, r.halls, r.issued])).toEqual([
      ['3100017000000', ['社保卡申领', '社会保障卡办理'], 2, 10],
      ['', ['其他'], 1, 10],
    ]);
  });
});
