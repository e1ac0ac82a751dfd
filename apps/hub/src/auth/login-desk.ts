import { type Ack, errorAck, okAck, type SessionUser } from '@hallq/protocol';
import type { Accounts } from '../store/accounts.ts';
import type { Actor } from '../store/event-log.ts';
import type { LoginAudit } from './login-audit.ts';
import type { LoginFailures } from './login-failures.ts';
import type { LoginLane, LoginThrottle } from './login-throttle.ts';
import { passwordProblem } from './password-policy.ts';
import type { KeyDerivation } from './secrets.ts';

/** Refused login attempts in a row on one connection after which each further refusal is answered slowly. */
export const REFUSALS_BEFORE_SLOWING = 20;
export const SLOWED_REFUSAL_MS = 1000;

/** Where an attempt comes from: its source address, whether a registered device sent it, and who to audit. */
export interface LoginOrigin {
  readonly address: string;
  readonly lane: LoginLane;
  readonly actor: Actor;
}

export interface CheckedLogin {
  readonly user: SessionUser;
  /** The one-time password was replaced in this login. */
  readonly passwordChanged: boolean;
}

/**
 * Checks a username and password, and nothing more (the session is the handler's): refuses at once what the
 * throttle or a lock will not take, counts failures per username and source address, makes the person replace
 * a one-time password, and re-hashes a password stored at an older scrypt cost once it has been seen right.
 */
export function createLoginDesk(deps: {
  accounts: Accounts;
  failures: LoginFailures;
  throttle: LoginThrottle;
  audit: LoginAudit;
  clock: () => number;
  /** Where checks from no registered device derive their key (see background-scrypt.ts); the pool if absent. */
  anonymousDerivation?: KeyDerivation;
}) {
  const { accounts, failures, throttle, audit, clock } = deps;
  /** Refused attempts in a row, per connection (its identity object): a connection that keeps at it is closed. */
  const refusedInARow = new WeakMap<object, number>();

  async function attempt(
    input: {
      readonly username: string;
      readonly password: string;
      readonly newPassword?: string | undefined;
    },
    origin: LoginOrigin,
  ): Promise<Ack<CheckedLogin>> {
    const now = clock();
    const username = input.username.slice(0, 64);
    const detail = { username, address: origin.address };
    const lockedUntil = failures.lockedUntil(username, origin.address, now);
    if (lockedUntil !== null) {
      audit.note('session:login-refused', origin.actor, { ...detail, reason: 'locked' }, now);
      const minutes = Math.max(1, Math.ceil((lockedUntil - now) / 60_000));
      return errorAck(
        'RATE_LIMITED',
        `密码错误次数过多，请 ${minutes} 分钟后再试 · Too many wrong passwords from this terminal; try again in ${minutes} min`,
      );
    }
    const admitted = await throttle.admit(origin.address, origin.lane, now, async () => {
      const derive = origin.lane === 'anonymous' ? deps.anonymousDerivation : undefined;
      const match = await accounts.checkPassword(username, input.password, derive);
      if (!match) return { kind: 'wrong' as const };
      if (input.newPassword === undefined) {
        if (match.mustChangePassword) return { kind: 'change-required' as const };
        // The right password, hashed at an older cost: hash it again at today's while it is at hand.
        if (match.outdatedHash) await accounts.setPassword(match.user.id, input.password, false);
        return { kind: 'ok' as const, user: match.user, passwordChanged: false };
      }
      const problem =
        input.newPassword === input.password
          ? '新密码不能与原密码相同 · The new password must differ from the old one'
          : passwordProblem(input.newPassword, [
              match.user.username,
              match.user.displayName,
              match.user.staffNumber,
            ]);
      if (problem) return { kind: 'weak' as const, problem };
      await accounts.setPassword(match.user.id, input.newPassword, false);
      return { kind: 'ok' as const, user: match.user, passwordChanged: true };
    });
    if (!admitted.ok) {
      audit.note(
        'session:login-refused',
        origin.actor,
        { address: origin.address, reason: admitted.why },
        now,
      );
      return admitted.why === 'address'
        ? errorAck(
            'RATE_LIMITED',
            '此终端登录尝试过多，请稍后再试 · Too many sign-in attempts from this terminal; wait a minute',
          )
        : errorAck('RATE_LIMITED', '服务器正忙，请几秒后重试 · The hub is busy; try again in a few seconds');
    }
    const outcome = admitted.value;
    switch (outcome.kind) {
      case 'wrong':
        failures.fail(username, origin.address, clock());
        audit.note('session:login-failed', origin.actor, detail, clock());
        return errorAck('INVALID_CREDENTIALS', '用户名或密码错误 · Wrong username or password');
      case 'change-required':
        failures.succeed(username, origin.address);
        return errorAck(
          'PASSWORD_CHANGE_REQUIRED',
          '这是一次性密码，请设置新密码后登录 · This is a one-time password; set a new password to sign in',
        );
      case 'weak':
        failures.succeed(username, origin.address);
        return errorAck('WEAK_PASSWORD', outcome.problem);
      case 'ok':
        failures.succeed(username, origin.address);
        return okAck({ user: outcome.user, passwordChanged: outcome.passwordChanged });
    }
  }

  return {
    attempt,
    /**
     * Counts a refused attempt (throttled or held off) on a connection, or resets the count after any other
     * answer, and says how long to hold back the answer: nothing, until the connection has been refused
     * REFUSALS_BEFORE_SLOWING times in a row, then SLOWED_REFUSAL_MS. A flood that keeps n attempts in flight
     * then gets n answers a second instead of thousands: answering refusals at once costs the hub a message
     * each, and its CPU is what the clerks' logins need. (Closing the connection instead was measured worse: a
     * flooder reconnects at once, and a handshake costs more than a refusal.) A person never gets this far.
     */
    refused(connection: object, refused: boolean): number {
      const count = refused ? (refusedInARow.get(connection) ?? 0) + 1 : 0;
      refusedInARow.set(connection, count);
      return count > REFUSALS_BEFORE_SLOWING ? SLOWED_REFUSAL_MS : 0;
    },
  };
}

export type LoginDesk = ReturnType<typeof createLoginDesk>;
