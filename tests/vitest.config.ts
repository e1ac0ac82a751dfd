import { defineProject } from 'vitest/config';

/** Cross-process tests: hub processes killed and restarted, devices on ptys, browsers. */
export default defineProject({
  test: { name: 'e2e', include: ['**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
