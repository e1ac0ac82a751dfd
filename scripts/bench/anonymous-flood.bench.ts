/**
 * An anonymous flood beside a normal client, in one run: kiosks issue tickets and a lobby display asks for the
 * hall at a steady pace while a child process floods the hub from 64 anonymous sockets on 8 addresses (1.9 MB
 * `hall:configure` frames with 450,000 service ids, deeply nested 1.9 MB frames, small commands as fast as the
 * sockets take them, reconnecting whenever the hub closes or refuses them). Quiet and flooded phases alternate
 * (Q F Q F Q F), so the machine's own noise falls on both alike; the normal client's ack p99 in the flooded
 * phases is compared with the quiet ones. Target (issue 10): no more than 2×. The hub and the flood are pinned
 * to different CPUs (see pinApart).
 *
 *   npx tsx scripts/bench/anonymous-flood.bench.ts [--phase-seconds 8] [--sockets 64]
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { connectClient, type TestClient } from '@hallq/hub/testing';
import type { FloodCommand, FloodCounts, FloodReport } from './lib/anonymous-flood.ts';
import { startBenchHub } from './lib/bench-hub.ts';
import { forkChild } from './lib/children.ts';
import { ms, type ResultRow, ratio, startResult } from './lib/results.ts';
import { monotonicMs, sleep, summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const PHASE_MS = Number(flag('phase-seconds') ?? 8) * 1000;
const PHASES = 3;
const SOCKETS = Number(flag('sockets') ?? 64);
const ADDRESSES = 8;
const TARGET_RATIO = 2;
/** A busy hall: a ticket every 250 ms from one of ten kiosks, the lobby's snapshot every 250 ms. */
const PACE_MS = 250;
const KIOSKS = 10;

type Phase = 'quiet' | 'flood';

/**
 * The attacker stands on another machine in a hall; here it shares two cores with the hub. The hub (this
 * process, with the normal clients) is pinned to CPU 0 and the flood to CPU 1 with taskset, so the flood's own
 * encoding and sending cannot take the hub's core. Returns whether that worked (no taskset: not pinned).
 */
