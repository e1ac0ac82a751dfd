import type { RatingFigures, Report, ReportRow } from '@hallq/protocol';

/** The ratings by level, most satisfied first, then the bad share: columns of the report and the scorecard. */
export const RATING_LEVEL_HEADINGS = [
  '非常满意 5',
  '满意 4',
  '基本满意 3',
  '不满意 2',
  '非常不满意 1',
  '未评价 Not rated',
  '差评率 Bad share',
] as const;

export function ratingLevelCells(ratings: RatingFigures): (number | null)[] {
  const l = ratings.levels;
  return [l[5] ?? 0, l[4] ?? 0, l[3] ?? 0, l[2] ?? 0, l[1] ?? 0, l[0] ?? 0, ratings.badShare];
}

/** Seconds as minutes with two decimals, as the spreadsheets show durations. */
export const minutes = (seconds: number | null) =>
  seconds === null ? null : Math.round((seconds / 60) * 100) / 100;

/** Column headings, Chinese first and English second, shared by the CSV and the workbook. */
const HEADINGS = [
  '名称 Name',
  '取号 Issued',
  '办结 Served',
  '过号 No-show',
  '转移 Transferred',
  '取消 Cancelled',
  '过期 Expired',
  '平均等候(分) Avg wait (min)',
  '等候中位数(分) Median wait (min)',
  '等候P90(分) P90 wait (min)',
  '平均办理(分) Avg service (min)',
  '办理中位数(分) Median service (min)',
  '办理P90(分) P90 service (min)',
  '评价数 Rated',
  ...RATING_LEVEL_HEADINGS,
] as const;

function rowValues(row: ReportRow): (string | number | null)[] {
  return [
    row.label,
    row.issued,
    row.served,
    row.noShow,
    row.transferred,
    row.cancelled,
    row.expired,
    minutes(row.wait.averageSeconds),
    minutes(row.wait.medianSeconds),
    minutes(row.wait.p90Seconds),
    minutes(row.service.averageSeconds),
    minutes(row.service.medianSeconds),
    minutes(row.service.p90Seconds),
    row.ratings.rated,
    ...ratingLevelCells(row.ratings),
  ];
}

const SECTIONS = (report: Report) =>
  [
    ['合计 Total', [report.total]],
    ['按业务 By service', report.byService],
    ['按窗口 By window', report.byWindow],
    ['按人员 By clerk', report.byClerk],
  ] as const;

/**
 * A text cell a spreadsheet would run as a formula starts with = + - @, or with a tab or carriage return that it
 * skips before reading the rest (OWASP's CSV-injection list).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  // Quote what needs it, and defuse cells a spreadsheet would run as a formula.
  const safe = FORMULA_START.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** CSV with a byte-order mark, so that spreadsheet programs read the Chinese correctly. */
export function reportCsv(report: Report): Buffer {
  const lines: string[] = [`报表 Report,${report.from},${report.to},${report.timeZone}`];
  for (const [title, rows] of SECTIONS(report)) {
    lines.push('', csvCell(title), HEADINGS.map(csvCell).join(','));
    for (const row of rows) lines.push(rowValues(row).map(csvCell).join(','));
  }
  lines.push('', '时段 Hour,取号 Issued');
  report.issuedByHour.forEach((n, h) => {
    lines.push(`${String(h).padStart(2, '0')}:00,${n}`);
  });
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A workbook: one sheet per breakdown, one for the hours, one for the days. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  // Loaded on first export only: exceljs takes over a second to import, which would delay every hub start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HallQ';
  for (const [title, rows] of SECTIONS(report)) {
    const sheet = workbook.addWorksheet(title.split(' ')[0]!);
    sheet.addRow([`${title}  ${report.from} – ${report.to}  (${report.timeZone})`]);
    sheet.addRow([...HEADINGS]).font = { bold: true };
    for (const row of rows) sheet.addRow(rowValues(row));
    sheet.getColumn(1).width = 24;
  }
  const hours = workbook.addWorksheet('时段');
  hours.addRow(['时段 Hour', '取号 Issued']).font = { bold: true };
  report.issuedByHour.forEach((n, h) => {
    hours.addRow([`${String(h).padStart(2, '0')}:00`, n]);
  });
  const days = workbook.addWorksheet('每日');
  days.addRow(['日期 Day', '取号 Issued', '办结 Served']).font = { bold: true };
  for (const d of report.byDay) days.addRow([d.day, d.issued, d.served]);
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}

export type Cell = string | number | null;

/** A plain table as CSV (byte-order mark, CRLF): one heading row, then the rows. */
export function tableCsv(headings: readonly string[], rows: readonly (readonly Cell[])[]): Buffer {
  const lines = [headings.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A plain table as a one-sheet workbook. */
export function tableXlsx(
  sheetName: string,
  headings: readonly string[],
  rows: readonly (readonly Cell[])[],
): Promise<Buffer> {
  return sheetsXlsx([{ name: sheetName, headings, rows }]);
}

/** Plain tables as a workbook, one sheet each: an optional title line, the headings in bold, the rows. */
export async function sheetsXlsx(
  sheets: readonly {
    name: string;
    title?: string;
    headings: readonly string[];
    rows: readonly (readonly Cell[])[];
  }[],
): Promise<Buffer> {
  // Loaded on first export only, as for the report.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HallQ';
  for (const table of sheets) {
    const sheet = workbook.addWorksheet(table.name);
    if (table.title !== undefined) sheet.addRow([table.title]);
    sheet.addRow([...table.headings]).font = { bold: true };
    for (const row of table.rows) sheet.addRow([...row]);
  }
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}
