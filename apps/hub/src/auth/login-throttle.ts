/**
 * Admission for password checks. A scrypt check costs ~128 MiB and a few hundred ms of a core; an unbounded
 * stream of them (one anonymous socket sending wrong passwords) queued behind each other pushed a clerk's login
 * from 0.1 s to 27 s. Three limits keep a login quick:
 * - per source address, a token bucket: a few attempts at once, then a steady trickle; the rest is refused at
 *   once, before any hashing;
 * - at most `maxRunning` checks hash at a time, and a bounded number wait; beyond that an attempt is refused
 *   at once ("busy, try again") rather than queued behind the flood;
 * - attempts from registered devices (a counter terminal) wait in a lane of their own that is served first,
 *   and anonymous attempts hash at most `maxRunningAnonymous` at a time, so a slot is always free for a clerk
 *   at a window (measured: with anonymous checks on both cores, a clerk's login under an eight-address flood
 *   took 3.3× its quiet time).
 * Time is passed in; the lanes run real work (the checks' own promises).
 */
export interface LoginThrottleSettings {
  readonly maxRunning: number;
  /** Of those, how many may be anonymous (no registered device): fewer than maxRunning keeps one for devices. */
  readonly maxRunningAnonymous: number;
  /** Attempts waiting behind the running ones, per lane. */
  readonly maxWaitingDevice: number;
  readonly maxWaitingAnonymous: number;
  /** Per source address: attempts at once, and how many more each minute. */
  readonly addressBurst: number;
  readonly addressPerMinute: number;
  /** How many addresses are remembered; the least recently seen are forgotten first. */
  readonly maxAddresses: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  maxRunning: 2,
  maxRunningAnonymous: 1,
  maxWaitingDevice: 16,
  maxWaitingAnonymous: 4,
  addressBurst: 5,
  addressPerMinute: 10,
  maxAddresses: 10_000,
};

export type LoginLane = 'device' | 'anonymous';

export type Admission<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly why: Refusal };

/** Why an attempt was not even tried: too many from this address, or the hub is busy checking others. */
export type Refusal = 'address' | 'busy';

export function createLoginThrottle(settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const running: Record<LoginLane, number> = { device: 0, anonymous: 0 };
  const waiting: Record<LoginLane, (() => void)[]> = { device: [], anonymous: [] };
  const capacity: Record<LoginLane, number> = {
    device: settings.maxWaitingDevice,
    anonymous: settings.maxWaitingAnonymous,
  };

  function takeAddressToken(address: string, now: number): boolean {
    const previous = buckets.get(address);
    const tokens = previous
      ? Math.min(
          settings.addressBurst,
          previous.tokens + ((now - previous.at) / 60_000) * settings.addressPerMinute,
        )
      : settings.addressBurst;
    // Re-inserting keeps the map in least-recently-seen order, so the oldest address is the first key.
    buckets.delete(address);
    if (buckets.size >= settings.maxAddresses) buckets.delete(buckets.keys().next().value!);
    const allowed = tokens >= 1;
    buckets.set(address, { tokens: allowed ? tokens - 1 : tokens, at: now });
    return allowed;
  }

  const mayStart = (lane: LoginLane) =>
    running.device + running.anonymous < settings.maxRunning &&
    (lane === 'device' || running.anonymous < settings.maxRunningAnonymous);

  /** Starts waiting checks while slots allow, devices first. */
  function pump(): void {
    for (const lane of ['device', 'anonymous'] as const) {
      while (waiting[lane].length > 0 && mayStart(lane)) {
        running[lane] += 1;
        waiting[lane].shift()!();
      }
    }
  }

  return {
    /**
     * Runs one password check if this address and the hub may take it now (or after the few ahead of it);
     * refuses at once otherwise. The check holds its slot until it settles.
     */
    async admit<T>(
      address: string,
      lane: LoginLane,
      now: number,
      check: () => Promise<T>,
    ): Promise<Admission<T>> {
      if (!takeAddressToken(address, now)) return { ok: false, why: 'address' };
      if (mayStart(lane) && waiting[lane].length === 0) {
        running[lane] += 1;
      } else {
        if (waiting[lane].length >= capacity[lane]) return { ok: false, why: 'busy' };
        // `pump` counts the slot as it starts this check.
        await new Promise<void>((resolve) => waiting[lane].push(resolve));
      }
      try {
        return { ok: true, value: await check() };
      } finally {
        running[lane] -= 1;
        pump();
      }
    },
    /** For the bench and tests: checks hashing now and waiting, per lane. */
    load: () => ({
      running: running.device + running.anonymous,
      device: waiting.device.length,
      anonymous: waiting.anonymous.length,
    }),
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
