import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleHub } from './support/hub-bundle.ts';
import { runKillRestartChaos } from './support/kill-restart.ts';
import { chaosSeed, countFromEnv } from './support/seeded-random.ts';

/** 50 cycles in CI; `npm run test:chaos` sets HALLQ_CHAOS_CYCLES=1000. */
const CYCLES = countFromEnv('HALLQ_CHAOS_CYCLES', 50);
const RESYNC_LIMIT_MS = 2_000;
const verbose = process.env.HALLQ_CHAOS_VERBOSE === '1';

describe('the hub killed with SIGKILL under load, again and again', () => {
  it(`keeps every acknowledged change, never issues a number twice and resyncs its clients (${CYCLES} cycles)`, {
    timeout: 120_000 + CYCLES * 15_000,
  }, async () => {
    const seed = chaosSeed();
    console.log(`kill -9 chaos: seed ${seed} (replay with HALLQ_CHAOS_SEED=${seed}), ${CYCLES} cycles`);
    const entry = await bundleHub();
    try {
      const result = await runKillRestartChaos({
        cycles: CYCLES,
        seed,
        entry,
        onCycle: (r) => {
          if (verbose) console.log(JSON.stringify(r));
        },
      });
      const sorted = [...result.resyncMs].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      console.log(
        `kill -9 chaos: ${result.cycles} cycles (${result.cycles - 1} restarts), ${result.acknowledgedCommands} acknowledged commands, ` +
          `${result.ticketsIssued} tickets, ${result.lostInFlight} issue answers lost in a kill, ${result.retriedIssues} retried; ` +
          `resync after restart (${sorted.length} client reconnections) p50 ${at(0.5).toFixed(0)} ms, ` +
          `p99 ${at(0.99).toFixed(0)} ms, max ${at(1).toFixed(0)} ms`,
      );
      expect(result.violations).toEqual([]);
      expect(result.ticketsIssued).toBeGreaterThan(0);
      expect(at(1), `slowest resync (seed ${seed})`).toBeLessThan(RESYNC_LIMIT_MS);
    } finally {
      for (const file of entry) rmSync(file, { force: true });
    }
  });
});
