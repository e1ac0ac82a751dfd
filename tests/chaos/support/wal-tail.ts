import { closeSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Reads a SQLite WAL file the way SQLite's recovery does (https://sqlite.org/fileformat.html#the_write_ahead_log):
 * a frame is valid while its salts match the header's and its cumulative checksum holds; a transaction counts
 * only up to its commit frame (the one whose "database size" field is not zero).
 */
export interface WalTail {
  readonly pageSize: number;
  /** Byte offset of each valid frame. */
  readonly frames: readonly number[];
  /** Index in `frames` of the last valid commit frame, or -1. */
  readonly lastCommit: number;
}

const HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

function checksum(
  bytes: Buffer,
  start: number,
  end: number,
  bigEndian: boolean,
  s: [number, number],
): [number, number] {
  let [s1, s2] = s;
  for (let i = start; i < end; i += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
    const x1 = bigEndian ? bytes.readUInt32BE(i + 4) : bytes.readUInt32LE(i + 4);
    s1 = (s1 + x0 + s2) >>> 0;
    s2 = (s2 + x1 + s1) >>> 0;
  }
  return [s1, s2];
}

export function readWalTail(file: string): WalTail {
  const wal = readFileSync(file);
  if (wal.length < HEADER_BYTES) return { pageSize: 0, frames: [], lastCommit: -1 };
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) throw new Error(`${file} is not a WAL file`);
  const bigEndian = (magic & 1) === 1;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let sum = checksum(wal, 0, 24, bigEndian, [0, 0]);
  if (sum[0] !== wal.readUInt32BE(24) || sum[1] !== wal.readUInt32BE(28)) {
    return { pageSize, frames: [], lastCommit: -1 };
  }
  const frames: number[] = [];
  let lastCommit = -1;
  const frameBytes = FRAME_HEADER_BYTES + pageSize;
  for (let offset = HEADER_BYTES; offset + frameBytes <= wal.length; offset += frameBytes) {
    if (wal.readUInt32BE(offset + 8) !== salt1 || wal.readUInt32BE(offset + 12) !== salt2) break;
    sum = checksum(wal, offset, offset + 8, bigEndian, sum);
    sum = checksum(wal, offset + FRAME_HEADER_BYTES, offset + frameBytes, bigEndian, sum);
    if (sum[0] !== wal.readUInt32BE(offset + 16) || sum[1] !== wal.readUInt32BE(offset + 20)) break;
    frames.push(offset);
    if (wal.readUInt32BE(offset + 4) !== 0) lastCommit = frames.length - 1;
  }
  return { pageSize, frames, lastCommit };
}

export type WalDamage = 'cut' | 'overwrite';

/**
 * Damages the last valid commit frame, as storage that lied about its fsync would leave it: `cut` truncates
 * the file somewhere inside that frame (or at its start), `overwrite` puts random bytes over part of it. Either
 * way SQLite's recovery drops that whole transaction. Returns false when the WAL holds no commit to damage.
 */
export function damageWalTail(file: string, how: WalDamage, random: SeededRandom): boolean {
  const tail = readWalTail(file);
  const offset = tail.frames[tail.lastCommit];
  if (offset === undefined) return false;
  const frameBytes = FRAME_HEADER_BYTES + tail.pageSize;
  if (how === 'cut') {
    truncateSync(file, offset + random.int(0, frameBytes - 1));
    return true;
  }
  const length = random.int(1, 64);
  const at = offset + random.int(0, frameBytes - length);
  const garbage = Buffer.from(Array.from({ length }, () => random.int(0, 255)));
  // Make sure at least one byte really changes.
  const current = readFileSync(file).subarray(at, at + length);
  if (garbage.equals(current)) garbage[0] = (garbage[0]! + 1) & 0xff;
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, garbage, 0, length, at);
  } finally {
    closeSync(fd);
  }
  return true;
}
