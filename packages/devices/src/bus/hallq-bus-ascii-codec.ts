import {
  assertFrameFields,
  type BusCodec,
  BusCodecError,
  type BusFrame,
  type BusFrameError,
} from './bus-codec.ts';

/**
 * A second, deliberately different frame format, in the style of Modbus ASCII:
 *
 *   ':' | hex(ADDR CMD LEN PAYLOAD LRC) | CR LF        LRC = two's complement of the byte sum
 *
 * It exists to show that a vendor frame format is one file: the same drivers and simulators run over it unchanged.
 */
const COLON = 0x3a;
const CR = 0x0d;
const LF = 0x0a;
const MAX_PAYLOAD = 120;
const MAX_LINE = 1 + 2 * (3 + MAX_PAYLOAD + 1) + 2;

function lrc(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}

function encode(frame: BusFrame): Uint8Array {
  assertFrameFields(frame, MAX_PAYLOAD);
  const body = new Uint8Array(4 + frame.payload.length);
  body[0] = frame.address;
  body[1] = frame.command;
  body[2] = frame.payload.length;
  body.set(frame.payload, 3);
  body[body.length - 1] = lrc(body.subarray(0, body.length - 1));
  const text = `:${Array.from(body, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('')}\r\n`;
  return new TextEncoder().encode(text);
}

function decode(bytes: Uint8Array): BusFrame {
  const text = new TextDecoder().decode(bytes);
  const match = /^:((?:[0-9A-F]{2})+)\r\n$/.exec(text);
  if (!match) throw new BusCodecError('bad-start', 'not a ":…CRLF" line of upper-case hex');
  const hex = match[1]!;
  const body = new Uint8Array(hex.length / 2);
  for (let i = 0; i < body.length; i++) body[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (body.length < 4 || body[2]! + 4 !== body.length) throw new BusCodecError('bad-length', 'LEN disagrees');
  if (lrc(body.subarray(0, body.length - 1)) !== body[body.length - 1]) {
    throw new BusCodecError('bad-crc', 'LRC mismatch');
  }
  const frame = { address: body[0]!, command: body[1]!, payload: body.slice(3, body.length - 1) };
  assertFrameFields(frame, MAX_PAYLOAD);
  return frame;
}

export const hallqBusAsciiCodec: BusCodec = {
  name: 'hallq-bus-ascii',
  maxPayload: MAX_PAYLOAD,
  encode,
  decode,
  createParser(handlers) {
    let line: number[] = [];
    let inFrame = false;
    const fail = (code: BusFrameError['code'], message: string, bytes: number[]): void => {
      handlers.onError?.({ code, message, bytes: Uint8Array.from(bytes) });
    };
    return {
      push(chunk) {
        for (const byte of chunk) {
          if (byte === COLON) {
            if (line.length > 0) fail('garbage', 'bytes outside a frame', line);
            line = [byte];
            inFrame = true;
            continue;
          }
          line.push(byte);
          if (!inFrame) continue;
          if (byte === LF && line[line.length - 2] === CR) {
            const bytes = Uint8Array.from(line);
            line = [];
            inFrame = false;
            try {
              handlers.onFrame(decode(bytes));
            } catch (error) {
              const code =
                error instanceof BusCodecError && error.code === 'bad-crc' ? 'bad-crc' : 'bad-length';
              fail(code, error instanceof Error ? error.message : String(error), Array.from(bytes));
            }
          } else if (line.length > MAX_LINE) {
            fail('overflow', 'line too long', line);
            line = [];
            inFrame = false;
          }
        }
        if (!inFrame && line.length > 0) {
          fail('garbage', 'bytes outside a frame', line);
          line = [];
        }
      },
      reset() {
        line = [];
        inFrame = false;
      },
      get buffered() {
        return line.length;
      },
    };
  },
};
