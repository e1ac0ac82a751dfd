import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'hallctl', testTimeout: 30_000 } });
