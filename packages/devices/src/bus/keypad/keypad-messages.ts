import { BusCodecError } from '../bus-codec.ts';
import { PayloadReader, pushLengthPrefixed } from '../gb18030.ts';

/** Keys of a caller keypad (呼叫器). Codes are the key byte on the wire. */
export const KeypadKeyCode = {
  call: 0x01, // 叫号
  recall: 0x02, // 重呼
  'no-show': 0x03, // 过号
  start: 0x04, // 开始办理
  finish: 0x05, // 办结
  pause: 0x06, // 暂停
  resume: 0x07, // 恢复
} as const;
export type KeypadKey = keyof typeof KeypadKeyCode;
export const KEYPAD_KEYS = Object.keys(KeypadKeyCode) as KeypadKey[];

export const MAX_DISPLAY_LINES = 4;

/** One buffered key press as the keypad reports it: `seq` 1..255 identifies it for acknowledgement. */
export interface KeypadKeyReport {
  readonly seq: number;
  readonly key: KeypadKey;
}

export function keyFromCode(code: number): KeypadKey {
  const key = KEYPAD_KEYS.find((name) => KeypadKeyCode[name] === code);
  if (!key) throw new BusCodecError('bad-payload', `unknown key code 0x${code.toString(16)}`);
  return key;
}

/** POLL request `[ackSeq]`: the seq of the last key report the host received (0 = none). */
export function encodeKeypadPoll(ackSeq: number): Uint8Array {
  assertSeq(ackSeq, true);
  return Uint8Array.of(ackSeq);
}

export function decodeKeypadPoll(payload: Uint8Array): { ackSeq: number } {
  const reader = new PayloadReader(payload);
  const ackSeq = reader.byte('ackSeq');
  reader.end();
  return { ackSeq };
}

/** POLL reply: empty = nothing pressed; `[seq, key]` = the oldest unacknowledged press. */
export function encodeKeypadPollReply(report: KeypadKeyReport | null): Uint8Array {
  if (!report) return new Uint8Array(0);
  assertSeq(report.seq, false);
  return Uint8Array.of(report.seq, KeypadKeyCode[report.key]);
}

export function decodeKeypadPollReply(payload: Uint8Array): KeypadKeyReport | null {
  if (payload.length === 0) return null;
  const reader = new PayloadReader(payload);
  const seq = reader.byte('seq');
  const key = keyFromCode(reader.byte('key'));
  reader.end();
  assertSeq(seq, false);
  return { seq, key };
}

/** DISPLAY request `[lineCount, (len, GB18030 bytes) × lineCount]`; the reply is an empty ACK. */
export function encodeKeypadDisplay(lines: readonly string[]): Uint8Array {
  if (lines.length > MAX_DISPLAY_LINES) {
    throw new BusCodecError('bad-payload', `at most ${MAX_DISPLAY_LINES} lines, got ${lines.length}`);
  }
  const out: number[] = [lines.length];
  for (const [i, line] of lines.entries()) pushLengthPrefixed(out, line, `line ${i + 1}`);
  return Uint8Array.from(out);
}

export function decodeKeypadDisplay(payload: Uint8Array): string[] {
  const reader = new PayloadReader(payload);
  const count = reader.byte('line count');
  if (count > MAX_DISPLAY_LINES) throw new BusCodecError('bad-payload', `${count} lines`);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(reader.text(`line ${i + 1}`));
  reader.end();
  return lines;
}

function assertSeq(seq: number, allowZero: boolean): void {
  if (!Number.isInteger(seq) || seq < (allowZero ? 0 : 1) || seq > 255) {
    throw new BusCodecError('bad-payload', `sequence number ${seq} out of range`);
  }
}
