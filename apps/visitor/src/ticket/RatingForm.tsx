import type { TicketPageRating } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui/language';
import { useState } from 'react';
import { type RatingOutcome as Outcome, outcomeOf } from './rating-outcome.ts';
import { COMMENT_MAX, RATING_LEVELS, RATING_TAGS, type RatingTag, TT } from './ticket-text.ts';

/** 扫码评价: the pad's five levels, reasons for the two lowest, an optional comment; one rating per ticket. */
export function RatingForm(props: { token: string; rating: TicketPageRating }) {
  const language = useLanguage();
  const [level, setLevel] = useState<number | null>(null);
  const [tags, setTags] = useState<RatingTag[]>([]);
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(
    props.rating.status === 'given' ? 'already' : props.rating.status === 'closed' ? 'closed' : 'idle',
  );

  if (outcome === 'thanks' || outcome === 'already' || outcome === 'closed') {
    const text = outcome === 'thanks' ? TT.thanks : outcome === 'already' ? TT.alreadyRated : TT.ratingClosed;
    return (
      <section className="card rating-done" data-rating-outcome={outcome}>
        <p>{localized(text, language)}</p>
      </section>
    );
  }

  const lowest = level !== null && level <= 2;
  const submit = async () => {
    if (level === null) return;
    setOutcome('sending');
    try {
      const answer = await fetch(`/t/${encodeURIComponent(props.token)}/rating`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          level,
          tags: lowest ? tags : [],
          comment: comment.trim().slice(0, COMMENT_MAX),
        }),
      });
      const body = (await answer.json().catch(() => ({}))) as { code?: string };
      setOutcome(outcomeOf(answer.status, body.code));
    } catch {
      setOutcome('failed');
    }
  };

  return (
    <section className="card rating" data-testid="rating-form">
      <h2>{localized(TT.rateTitle, language)}</h2>
      <div className="rating-levels">
        {RATING_LEVELS.map((l) => (
          <button
            key={l.level}
            type="button"
            aria-pressed={level === l.level}
            className={level === l.level ? 'level selected' : 'level'}
            data-level={l.level}
            onClick={() => {
              setLevel(l.level);
              if (l.level > 2) setTags([]);
            }}
          >
            {localized(l.label, language)}
          </button>
        ))}
      </div>
      {lowest && (
        <fieldset className="rating-tags" data-testid="rating-tags">
          <legend>{localized(TT.reasons, language)}</legend>
          {RATING_TAGS.map((t) => (
            <label
              key={t.tag}
              className={tags.includes(t.tag) ? 'tag selected' : 'tag'}
              data-tag-chip={t.tag}
            >
              <input
                type="checkbox"
                data-tag={t.tag}
                checked={tags.includes(t.tag)}
                onChange={(e) =>
                  setTags((old) => (e.target.checked ? [...old, t.tag] : old.filter((x) => x !== t.tag)))
                }
              />
              {localized(t.label, language)}
            </label>
          ))}
        </fieldset>
      )}
      {level !== null && (
        <label className="rating-comment">
          <span>{localized(TT.comment, language)}</span>
          <textarea
            maxLength={COMMENT_MAX}
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </label>
      )}
      {outcome === 'failed' && (
        <p className="problem" role="alert">
          {localized(TT.ratingFailed, language)}
        </p>
      )}
      <button
        type="button"
        className="primary"
        data-action="submit-rating"
        disabled={level === null || outcome === 'sending'}
        onClick={() => void submit()}
      >
        {localized(TT.submit, language)}
      </button>
    </section>
  );
}
