import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../../support/browser.ts';

/**
 * The hub's main.ts bundled into one file, as a deployment would ship it: a restart then costs a Node start and
 * the hub's own work, not tsx compiling every source file again (3–10× faster on a loaded 2-core machine, which
 * is what lets 50 kill/restart cycles fit in CI). Native and heavy modules stay external and load from
 * node_modules, so the bundle lives under node_modules/.cache.
 */
export async function bundleHub(): Promise<readonly string[]> {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'hallq-chaos');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `hub-${process.pid}.mjs`);
  await build({
    entryPoints: [join(REPO_ROOT, 'apps/hub/src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: [
      'better-sqlite3',
      'pino',
      'pino-pretty',
      'thread-stream',
      'exceljs',
      'serialport',
      '@serialport/*',
    ],
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: {
      js: "import { createRequire as hallqRequire } from 'node:module'; const require = hallqRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return [outfile];
}
