/**
 * Socket.IO fuzzing against a running hub: payloads generated from the catalog's zod request schemas, their
 * mutations (wrong types, missing and unknown keys, huge strings, deep nesting, odd shapes), unknown events,
 * messages without an ack, and floods, from connections of every kind. Checks: the hub never crashes and never
 * leaves a rejection unhandled, every message is answered (an ack, or `protocol:error` without one), every
 * payload the schema refuses is answered with an error, and a refused command changes nothing. Admission
 * (apps/hub/src/socket/admission): no frame within every sender's limit is refused as too large, and an anonymous
 * connection the hub closes after an oversized frame is opened again, so the fuzzing goes on.
 *
 * 10,000 messages here; `npm run test:chaos` sends 100,000 (HALLQ_FUZZ_MESSAGES). The seed is printed.
 */

import { performance } from 'node:perf_hooks';
import {
  socketSettingsWith,
  startTestHub,
  type TestClient,
  type TestHub,
  testHall,
} from '@hallq/hub/testing';
import { COMMAND_NAMES, type CommandName, Commands, ErrorCode } from '@hallq/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosSeed, countFromEnv, seededRandom } from '../chaos/support/seeded-random.ts';
import { arbitraryOf, mutationOf } from './support/zod-arbitrary.ts';

const MESSAGES = countFromEnv('HALLQ_FUZZ_MESSAGES', 10_000);
const ACK_TIMEOUT_MS = 30_000;

interface Message {
  readonly event: string;
  readonly payload: unknown;
  readonly withAck: boolean;
  readonly kind: 'valid' | 'mutated' | 'unknown-event' | 'extra-args';
}

const EXPENSIVE = new Set<string>([
  'session:login',
  'clerk:add',
  'clerk:reset-password',
  'report:export',
  'rating:export',
  'scorecard:export',
]);
const RESERVED = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

function messageArbitrary(): fc.Arbitrary<Message> {
  const perCommand = COMMAND_NAMES.map((name) => {
    const valid = arbitraryOf(Commands[name].request);
    return fc.oneof(
      {
        arbitrary: valid.map((payload): Message => ({ event: name, payload, withAck: true, kind: 'valid' })),
        weight: 3,
      },
      {
        arbitrary: mutationOf(valid).map(
          (payload): Message => ({ event: name, payload, withAck: true, kind: 'mutated' }),
        ),
        weight: 4,
      },
      {
        arbitrary: fc
          .tuple(valid, fc.boolean())
          .map(([payload, withAck]): Message => ({ event: name, payload, withAck, kind: 'extra-args' })),
        weight: 1,
      },
    );
  });
  const unknownEvent = fc
    .tuple(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.constantFrom(
          'ticket:issue ',
          'TICKET:ISSUE',
          '__proto__',
          'constructor',
          'hasOwnProperty',
          'hall:update',
        ),
        fc.string({ minLength: 5_000, maxLength: 20_000 }),
      ),
      fc.anything({ maxDepth: 2 }),
      fc.boolean(),
    )
    .filter(([event]) => !RESERVED.has(event))
    .map(([event, payload, withAck]): Message => ({ event, payload, withAck, kind: 'unknown-event' }));
  // Commands that cost a scrypt or a spreadsheet by design are fuzzed less often, so the run stays CI-sized.
  const weighted = perCommand.map((arbitrary, i) => ({
    arbitrary,
    weight: EXPENSIVE.has(COMMAND_NAMES[i]!) ? 1 : 4,
  }));
  return fc.oneof({ arbitrary: fc.oneof(...weighted), weight: 9 }, { arbitrary: unknownEvent, weight: 1 });
}

/** The size of the frame a message makes, in bytes, as ws counts it (the head and the event name included). */
function frameBytes(message: Message): number {
  return Buffer.byteLength(message.event) + Buffer.byteLength(JSON.stringify(message.payload) ?? '') + 16;
}

