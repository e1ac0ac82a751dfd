#!/usr/bin/env node
// Draws HallQ's 32×32 favicon (a white "Q" on the hall's blue) as an ICO with a 32-bit bitmap, and writes it into
// each web app's public folder, so every screen has /<app>/favicon.ico and the browser asks for nothing else.
//   node scripts/make-favicon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 32;
const BLUE = [0x1d, 0x4e, 0xd8];
const WHITE = [0xff, 0xff, 0xff];

/** [r, g, b, a] of pixel (x, y), y from the top. */
function pixel(x, y) {
  const cx = x + 0.5 - SIZE / 2;
  const cy = y + 0.5 - SIZE / 2;
  // A rounded square: corners cut on a 6 px radius.
  const corner =
    Math.max(Math.abs(cx) - (SIZE / 2 - 6), 0) ** 2 + Math.max(Math.abs(cy) - (SIZE / 2 - 6), 0) ** 2;
  if (corner > 36) return [0, 0, 0, 0];
  const r = Math.hypot(cx, cy + 1);
  const ring = r >= 7 && r <= 10.5;
  // The Q's tail: a stroke from the ring's lower right outwards.
  const along = (cx + cy) / Math.SQRT2;
  const across = (cx - cy) / Math.SQRT2;
  const tail = along >= 5 && along <= 13 && Math.abs(across) <= 1.8;
  return [...(ring || tail ? WHITE : BLUE), 0xff];
}

const header = Buffer.alloc(6 + 16);
const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y += 1) {
  for (let x = 0; x < SIZE; x += 1) {
    const [r, g, b, a] = pixel(x, y);
    pixels.set([b, g, r, a], ((SIZE - 1 - y) * SIZE + x) * 4); // BMP rows run bottom-up, BGRA
  }
}
const mask = Buffer.alloc(SIZE * 4); // 1 bit per pixel, rows padded to 32 bits; alpha does the work
const info = Buffer.alloc(40);
info.writeUInt32LE(40, 0);
info.writeInt32LE(SIZE, 4);
info.writeInt32LE(SIZE * 2, 8); // colour and mask, stacked
info.writeUInt16LE(1, 12);
info.writeUInt16LE(32, 14);
info.writeUInt32LE(pixels.length + mask.length, 20);
const image = Buffer.concat([info, pixels, mask]);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2); // an icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(SIZE, 6);
header.writeUInt8(SIZE, 7);
header.writeUInt16LE(1, 10);
header.writeUInt16LE(32, 12);
header.writeUInt32LE(image.length, 14);
header.writeUInt32LE(header.length, 18);
const ico = Buffer.concat([header, image]);

for (const app of ['admin', 'city', 'counter', 'kiosk', 'lobby', 'visitor']) {
  const file = join(root, 'apps', app, 'public', 'favicon.ico');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, ico);
  console.log(`${file} (${ico.length} bytes)`);
}
