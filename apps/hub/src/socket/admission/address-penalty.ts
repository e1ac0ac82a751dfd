/**
 * Addresses that keep misbehaving wait before they may connect again. A strike is an anonymous connection the
 * hub had to drop for what it sent (a frame over the anonymous limit); each address has a bucket of strikes
 * (`burst`, refilled at `perSecond`). A strike on an empty bucket blocks the address for `blockMs`, twice as
 * long at each block that follows while it keeps striking, up to `maxBlockMs`; a blocked address's connections
 * are closed at accept, before the hub reads a byte. Without this an attacker reconnects the moment it is
 * dropped, and every reconnection costs the hub a TCP accept, the WebSocket and Socket.IO handshakes and the
 * first chunk of its next oversized frame: that, not the frames, is what moved other clients' latency.
 *
 * Sign-ins that fail, commands refused as unauthenticated and connections refused by the caps are not strikes:
 * they are cheap to answer, and an admin console mistyping a password must never lock its address out.
 */
export interface PenaltySettings {
  /** Strikes an address may collect at once before it is blocked. */
  readonly burst: number;
  /** Strikes forgiven per second. */
  readonly perSecond: number;
  /** The first block; each block that follows before the address has been clean for `maxBlockMs` doubles. */
  readonly blockMs: number;
  readonly maxBlockMs: number;
  /** Addresses remembered at most (the oldest clean ones go first; a flood of addresses cannot grow memory). */
  readonly maxAddresses: number;
  /** Connections from blocked addresses held unread until the block ends, per address and in all. */
  readonly maxHeldPerAddress: number;
  readonly maxHeld: number;
  /**
   * After a block, until the address has been clean for `maxBlockMs`, it may open one connection per this many
   * ms (the others are held like a blocked address's): its connections all come back the moment a block ends,
   * and their handshakes at once were a burst of the hub's time that other clients waited behind.
   */
  readonly probationGapMs: number;
}

interface AddressRecord {
  strikes: number;
  /** When `strikes` was last brought up to date. */
  at: number;
  blockedUntil: number;
  nextBlockMs: number;
  lastStrikeAt: number;
  /** When a connection from it was last let in while on probation. */
  lastAdmittedAt: number;
}

export function createAddressPenalty(settings: PenaltySettings) {
  const records = new Map<string, AddressRecord>();
  let blocks = 0;

  function forgive(record: AddressRecord, now: number): void {
    const elapsed = Math.max(0, now - record.at);
    record.strikes = Math.max(0, record.strikes - (elapsed / 1000) * settings.perSecond);
    record.at = Math.max(now, record.at);
  }

  function recordOf(address: string, now: number): AddressRecord {
    const existing = records.get(address);
    if (existing) {
      // Most recently struck last, so the oldest entries are first to forget.
      records.delete(address);
      records.set(address, existing);
      return existing;
    }
    if (records.size >= settings.maxAddresses) forgetOldest(now);
    const record: AddressRecord = {
      strikes: 0,
      at: now,
      blockedUntil: 0,
      nextBlockMs: settings.blockMs,
      lastStrikeAt: now,
      lastAdmittedAt: Number.NEGATIVE_INFINITY,
    };
    records.set(address, record);
    return record;
  }

  /** Drops the oldest address that is not blocked (or, if every one is, the oldest). */
  function forgetOldest(now: number): void {
    for (const [address, record] of records) {
      if (record.blockedUntil <= now) {
        records.delete(address);
        return;
      }
    }
    const oldest = records.keys().next();
    if (!oldest.done) records.delete(oldest.value);
  }

  return {
    /** The hub dropped one of this address's anonymous connections for what it sent. */
    strike(address: string, now: number): void {
      const record = recordOf(address, now);
      forgive(record, now);
      // Clean since its last strike or the end of its last block (a blocked address cannot strike).
      const cleanSince = Math.max(record.lastStrikeAt, record.blockedUntil);
      if (now - cleanSince >= settings.maxBlockMs) record.nextBlockMs = settings.blockMs;
      record.lastStrikeAt = now;
      record.strikes += 1;
      if (record.strikes <= settings.burst) return;
      record.strikes = settings.burst;
      if (record.blockedUntil > now) return;
      record.blockedUntil = now + record.nextBlockMs;
      // Nothing is forgiven during the block: the first strike after it blocks the address again, for longer.
      record.at = record.blockedUntil;
      record.nextBlockMs = Math.min(settings.maxBlockMs, record.nextBlockMs * 2);
      blocks += 1;
    },
    /** Whether a new connection from this address is refused at accept. */
    isBlocked(address: string, now: number): boolean {
      const record = records.get(address);
      return record !== undefined && record.blockedUntil > now;
    },
    /** When this address's block ends, or null when it is not blocked. */
    blockedUntil(address: string, now: number): number | null {
      const record = records.get(address);
      return record !== undefined && record.blockedUntil > now ? record.blockedUntil : null;
    },
    /**
     * How long a new connection from this address must wait: 0 when it may come in now (counted as let in), the
     * rest of the block while blocked, and after a block, until the address has been clean for `maxBlockMs`,
     * the rest of `probationGapMs` since the last one let in.
     */
    admissionWait(address: string, now: number): number {
      const record = records.get(address);
      if (record === undefined || record.blockedUntil === 0) return 0;
      if (record.blockedUntil > now) return record.blockedUntil - now;
      const cleanSince = Math.max(record.lastStrikeAt, record.blockedUntil);
      if (now - cleanSince >= settings.maxBlockMs) return 0;
      const next = record.lastAdmittedAt + settings.probationGapMs;
      if (next > now) return next - now;
      record.lastAdmittedAt = now;
      return 0;
    },
    /** Figures for tests, the bench and the log. */
    counts: (now: number) => ({
      blocks,
      blockedAddresses: [...records.values()].filter((r) => r.blockedUntil > now).length,
      remembered: records.size,
    }),
  };
}

export type AddressPenalty = ReturnType<typeof createAddressPenalty>;
