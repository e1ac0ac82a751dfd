import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'city', include: ['**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'] },
});
