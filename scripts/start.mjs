#!/usr/bin/env node
// `npm start`: builds the web apps, starts the hub with the demo hall (SQLite in ./data), and a simulated kiosk
// device agent (ID-card reader and ticket printer simulators) where no hardware is configured.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
if (!existsSync(tsx)) {
  console.error('Dependencies are missing: run `npm install` first.');
  process.exit(1);
}

const run = (label, args, options = {}) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', ...options });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${label} stopped (${signal ?? code}); stopping HallQ.`);
      stop(code ?? 1);
    }
  });
  return child;
};

let stopping = false;
const children = [];
const stop = (code = 0) => {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// 1. The web apps the hub serves (about 5 s).
const build = spawn(process.execPath, [join(root, 'scripts', 'build-web.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
const built = await new Promise((done) => build.on('exit', (code) => done(code === 0)));
if (!built) {
  console.error('Building the web apps failed.');
  process.exit(1);
}

// 2. The default voice pack for the lobby, where espeak-ng is installed and the pack is not there yet.
const voicePack = join(root, 'scripts', 'voice-pack', 'generate.ts');
if (existsSync(voicePack)) {
  const voice = spawn(tsx, [voicePack, '--if-missing'], { cwd: root, stdio: 'inherit' });
  await new Promise((done) => voice.on('exit', done));
}

// 3. The hub, with the demo devices registered and their links printed.
const extra = process.argv.slice(2);
children.push(
  run('the hub', ['--import', 'tsx', join(root, 'apps', 'hub', 'src', 'main.ts'), '--demo', ...extra]),
);

// 4. A simulated kiosk device agent, when the kiosk app provides one.
const agent = join(root, 'apps', 'kiosk', 'agent', 'main.ts');
if (existsSync(agent)) children.push(run('the kiosk device agent', ['--import', 'tsx', agent, '--simulate']));
