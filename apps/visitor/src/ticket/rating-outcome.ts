/** What the rating card shows. */
export type RatingOutcome = 'idle' | 'sending' | 'thanks' | 'already' | 'closed' | 'failed';

/** The answer of `POST /t/<token>/rating` in the page's terms. */
export function outcomeOf(status: number, code: string | undefined): RatingOutcome {
  if (status === 200) return 'thanks';
  if (code === 'ALREADY_RATED') return 'already';
  if (code === 'RATING_CLOSED') return 'closed';
  return 'failed';
}
