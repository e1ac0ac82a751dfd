import { fileURLToPath } from 'node:url';
import { runShell } from './main.ts';

runShell({
  argv: process.argv,
  env: process.env,
  preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
});
