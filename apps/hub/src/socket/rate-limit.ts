/**
 * A token bucket: `burst` commands at once, refilled at `perSecond`. One per connection, so one misbehaving
 * client cannot starve the hall. Time is passed in.
 */
export function createRateLimiter(perSecond: number, burst: number, now: number) {
  let tokens = burst;
  let last = now;
  return {
    take(at: number): boolean {
      tokens = Math.min(burst, tokens + ((at - last) / 1000) * perSecond);
      last = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** Failed logins per username: after `maxFailures` within `windowMs`, refuse until the window has passed. */
export function createLoginThrottle(maxFailures: number, windowMs: number) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < windowMs);
  return {
    blocked(key: string, now: number): boolean {
      return recent(key, now).length >= maxFailures;
    },
    fail(key: string, now: number): void {
      failures.set(key, [...recent(key, now), now]);
    },
    succeed(key: string): void {
      failures.delete(key);
    },
  };
}
