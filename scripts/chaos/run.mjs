#!/usr/bin/env node
// `npm run test:chaos`: the long forms of the crash, fault and fuzz tests (the short forms run in `npm test`).
//   1,000 kill -9 / restart cycles of the hub under load      HALLQ_CHAOS_CYCLES   (short form: 50)
//   100,000 fuzzed Socket.IO messages                          HALLQ_FUZZ_MESSAGES  (short form: 10,000)
//   100,000 generated / mutated streams into each parser        HALLQ_FUZZ_FRAMES    (short form: 10,000)
//   100 unplug / replug cycles of the reader and the keypad     HALLQ_SERIAL_CYCLES  (same in both forms)
//   200 SIGKILLs of the hub mid-webhook-delivery                 HALLQ_WEBHOOK_CHAOS_CYCLES (short form: 12)
// Any of them can be set in the environment to override; HALLQ_CHAOS_SEED replays a run (every test prints its
// seed). Extra arguments go to Vitest, e.g. `npm run test:chaos -- tests/chaos/kill-restart.test.ts`.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const long = {
  HALLQ_CHAOS_CYCLES: '1000',
  HALLQ_FUZZ_MESSAGES: '100000',
  HALLQ_FUZZ_FRAMES: '100000',
  HALLQ_SERIAL_CYCLES: '100',
  HALLQ_WEBHOOK_CHAOS_CYCLES: '200',
};
const env = {
  ...process.env,
  HALLQ_SKIP_WEB_BUILD: '1',
  HALLQ_CHAOS_VERBOSE: process.env.HALLQ_CHAOS_VERBOSE ?? '0',
};
for (const [name, value] of Object.entries(long)) env[name] = process.env[name] ?? value;
const targets = process.argv.slice(2);
const args = ['run', '--project', 'e2e', ...(targets.length > 0 ? targets : ['tests/chaos', 'tests/fuzz'])];
console.log(
  `chaos long form: ${Object.keys(long)
    .map((name) => `${name}=${env[name]}`)
    .join(' ')}`,
);
const result = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), args, {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
