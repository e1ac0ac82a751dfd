#!/usr/bin/env node
// `npm start`: the hall on this machine, from the production build. Builds first when the sources changed since
// the last build (scripts/lib/build-plan.mjs), then starts a simulated kiosk device agent (ID-card reader and
// ticket printer simulators) and the built hub with the demo hall (SQLite in ./data), which prints a link for
// each screen.
//
//   npm start [-- --agent-port 8092] [-- hub flags: --port 8081 --data DIR --host …]
//
// The agent's port is --agent-port or HALLQ_AGENT_PORT (default 8091); every other flag goes to the hub.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SERVER_BUNDLES, staleReason } from './lib/build-plan.mjs';
import { formatLogLine } from './lib/log-lines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'node_modules'))) {
  console.error('Dependencies are missing: run `npm install` first.');
  process.exit(1);
}

/** `--agent-port N` / `--agent-port=N` is ours; the rest is the hub's. */
function splitArgs(argv) {
  const hub = [];
  let agentPort = process.env.HALLQ_AGENT_PORT || '8091';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--agent-port') {
      agentPort = argv[i + 1] ?? '';
      i += 1;
    } else if (arg.startsWith('--agent-port=')) agentPort = arg.slice('--agent-port='.length);
    else hub.push(arg);
  }
  const port = Number(agentPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--agent-port (or HALLQ_AGENT_PORT) must be a port number, not "${agentPort}".`);
    process.exit(2);
  }
  return { hub, agentPort: port };
}
const args = splitArgs(process.argv.slice(2));
const bundleOf = (name) => join(root, SERVER_BUNDLES.find((b) => b.name === name).outfile);

// 1. The build, when it is missing or older than the sources (a newest-mtime check: a few ms).
const stale = staleReason(root);
if (stale) {
  console.log(`Building HallQ (${stale}) …`);
  const build = spawn(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  const built = await new Promise((done) => build.on('exit', (code) => done(code === 0)));
  if (!built) {
    console.error('The build failed; see above.');
    process.exit(1);
  }
}

let stopping = false;
const children = [];
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  const exits = children.map((child) =>
    child.exitCode === null && child.signalCode === null
      ? new Promise((done) => child.once('exit', done))
      : Promise.resolve(),
  );
  for (const child of children) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
  }, 5000);
  await Promise.all(exits);
  clearTimeout(force);
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** Starts a built program; its output is shown line by line, JSON log entries as readable lines. */
function run(label, source, argv, onLine = () => {}) {
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream }).on('line', (line) => {
      out.write(`${formatLogLine(line, source)}\n`);
      onLine(line);
    });
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${label} stopped (${signal ?? code}); stopping HallQ.`);
    void stop(code || 1);
  });
  children.push(child);
  return child;
}

// 2. The simulated kiosk device agent, first: the hub's kiosk link names the address it listens on.
const agentUrl = await new Promise((found) => {
  const agent = run(
    'the kiosk device agent',
    'agent',
    [bundleOf('kiosk device agent'), '--simulate', '--port', String(args.agentPort)],
    (line) => {
      const match = /^HallQ kiosk device agent: (\S+)/.exec(line);
      if (match) found(match[1]);
    },
  );
  agent.once('exit', () => found(null));
});
if (!agentUrl) await stop(1);

// 3. The hub, with the demo devices registered and their links printed.
run('the hub', 'hub', [bundleOf('hub'), '--demo', '--agent-url', agentUrl, ...args.hub]);
