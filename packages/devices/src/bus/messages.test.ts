import { describe, expect, it } from 'vitest';
import { BusCodecError } from './bus-codec.ts';
import {
  decodePadEnd,
  decodePadRequest,
  decodePadState,
  encodePadRequest,
  encodePadState,
  levelOfRating,
  RATING_LABELS,
  RATINGS,
  ratingFromLevel,
} from './evaluator/evaluation-pad-messages.ts';
import { decodeNak, decodePingReply, encodeNak } from './hallq-bus-v1-commands.ts';
import {
  decodeKeypadDisplay,
  decodeKeypadPoll,
  decodeKeypadPollReply,
  encodeKeypadDisplay,
  encodeKeypadPoll,
  encodeKeypadPollReply,
  KEYPAD_KEYS,
} from './keypad/keypad-messages.ts';
import { decodeSignShow, encodeSignShow } from './led-sign/led-sign-messages.ts';

describe('keypad messages', () => {
  it('round-trips every key', () => {
    for (const key of KEYPAD_KEYS) {
      expect(decodeKeypadPollReply(encodeKeypadPollReply({ seq: 200, key }))).toEqual({ seq: 200, key });
    }
    expect(decodeKeypadPollReply(encodeKeypadPollReply(null))).toBeNull();
    expect(decodeKeypadPoll(encodeKeypadPoll(7))).toEqual({ ackSeq: 7 });
  });

  it('round-trips display lines, including none', () => {
    expect(decodeKeypadDisplay(encodeKeypadDisplay(['A001 服务中', '等候 5 人']))).toEqual([
      'A001 服务中',
      '等候 5 人',
    ]);
    expect(decodeKeypadDisplay(encodeKeypadDisplay([]))).toEqual([]);
  });

  it.each([
    ['unknown key code', () => decodeKeypadPollReply(Uint8Array.of(1, 0x99))],
    ['seq 0 in a report', () => decodeKeypadPollReply(Uint8Array.of(0, 1))],
    ['one-byte report', () => decodeKeypadPollReply(Uint8Array.of(1))],
    ['poll with two bytes', () => decodeKeypadPoll(Uint8Array.of(1, 2))],
    ['ack out of range', () => encodeKeypadPoll(256)],
    ['five display lines', () => encodeKeypadDisplay(['1', '2', '3', '4', '5'])],
    ['display line longer than the payload', () => decodeKeypadDisplay(Uint8Array.of(1, 5, 0x41))],
  ])('throws on %s', (_name, run) => {
    expect(run).toThrow(BusCodecError);
  });
});

describe('LED sign messages', () => {
  it('round-trips text, effect and brightness', () => {
    const content = { text: 'A001 请到3号窗口', effect: 'blink', brightness: 16 } as const;
    expect(decodeSignShow(encodeSignShow(content))).toEqual(content);
  });

  it.each([
    ['brightness 17', () => encodeSignShow({ text: 'x', effect: 'static', brightness: 17 })],
    [
      'text over 253 bytes',
      () => encodeSignShow({ text: '字'.repeat(127), effect: 'static', brightness: 0 }),
    ],
    ['unknown effect code', () => decodeSignShow(Uint8Array.of(9, 0))],
    ['short payload', () => decodeSignShow(Uint8Array.of(0))],
  ])('throws on %s', (_name, run) => {
    expect(run).toThrow(BusCodecError);
  });
});

describe('evaluation pad messages', () => {
  it('maps level 1..5 to 非常满意..非常不满意', () => {
    expect(RATINGS.map((rating) => RATING_LABELS[rating])).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ]);
    expect(RATINGS.map(levelOfRating)).toEqual([1, 2, 3, 4, 5]);
    expect(() => ratingFromLevel(0)).toThrow(BusCodecError);
    expect(() => ratingFromLevel(6)).toThrow(BusCodecError);
  });

  it('round-trips a request and states', () => {
    const info = { ticket: 'B012', clerkNo: '0315', clerkName: '欧阳䶮', service: '不动产登记' };
    expect(decodePadRequest(encodePadRequest(9, info))).toEqual({ requestId: 9, info });
    expect(decodePadState(encodePadState({ requestId: 9, rating: 'dissatisfied' }))).toEqual({
      requestId: 9,
      rating: 'dissatisfied',
    });
    expect(decodePadState(Uint8Array.of(0, 0))).toEqual({ requestId: 0, rating: null });
  });

  it.each([
    ['level 6', () => decodePadState(Uint8Array.of(1, 6))],
    ['idle pad with a level', () => decodePadState(Uint8Array.of(0, 2))],
    ['request id 0', () => encodePadRequest(0, { ticket: '', clerkNo: '', clerkName: '', service: '' })],
    ['END for id 0', () => decodePadEnd(Uint8Array.of(0))],
    ['truncated request', () => decodePadRequest(Uint8Array.of(1, 4, 0x41))],
  ])('throws on %s', (_name, run) => {
    expect(run).toThrow(BusCodecError);
  });
});

describe('common messages', () => {
  it('decodes NAK and PING replies', () => {
    expect(decodeNak(encodeNak(0x20, 'busy'))).toEqual({ command: 0x20, reason: 'busy' });
    expect(decodeNak(Uint8Array.of(0x20, 0x77))).toEqual({ command: 0x20, reason: 'unknown' });
    expect(decodePingReply(Uint8Array.of(3, 1))).toEqual({
      deviceType: 'evaluation-pad',
      protocolVersion: 1,
    });
    expect(() => decodePingReply(Uint8Array.of(9, 1))).toThrow(BusCodecError);
  });
});
