/**
 * Login flood (issue 10.3): a clerk at a counter terminal signs in while an attacker on the LAN floods the hub
 * with wrong passwords. Before the throttle, one anonymous socket pushed a clerk's login from 122 ms to 27 s.
 * Series, each with the real hub (production scrypt cost N=2^17 and the production throttle), the clerk's
 * login measured from `session:login` sent to its answer:
 * - quiet: no flood;
 * - one address: one anonymous socket, 50 attempts in flight at all times;
 * - eight addresses: eight sockets from eight source addresses, 50 in flight each (the throttle's global bound
 *   and the counters' own lane are what hold);
 * - unthrottled: the one-address flood against a hub whose throttle is opened wide (what main did, at
 *   today's cost), for comparison; three samples, since each can take tens of seconds.
 * The flood runs in a child process; each clerk sample signs in at a different counter terminal (its own
 * source address, 127.0.1.n), as clerks of different windows do. The throttled conditions alternate in five
 * rounds of three logins each, so that the shared machine's changing load weighs on all of them alike.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleSettings } from '@hallq/hub';
import { connectClient, type TestClient } from '@hallq/hub/testing';
import { type BenchHub, startBenchHub } from './lib/bench-hub.ts';
import { forkChild } from './lib/children.ts';
import type { FlooderCommand, FlooderReport } from './lib/login-flooder.ts';
import { ms, type ResultRow, startResult } from './lib/results.ts';
import { summarize } from './lib/stats.ts';

const COUNTERS = 8;
const IN_FLIGHT = 50;
/** The clerk's login p50 during a flood may be at most this many times the quiet p50. */
const TARGET_RATIO = 3;

interface Series {
  readonly name: string;
  readonly loginMs: number[];
  refusedLogins: number;
  flood: { answers: Record<string, number>; sent: number; connections: number; ms: number } | null;
}

async function clerkCounters(bench: BenchHub) {
  const counters: { client: TestClient; username: string }[] = [];
  for (let n = 1; n <= COUNTERS; n += 1) {
    const { token } = bench.hub.accounts.addDevice({
      kind: 'counter',
      name: `counter w${n}`,
      windowId: `w${n}`,
      zone: null,
      now: Date.now(),
    });
    const { username } = await bench.addClerk(`clerk-${n}`);
    const client = await connectClient(bench.url, { deviceToken: token }, { localAddress: `127.0.1.${n}` });
    counters.push({ client, username });
  }
  return counters;
}

type Flooder = ReturnType<typeof forkChild<FlooderCommand, FlooderReport>>;
type Counters = { client: TestClient; username: string }[];

