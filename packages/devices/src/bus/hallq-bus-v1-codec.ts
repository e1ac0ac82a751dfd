import {
  assertFrameFields,
  type BusCodec,
  BusCodecError,
  type BusFrame,
  MAX_UNIT_ADDRESS,
} from './bus-codec.ts';
import { crc16Modbus } from './crc16-modbus.ts';
import { createHallqBusV1Parser } from './hallq-bus-v1-parser.ts';

/**
 * HallQ bus v1 frame (docs/protocols/hallq-bus-v1.md):
 *
 *   SOF 0xA5 | ADDR | CMD | LEN | PAYLOAD (LEN bytes) | CRC lo | CRC hi | EOF 0x5A
 *
 * CRC-16/MODBUS over ADDR..PAYLOAD, low byte first.
 */
export const HALLQ_BUS_V1 = {
  startByte: 0xa5,
  endByte: 0x5a,
  headerBytes: 4,
  /** SOF + ADDR + CMD + LEN + CRC(2) + EOF */
  overheadBytes: 7,
  maxPayload: 255,
} as const;

export const HALLQ_BUS_V1_MAX_FRAME = HALLQ_BUS_V1.overheadBytes + HALLQ_BUS_V1.maxPayload;

export function encodeHallqBusV1Frame(frame: BusFrame): Uint8Array {
  assertFrameFields(frame, HALLQ_BUS_V1.maxPayload);
  const { address, command, payload } = frame;
  const out = new Uint8Array(HALLQ_BUS_V1.overheadBytes + payload.length);
  out[0] = HALLQ_BUS_V1.startByte;
  out[1] = address;
  out[2] = command;
  out[3] = payload.length;
  out.set(payload, 4);
  const crc = crc16Modbus(out, 1, 4 + payload.length);
  out[4 + payload.length] = crc & 0xff;
  out[5 + payload.length] = crc >>> 8;
  out[6 + payload.length] = HALLQ_BUS_V1.endByte;
  return out;
}

export function decodeHallqBusV1Frame(bytes: Uint8Array): BusFrame {
  if (bytes.length < HALLQ_BUS_V1.overheadBytes) {
    throw new BusCodecError('bad-length', `a frame has at least 7 bytes, got ${bytes.length}`);
  }
  if (bytes[0] !== HALLQ_BUS_V1.startByte) {
    throw new BusCodecError('bad-start', `frame must start with 0xA5, got 0x${hex(bytes[0]!)}`);
  }
  const address = bytes[1]!;
  if (address > MAX_UNIT_ADDRESS) {
    throw new BusCodecError('bad-address', `address ${address} is outside 0..${MAX_UNIT_ADDRESS}`);
  }
  const length = bytes[3]!;
  if (bytes.length !== HALLQ_BUS_V1.overheadBytes + length) {
    throw new BusCodecError('bad-length', `LEN ${length} needs ${7 + length} bytes, got ${bytes.length}`);
  }
  if (bytes[bytes.length - 1] !== HALLQ_BUS_V1.endByte) {
    throw new BusCodecError('bad-end', `frame must end with 0x5A, got 0x${hex(bytes[bytes.length - 1]!)}`);
  }
  const expected = crc16Modbus(bytes, 1, 4 + length);
  const actual = bytes[4 + length]! | (bytes[5 + length]! << 8);
  if (expected !== actual) {
    throw new BusCodecError('bad-crc', `CRC 0x${hex(actual, 4)} should be 0x${hex(expected, 4)}`);
  }
  return { address, command: bytes[2]!, payload: bytes.slice(4, 4 + length) };
}

function hex(n: number, width = 2): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

export const hallqBusV1Codec: BusCodec = {
  name: 'hallq-bus-v1',
  maxPayload: HALLQ_BUS_V1.maxPayload,
  encode: encodeHallqBusV1Frame,
  decode: decodeHallqBusV1Frame,
  createParser: createHallqBusV1Parser,
};
