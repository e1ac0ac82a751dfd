import type { HallFigures, ItemReportLine, ReportLine } from '@hallq/protocol';
import { type Column, minutesCell } from './table-files.ts';

/** The figures every report table has, whatever its lines are (a hall's service, a 事项 across halls). */
type Figures = Pick<
  ReportLine,
  | 'issued'
  | 'served'
  | 'noShows'
  | 'averageWaitMs'
  | 'longestWaitMs'
  | 'averageServiceMs'
  | 'rated'
  | 'averageRating'
  | 'badRatings'
>;

const FIGURES: readonly Column<Figures>[] = [
  ['取号 issued', (l) => l.issued],
  ['办结 served', (l) => l.served],
  ['过号 no-shows', (l) => l.noShows],
  ['平均等候(分) average wait (min)', (l) => minutesCell(l.averageWaitMs)],
  ['最长等候(分) longest wait (min)', (l) => minutesCell(l.longestWaitMs)],
  ['平均办理(分) average service (min)', (l) => minutesCell(l.averageServiceMs)],
  ['评价数 rated', (l) => l.rated],
  ['平均评分 average rating', (l) => (l.averageRating === null ? null : l.averageRating.toFixed(2))],
  ['差评 bad ratings', (l) => l.badRatings],
];

/** A hall × service report. The name and 事项 codes come last: files of earlier versions keep their columns. */
export const REPORT_COLUMNS: readonly Column<ReportLine>[] = [
  ['大厅 hall', (l) => l.hallName],
  ['区域 region', (l) => l.region],
  ['事项 service', (l) => l.serviceId],
  ...FIGURES,
  ['事项名称 service name', (l) => l.serviceName?.zh ?? null],
  ['事项实施编码 implementation code', (l) => l.itemCode],
  ['事项编码 item code', (l) => l.itemBaseCode],
];

/** A report by 事项 code across halls. */
export const ITEM_COLUMNS: readonly Column<ItemReportLine>[] = [
  ['事项编码 item code', (l) => l.itemBaseCode ?? '未编码 not coded'],
  ['各厅名称 names in the halls', (l) => l.serviceNames.join('、')],
  ['大厅数 halls', (l) => l.halls],
  ...FIGURES,
];

const percent = (share: number | null): string | null => (share === null ? null : (share * 100).toFixed(1));

/** A comparison of halls: one row per hall, the key figures across. */
export const COMPARISON_COLUMNS: readonly Column<HallFigures>[] = [
  ['大厅 hall', (h) => h.hallName],
  ['区域 region', (h) => h.region],
  ['取号 tickets', (h) => h.tickets],
  ['等候中位数(分) median wait (min)', (h) => minutesCell(h.medianWaitMs)],
  ['等候P90(分) p90 wait (min)', (h) => minutesCell(h.p90WaitMs)],
  ['办理中位数(分) median service (min)', (h) => minutesCell(h.medianServiceMs)],
  ['时限内(%) within SLA (%)', (h) => percent(h.withinSlaShare)],
  ['时限为默认 default SLA', (h) => (h.slaIsDefault ? '是 yes' : '否 no')],
  ['评价数 rated', (h) => h.rated],
  ['平均评分 average rating', (h) => (h.averageRating === null ? null : h.averageRating.toFixed(2))],
  ['差评率(%) bad ratings (%)', (h) => percent(h.badRatingShare)],
  ['过号率(%) no-shows (%)', (h) => percent(h.noShowShare)],
];
