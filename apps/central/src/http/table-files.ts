import type { ServerResponse } from 'node:http';
import { tableXlsx } from '@hallq/hub/report-export';

/** One column of a downloadable table: its heading (zh-CN first, then en) and how a row fills it. */
export type Column<T> = readonly [string, (row: T) => string | number | null];

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  // A cell a spreadsheet would run as a formula is quoted as text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function tableCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = [columns.map(([name]) => name), ...rows.map((row) => columns.map(([, pick]) => pick(row)))];
  // The byte-order mark makes Excel read the Chinese as UTF-8.
  return `\uFEFF${cells.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The same table as a one-sheet workbook, with the hub's writer. */
export function tableWorkbook<T>(
  sheet: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
): Promise<Buffer> {
  return tableXlsx(
    sheet,
    columns.map(([name]) => name),
    rows.map((row) => columns.map(([, pick]) => pick(row))),
  );
}

/** Answers with the table as a CSV or XLSX download named `<fileStem>.<format>`. */
export async function sendTable<T>(
  response: ServerResponse,
  format: 'csv' | 'xlsx',
  file: { readonly stem: string; readonly sheet: string },
  columns: readonly Column<T>[],
  rows: readonly T[],
): Promise<void> {
  const body = format === 'csv' ? tableCsv(columns, rows) : await tableWorkbook(file.sheet, columns, rows);
  response.writeHead(200, {
    'content-type':
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${file.stem}.${format}"`,
    'cache-control': 'no-store',
  });
  response.end(body);
}

/** Minutes with one decimal, for a column of durations kept in milliseconds. */
export const minutesCell = (ms: number | null): string | null =>
  ms === null ? null : (ms / 60_000).toFixed(1);
