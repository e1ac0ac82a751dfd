import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'admin', include: ['**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'] },
});
