/**
 * The pluggable frame layer of a multi-drop bus. A `BusCodec` turns a `BusFrame` (address, command, payload) into
 * bytes and back. Device drivers and simulators only ever see `BusFrame`s, so a vendor with a different frame
 * format (start byte, checksum, ASCII framing…) is one file implementing this interface.
 */

/** Broadcast address: every unit acts on the frame, none answers. */
export const BROADCAST_ADDRESS = 0;
export const MIN_UNIT_ADDRESS = 1;
export const MAX_UNIT_ADDRESS = 247;

export interface BusFrame {
  /** 0 = broadcast, 1..247 = one unit. In a reply, the address of the unit that answers. */
  readonly address: number;
  /** 0x00..0xFF. Replies carry `command | 0x80`; 0xFF is a negative acknowledgement. */
  readonly command: number;
  readonly payload: Uint8Array;
}

export type BusFrameErrorCode =
  | 'bad-crc'
  | 'bad-length'
  | 'bad-end'
  | 'bad-address'
  | 'bad-encoding'
  | 'garbage'
  | 'overflow';

/** A frame (or run of bytes) the parser dropped. Reported, never thrown: the stream goes on. */
export interface BusFrameError {
  readonly code: BusFrameErrorCode;
  readonly message: string;
  /** The bytes that were skipped. */
  readonly bytes: Uint8Array;
}

export interface BusFrameParserHandlers {
  onFrame(frame: BusFrame): void;
  onError?(error: BusFrameError): void;
}

/** A stateful byte-stream splitter. Feed it chunks in any sizes; it calls `onFrame` for each valid frame. */
export interface BusFrameParser {
  push(chunk: Uint8Array): void;
  /** Forget any partial frame (e.g. after the port reconnects). */
  reset(): void;
  /** Bytes currently held while waiting for the rest of a frame. */
  readonly buffered: number;
}

export interface BusCodec {
  /** A short stable name, e.g. `hallq-bus-v1`; hardware profiles refer to it. */
  readonly name: string;
  /** Largest payload a frame can carry. */
  readonly maxPayload: number;
  /** Pure: frame → bytes. Throws `BusCodecError` on an invalid address, command or payload size. */
  encode(frame: BusFrame): Uint8Array;
  /** Pure: exactly one frame's bytes → frame. Throws `BusCodecError` on any defect. */
  decode(bytes: Uint8Array): BusFrame;
  createParser(handlers: BusFrameParserHandlers, options?: { maxBufferBytes?: number }): BusFrameParser;
}

export class BusCodecError extends Error {
  override readonly name = 'BusCodecError';
  constructor(
    readonly code: BusFrameErrorCode | 'bad-command' | 'payload-too-large' | 'bad-start' | 'bad-payload',
    message: string,
  ) {
    super(message);
  }
}

export function assertFrameFields(frame: BusFrame, maxPayload: number): void {
  const { address, command, payload } = frame;
  if (!Number.isInteger(address) || address < 0 || address > MAX_UNIT_ADDRESS) {
    throw new BusCodecError('bad-address', `address ${address} is outside 0..${MAX_UNIT_ADDRESS}`);
  }
  if (!Number.isInteger(command) || command < 0 || command > 0xff) {
    throw new BusCodecError('bad-command', `command ${command} is not a byte`);
  }
  if (payload.length > maxPayload) {
    throw new BusCodecError('payload-too-large', `payload of ${payload.length} bytes exceeds ${maxPayload}`);
  }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new BusCodecError('bad-payload', `not hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
