import { createRateLimiter } from '../socket/rate-limit.ts';

export interface AddressLimits {
  /** Requests an address may make at once. */
  readonly burst: number;
  /** …and per second after that. */
  readonly perSecond: number;
  /** Live streams (event sources) an address may hold open at once. */
  readonly maxStreams: number;
  /** Addresses remembered at once; beyond this the idlest are forgotten (a flood of addresses cannot fill memory). */
  readonly maxAddresses: number;
}

/**
 * A phone on a hall's Wi-Fi: the page, its few files, a stream, a rating. A hall's guest network puts many phones
 * behind one address (NAT), so the burst is generous; a script hammering the listener still meets the limit.
 */
export const DEFAULT_PUBLIC_LIMITS: AddressLimits = {
  burst: 120,
  perSecond: 20,
  maxStreams: 64,
  maxAddresses: 10_000,
};

/**
 * Rate limits per client address on the public listener: a token bucket each (the socket server's), and a count of
 * open streams. Time is passed in.
 */
export function createAddressLimiter(limits: AddressLimits) {
  const buckets = new Map<string, { limiter: ReturnType<typeof createRateLimiter>; streams: number }>();

  const entry = (address: string, now: number) => {
    let found = buckets.get(address);
    if (found) {
      // Most recently used last: the first entries are the idlest.
      buckets.delete(address);
      buckets.set(address, found);
      return found;
    }
    found = { limiter: createRateLimiter(limits.perSecond, limits.burst, now), streams: 0 };
    buckets.set(address, found);
    for (const [key, value] of buckets) {
      if (buckets.size <= limits.maxAddresses) break;
      if (value.streams === 0) buckets.delete(key);
    }
    return found;
  };

  return {
    /** True when the address may make a request costing `cost` now (and takes it). */
    take(address: string, now: number, cost = 1): boolean {
      return entry(address, now).limiter.take(now, cost);
    },
    /** Opens a stream for the address, or returns null when it holds too many; call the result when it closes. */
    openStream(address: string, now: number): (() => void) | null {
      const found = entry(address, now);
      if (found.streams >= limits.maxStreams) return null;
      found.streams += 1;
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        found.streams -= 1;
      };
    },
    /** How many addresses are remembered (tests). */
    size: () => buckets.size,
  };
}

export type AddressLimiter = ReturnType<typeof createAddressLimiter>;
