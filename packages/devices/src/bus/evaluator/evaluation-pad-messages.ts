import { BusCodecError } from '../bus-codec.ts';
import { PayloadReader, pushLengthPrefixed } from '../gb18030.ts';

/**
 * The five rating keys of an evaluation pad (评价器), left to right. The key byte on the wire is the level:
 * 1 非常满意 · 2 满意 · 3 基本满意 · 4 不满意 · 5 非常不满意.
 */
export const RATINGS = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type Rating = (typeof RATINGS)[number];
export type RatingLevel = 1 | 2 | 3 | 4 | 5;

export const RATING_LABELS: Readonly<Record<Rating, string>> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
};

export function ratingFromLevel(level: number): Rating {
  const rating = RATINGS[level - 1];
  if (!Number.isInteger(level) || rating === undefined) {
    throw new BusCodecError('bad-payload', `rating level ${level} is outside 1..5`);
  }
  return rating;
}

export function levelOfRating(rating: Rating): RatingLevel {
  return (RATINGS.indexOf(rating) + 1) as RatingLevel;
}

/** What the pad shows while it asks the visitor to rate. */
export interface RatingInfo {
  readonly ticket: string;
  readonly clerkNo: string;
  readonly clerkName: string;
  readonly service: string;
}

/** REQUEST `[requestId 1..255, ticket, clerkNo, clerkName, service]` (each length-prefixed GB18030); reply = ACK. */
export function encodePadRequest(requestId: number, info: RatingInfo): Uint8Array {
  assertRequestId(requestId, false);
  const out: number[] = [requestId];
  pushLengthPrefixed(out, info.ticket, 'ticket');
  pushLengthPrefixed(out, info.clerkNo, 'clerkNo');
  pushLengthPrefixed(out, info.clerkName, 'clerkName');
  pushLengthPrefixed(out, info.service, 'service');
  return Uint8Array.from(out);
}

export function decodePadRequest(payload: Uint8Array): { requestId: number; info: RatingInfo } {
  const reader = new PayloadReader(payload);
  const requestId = reader.byte('requestId');
  assertRequestId(requestId, false);
  const info = {
    ticket: reader.text('ticket'),
    clerkNo: reader.text('clerkNo'),
    clerkName: reader.text('clerkName'),
    service: reader.text('service'),
  };
  reader.end();
  return { requestId, info };
}

/**
 * State the pad reports in the POLL reply and the END reply: `[requestId, level]`.
 * requestId 0 = idle (no request); level 0 = not rated yet.
 */
export interface PadState {
  readonly requestId: number;
  readonly rating: Rating | null;
}

export function encodePadState(state: PadState): Uint8Array {
  assertRequestId(state.requestId, true);
  if (state.requestId === 0 && state.rating !== null) {
    throw new BusCodecError('bad-payload', 'an idle pad has no rating');
  }
  return Uint8Array.of(state.requestId, state.rating === null ? 0 : levelOfRating(state.rating));
}

export function decodePadState(payload: Uint8Array): PadState {
  const reader = new PayloadReader(payload);
  const requestId = reader.byte('requestId');
  const level = reader.byte('level');
  reader.end();
  if (requestId === 0 && level !== 0) throw new BusCodecError('bad-payload', 'an idle pad has no rating');
  return { requestId, rating: level === 0 ? null : ratingFromLevel(level) };
}

/** END `[requestId]`: finish or cancel that request; the reply is the pad state just before it ended. */
export function encodePadEnd(requestId: number): Uint8Array {
  assertRequestId(requestId, false);
  return Uint8Array.of(requestId);
}

export function decodePadEnd(payload: Uint8Array): { requestId: number } {
  const reader = new PayloadReader(payload);
  const requestId = reader.byte('requestId');
  reader.end();
  assertRequestId(requestId, false);
  return { requestId };
}

function assertRequestId(id: number, allowZero: boolean): void {
  if (!Number.isInteger(id) || id < (allowZero ? 0 : 1) || id > 255) {
    throw new BusCodecError('bad-payload', `request id ${id} out of range`);
  }
}
