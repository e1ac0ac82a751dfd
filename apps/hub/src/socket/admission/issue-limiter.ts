import { createRateLimiter } from '../rate-limit.ts';

/**
 * Tickets per kiosk, whatever its connections: one token bucket per device id, kept across reconnects and shared
 * by every socket of the device, so a stolen kiosk token cannot drain a day's numbers (it took six services'
 * daily numbers in 51 s when the only limit was per socket). Only a ticket actually issued costs a token; a
 * retry answered with the same ticket, or a refusal, costs none. Time is passed in.
 */
export function createIssueLimiter(settings: { readonly perMinute: number; readonly burst: number }) {
  const buckets = new Map<string, ReturnType<typeof createRateLimiter>>();
  const bucketOf = (deviceId: string, now: number) => {
    let bucket = buckets.get(deviceId);
    if (!bucket) {
      bucket = createRateLimiter(settings.perMinute / 60, settings.burst, now);
      buckets.set(deviceId, bucket);
    }
    return bucket;
  };
  return {
    /** True when the device may issue one more ticket now (checks without spending). */
    mayIssue(deviceId: string, now: number): boolean {
      const bucket = bucketOf(deviceId, now);
      if (!bucket.take(now, 1)) return false;
      bucket.charge(now, -1);
      return true;
    },
    issued(deviceId: string, now: number): void {
      bucketOf(deviceId, now).charge(now, 1);
    },
  };
}
