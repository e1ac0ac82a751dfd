/**
 * When a failed webhook delivery is tried again: exponential back-off (1 s, 2 s, 4 s … capped at five minutes)
 * with jitter, so that many subscriptions that failed together (the receiver restarted) do not retry in step. The
 * cap bounds how long a receiver that came back waits to be noticed. After 24 hours of failing the subscription is
 * marked failing, for an admin to see; it keeps its cursor and keeps being retried at the cap, so it catches up by
 * itself when the receiver comes back.
 */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** How long a subscription may keep failing before it is marked failing. */
  readonly failingAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 1000,
  capMs: 300_000,
  failingAfterMs: 24 * 3_600_000,
};

/**
 * The delay before attempt `failures + 1`, after `failures` failures in a row (1 or more). `random` is in
 * [0, 1): the delay lies in [half, whole] of the exponential step ("equal jitter"), never zero.
 */
export function retryDelayMs(
  failures: number,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const exponent = Math.min(Math.max(0, failures - 1), 40);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(step / 2 + (step / 2) * Math.min(Math.max(random, 0), 1));
}

/** Whether a subscription failing since `since` has failed long enough to be marked failing. */
export function isFailing(
  since: number | null,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): boolean {
  return since !== null && now - since >= policy.failingAfterMs;
}
