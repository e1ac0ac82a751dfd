/**
 * GA 467 "SAM" ID-card reader frames (pure, no I/O).
 *
 *   AA AA AA 96 69 | LEN(2, big-endian) | payload … | CHK
 *   LEN = payload length + 1 (the checksum); CHK = XOR of LEN1 … last payload byte.
 *   command payload  = CMD PARA [DATA…]
 *   response payload = SW1 SW2 SW3 [DATA…]
 */

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble + LEN. */
export const HEADER_LENGTH = 7;
/** Largest LEN we accept: a 30 10 read with two fingerprints is 2321 bytes in all. */
export const MAX_FRAME_LENGTH_FIELD = 4096;

export class Ga467CodecError extends Error {
  readonly code = 'GA467_FRAME_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'Ga467CodecError';
  }
}

/** XOR of `bytes` (the LEN field and the payload). */
export function xorChecksum(bytes: Uint8Array): number {
  let chk = 0;
  for (const byte of bytes) chk ^= byte;
  return chk;
}

/** Wraps a payload into a complete frame. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const len = payload.length + 1;
  if (len > MAX_FRAME_LENGTH_FIELD)
    throw new Ga467CodecError(`payload of ${payload.length} bytes is too long`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(payload, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame.subarray(5, frame.length - 1));
  return frame;
}

/** Checks preamble, LEN and checksum of one complete frame and returns its payload. Throws `Ga467CodecError`. */
export function decodeFrame(frame: Uint8Array): Uint8Array {
  if (frame.length < HEADER_LENGTH + 1)
    throw new Ga467CodecError(`frame of ${frame.length} bytes is too short`);
  for (let i = 0; i < PREAMBLE.length; i += 1) {
    if (frame[i] !== PREAMBLE[i]) throw new Ga467CodecError('frame does not start with AA AA AA 96 69');
  }
  const len = ((frame[5] ?? 0) << 8) | (frame[6] ?? 0);
  if (HEADER_LENGTH + len !== frame.length) {
    throw new Ga467CodecError(`LEN says ${len} bytes follow but ${frame.length - HEADER_LENGTH} do`);
  }
  const expected = xorChecksum(frame.subarray(5, frame.length - 1));
  if (frame[frame.length - 1] !== expected) throw new Ga467CodecError('checksum mismatch');
  return frame.slice(HEADER_LENGTH, frame.length - 1);
}

// ── Commands ────────────────────────────────────────────────────────────────────────────────────────────

export const READER_BAUD_RATES = [115200, 57600, 38400, 19200, 9600] as const;
export type ReaderBaudRate = (typeof READER_BAUD_RATES)[number];

/** Every command of the protocol, host → reader. */
export type SamCommand =
  | { readonly kind: 'reset-sam' }
  | { readonly kind: 'sam-status' }
  | { readonly kind: 'read-sam-id' }
  | { readonly kind: 'find-card' }
  | { readonly kind: 'select-card' }
  | { readonly kind: 'read-text-photo' }
  | { readonly kind: 'read-appended-address' }
  | { readonly kind: 'read-chip-id' }
  | { readonly kind: 'read-text-photo-fingerprint' }
  | { readonly kind: 'set-baud-rate'; readonly baudRate: ReaderBaudRate }
  | { readonly kind: 'set-max-rf-frame'; readonly bytes: number };

export type SamCommandKind = SamCommand['kind'];

type PlainKind = Exclude<SamCommandKind, 'set-baud-rate' | 'set-max-rf-frame'>;

const PLAIN_CODES: Readonly<Record<PlainKind, readonly [number, number]>> = {
  'reset-sam': [0x10, 0xff],
  'sam-status': [0x11, 0xff],
  'read-sam-id': [0x12, 0xff],
  'find-card': [0x20, 0x01],
  'select-card': [0x20, 0x02],
  'read-text-photo': [0x30, 0x01],
  'read-appended-address': [0x30, 0x03],
  'read-chip-id': [0x30, 0x05],
  'read-text-photo-fingerprint': [0x30, 0x10],
};

/** Builds the complete frame of a command. */
export function encodeCommand(command: SamCommand): Uint8Array {
  switch (command.kind) {
    case 'set-baud-rate':
      return encodeFrame(Uint8Array.of(0x60, READER_BAUD_RATES.indexOf(command.baudRate)));
    case 'set-max-rf-frame':
      if (!Number.isInteger(command.bytes) || command.bytes < 1 || command.bytes > 0xff) {
        throw new Ga467CodecError(`max RF frame ${command.bytes} is not 1..255`);
      }
      return encodeFrame(Uint8Array.of(0x61, 0xff, command.bytes));
    default: {
      const [cmd, para] = PLAIN_CODES[command.kind];
      return encodeFrame(Uint8Array.of(cmd, para));
    }
  }
}

