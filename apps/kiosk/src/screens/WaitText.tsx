import type { WaitRangeMs } from '@hallq/protocol';
import { formatWait, useLanguage } from '@hallq/ui';

/**
 * The wait for someone with `peopleAhead` in front: 约 5–10 分钟 / about 5–10 min, never 无需等候 with anyone ahead.
 * The paper ticket gets the same words (`printJobOf`).
 */
export function WaitText({
  peopleAhead,
  ms,
  range,
}: {
  peopleAhead: number;
  ms: number;
  /** The estimator's 20th–80th percentile, when the hub sent one. */
  range?: WaitRangeMs | undefined;
}) {
  const language = useLanguage();
  return <>{formatWait(peopleAhead, ms, language, range)}</>;
}
