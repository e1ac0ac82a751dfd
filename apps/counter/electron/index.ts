import { fileURLToPath } from 'node:url';
import { runShell } from './main.ts';

runShell({
  argv: process.argv,
  env: process.env,
  preload: fileURLToPath(new URL('../preload/index.mjs', import.meta.url)),
});
