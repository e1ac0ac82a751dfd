import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HighWaterMark, openMarkFile } from './high-water-mark.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function markPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-mark-'));
  dirs.push(dir);
  return join(dir, 'hallq.mark');
}

const mark = (eventId: number): HighWaterMark => ({
  eventId,
  hash: eventId.toString(16).padStart(64, '0'),
  hallSeq: eventId - 1,
  businessDay: '2026-11-28',
  lastSequence: { 'svc-1': eventId, 'svc-2': 3 },
});

describe('the high-water mark file', () => {
  it('reads back the last mark written, after a reopen', () => {
    const path = markPath();
    const file = openMarkFile(path);
    expect(file.read()).toBeNull();
    for (let id = 1; id <= 5; id += 1) file.write(mark(id));
    file.close();
    const again = openMarkFile(path);
    expect(again.read()).toEqual(mark(5));
    again.write(mark(6));
    expect(again.read()).toEqual(mark(6));
    again.close();
  });

  it('falls back to the mark before when the last write was torn', () => {
    const path = markPath();
    const file = openMarkFile(path);
    file.write(mark(7));
    file.write(mark(8));
    file.close();
    // Tear the newest slot: half of it overwritten, as a crash in the middle of the write would.
    const bytes = readFileSync(path);
    const newest = bytes.indexOf('"eventId":8');
    expect(newest).toBeGreaterThan(0);
    bytes.fill(0x20, newest - 10, newest + 40);
    writeFileSync(path, bytes);
    expect(openMarkFile(path).read()).toEqual(mark(7));
  });

  it('refuses a mark too large for its slot instead of writing half of it', () => {
    const file = openMarkFile(markPath());
    const lastSequence = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`service-${i}`, i]));
    expect(() => file.write({ ...mark(1), lastSequence })).toThrow(/does not fit/);
    file.close();
  });
});
