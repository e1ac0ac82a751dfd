import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'counter', include: ['**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'] },
});
