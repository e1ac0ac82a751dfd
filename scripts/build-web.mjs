#!/usr/bin/env node
// Builds every web renderer (apps/*/vite.config.ts) with Vite, one after another: the machines have two cores.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// What a hall runs, whoever calls this: the browser tests run it from Vitest, whose NODE_ENV=test would make Vite
// bundle React's development build (a ticket page of 136 kB gzipped instead of 74 kB, and slower screens).
process.env.NODE_ENV = 'production';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const apps = readdirSync(join(root, 'apps')).filter(
  (name) =>
    existsSync(join(root, 'apps', name, 'vite.config.ts')) && (only.length === 0 || only.includes(name)),
);
for (const app of apps) {
  const started = Date.now();
  await build({
    root: join(root, 'apps', app),
    configFile: join(root, 'apps', app, 'vite.config.ts'),
    logLevel: 'warn',
  });
  console.log(`built ${app} in ${Date.now() - started} ms`);
}
