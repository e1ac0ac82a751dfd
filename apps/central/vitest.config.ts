import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'central',
    testTimeout: 30_000,
    // One throwaway PostgreSQL cluster for every test file of the centre (each file takes a database of its own).
    globalSetup: ['./src/testing/global-setup.ts'],
  },
});