/** Reader side: what command is this payload? Undefined for an unknown CMD/PARA combination. */
export function decodeCommand(payload: Uint8Array): SamCommand | undefined {
  const [cmd, para, data] = payload;
  if (cmd === 0x60 && para !== undefined && payload.length === 2) {
    const baudRate = READER_BAUD_RATES[para];
    return baudRate === undefined ? undefined : { kind: 'set-baud-rate', baudRate };
  }
  if (cmd === 0x61 && para === 0xff && data !== undefined && payload.length === 3) {
    return data === 0 ? undefined : { kind: 'set-max-rf-frame', bytes: data };
  }
  if (payload.length !== 2) return undefined;
  for (const [kind, [c, p]] of Object.entries(PLAIN_CODES) as [PlainKind, readonly [number, number]][]) {
    if (c === cmd && p === para) return { kind };
  }
  return undefined;
}

// ── Responses ───────────────────────────────────────────────────────────────────────────────────────────

export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  readonly sw3: number;
  readonly data: Uint8Array;
}

export function decodeResponse(payload: Uint8Array): SamResponse {
  if (payload.length < 3)
    throw new Ga467CodecError(`response payload of ${payload.length} bytes has no SW1-SW3`);
  return { sw1: payload[0] ?? 0, sw2: payload[1] ?? 0, sw3: payload[2] ?? 0, data: payload.slice(3) };
}

/** Reader side: builds a complete response frame. */
export function encodeResponse(response: {
  readonly sw3: number;
  readonly data?: Uint8Array;
  readonly sw1?: number;
  readonly sw2?: number;
}): Uint8Array {
  const data = response.data ?? new Uint8Array(0);
  const payload = new Uint8Array(3 + data.length);
  payload[0] = response.sw1 ?? 0;
  payload[1] = response.sw2 ?? 0;
  payload[2] = response.sw3;
  payload.set(data, 3);
  return encodeFrame(payload);
}

// ── Status codes (SW3) ──────────────────────────────────────────────────────────────────────────────────

export type SamStatusCode =
  | 'OK'
  | 'CARD_FOUND'
  | 'NO_CONTENT'
  | 'CHECKSUM_ERROR'
  | 'LENGTH_ERROR'
  | 'COMMAND_ERROR'
  | 'UNAUTHORISED_OPERATION'
  | 'UNRECOGNISED_ERROR'
  | 'CARD_AUTHENTICATE_SAM_FAILED'
  | 'SAM_AUTHENTICATE_CARD_FAILED'
  | 'INFORMATION_VERIFY_FAILED'
  | 'FINGERPRINT_VERIFY_FAILED'
  | 'INFORMATION_LENGTH_ERROR'
  | 'UNKNOWN_CARD_TYPE'
  | 'READ_CARD_FAILED'
  | 'RANDOM_NUMBER_FAILED'
  | 'SAM_SELF_TEST_FAILED'
  | 'SAM_NOT_AUTHORISED'
  | 'NO_CARD'
  | 'SELECT_CARD_FAILED'
  | 'UNKNOWN_STATUS';

export interface SamStatus {
  readonly sw3: number;
  readonly code: SamStatusCode;
  /** 0x90, 0x9F (find ok) and 0x91 (item empty) are not failures. */
  readonly ok: boolean;
  readonly zh: string;
  readonly en: string;
}

const STATUS_TABLE: ReadonlyArray<readonly [number, SamStatusCode, boolean, string, string]> = [
  [0x90, 'OK', true, '操作成功', 'success'],
  [0x9f, 'CARD_FOUND', true, '寻找证/卡成功', 'card found'],
  [0x91, 'NO_CONTENT', true, '证/卡中此项无内容', 'the card has no content for this item'],
  [0x10, 'CHECKSUM_ERROR', false, '接收业务终端数据的校验和错', 'the reader got a frame with a bad checksum'],
  [0x11, 'LENGTH_ERROR', false, '接收业务终端数据的长度错', 'the reader got a frame with a bad length'],
  [0x21, 'COMMAND_ERROR', false, '接收业务终端的命令错误', 'the reader does not know this command'],
  [0x23, 'UNAUTHORISED_OPERATION', false, '越权操作', 'operation not permitted'],
  [0x24, 'UNRECOGNISED_ERROR', false, '无法识别的错误', 'unrecognised error'],
  [
    0x31,
    'CARD_AUTHENTICATE_SAM_FAILED',
    false,
    '证/卡认证SAM_A失败',
    'the card failed to authenticate the SAM',
  ],
  [
    0x32,
    'SAM_AUTHENTICATE_CARD_FAILED',
    false,
    'SAM_A认证证/卡失败',
    'the SAM failed to authenticate the card',
  ],
  [0x33, 'INFORMATION_VERIFY_FAILED', false, '信息验证错误', 'information verification failed'],
  [0x37, 'FINGERPRINT_VERIFY_FAILED', false, '指纹信息验证错误', 'fingerprint data verification failed'],
  [0x3f, 'INFORMATION_LENGTH_ERROR', false, '信息长度错误', 'information length error'],
  [0x40, 'UNKNOWN_CARD_TYPE', false, '无法识别的证/卡类型', 'unknown card type'],
  [0x41, 'READ_CARD_FAILED', false, '读证/卡操作失败', 'reading the card failed'],
  [0x47, 'RANDOM_NUMBER_FAILED', false, '取随机数失败', 'getting a random number failed'],
  [
    0x60,
    'SAM_SELF_TEST_FAILED',
    false,
    'SAM_A自检失败，不能接收命令',
    'SAM self-test failed; it accepts no commands',
  ],
  [
    0x66,
    'SAM_NOT_AUTHORISED',
    false,
    'SAM_A没经过授权，无法使用',
    'SAM is not authorised and cannot be used',
  ],
  [0x80, 'NO_CARD', false, '寻找证/卡失败', 'no card on the reader'],
  [0x81, 'SELECT_CARD_FAILED', false, '选取证/卡失败', 'selecting the card failed'],
];

