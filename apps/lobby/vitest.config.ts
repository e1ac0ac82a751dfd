import { defineProject } from 'vitest/config';

/** The lobby renderer's unit tests, and the voice-pack generator's (scripts/voice-pack), which renders its clips. */
export default defineProject({
  test: {
    name: 'lobby',
    include: ['**/*.test.ts', '../../scripts/voice-pack/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
  },
});