/** One block of clerk logins, with the flood running from `addresses` (none: quiet). */
async function measureBlock(
  bench: BenchHub,
  counters: Counters,
  flooder: Flooder,
  series: Series,
  samples: number,
  addresses: string[] | null,
  turn: { next: number },
): Promise<void> {
  if (addresses) {
    flooder.send({ type: 'start', url: bench.url, addresses, inFlight: IN_FLIGHT });
    await flooder.next((r): r is Extract<FlooderReport, { type: 'flooding' }> => r.type === 'flooding');
    // Let the flood fill every queue before the first sample.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  } else {
    // Let the last block's flood drain.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
  for (let i = 0; i < samples; i += 1) {
    const { client, username } = counters[turn.next % counters.length]!;
    turn.next += 1;
    const t0 = performance.now();
    const answer = await client.call('session:login', {
      username,
      password: 'correct horse battery',
      windowId: null,
    });
    const took = performance.now() - t0;
    if (!answer.ok) {
      series.refusedLogins += 1;
      console.log(`  ${series.name}: clerk login refused: ${answer.error.code} ${answer.error.message}`);
      continue;
    }
    series.loginMs.push(took);
    await client.call('session:logout', {});
  }
  if (addresses) {
    flooder.send({ type: 'stop' });
    const stopped = await flooder.next(
      (r): r is Extract<FlooderReport, { type: 'stopped' }> => r.type === 'stopped',
    );
    const flood = series.flood ?? { answers: {}, sent: 0, connections: 0, ms: 0 };
    for (const [key, n] of Object.entries(stopped.answers))
      flood.answers[key] = (flood.answers[key] ?? 0) + n;
    flood.sent += stopped.sent;
    flood.connections += stopped.connections;
    flood.ms += Math.round(stopped.ms);
    series.flood = flood;
  }
}

/**
 * The plan's conditions in rounds, `perBlock` logins each, so that the load of the (shared) machine weighs on
 * every condition alike rather than on whichever ran while it peaked.
 */
async function series(
  throttle: LoginThrottleSettings,
  plan: readonly (readonly [string, string[] | null])[],
  rounds: number,
  perBlock: number,
): Promise<Series[]> {
  const bench = await startBenchHub({ login: { throttle } });
  const flooder: Flooder = forkChild<FlooderCommand, FlooderReport>('login-flooder.ts');
  try {
    const counters = await clerkCounters(bench);
    const out: Series[] = plan.map(([name]) => ({ name, loginMs: [], refusedLogins: 0, flood: null }));
    const turn = { next: 0 };
    for (let round = 0; round < rounds; round += 1) {
      for (const [i, [, addresses]] of plan.entries()) {
        await measureBlock(bench, counters, flooder, out[i]!, perBlock, addresses, turn);
      }
    }
    for (const s of out) {
      const sum = summarize(s.loginMs);
      console.log(
        `  ${s.name}: clerk login p50 ${ms(sum.p50)}, max ${ms(sum.max)} (n=${sum.n}, refused ${s.refusedLogins})` +
          (s.flood
            ? `; flood answers ${JSON.stringify(s.flood.answers)} over ${s.flood.connections} connections in ${s.flood.ms} ms`
            : ''),
      );
    }
    for (const c of counters) c.client.close();
    return out;
  } finally {
    await flooder.stop();
    await bench.close();
  }
}

export async function loginFloodBenchmark(): Promise<void> {
  const result = startResult(
    'login-flood',
    'Login flood: a clerk signs in while the LAN floods wrong passwords',
  );
  console.log(`load average at start: ${result.machine.loadAverageAtStart.join(' / ')}`);
  const eight = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
  const throttled = await series(
    DEFAULT_LOGIN_THROTTLE,
    [
      ['quiet', null],
      ['one address', ['127.0.0.2']],
      ['eight addresses', eight],
    ],
    5,
    3,
  );
  const wide: LoginThrottleSettings = {
    maxRunning: 10_000,
    maxRunningAnonymous: 10_000,
    maxWaitingDevice: 10_000,
    maxWaitingAnonymous: 10_000,
    addressBurst: 1_000_000,
    addressPerMinute: 1_000_000,
    maxAddresses: 10_000,
  };
  // The issue's case: one anonymous socket. Two samples: each waits behind ~50 hashes of 128 MiB.
  const [unthrottled] = await series(wide, [['unthrottled, one address', ['127.0.0.2']]], 1, 3);
  const quiet = summarize(throttled[0]!.loginMs);
  const rows: ResultRow[] = [];
  for (const s of [...throttled.slice(1), unthrottled!]) {
    const sum = summarize(s.loginMs);
    const r = sum.p50 / quiet.p50;
    const isThrottled = !s.name.startsWith('unthrottled');
    rows.push({
      benchmark: `clerk login at a counter during a login flood (${s.name}), ${isThrottled ? 'p50' : 'each login'}`,
      measured: isThrottled
        ? `${ms(sum.p50)} (max ${ms(sum.max)}, n=${sum.n}${s.refusedLogins ? `, ${s.refusedLogins} refused` : ''})`
        : s.loginMs.map(ms).join(', '),
      baseline: `${ms(quiet.p50)} quiet (max ${ms(quiet.max)})`,
      ratio: `${r.toFixed(2)}×`,
      target: isThrottled ? `ratio ≤ ${TARGET_RATIO}, none refused` : 'info (no throttle)',
      verdict: isThrottled ? (r <= TARGET_RATIO && s.refusedLogins === 0 ? 'MET' : 'MISSED') : 'INFO',
      note:
        `scrypt N=2^17; flood ${IN_FLIGHT} wrong passwords in flight per address; answers ` +
        Object.entries(s.flood?.answers ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') +
        ` over ${s.flood?.connections ?? 0} connections in ${((s.flood?.ms ?? 0) / 1000).toFixed(1)} s`,
    });
  }
  result.finish(rows, {
    method:
      'session:login sent → answer, clerk on a registered counter (own source address); flood from a child process, ' +
      'anonymous sockets from 127.0.0.2–9, wrong passwords for "admin" kept in flight',
    series: [...throttled, unthrottled!].map((s) => ({
      name: s.name,
      login: summarize(s.loginMs),
      refusedLogins: s.refusedLogins,
      flood: s.flood,
    })),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await loginFloodBenchmark();
  process.exit(0);
}
