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