/** What the hub parses: the payload after a JSON round trip (undefined dropped, NaN → null). */
function asSent(payload: unknown): unknown {
  const text = JSON.stringify(payload);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

const isAck = (answer: unknown): answer is { ok: boolean; error?: { code: string; message: string } } => {
  if (answer === null || typeof answer !== 'object') return false;
  const a = answer as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (a.ok === true) return 'data' in a;
  return a.ok === false && ErrorCode.safeParse(a.error?.code).success && typeof a.error?.message === 'string';
};

let th: TestHub;
const connections: { label: string; client: TestClient }[] = [];
const unhandled: unknown[] = [];
const relogin = new Map<string, (client: TestClient) => Promise<void>>();
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  th = await startTestHub({
    hall: testHall({ services: 3, windows: 3 }),
    config: {
      // The anonymous connection lives for the whole run (its sign-in grace has tests of its own), the kiosk's
      // ticket limit (also tested on its own) would refuse most generated issues before their handler, and the
      // block on an address that keeps sending oversized frames (tested on its own) would end the run early:
      // every connection here comes from 127.0.0.1.
      socket: socketSettingsWith({
        anonymousGraceMs: 30 * 60_000,
        penalty: {
          burst: 1_000_000,
          perSecond: 1,
          blockMs: 1,
          maxBlockMs: 1,
          maxAddresses: 16,
          maxHeldPerAddress: 0,
          maxHeld: 0,
          probationGapMs: 0,
        },
        issuesPerMinute: 60_000,
        issueBurst: 100_000,
      }),
    },
  });
  await th.addUser('fuzz-super', 'supervisor');
  await th.addUser('fuzz-admin', 'admin');
  const signIn = async (client: TestClient, username: string, windowId: string | null) => {
    const answer = await client.call('session:login', {
      username,
      password: 'correct horse battery',
      windowId,
    });
    if (!answer.ok) throw new Error(answer.error.message);
  };
  const login = async (username: string) => {
    const client = await th.connect();
    await signIn(client, username, null);
    return client;
  };
  relogin.set('clerk', (client) => signIn(client, 'clerk-w1', 'w1'));
  relogin.set('supervisor', (client) => signIn(client, 'fuzz-super', null));
  relogin.set('admin', (client) => signIn(client, 'fuzz-admin', null));
  const add = (label: string, client: TestClient) => connections.push({ label, client });
  add('unauthenticated', await th.connect());
  add('kiosk', await th.connect({ deviceToken: th.addDevice('kiosk').token }));
  add('lobby', await th.connect({ deviceToken: th.addDevice('lobby', null, '1F').token }));
  add('sign', await th.connect({ deviceToken: th.addDevice('sign', 'w3').token }));
  add('pad', await th.connect({ deviceToken: th.addDevice('pad', 'w2').token }));
  add('counter', await th.connect({ deviceToken: th.addDevice('counter', 'w2').token }));
  add('clerk', await th.clerkAt('w1'));
  add('supervisor', await login('fuzz-super'));
  add('admin', await login('fuzz-admin'));
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await th?.close();
});

/** Everything a refused command could have touched: the queue state object, the rows written, the log. */
function fingerprint() {
  return {
    state: th.hub.hall.state(),
    changes: th.db.prepare('SELECT total_changes()').pluck().get() as number,
    lastEvent: th.db.prepare('SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number,
  };
}

function send(client: TestClient, message: Message): Promise<unknown> {
  const socket = client.socket.timeout(ACK_TIMEOUT_MS);
  if (message.kind === 'extra-args') {
    return message.withAck
      ? socket.emitWithAck(message.event, message.payload, 'extra', 42)
      : waitForProtocolError(client, () => client.socket.emit(message.event, message.payload, 'extra', 42));
  }
  if (!message.withAck)
    return waitForProtocolError(client, () => client.socket.emit(message.event, message.payload));
  return socket.emitWithAck(message.event, message.payload);
}

/** A message without an ack is answered with `protocol:error` (all of these are errors: no ack, or unknown). */
function waitForProtocolError(client: TestClient, emit: () => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no protocol:error for a message without an ack')),
      ACK_TIMEOUT_MS,
    );
    client.socket.once('protocol:error', (error: unknown) => {
      clearTimeout(timer);
      resolve({ ok: false, error });
    });
    client.socket.once('disconnect', () => {
      clearTimeout(timer);
      reject(new Error('socket has been disconnected'));
    });
    emit();
  });
}

