// Starts the planner's worker from TypeScript source (tsx, Vitest). Node 20 does not pass a worker's
// `--import tsx` on to its module loader, so the worker registers tsx itself before loading the real entry.
// The production build bundles planner-worker.ts directly (apps/hub/dist/planner-worker.mjs) and skips this file.
import { register } from 'tsx/esm/api';

register();
await import('./planner-worker.ts');