const STATUS_BY_SW3 = new Map<number, SamStatus>(
  STATUS_TABLE.map(([sw3, code, ok, zh, en]) => [sw3, { sw3, code, ok, zh, en }]),
);

/** Every SW3 value the protocol defines. */
export const KNOWN_SW3: readonly number[] = STATUS_TABLE.map(([sw3]) => sw3);

export function samStatus(sw3: number): SamStatus {
  return (
    STATUS_BY_SW3.get(sw3) ?? {
      sw3,
      code: 'UNKNOWN_STATUS',
      ok: false,
      zh: `未知状态码 0x${sw3.toString(16).padStart(2, '0')}`,
      en: `unknown status 0x${sw3.toString(16).padStart(2, '0')}`,
    }
  );
}

/** The reader answered with a failure status. `code` is always 'SAM_STATUS'; `status.code` says which. */
export class SamStatusError extends Error {
  readonly code = 'SAM_STATUS';
  readonly status: SamStatus;
  readonly operation: SamCommandKind;

  constructor(operation: SamCommandKind, status: SamStatus) {
    super(`${operation}: ${status.en} (SW3 0x${status.sw3.toString(16).padStart(2, '0')})`);
    this.name = 'SamStatusError';
    this.status = status;
    this.operation = operation;
  }
}

// ── Response bodies ─────────────────────────────────────────────────────────────────────────────────────

export interface ReadBody {
  /** 256-byte UCS-2 LE text block. */
  readonly text: Uint8Array;
  /** WLT-compressed photo (1024 bytes). */
  readonly photo: Uint8Array;
  /** Fingerprint records (0, 512 or 1024 bytes) — only from a 30 10 read. */
  readonly fingerprint?: Uint8Array;
}

const u16 = (bytes: Uint8Array, offset: number): number =>
  ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
const putU16 = (bytes: Uint8Array, offset: number, value: number): void => {
  bytes[offset] = value >> 8;
  bytes[offset + 1] = value & 0xff;
};

/** Data of a 30 01 response: textLen(2) photoLen(2) text photo; of 30 10: textLen photoLen fpLen text photo fp. */
export function decodeReadBody(data: Uint8Array, withFingerprint: boolean): ReadBody {
  const headerLength = withFingerprint ? 6 : 4;
  if (data.length < headerLength)
    throw new Ga467CodecError('read response is shorter than its length header');
  const textLength = u16(data, 0);
  const photoLength = u16(data, 2);
  const fingerprintLength = withFingerprint ? u16(data, 4) : 0;
  const expected = headerLength + textLength + photoLength + fingerprintLength;
  if (data.length !== expected) {
    throw new Ga467CodecError(
      `read response has ${data.length} data bytes, its length header says ${expected}`,
    );
  }
  const text = data.slice(headerLength, headerLength + textLength);
  const photo = data.slice(headerLength + textLength, headerLength + textLength + photoLength);
  if (!withFingerprint) return { text, photo };
  return { text, photo, fingerprint: data.slice(headerLength + textLength + photoLength) };
}

/** Reader side: the data part of a 30 01 / 30 10 response. */
export function encodeReadBody(body: ReadBody, withFingerprint: boolean): Uint8Array {
  const fingerprint = withFingerprint ? (body.fingerprint ?? new Uint8Array(0)) : new Uint8Array(0);
  const headerLength = withFingerprint ? 6 : 4;
  const data = new Uint8Array(headerLength + body.text.length + body.photo.length + fingerprint.length);
  putU16(data, 0, body.text.length);
  putU16(data, 2, body.photo.length);
  if (withFingerprint) putU16(data, 4, fingerprint.length);
  data.set(body.text, headerLength);
  data.set(body.photo, headerLength + body.text.length);
  data.set(fingerprint, headerLength + body.text.length + body.photo.length);
  return data;
}

/** SAM module number from the 16 data bytes of a 12 FF response, e.g. '05.01-20101111-012345678-123456789' (HslCommunication's layout). */
export function decodeSamId(data: Uint8Array): string {
  if (data.length < 16) throw new Ga467CodecError(`SAM id has ${data.length} bytes, expected 16`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const two = (n: number | undefined): string => String(n ?? 0).padStart(2, '0');
  return [
    `${two(data[0])}.${two(data[2])}`,
    String(view.getUint32(4, true)),
    String(view.getUint32(8, true)).padStart(9, '0'),
    String(view.getUint32(12, true)).padStart(9, '0'),
  ].join('-');
}
