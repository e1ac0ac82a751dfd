/**
 * A token bucket: `burst` tokens at once, refilled at `perSecond`. One per connection, so one misbehaving
 * client cannot starve the hall. A message costs what it makes the hub do (socket/admission/message-cost.ts):
 * `take` needs the whole cost up front; `charge` adds work found out afterwards (validation) as a debt that the
 * next messages wait for. Time is passed in.
 */
export function createRateLimiter(perSecond: number, burst: number, now: number) {
  let tokens = burst;
  let last = now;
  const refill = (at: number) => {
    tokens = Math.min(burst, tokens + ((Math.max(at, last) - last) / 1000) * perSecond);
    last = Math.max(at, last);
  };
  return {
    take(at: number, cost = 1): boolean {
      refill(at);
      // A message dearer than the whole burst (an admin's hall file) needs a full bucket and leaves a debt.
      if (tokens < Math.min(cost, burst)) return false;
      tokens -= cost;
      return true;
    },
    charge(at: number, cost: number): void {
      refill(at);
      tokens -= cost;
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
