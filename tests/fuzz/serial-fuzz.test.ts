/**
 * Serial fuzzing: 10,000 generated and mutated byte streams into each stream parser (GA 467 ID reader, HallQ bus
 * v1 — shared by the caller keypad, LED sign and evaluation pad —, the HallQ bus ASCII variant, and the ESC/POS
 * decoder), in random chunkings. No throw escapes a parser, its buffer stays bounded after every chunk, and
 * unmutated frames still come through. The device message decoders behind the bus parser (keypad, sign,
 * evaluator) get every payload the parser lets through and may only throw their typed `BusCodecError`.
 *
 * `npm run test:chaos` runs 100,000 per parser (HALLQ_FUZZ_FRAMES). The seed is printed.
 */
import {
  BusCodecError,
  createEscPosStreamDecoder,
  createFrameParser,
  createHallqBusV1Parser,
  decodeKeypadDisplay,
  decodeKeypadPoll,
  decodeKeypadPollReply,
  decodeNak,
  decodePadEnd,
  decodePadRequest,
  decodePadState,
  decodePingReply,
  decodeSignShow,
  encodeFrame,
  encodeHallqBusV1Frame,
  encodeKeypadDisplay,
  encodeKeypadPollReply,
  encodePadRequest,
  encodeSignShow,
  HALLQ_BUS_V1_MAX_FRAME,
  hallqBusAsciiCodec,
  KEYPAD_KEYS,
} from '@hallq/devices';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chaosSeed, countFromEnv } from '../chaos/support/seeded-random.ts';

const RUNS = countFromEnv('HALLQ_FUZZ_FRAMES', 10_000);
const seed = chaosSeed();
/** Generous for a loaded 2-core machine: about 3 ms per stream there. */
const TIMEOUT_MS = 60_000 + RUNS * 20;

/** A stream: some frames, each maybe mutated, with noise between them, cut into random chunks. */
interface Stream {
  readonly chunks: readonly Uint8Array[];
  /** Frames left intact and not touched by noise: the parser must deliver at least these. */
  readonly intact: number;
}

const noise = fc.uint8Array({ minLength: 0, maxLength: 40 });

function mutate(frame: fc.Arbitrary<Uint8Array>): fc.Arbitrary<{ bytes: Uint8Array; intact: boolean }> {
  const flip = fc.tuple(frame, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([f, at, mask]) => {
    const out = Uint8Array.from(f);
    if (out.length > 0) out[at % out.length]! ^= mask;
    return out;
  });
  const truncate = fc.tuple(frame, fc.nat()).map(([f, at]) => f.slice(0, at % Math.max(1, f.length)));
  const insert = fc.tuple(frame, fc.nat(), noise).map(([f, at, extra]) => {
    const cut = at % (f.length + 1);
    return Uint8Array.from([...f.slice(0, cut), ...extra, ...f.slice(cut)]);
  });
  const lengthField = fc.tuple(frame, fc.integer({ min: 0, max: 0xff })).map(([f, value]) => {
    const out = Uint8Array.from(f);
    for (const i of [3, 5, 6]) if (i < out.length) out[i] = value;
    return out;
  });
  const repeat = fc
    .tuple(frame, fc.integer({ min: 2, max: 6 }))
    .map(([f, n]) => Uint8Array.from(Array.from({ length: n }, () => [...f]).flat()));
  return fc.oneof(
    { arbitrary: frame.map((bytes) => ({ bytes, intact: true })), weight: 3 },
    {
      arbitrary: fc.oneof(flip, truncate, insert, lengthField).map((bytes) => ({ bytes, intact: false })),
      weight: 4,
    },
    { arbitrary: repeat.map((bytes) => ({ bytes, intact: false })), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 600 }).map((bytes) => ({ bytes, intact: false })), weight: 2 },
  );
}

