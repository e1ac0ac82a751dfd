import { describe, expect, it } from 'vitest';
import { csvCell } from './report-export.ts';

describe('csvCell', () => {
  it('defuses every cell a spreadsheet would run as a formula, including a leading tab or carriage return', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('张*三')).toBe('张*三');
    expect(csvCell('a\tb')).toBe('a\tb');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
