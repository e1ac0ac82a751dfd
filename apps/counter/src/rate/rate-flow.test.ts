import type { RatingRequest } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import {
  type PadScreen,
  padStep,
  RATING_LEVELS,
  RATING_TAGS,
  ratingPayload,
  THANKS_MS,
  tagsApply,
} from './rate-flow.ts';

const HUB = Date.UTC(2026, 10, 28, 2, 0, 0);
const LOCAL = 1_000_000;
const request: RatingRequest = {
  ticketId: '2026-11-28/A001',
  ticketNumber: 'A001',
  windowId: 'w1',
  windowNumber: 1,
  serviceName: { zh: '业务1', en: 'Service 1' },
  clerkName: '张三',
  clerkStaffNumber: '007',
  expiresAt: HUB + 60_000,
};
const idle: PadScreen = { kind: 'idle' };

describe('the pad flow', () => {
  it('asks until the deadline, measured on the hub clock, then goes idle without a rating', () => {
    const asking = padStep(idle, { type: 'request', request, hubNow: HUB + 10_000, now: LOCAL });
    expect(asking).toEqual({ kind: 'asking', request, deadline: LOCAL + 50_000 });
    expect(padStep(asking, { type: 'tick', now: LOCAL + 49_999 })).toBe(asking);
    expect(padStep(asking, { type: 'tick', now: LOCAL + 50_000 })).toEqual(idle);
  });

  it('ignores a request that has already expired', () => {
    expect(padStep(idle, { type: 'request', request, hubNow: HUB + 60_000, now: LOCAL })).toBe(idle);
  });

  it('thanks the visitor after the hub took the rating, then goes idle', () => {
    const asking = padStep(idle, { type: 'request', request, hubNow: HUB, now: LOCAL });
    const thanks = padStep(asking, { type: 'submitted', now: LOCAL + 3000 });
    expect(thanks).toEqual({ kind: 'thanks', until: LOCAL + 3000 + THANKS_MS });
    expect(padStep(thanks, { type: 'tick', now: LOCAL + 3000 + THANKS_MS })).toEqual(idle);
    expect(padStep(idle, { type: 'submitted', now: LOCAL })).toBe(idle);
  });

  it('shows the hub refusal, then goes idle', () => {
    const asking = padStep(idle, { type: 'request', request, hubNow: HUB, now: LOCAL });
    const message = { zh: '评价已超时', en: 'Rating time is over' };
    const closed = padStep(asking, { type: 'refused', now: LOCAL, message });
    expect(closed).toEqual({ kind: 'closed', until: LOCAL + THANKS_MS, message });
    expect(padStep(closed, { type: 'tick', now: LOCAL + THANKS_MS })).toEqual(idle);
  });

  it('a new request replaces the one on screen', () => {
    const asking = padStep(idle, { type: 'request', request, hubNow: HUB, now: LOCAL });
    const next = { ...request, ticketId: '2026-11-28/A002', ticketNumber: 'A002' };
    expect(padStep(asking, { type: 'request', request: next, hubNow: HUB, now: LOCAL })).toMatchObject({
      kind: 'asking',
      request: next,
    });
  });
});

describe('the rating payload', () => {
  it('has the five levels best first and four reason tags', () => {
    expect(RATING_LEVELS.map((l) => l.label.zh)).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ]);
    expect(RATING_LEVELS.map((l) => l.level)).toEqual([5, 4, 3, 2, 1]);
    expect(RATING_TAGS.map((t) => t.tag)).toEqual(['attitude', 'efficiency', 'one-time-notice', 'other']);
  });

  it('keeps tags only for the two lowest levels', () => {
    expect([1, 2, 3, 4, 5].map((l) => tagsApply(l as 1 | 2 | 3 | 4 | 5))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(ratingPayload(request, 1, ['attitude', 'attitude', 'other'], '  太慢了 ')).toEqual({
      ticketId: request.ticketId,
      level: 1,
      tags: ['attitude', 'other'],
      comment: '太慢了',
    });
    expect(ratingPayload(request, 4, ['attitude'], 'x'.repeat(300))).toEqual({
      ticketId: request.ticketId,
      level: 4,
      tags: [],
      comment: 'x'.repeat(200),
    });
  });
});
