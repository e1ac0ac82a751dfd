import { defineProject } from 'vitest/config';

/** Cross-process tests: hub processes killed and restarted, devices on ptys, browsers against built apps. */
export default defineProject({
  test: {
    name: 'e2e',
    // The benchmarks' helpers (scripts/bench/lib) are tested here too: they have no project of their own.
    include: ['**/*.test.ts', '../scripts/bench/**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Browsers and hub processes are heavy on two cores: one file at a time.
    fileParallelism: false,
  },
});