function pinApart(floodPid: number | undefined): boolean {
  try {
    execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
    if (floodPid) execFileSync('taskset', ['-a', '-cp', '1', String(floodPid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const result = startResult(
    'anonymous-flood',
    "Anonymous flood: another client's ack p99, flooded vs quiet",
  );
  const bench = await startBenchHub();
  const kiosks: TestClient[] = [];
  for (const auth of bench.addDevices(KIOSKS, ['kiosk'])) kiosks.push(await connectClient(bench.url, auth));
  const lobby = await connectClient(bench.url, bench.addDevices(1, ['lobby'])[0]!);
  const flood = forkChild<FloodCommand, FloodReport>('anonymous-flood.ts');
  const pinned = pinApart(flood.process.pid);
  const latencies: Record<Phase, { issue: number[]; snapshot: number[] }> = {
    quiet: { issue: [], snapshot: [] },
    flood: { issue: [], snapshot: [] },
  };
  const refused: Record<string, number> = {};
  const services = bench.hall.services.map((s) => s.id);
  let sent = 0;

  /** The normal client for one phase: paced sends (open loop), each ack's latency kept under its phase. */
  async function normalClient(phase: Phase): Promise<void> {
    const pending: Promise<void>[] = [];
    const until = monotonicMs() + PHASE_MS;
    while (monotonicMs() < until) {
      const kiosk = kiosks[sent % KIOSKS]!;
      const serviceId = services[sent % services.length]!;
      sent += 1;
      const t0 = monotonicMs();
      pending.push(
        kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId, identity: null }).then((answer) => {
          latencies[phase].issue.push(monotonicMs() - t0);
          if (!answer.ok) refused[answer.error.code] = (refused[answer.error.code] ?? 0) + 1;
        }),
      );
      const t1 = monotonicMs();
      pending.push(
        lobby.call('hall:snapshot', {}).then(() => {
          latencies[phase].snapshot.push(monotonicMs() - t1);
        }),
      );
      await sleep(PACE_MS);
    }
    await Promise.all(pending);
  }

  // Warm-up: a few of each, not measured.
  for (let i = 0; i < 5; i += 1) {
    await kiosks[i]!.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: services[0]!,
      identity: null,
    });
    await lobby.call('hall:snapshot', {});
  }
  flood.send({ type: 'start', url: bench.url, sockets: SOCKETS, addresses: ADDRESSES });
  await flood.next((r): r is Extract<FloodReport, { type: 'ready' }> => r.type === 'ready');
  flood.send({ type: 'pause' });
  await flood.next((r): r is Extract<FloodReport, { type: 'counts' }> => r.type === 'counts');
  await sleep(1000);
  const loadByPhase: { phase: Phase; load1: number }[] = [];
  // How busy this process's event loop (the hub's, and the normal clients') was in each kind of phase: whether
  // the flood costs the hub work, or only the machine's time.
  const busy: Record<Phase, EventLoopUtilization[]> = { quiet: [], flood: [] };
  // And how much CPU the whole process took (every thread, user and system) per second of each kind of phase.
  const cpuMs: Record<Phase, number> = { quiet: 0, flood: 0 };
  const systemMs: Record<Phase, number> = { quiet: 0, flood: 0 };
  const measured = async (phase: Phase) => {
    const before = performance.eventLoopUtilization();
    const cpuBefore = process.cpuUsage();
    await normalClient(phase);
    busy[phase].push(performance.eventLoopUtilization(before));
    const cpu = process.cpuUsage(cpuBefore);
    cpuMs[phase] += (cpu.user + cpu.system) / 1000;
    systemMs[phase] += cpu.system / 1000;
  };
  const cpuShare = (phase: Phase) => cpuMs[phase] / (PHASES * PHASE_MS);
  const systemShare = (phase: Phase) => systemMs[phase] / (PHASES * PHASE_MS);
  const utilisation = (phase: Phase) => {
    const idle = busy[phase].reduce((sum, u) => sum + u.idle, 0);
    const active = busy[phase].reduce((sum, u) => sum + u.active, 0);
    return active / (idle + active);
  };
  for (let round = 0; round < PHASES; round += 1) {
    await measured('quiet');
    loadByPhase.push({ phase: 'quiet', load1: loadavg()[0]! });
    flood.send({ type: 'resume' });
    await sleep(500); // the attackers are at full speed before the phase is measured
    await measured('flood');
    loadByPhase.push({ phase: 'flood', load1: loadavg()[0]! });
    flood.send({ type: 'pause' });
    await flood.next((r): r is Extract<FloodReport, { type: 'counts' }> => r.type === 'counts');
    await sleep(1000); // answers in flight drain before the next quiet phase
  }
  flood.send({ type: 'close' });
  const final = await flood.next((r): r is Extract<FloodReport, { type: 'counts' }> => r.type === 'counts');
  await flood.stop();
  const counts: FloodCounts = final.counts;

  const quietIssue = summarize(latencies.quiet.issue);
  const floodIssue = summarize(latencies.flood.issue);
  const quietSnapshot = summarize(latencies.quiet.snapshot);
  const floodSnapshot = summarize(latencies.flood.snapshot);
  const loop = { quiet: utilisation('quiet'), flood: utilisation('flood') };
  const row = (what: string, flooded: number, quiet: number, n: number): ResultRow => ({
    benchmark: `${what} ack p99 under an anonymous flood`,
    measured: ms(flooded),
    baseline: `${ms(quiet)} (quiet phases)`,
    ratio: ratio(flooded / quiet),
    target: `≤ ${TARGET_RATIO}×`,
    verdict: flooded / quiet <= TARGET_RATIO ? 'MET' : 'MISSED',
    note: `${n} acks per series; hub event loop busy ${(loop.flood * 100).toFixed(1)} % flooded vs ${(loop.quiet * 100).toFixed(1)} % quiet, CPU ${(cpuShare('flood') * 100).toFixed(1)} % vs ${(cpuShare('quiet') * 100).toFixed(1)} % of a core; ${SOCKETS} anonymous sockets on ${ADDRESSES} addresses sent ${counts.sent} frames (${(counts.sentBytes / 2 ** 20).toFixed(0)} MiB)${pinned ? '; hub on CPU 0, flood on CPU 1' : '; not pinned'}`,
  });
  const rows = [
    row('kiosk ticket:issue', floodIssue.p99, quietIssue.p99, floodIssue.n),
    row('lobby hall:snapshot', floodSnapshot.p99, quietSnapshot.p99, floodSnapshot.n),
  ];
  console.log(
    `  flood: ${counts.sent} frames, ${(counts.sentBytes / 2 ** 20).toFixed(0)} MiB; answers ${JSON.stringify(counts.answers)}; ` +
      `${counts.connected} connections accepted, ${counts.refused} refused, ${counts.closedByHub} closed by the hub`,
  );
  console.log(
    `  normal client: issue p50/p99 quiet ${quietIssue.p50}/${quietIssue.p99} ms, flooded ${floodIssue.p50}/${floodIssue.p99} ms; ` +
      `snapshot quiet ${quietSnapshot.p50}/${quietSnapshot.p99} ms, flooded ${floodSnapshot.p50}/${floodSnapshot.p99} ms; refused ${JSON.stringify(refused)}`,
  );
  console.log(
    `  hub process: event loop busy ${(loop.quiet * 100).toFixed(1)} % quiet, ${(loop.flood * 100).toFixed(1)} % flooded; ` +
      `CPU ${(cpuShare('quiet') * 100).toFixed(1)} % / ${(cpuShare('flood') * 100).toFixed(1)} % of a core ` +
      `(in the kernel ${(systemShare('quiet') * 100).toFixed(1)} % / ${(systemShare('flood') * 100).toFixed(1)} %)`,
  );
  result.finish(rows, {
    phaseMs: PHASE_MS,
    phases: PHASES,
    pacing: { everyMs: PACE_MS, kiosks: KIOSKS },
    pinnedApart: pinned,
    flood: counts,
    normalClient: {
      issue: { quiet: quietIssue, flood: floodIssue },
      snapshot: { quiet: quietSnapshot, flood: floodSnapshot },
      refused,
    },
    loadByPhase,
    eventLoopUtilisation: loop,
    cpuShareOfACore: { quiet: cpuShare('quiet'), flood: cpuShare('flood') },
  });
  for (const client of [...kiosks, lobby]) client.close();
  await bench.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
