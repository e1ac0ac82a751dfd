#!/usr/bin/env node
// `npm run build`: the production build. The hub, the kiosk device agent and hallctl are each bundled by esbuild
// into one ES module with their npm dependencies (no TypeScript compiled and no thousand small files resolved at
// start: the built hub starts in about half the time), then the web apps are built with Vite. A few packages stay
// external and load from node_modules: native ones (better-sqlite3, serialport) cannot be bundled, and exceljs is
// loaded only when a report is exported.
//
//   node scripts/build.mjs               everything
//   node scripts/build.mjs --servers     only the server bundles
//   node scripts/build.mjs --only NAME   one server bundle (its name in build-plan.mjs), e.g. "city centre"
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_STAMP, SERVER_BUNDLES } from './lib/build-plan.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const serversOnly = process.argv.includes('--servers') || only !== undefined;
const bundles = only === undefined ? SERVER_BUNDLES : SERVER_BUNDLES.filter((b) => b.name === only);
if (bundles.length === 0) {
  console.error(`No server bundle is named "${only}" (${SERVER_BUNDLES.map((b) => b.name).join(', ')}).`);
  process.exit(2);
}

/** Packages left to node_modules: native addons (and ws's optional native helpers), and exceljs (loaded lazily). */
const EXTERNAL = new Set(['better-sqlite3', 'serialport', 'exceljs', 'bufferutil', 'utf-8-validate']);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const keepExternal = {
  name: 'keep-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => {
      const name = packageOf(a.path);
      return EXTERNAL.has(name) || name.startsWith('@serialport/')
        ? { path: a.path, external: true }
        : undefined;
    });
  },
};
/** CommonJS packages bundled into an ES module still call require() for Node's built-ins: give them one. */
const requireShim =
  "import { createRequire as __hallqRequire } from 'node:module'; const require = __hallqRequire(import.meta.url);";

for (const bundle of bundles) {
  const started = Date.now();
  await build({
    entryPoints: [join(root, bundle.entry)],
    outfile: join(root, bundle.outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: requireShim },
    plugins: [keepExternal],
  });
  console.log(`built ${bundle.name} in ${Date.now() - started} ms → ${bundle.outfile}`);
}

if (!serversOnly) {
  const web = spawnSync(process.execPath, [join(root, 'scripts', 'build-web.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (web.status !== 0) {
    console.error('Building the web apps failed.');
    process.exit(1);
  }
  mkdirSync(dirname(join(root, BUILD_STAMP)), { recursive: true });
  writeFileSync(join(root, BUILD_STAMP), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
}
