/** Capped exponential back-off for reopening a lost port. */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialDelayMs: number;
  /** Upper bound of any delay. */
  readonly maxDelayMs: number;
  /** Growth factor between consecutive retries (≥ 1). */
  readonly factor: number;
}

export const defaultBackoff: BackoffPolicy = { initialDelayMs: 250, maxDelayMs: 5000, factor: 2 };

/** Delay before retry number `attempt` (0-based): `min(initial · factor^attempt, max)`. */
export const backoffDelay = (attempt: number, policy: BackoffPolicy): number =>
  Math.min(policy.maxDelayMs, Math.round(policy.initialDelayMs * policy.factor ** Math.max(0, attempt)));
