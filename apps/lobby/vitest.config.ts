import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'lobby', include: ['**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'] } });
