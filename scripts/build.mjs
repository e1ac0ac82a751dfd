#!/usr/bin/env node
// `npm run build`: the production build. The hub, the kiosk device agent and hallctl are each bundled by esbuild
// into one ES module (no TypeScript compiled at start), then the web apps are built with Vite. npm packages stay
// external: they are installed beside the build (native ones such as better-sqlite3 and serialport cannot be
// bundled, and the rest load fine from node_modules).
//
//   node scripts/build.mjs               everything
//   node scripts/build.mjs --servers     only the server bundles
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_STAMP, SERVER_BUNDLES } from './lib/build-plan.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serversOnly = process.argv.includes('--servers');

/** Workspace packages (@hallq/*) ship TypeScript and are bundled; everything from npm stays external. */
const npmExternal = {
  name: 'npm-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) =>
      a.path.startsWith('@hallq/') || a.path.startsWith('node:')
        ? undefined
        : { path: a.path, external: true },
    );
  },
};

for (const bundle of SERVER_BUNDLES) {
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
    plugins: [npmExternal],
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
