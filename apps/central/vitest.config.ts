import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'central', testTimeout: 30_000 } });
