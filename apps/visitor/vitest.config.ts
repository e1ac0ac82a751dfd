import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'visitor', include: ['**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'] },
});
