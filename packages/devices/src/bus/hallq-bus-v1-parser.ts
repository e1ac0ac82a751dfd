import type {
  BusFrameError,
  BusFrameErrorCode,
  BusFrameParser,
  BusFrameParserHandlers,
} from './bus-codec.ts';
import { MAX_UNIT_ADDRESS } from './bus-codec.ts';
import { crc16Modbus } from './crc16-modbus.ts';

const SOF = 0xa5;
const EOF = 0x5a;
const OVERHEAD = 7;
const MAX_FRAME = OVERHEAD + 255;

/**
 * Stream parser for HallQ bus v1. Resynchronises on the start byte: bytes before a start byte are reported as
 * `garbage`; a candidate frame whose end byte is not where LEN says is reported as `bad-length` and the search
 * restarts one byte later (the real frame may begin inside it); a candidate whose end byte matches but whose CRC
 * does not is reported as `bad-crc` and skipped whole. Never throws.
 */
export function createHallqBusV1Parser(
  handlers: BusFrameParserHandlers,
  options: { maxBufferBytes?: number } = {},
): BusFrameParser {
  const maxBufferBytes = Math.max(options.maxBufferBytes ?? 4 * MAX_FRAME, MAX_FRAME);
  let buffer = new Uint8Array(0);

  const report = (code: BusFrameErrorCode, message: string, bytes: Uint8Array): void => {
    const error: BusFrameError = { code, message, bytes };
    handlers.onError?.(error);
  };

  const drop = (count: number, code: BusFrameErrorCode, message: string): void => {
    report(code, message, buffer.slice(0, count));
    buffer = buffer.subarray(count);
  };

  const process = (): void => {
    for (;;) {
      if (buffer.length === 0) return;
      const start = buffer.indexOf(SOF);
      if (start < 0) {
        drop(buffer.length, 'garbage', `${buffer.length} bytes without a start byte`);
        return;
      }
      if (start > 0) {
        drop(start, 'garbage', `${start} bytes before a start byte`);
        continue;
      }
      if (buffer.length < 2) return;
      if (buffer[1]! > MAX_UNIT_ADDRESS) {
        drop(1, 'bad-address', `address ${buffer[1]} is outside 0..${MAX_UNIT_ADDRESS}`);
        continue;
      }
      if (buffer.length < 4) return;
      const length = buffer[3]!;
      const total = OVERHEAD + length;
      if (buffer.length < total) return;
      if (buffer[total - 1] !== EOF) {
        drop(1, 'bad-length', `no end byte where LEN ${length} says the frame ends`);
        continue;
      }
      const expected = crc16Modbus(buffer, 1, 4 + length);
      const actual = buffer[4 + length]! | (buffer[5 + length]! << 8);
      if (expected !== actual) {
        drop(total, 'bad-crc', `CRC mismatch in a ${total}-byte frame`);
        continue;
      }
      const frame = { address: buffer[1]!, command: buffer[2]!, payload: buffer.slice(4, 4 + length) };
      buffer = buffer.subarray(total);
      handlers.onFrame(frame);
    }
  };

  return {
    push(chunk) {
      if (chunk.length === 0) return;
      const next = new Uint8Array(buffer.length + chunk.length);
      next.set(buffer, 0);
      next.set(chunk, buffer.length);
      buffer = next;
      process();
      if (buffer.length > maxBufferBytes) drop(buffer.length, 'overflow', 'parser buffer limit reached');
    },
    reset() {
      buffer = new Uint8Array(0);
    },
    get buffered() {
      return buffer.length;
    },
  };
}