function streamOf(frame: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Stream> {
  return fc
    .tuple(
      fc.array(fc.tuple(mutate(frame), fc.boolean(), noise), { minLength: 1, maxLength: 6 }),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 }),
    )
    .map(([parts, cuts]) => {
      const bytes: number[] = [];
      let intact = 0;
      // Only the frames before the first damage are promised: a damaged length or random bytes may legitimately
      // hold back (or swallow) whatever follows until the stream brings enough bytes to rule them out.
      let damaged = false;
      for (const [{ bytes: frameBytes, intact: ok }, withNoise, extra] of parts) {
        bytes.push(...frameBytes);
        if (ok && !damaged) intact += 1;
        if (!ok || withNoise) damaged = true;
        if (withNoise) bytes.push(...extra);
      }
      const chunks: Uint8Array[] = [];
      for (let at = 0, i = 0; at < bytes.length && i < 10_000; i += 1) {
        const size = cuts[i % cuts.length]!;
        chunks.push(Uint8Array.from(bytes.slice(at, at + size)));
        at += size;
      }
      return { chunks, intact };
    });
}

const gb18030Text = fc
  .string({ maxLength: 12, unit: 'grapheme' })
  .map((s) => s.replace(/[^\u0020-\u007e\u4e00-\u9fa5]/g, ''));

const ga467Frame = fc.uint8Array({ minLength: 3, maxLength: 1300 }).map((payload) => encodeFrame(payload));

const busPayload = fc.oneof(
  fc.uint8Array({ maxLength: 255 }),
  fc
    .record({ seq: fc.integer({ min: 1, max: 255 }), key: fc.constantFrom(...KEYPAD_KEYS) })
    .map((r) => encodeKeypadPollReply(r)),
  fc.array(gb18030Text, { maxLength: 4 }).map((lines) => encodeKeypadDisplay(lines)),
  fc
    .record({
      text: gb18030Text,
      effect: fc.constantFrom('static', 'scroll', 'blink') as fc.Arbitrary<'static' | 'scroll' | 'blink'>,
      brightness: fc.integer({ min: 0, max: 16 }),
    })
    .map((c) => encodeSignShow(c)),
  fc
    .tuple(fc.integer({ min: 1, max: 255 }), gb18030Text, gb18030Text, gb18030Text, gb18030Text)
    .map(([id, ticket, clerkNo, clerkName, service]) =>
      encodePadRequest(id, { ticket, clerkNo, clerkName, service }),
    ),
);
const busFrame = fc
  .record({
    address: fc.integer({ min: 0, max: 247 }),
    command: fc.integer({ min: 0, max: 255 }),
    payload: busPayload,
  })
  .map((f) => encodeHallqBusV1Frame(f));
const asciiFrame = fc
  .record({
    address: fc.integer({ min: 0, max: 247 }),
    command: fc.integer({ min: 0, max: 255 }),
    payload: fc.uint8Array({ maxLength: 120 }),
  })
  .map((f) => hallqBusAsciiCodec.encode(f));

const escposPiece = fc.oneof(
  fc.constantFrom(
    [0x1b, 0x40], // ESC @
    [0x1b, 0x61, 0x01], // ESC a 1
    [0x1d, 0x21, 0x11], // GS ! 0x11
    [0x1b, 0x45, 0x01], // ESC E 1
    [0x1c, 0x26], // FS &
    [0x1c, 0x2e], // FS .
    [0x0a], // LF
    [0x1d, 0x56, 0x42, 0x00], // GS V B 0
    [0x10, 0x04, 0x01], // DLE EOT 1
    [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06], // QR module size
    [0x1d, 0x28, 0x6b, 0xff, 0xff, 0x31, 0x50, 0x30], // QR store, 65535 announced
    [0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff], // GS v 0 raster, huge announced size
    [0x1b, 0x2a, 0x21, 0xff, 0xff], // ESC * bit image, huge width
  ),
  fc.string({ maxLength: 20 }).map((s) => [...Buffer.from(s, 'utf8')]),
  fc.uint8Array({ maxLength: 30 }).map((b) => [...b]),
);
const escposStream = fc
  .tuple(
    fc.array(escposPiece, { minLength: 1, maxLength: 30 }),
    fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
  )
  .map(([pieces, cuts]) => {
    const bytes = pieces.flat();
    const chunks: Uint8Array[] = [];
    for (let at = 0, i = 0; at < bytes.length && i < 10_000; i += 1) {
      const size = cuts[i % cuts.length]!;
      chunks.push(Uint8Array.from(bytes.slice(at, at + size)));
      at += size;
    }
    return chunks;
  });

