import { createHmac, randomBytes } from 'node:crypto';

export interface PerPersonLimits {
  /** Attempts one ID number may make in `windowMs` (bookings and cancellations count separately). */
  readonly attempts: number;
  readonly windowMs: number;
  /** People remembered at once; the oldest is forgotten first. */
  readonly maxPeople: number;
}

/** Five tries per ID number per ten minutes: enough for a visitor's typos, too few to harvest or trade slots. */
export const DEFAULT_PER_PERSON_LIMITS: PerPersonLimits = {
  attempts: 5,
  windowMs: 10 * 60_000,
  maxPeople: 50_000,
};

/**
 * Rate limit per ID number for the public booking page, beside the per-address one (a visitor behind a shared
 * proxy address, or one address trying many numbers). ID numbers are never kept: the key is an HMAC under a
 * key made at start-up, so the map reveals nobody and forgets everything on restart.
 */
export function createPerPersonLimiter(limits: PerPersonLimits = DEFAULT_PER_PERSON_LIMITS) {
  const secret = randomBytes(32);
  /** Attempt times per keyed person, oldest person first (Map keeps insertion order). */
  const attempts = new Map<string, number[]>();
  const keyOf = (idNumber: string): string =>
    createHmac('sha256', secret).update(idNumber).digest('base64url');
  return {
    /** Counts one attempt; false when the person is over the limit (the attempt is then not counted). */
    take(idNumber: string, now: number): boolean {
      const key = keyOf(idNumber);
      const recent = (attempts.get(key) ?? []).filter((at) => now - at < limits.windowMs);
      attempts.delete(key);
      if (recent.length >= limits.attempts) {
        attempts.set(key, recent);
        return false;
      }
      recent.push(now);
      attempts.set(key, recent);
      while (attempts.size > limits.maxPeople) {
        const oldest = attempts.keys().next().value;
        if (oldest === undefined) break;
        attempts.delete(oldest);
      }
      return true;
    },
    get size() {
      return attempts.size;
    },
  };
}

export type PerPersonLimiter = ReturnType<typeof createPerPersonLimiter>;
