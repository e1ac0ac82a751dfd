import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'kiosk', include: ['**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'] },
});
