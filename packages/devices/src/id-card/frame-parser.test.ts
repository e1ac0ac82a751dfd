import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeReadBody, encodeResponse } from './codec.ts';
import { createFrameParser, type FrameIssue } from './frame-parser.ts';

const collect = (maxLengthField?: number) => {
  const frames: Uint8Array[] = [];
  const issues: FrameIssue[] = [];
  const parser = createFrameParser({
    onFrame: (payload) => frames.push(payload),
    onIssue: (issue) => issues.push(issue),
    ...(maxLengthField !== undefined && { maxLengthField }),
  });
  return { parser, frames, issues };
};

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

const readFrame = encodeResponse({
  sw3: 0x90,
  data: encodeReadBody(
    {
      text: Uint8Array.from({ length: 256 }, (_, i) => i),
      photo: Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) & 0xff),
    },
    false,
  ),
});
const findFrame = encodeResponse({ sw3: 0x9f, data: new Uint8Array(4) });

describe('createFrameParser', () => {
  it('parses a frame split into two chunks at every offset', () => {
    for (const frame of [findFrame, readFrame, encodeCommand({ kind: 'find-card' })]) {
      for (let cut = 0; cut <= frame.length; cut += 1) {
        const { parser, frames, issues } = collect();
        parser.push(frame.subarray(0, cut));
        parser.push(frame.subarray(cut));
        expect(frames).toHaveLength(1);
        // Buffer.equals: vitest's deep equality is too slow for ~1300 frames of ~1300 bytes.
        expect(Buffer.from(frames[0] ?? []).equals(frame.subarray(7, frame.length - 1))).toBe(true);
        expect(issues).toEqual([]);
        expect(parser.buffered).toBe(0);
      }
    }
  });

  it('parses a frame arriving one byte at a time', () => {
    const { parser, frames } = collect();
    for (const byte of readFrame) parser.push(Uint8Array.of(byte));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.length).toBe(readFrame.length - 8);
  });

  it('parses several frames in one chunk', () => {
    const { parser, frames } = collect();
    parser.push(concat(findFrame, readFrame, findFrame));
    expect(frames.map((f) => f.length)).toEqual([7, readFrame.length - 8, 7]);
  });

  it('skips garbage before a frame, including partial preambles, and reports it', () => {
    const { parser, frames, issues } = collect();
    parser.push(Uint8Array.of(0x00, 0xff, 0xaa, 0xaa, 0x13, 0xaa, 0xaa, 0xaa, 0x96, 0x00));
    parser.push(findFrame);
    expect(frames).toHaveLength(1);
    expect(issues.every((issue) => issue.reason === 'garbage')).toBe(true);
    expect(issues.reduce((n, issue) => n + issue.bytes, 0)).toBe(10);
  });

  it('keeps a possible preamble start at the end of a chunk', () => {
    const { parser, frames } = collect();
    parser.push(concat(Uint8Array.of(1, 2, 3), findFrame.subarray(0, 3)));
    parser.push(findFrame.subarray(3));
    expect(frames).toHaveLength(1);
  });

  it('drops a frame with a bad checksum and still parses the next one', () => {
    const damaged = findFrame.slice();
    damaged[9] = 0x60;
    for (let cut = 0; cut <= damaged.length + findFrame.length; cut += 1) {
      const { parser, frames, issues } = collect();
      const stream = concat(damaged, findFrame);
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      expect(frames).toHaveLength(1);
      expect(issues.some((issue) => issue.reason === 'bad-checksum')).toBe(true);
    }
  });

  it('drops a frame whose LEN is wrong and recovers on the next preamble', () => {
    // LEN claims 9 bytes follow but only 8 do: the frame swallows the first byte of the next one.
    const tooLong = findFrame.slice();
    tooLong[6] = 0x09;
    const { parser, frames, issues } = collect();
    parser.push(concat(tooLong, findFrame, findFrame));
    expect(frames).toHaveLength(2);
    expect(issues.some((issue) => issue.reason === 'bad-checksum')).toBe(true);
    // LEN shorter than the frame.
    const tooShort = findFrame.slice();
    tooShort[6] = 0x05;
    const second = collect();
    second.parser.push(concat(tooShort, findFrame));
    expect(second.frames).toHaveLength(1);
  });

  it('rejects impossible lengths at once and keeps its buffer bounded', () => {
    const { parser, frames, issues } = collect(2000);
    const huge = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff);
    parser.push(huge);
    expect(issues[0]).toEqual({ reason: 'bad-length', bytes: 1 });
    const tiny = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01, 0x00);
    parser.push(tiny);
    expect(issues.filter((issue) => issue.reason === 'bad-length')).toHaveLength(2);
    // Noise never accumulates beyond a possible preamble start.
    parser.push(new Uint8Array(10_000).fill(0x55));
    expect(parser.buffered).toBeLessThan(5);
    parser.push(findFrame);
    expect(frames).toHaveLength(1);
  });

  it('reset drops a partial frame', () => {
    const { parser, frames } = collect();
    parser.push(readFrame.subarray(0, 100));
    parser.reset();
    expect(parser.buffered).toBe(0);
    parser.push(findFrame);
    expect(frames).toHaveLength(1);
  });
});
