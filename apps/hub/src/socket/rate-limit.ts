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
