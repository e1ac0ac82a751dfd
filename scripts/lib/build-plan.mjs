// What `npm run build` makes, and the cheap check `npm start` runs to know whether it must build again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server programs, each bundled by esbuild into one ES module. Each bundle sits at the same depth below the
 * repository as its source entry, so the paths the programs resolve from their own location (the demo hall file,
 * hardware-profiles/, the built web apps) are the same whether they run from source or from the build.
 */
export const SERVER_BUNDLES = [
  { name: 'hub', entry: 'apps/hub/src/main.ts', outfile: 'apps/hub/dist/main.mjs' },
  // The staffing planner's worker thread, loaded by the hub from beside its own bundle (planner/planner-pool.ts).
  {
    name: 'hub planner worker',
    entry: 'apps/hub/src/planner/planner-worker.ts',
    outfile: 'apps/hub/dist/planner-worker.mjs',
  },
  {
    name: 'kiosk device agent',
    entry: 'apps/kiosk/agent/main.ts',
    outfile: 'apps/kiosk/dist-agent/main.mjs',
  },
  { name: 'hallctl', entry: 'apps/hallctl/src/main.ts', outfile: 'apps/hallctl/dist/main.mjs' },
  // The city centre (on its own server, with PostgreSQL); it serves the city web app from apps/city/dist.
  { name: 'city centre', entry: 'apps/central/src/main.ts', outfile: 'apps/central/dist/main.mjs' },
];

/** The built web apps the hub serves (scripts/build-web.mjs). */
export const WEB_OUTPUTS = [
  'apps/admin/dist/index.html',
  'apps/counter/dist/index.html',
  'apps/counter/dist/rate/index.html',
  'apps/kiosk/dist/index.html',
  'apps/lobby/dist/index.html',
  'apps/visitor/dist/index.html',
];

/** Written last by a successful build; its modification time is the build's. */
export const BUILD_STAMP = 'apps/hub/dist/build-stamp.json';

/** Folders whose files go into a build. */
const SOURCE_ROOTS = ['apps', 'packages'];
/** Single files that change what a build makes. */
const SOURCE_FILES = [
  'package-lock.json',
  'scripts/build.mjs',
  'scripts/build-web.mjs',
  'scripts/lib/build-plan.mjs',
];
/** Outputs, caches and generated files inside the source roots. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'dist-agent',
  'out',
  'release',
  'voice',
  'electron',
]);
/** Files no part of `npm run build` reads: the Electron shells' builds, test and type-check settings. */
const SKIPPED_FILES =
  /^(electron-builder\.json|electron\.vite\.config\.ts|vitest\.config\.ts|tsconfig.*\.json)$/;
const SOURCE_FILE = /\.(ts|tsx|mts|mjs|js|css|html|json|svg|ico|png|woff2?)$/;
const TEST_FILE = /\.test\.tsx?$/;

/** The newest modification time (ms) among the files a build reads, and the file that has it. */
export function newestSource(root) {
  let newest = { mtimeMs: 0, file: null };
  const consider = (file) => {
    const { mtimeMs } = statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, file };
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name));
      } else if (
        entry.isFile() &&
        SOURCE_FILE.test(entry.name) &&
        !TEST_FILE.test(entry.name) &&
        !SKIPPED_FILES.test(entry.name)
      ) {
        consider(join(dir, entry.name));
      }
    }
  };
  for (const folder of SOURCE_ROOTS) if (existsSync(join(root, folder))) walk(join(root, folder));
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) consider(join(root, file));
  return newest;
}

/**
 * Why the build in `root` must be made again, or null when it is current: an output is missing, or a source file
 * changed after the last successful build.
 */
export function staleReason(root) {
  const outputs = [...SERVER_BUNDLES.map((b) => b.outfile), ...WEB_OUTPUTS, BUILD_STAMP];
  const missing = outputs.find((file) => !existsSync(join(root, file)));
  if (missing) return `${missing} is missing`;
  const built = statSync(join(root, BUILD_STAMP)).mtimeMs;
  const newest = newestSource(root);
  if (newest.mtimeMs > built) return `${newest.file.slice(root.length + 1)} changed after the last build`;
  return null;
}