describe('Socket.IO fuzzing', () => {
  it(`answers ${MESSAGES} generated and mutated messages, never crashes, and refusals change nothing`, {
    timeout: 120_000 + MESSAGES * 30,
  }, async () => {
    const seed = chaosSeed();
    console.log(`socket fuzz: seed ${seed} (replay with HALLQ_CHAOS_SEED=${seed}), ${MESSAGES} messages`);
    const rng = seededRandom(seed);
    const arbitrary = messageArbitrary();
    const counts = {
      valid: 0,
      mutated: 0,
      unknownEvent: 0,
      extraArgs: 0,
      accepted: 0,
      refused: 0,
      flooded: 0,
    };
    const byCode = new Map<string, number>();
    const problems: string[] = [];
    const timeByKind = new Map<string, number>();
    const slowest = { ms: 0, what: '' };
    let sent = 0;
    let reopened = 0;
    let dropped = 0;
    for (let chunk = 0; sent < MESSAGES && chunk < MESSAGES; chunk += 1) {
      const batch = fc.sample(arbitrary, { numRuns: Math.min(250, MESSAGES - sent), seed: seed + chunk });
      for (const message of batch) {
        // Half of the schema-shaped messages go to a connection allowed to send them, so they reach the handlers.
        const allowed = connections.filter(({ label }) => {
          const roles = Object.hasOwn(Commands, message.event)
            ? Commands[message.event as CommandName].roles
            : [];
          return roles === 'anyone' || (roles as readonly string[]).includes(label);
        });
        const connection =
          message.kind === 'valid' && allowed.length > 0 && rng.next() < 0.5
            ? rng.pick(allowed)
            : rng.pick(connections);
        // The hub closes an anonymous connection that sent a frame over its limit: open it again.
        if (!connection.client.socket.connected && connection.label === 'unauthenticated') {
          connection.client = await th.connect();
          reopened += 1;
        }
        const { label, client } = connection;
        th.clock.advance(30); // the token bucket refills on the hub's clock
        const before = fingerprint();
        const sentAt = performance.now();
        let answer: unknown;
        try {
          answer = await send(client, message);
        } catch (error) {
          // ws ends an anonymous connection at the header of a frame over the anonymous limit (4 KiB): there is
          // no answer to wait for, and the connection is opened again for the next message.
          if (label !== 'unauthenticated' || frameBytes(message) <= 4096) throw error;
          dropped += 1;
          sent += 1;
          continue;
        }
        const took = performance.now() - sentAt;
        timeByKind.set(message.kind, (timeByKind.get(message.kind) ?? 0) + took);
        if (took > slowest.ms)
          Object.assign(slowest, {
            ms: took,
            what: `${message.event.slice(0, 30)} ${message.kind} ${JSON.stringify(message.payload)?.length ?? 0} chars`,
          });
        sent += 1;
        if (message.kind === 'valid') counts.valid += 1;
        else if (message.kind === 'mutated') counts.mutated += 1;
        else if (message.kind === 'unknown-event') counts.unknownEvent += 1;
        else counts.extraArgs += 1;
        const where = `#${sent} ${label} ${message.event.slice(0, 40)} (${message.kind})`;
        if (!isAck(answer) && message.withAck) {
          problems.push(`${where}: answer is not an ack: ${JSON.stringify(answer).slice(0, 200)}`);
          continue;
        }
        const ack = answer as { ok: boolean; error?: { code: string } };
        // Nothing within every sender's limit (the anonymous one, 4 KiB) is refused as too large.
        const frameChars = message.event.length + (JSON.stringify(message.payload)?.length ?? 0) + 16;
        if (ack.error?.code === 'PAYLOAD_TOO_LARGE' && frameChars < 4000)
          problems.push(`${where}: a ${frameChars}-character frame was refused as too large`);
        // The hub closes an anonymous connection right after answering its oversized frame: wait for that.
        if (ack.error?.code === 'PAYLOAD_TOO_LARGE' && label === 'unauthenticated' && client.socket.connected)
          await new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
        if (ack.ok) {
          counts.accepted += 1;
        } else {
          counts.refused += 1;
          const code = ack.error?.code ?? '?';
          byCode.set(code, (byCode.get(code) ?? 0) + 1);
          const after = fingerprint();
          if (after.state !== before.state)
            problems.push(`${where}: refused (${code}) but the queue state changed`);
          if (after.changes !== before.changes) {
            const written = th.db
              .prepare('SELECT type FROM events WHERE id > ?')
              .pluck()
              .all(before.lastEvent) as string[];
            // A wrong or throttled password is refused and audited (aggregated: session:login-failed or
            // session:login-refused): the only write a refusal may make. Supervision raises alerts on its own
            // timer as the clock moves; those are not the command's.
            const own = written.filter((t) => !t.startsWith('alert:'));
            if (
              !(
                message.event === 'session:login' &&
                own.every((t) => t === 'session:login-failed' || t === 'session:login-refused')
              ) &&
              own.length > 0
            )
              problems.push(`${where}: refused (${code}) but wrote ${written.join(',') || 'rows'}`);
          }
        }
        // A payload the schema refuses must never be accepted.
        const known = Object.hasOwn(Commands, message.event);
        if (known && message.withAck) {
          const parsed = Commands[message.event as CommandName].request.safeParse(
            asSent(message.payload) ?? {},
          );
          if (!parsed.success && ack.ok)
            problems.push(`${where}: schema refuses the payload but the hub accepted it`);
        }
        if (!known && ack.ok) problems.push(`${where}: unknown event accepted`);
        // A person logged out by a generated `session:logout` signs in again, so the roles stay covered.
        if (message.event === 'session:logout' && ack.ok && relogin.has(label))
          await relogin.get(label)!(client);
        if (problems.length > 20) break;
      }
      // Now and then a flood from one connection: 300 messages without waiting; every one is answered.
      if (chunk % 8 === 7) {
        const { client } = rng.pick(connections.filter((c) => c.client.socket.connected));
        const flood = Array.from({ length: 300 }, () =>
          client.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('hall:snapshot', {}),
        );
        const answers = await Promise.all(flood);
        counts.flooded += answers.length;
        if (!answers.every(isAck)) problems.push('a flood message was not answered with an ack');
        const limited = answers.filter((a) => isAck(a) && !a.ok && a.error?.code === 'RATE_LIMITED').length;
        byCode.set('RATE_LIMITED (flood)', (byCode.get('RATE_LIMITED (flood)') ?? 0) + limited);
        th.clock.advance(10_000); // let the bucket refill before the fuzzing goes on
      }
      if (problems.length > 20) break;
    }
    console.log(
      `socket fuzz: ${sent} messages (${counts.valid} schema-generated, ${counts.mutated} mutated, ` +
        `${counts.unknownEvent} unknown events, ${counts.extraArgs} extra args) + ${counts.flooded} flooded; ` +
        `${counts.accepted} accepted, ${counts.refused} refused: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')}`,
    );
    console.log(
      `socket fuzz: time by kind ${[...timeByKind].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ')}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.what})`,
    );
    expect(problems).toEqual([]);
    expect(unhandled).toEqual([]);
    // Still alive and serving: every connection still answers.
    console.log(
      `socket fuzz: the anonymous connection was closed and reopened ${reopened} times (${dropped} frames over its limit dropped unread)`,
    );
    for (const connection of connections) {
      if (!connection.client.socket.connected && connection.label === 'unauthenticated')
        connection.client = await th.connect();
      const { client } = connection;
      expect(client.socket.connected).toBe(true);
      expect(isAck(await client.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('hall:snapshot', {}))).toBe(true);
    }
    expect(sent).toBe(MESSAGES);
  });
});
