import type { Actor } from '../store/event-log.ts';

/** What the audit trail says about failed and refused logins. */
export type LoginAuditType = 'session:login-failed' | 'session:login-refused';

interface Tally<Type extends string> {
  readonly type: Type;
  readonly actor: Actor;
  readonly detail: Record<string, string>;
  /** Attempts not yet written. */
  pending: number;
  firstPendingAt: number;
  lastWrittenAt: number;
}

/**
 * Events that may come in floods, in the audit trail, aggregated: the first attempt of a kind (for logins:
 * username and source address; for the open API: the throttled client) is written at once; later ones within
 * `intervalMs` are counted and written as one entry (`attempts: n`) at the next `flush` after the interval. A
 * flood costs at most one entry per kind per interval, and the kinds are bounded too (beyond `maxKinds`,
 * attempts are counted under one kind).
 */
export function createTalliedAudit<Type extends string>(deps: {
  write: (type: Type, actor: Actor, payload: Record<string, unknown>) => void;
  /** What an entry counted under the one overflow kind says instead of its detail. */
  overflowDetail: Record<string, string>;
  intervalMs?: number;
  maxKinds?: number;
}) {
  const intervalMs = deps.intervalMs ?? 60_000;
  const maxKinds = deps.maxKinds ?? 500;
  const tallies = new Map<string, Tally<Type>>();
  const OVERFLOW = 'overflow';

  function writeTally(t: Tally<Type>, now: number): void {
    deps.write(t.type, t.actor, { ...t.detail, attempts: t.pending, since: t.firstPendingAt });
    t.pending = 0;
    t.lastWrittenAt = now;
  }

  return {
    note(type: Type, actor: Actor, detail: Record<string, string>, now: number): void {
      let key = `${type}\n${Object.values(detail).join('\n')}`;
      if (!tallies.has(key) && tallies.size >= maxKinds) {
        key = OVERFLOW;
        detail = deps.overflowDetail;
      }
      let tally = tallies.get(key);
      if (!tally) {
        tally = { type, actor, detail, pending: 0, firstPendingAt: now, lastWrittenAt: -Infinity };
        tallies.set(key, tally);
      }
      if (tally.pending === 0) tally.firstPendingAt = now;
      tally.pending += 1;
      if (now - tally.lastWrittenAt >= intervalMs) writeTally(tally, now);
    },
    /** Writes the counts whose interval has passed (`all`: every count, when the hub closes). */
    flush(now: number, all = false): void {
      for (const [key, tally] of tallies) {
        if (tally.pending > 0 && (all || now - tally.lastWrittenAt >= intervalMs)) writeTally(tally, now);
        else if (tally.pending === 0 && now - tally.lastWrittenAt >= intervalMs) tallies.delete(key);
      }
    },
  };
}

export type TalliedAudit<Type extends string> = ReturnType<typeof createTalliedAudit<Type>>;

/** Failed and refused logins: one entry per username and address per minute. */
export const createLoginAudit = (
  deps: Omit<Parameters<typeof createTalliedAudit<LoginAuditType>>[0], 'overflowDetail'>,
) => createTalliedAudit<LoginAuditType>({ ...deps, overflowDetail: { username: '*', address: '*' } });
export type LoginAudit = TalliedAudit<LoginAuditType>;
