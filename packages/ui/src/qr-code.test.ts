import { toString as qrSvg } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPath } from './qr-code.tsx';

/** The dark cells of an SVG path made of unit squares (`M x y h1v1h-1z`), as "x,y". */
function cellsOfSquares(path: string): Set<string> {
  return new Set([...path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
}

/** The dark cells of the qrcode library's own SVG (horizontal strokes at row + 0.5), as "x,y". */
function cellsOfLibrarySvg(svg: string): Set<string> {
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const cells = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d.matchAll(/([MmHh])\s*([\d.]+)(?:\s+([\d.]+))?/g)) {
    const n = Number(a);
    if (op === 'M') [x, y] = [n, Number(b)];
    else if (op === 'm') [x, y] = [x + n, y + Number(b)];
    else if (op === 'h') {
      for (let i = 0; i < n; i += 1) cells.add(`${x + i},${Math.floor(y)}`);
      x += n;
    }
  }
  return cells;
}

describe('the QR code the kiosk shows', () => {
  const page = 'https://queue.hall.example.gov.cn/t/AbCdEfGhIjKlMnOpQrStUvWx';

  it('draws exactly the symbol the qrcode library draws, the right way round, with a 4-module quiet zone', async () => {
    const mine = qrPath(page);
    const theirs = await qrSvg(page, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
    expect(`viewBox="0 0 ${mine.size} ${mine.size}"`).toBe(/viewBox="([^"]+)"/.exec(theirs)?.[0]);
    const drawn = cellsOfSquares(mine.path);
    expect(drawn.size).toBeGreaterThan(200);
    expect(drawn).toEqual(cellsOfLibrarySvg(theirs));
  });

  it('has its finder patterns at three corners only (a transposed or mirrored code would not scan)', () => {
    const { path, size } = qrPath(page);
    const dark = cellsOfSquares(path);
    const ringAt = (x: number, y: number) =>
      [0, 1, 2, 3, 4, 5, 6].every((i) => dark.has(`${x + i},${y}`) && dark.has(`${x},${y + i}`));
    const far = size - 4 - 7;
    expect([ringAt(4, 4), ringAt(far, 4), ringAt(4, far), ringAt(far, far)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
