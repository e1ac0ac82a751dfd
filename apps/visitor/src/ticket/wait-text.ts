import type { TicketPageView } from '@hallq/protocol';
import { formatWait } from '@hallq/ui/format';
import type { Language } from '@hallq/ui/language';

/**
 * The page's estimated wait in words: the rule of the kiosk tile, the ticket screen and the paper (`formatWait`),
 * covering the estimator's 20th–80th percentile when the hub sends one. A range that is not two numbers (an old or
 * damaged message) is left out rather than shown as nonsense.
 */
export function waitTextOf(
  view: Pick<TicketPageView, 'peopleAhead' | 'estimatedWaitMs' | 'estimatedWaitRange'>,
  language: Language,
): string {
  const range = view.estimatedWaitRange;
  const spread = range && Number.isFinite(range.lowMs) && Number.isFinite(range.highMs) ? range : undefined;
  return formatWait(view.peopleAhead ?? 0, view.estimatedWaitMs ?? 0, language, spread);
}
