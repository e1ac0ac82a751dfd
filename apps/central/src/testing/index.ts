/** What tests outside the centre (the browser tests in tests/) use to run a real centre with real hubs. */
export { issue, run, visit } from './hall-activity.ts';
export { caughtUp, FAST_RETRY } from './hub-link.ts';
export { startTestCluster } from './pg-cluster.ts';
export { startTestCentral, type TestCentral } from './test-central.ts';
