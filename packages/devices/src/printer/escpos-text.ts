/**
 * Text → ESC/POS bytes for Chinese printers. Anything that is not plain ASCII is encoded as GB18030 by us (never by
 * node-thermal-printer, whose CHINA charset is GBK and turns rare name characters such as 䶮 into '?') and wrapped in
 * FS & (Chinese mode on) … FS . (off).
 */
import iconv from 'iconv-lite';

export const FS_CHINESE_ON = Uint8Array.of(0x1c, 0x26);
export const FS_CHINESE_OFF = Uint8Array.of(0x1c, 0x2e);

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters in data (a newline, an ESC in a hall name) would be commands to the printer: make them spaces. */
export const sanitizeText = (text: string): string => text.replace(CONTROL, ' ');

/** Bytes for one run of text, without a line feed. */
export const encodeText = (text: string): Buffer => {
  const clean = sanitizeText(text);
  if (ASCII_PRINTABLE.test(clean)) return Buffer.from(clean, 'latin1');
  return Buffer.concat([FS_CHINESE_ON, iconv.encode(clean, 'gb18030'), FS_CHINESE_OFF]);
};

/** Printed columns of one character in the normal font: ASCII is half width, everything else full width. */
const columnsOfChar = (ch: string): number => ((ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2);

export const columnsOf = (text: string): number => {
  let n = 0;
  for (const ch of text) n += columnsOfChar(ch);
  return n;
};

/**
 * Greedy wrap to `columns`: ASCII words stay whole where they fit, every CJK character may break. A word longer than a
 * line is split. Returns at least one line.
 */
export const wrapText = (text: string, columns: number): string[] => {
  const width = Math.max(2, columns);
  const tokens = sanitizeText(text).match(/[!-~]+| +|[^ -~]/gu) ?? [];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = (): void => {
    lines.push(line.trimEnd());
    line = '';
    used = 0;
  };
  for (const token of tokens) {
    if (token.startsWith(' ')) {
      if (used > 0 && used + 1 <= width) {
        line += ' ';
        used += 1;
      }
      continue;
    }
    const w = columnsOf(token);
    if (used + w <= width) {
      line += token;
      used += w;
      continue;
    }
    if (w <= width) {
      flush();
      line = token;
      used = w;
      continue;
    }
    for (const ch of token) {
      const cw = columnsOfChar(ch);
      if (used + cw > width) flush();
      line += ch;
      used += cw;
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
};
