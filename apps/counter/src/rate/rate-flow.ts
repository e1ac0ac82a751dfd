import type { CommandRequest, LocalizedText, RatingLevel, RatingRequest } from '@hallq/protocol';

export type RatingTag = CommandRequest<'rating:submit'>['tags'][number];

/** 好差评: five levels, best first, as the pad shows them. */
export const RATING_LEVELS: readonly { readonly level: RatingLevel; readonly label: LocalizedText }[] = [
  { level: 5, label: { zh: '非常满意', en: 'Very satisfied' } },
  { level: 4, label: { zh: '满意', en: 'Satisfied' } },
  { level: 3, label: { zh: '基本满意', en: 'Fairly satisfied' } },
  { level: 2, label: { zh: '不满意', en: 'Dissatisfied' } },
  { level: 1, label: { zh: '非常不满意', en: 'Very dissatisfied' } },
];

export const RATING_TAGS: readonly { readonly tag: RatingTag; readonly label: LocalizedText }[] = [
  { tag: 'attitude', label: { zh: '态度', en: 'Attitude' } },
  { tag: 'efficiency', label: { zh: '效率', en: 'Efficiency' } },
  { tag: 'one-time-notice', label: { zh: '一次告知', en: 'Not told everything at once' } },
  { tag: 'other', label: { zh: '其他', en: 'Other' } },
];

export const COMMENT_MAX = 200;
/** How long the thanks screen stays before the pad is idle again. */
export const THANKS_MS = 5000;

/** Reason tags belong to the two lowest levels only. */
export const tagsApply = (level: RatingLevel): boolean => level <= 2;

/** The pad's screens. Only the visitor's own press ever produces a rating; time running out produces none. */
export type PadScreen =
  | { readonly kind: 'idle' }
  | { readonly kind: 'asking'; readonly request: RatingRequest; readonly deadline: number }
  | { readonly kind: 'thanks'; readonly until: number }
  | { readonly kind: 'closed'; readonly until: number; readonly message: LocalizedText };

export type PadEvent =
  /** A rating request arrived; `hubNow` is the hub's clock as the pad estimates it, `now` the local clock. */
  | {
      readonly type: 'request';
      readonly request: RatingRequest;
      readonly hubNow: number;
      readonly now: number;
    }
  | { readonly type: 'submitted'; readonly now: number }
  | { readonly type: 'refused'; readonly now: number; readonly message: LocalizedText }
  | { readonly type: 'tick'; readonly now: number };

export function padStep(screen: PadScreen, event: PadEvent): PadScreen {
  switch (event.type) {
    case 'request': {
      const left = event.request.expiresAt - event.hubNow;
      if (left <= 0) return screen;
      return { kind: 'asking', request: event.request, deadline: event.now + left };
    }
    case 'submitted':
      return screen.kind === 'asking' ? { kind: 'thanks', until: event.now + THANKS_MS } : screen;
    case 'refused':
      return screen.kind === 'asking'
        ? { kind: 'closed', until: event.now + THANKS_MS, message: event.message }
        : screen;
    case 'tick':
      if (screen.kind === 'asking' && event.now >= screen.deadline) return { kind: 'idle' };
      if ((screen.kind === 'thanks' || screen.kind === 'closed') && event.now >= screen.until) {
        return { kind: 'idle' };
      }
      return screen;
  }
}

/** The `rating:submit` payload: tags only for the two lowest levels, the comment trimmed and cut to size. */
export function ratingPayload(
  request: RatingRequest,
  level: RatingLevel,
  tags: readonly RatingTag[],
  comment: string,
): CommandRequest<'rating:submit'> {
  return {
    ticketId: request.ticketId,
    level,
    tags: tagsApply(level) ? [...new Set(tags)] : [],
    comment: comment.trim().slice(0, COMMENT_MAX),
  };
}