const BUS_DECODERS: readonly ((payload: Uint8Array) => unknown)[] = [
  decodeKeypadPoll,
  decodeKeypadPollReply,
  decodeKeypadDisplay,
  decodeSignShow,
  decodePadRequest,
  decodePadState,
  decodePadEnd,
  decodeNak,
  decodePingReply,
];

const params = (offset: number) => ({ numRuns: RUNS, seed: seed + offset });

describe(`serial parsers under ${RUNS} generated and mutated streams each (seed ${seed})`, () => {
  it('GA 467 (ID card reader): no throw, buffer ≤ one frame + one chunk, intact frames delivered', {
    timeout: TIMEOUT_MS,
  }, () => {
    const maxLengthField = 4096;
    fc.assert(
      fc.property(streamOf(ga467Frame), ({ chunks, intact }) => {
        let frames = 0;
        const parser = createFrameParser({ onFrame: () => (frames += 1), onIssue: () => {}, maxLengthField });
        for (const chunk of chunks) {
          parser.push(chunk);
          expect(parser.buffered).toBeLessThanOrEqual(7 + maxLengthField + 64);
        }
        expect(frames).toBeGreaterThanOrEqual(intact);
      }),
      params(1),
    );
  });

  it('HallQ bus v1 (keypad, sign, evaluator): no throw, bounded buffer; their decoders throw only BusCodecError', {
    timeout: TIMEOUT_MS,
  }, () => {
    let decoded = 0;
    fc.assert(
      fc.property(streamOf(busFrame), ({ chunks, intact }) => {
        const payloads: Uint8Array[] = [];
        const parser = createHallqBusV1Parser({
          onFrame: (f) => payloads.push(f.payload),
          onError: () => {},
        });
        for (const chunk of chunks) {
          parser.push(chunk);
          expect(parser.buffered).toBeLessThanOrEqual(4 * HALLQ_BUS_V1_MAX_FRAME);
        }
        expect(payloads.length).toBeGreaterThanOrEqual(intact);
        for (const payload of payloads) {
          for (const decode of BUS_DECODERS) {
            try {
              decode(payload);
              decoded += 1;
            } catch (error) {
              if (!(error instanceof BusCodecError)) throw error;
            }
          }
        }
      }),
      params(2),
    );
    expect(decoded).toBeGreaterThan(0);
  });

  it('HallQ bus ASCII variant: no throw, bounded line buffer', { timeout: TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(streamOf(asciiFrame), ({ chunks, intact }) => {
        let frames = 0;
        const parser = hallqBusAsciiCodec.createParser({ onFrame: () => (frames += 1), onError: () => {} });
        for (const chunk of chunks) {
          parser.push(chunk);
          expect(parser.buffered).toBeLessThanOrEqual(1 + 2 * (3 + 120 + 1) + 2 + 1);
        }
        expect(frames).toBeGreaterThanOrEqual(intact);
      }),
      params(3),
    );
  });

  it('ESC/POS decoder (printer simulator): no throw, held-back bytes bounded by one command', {
    timeout: TIMEOUT_MS,
  }, () => {
    let maxPending = 0;
    fc.assert(
      fc.property(escposStream, (chunks) => {
        const decoder = createEscPosStreamDecoder();
        for (const chunk of chunks) {
          decoder.push(chunk);
          maxPending = Math.max(maxPending, decoder.pendingBytes);
          // The largest command the decoder waits for whole is a QR store (GS ( k, 16-bit length).
          expect(decoder.pendingBytes).toBeLessThanOrEqual(0xffff + 8);
        }
        decoder.end();
        expect(decoder.pendingBytes).toBe(0);
      }),
      params(4),
    );
    console.log(`ESC/POS: largest held-back command ${maxPending} bytes`);
  });
});
