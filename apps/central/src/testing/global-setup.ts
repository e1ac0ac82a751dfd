import type { TestProject } from 'vitest/node';
import { startTestCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The connection string of the shared throwaway cluster's `postgres` database. */
    centralPgUrl: string;
    /** The cluster's folder (its unix socket is in it). */
    centralPgDir: string;
  }
}

/**
 * One throwaway PostgreSQL cluster for all of the centre's test files (initdb once, a second or two); each file
 * makes a database of its own in it. A test that restarts PostgreSQL starts a cluster of its own instead.
 */
export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  project.provide('centralPgUrl', cluster.url());
  project.provide('centralPgDir', cluster.dir);
  return async () => {
    await cluster.stop();
  };
}
