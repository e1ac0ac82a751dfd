#!/usr/bin/env node
// `npm start`: the hall on this machine, from the production build. Builds first when the sources changed since
// the last build (scripts/lib/build-plan.mjs), then starts the built hub with the demo hall (SQLite in ./data)
// and a simulated kiosk device agent (ID-card reader and ticket printer simulators) for it, and prints a link for
// each screen.
//
//   npm start [-- --agent-port 8092] [-- hub flags: --port 8081 --data DIR --host …]
//
// The agent's port is --agent-port or HALLQ_AGENT_PORT (default 8091); every other flag goes to the hub.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
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

/** Output held back until opened: the hub's links come after the agent's banner, last on the screen. */
function createGate() {
  let opened = false;
  const queue = [];
  return {
    write(out, text) {
      if (opened) out.write(text);
      else queue.push([out, text]);
    },
    open() {
      opened = true;
      for (const [out, text] of queue.splice(0)) out.write(text);
    },
  };
}
const hubOutput = createGate();
const direct = { write: (out, text) => out.write(text) };

/** Starts a built program; its output is shown line by line, JSON log entries as readable lines. */
function run(label, source, argv, { env = process.env, output = direct, onLine = () => {} } = {}) {
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['inherit', 'pipe', 'pipe'] });
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.write(out, `${formatLogLine(line, source)}\n`);
      onLine(line);
    });
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    hubOutput.open();
    console.error(`${label} stopped (${signal ?? code}); stopping HallQ.`);
    void stop(code || 1);
  });
  children.push(child);
  return child;
}

/** A free TCP port on the loopback interface, for `--agent-port 0`. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// 2. The hub, with the demo devices registered. Its kiosk link names the agent's address and carries the agent's
// pairing secret of this boot (a kiosk in a plain browser proves with it that it is the hub's page).
const pairing = randomBytes(24).toString('base64url');
// The public listener (visitors' phones) on 8090, or on a free port when the hub itself asked for one (--port 0);
// a --public-port of the caller's comes later and wins.
const hubPortIndex = args.hub.indexOf('--port');
const publicPort = hubPortIndex >= 0 && args.hub[hubPortIndex + 1] === '0' ? '0' : '8090';
const agentPort = args.agentPort === 0 ? await freePort() : args.agentPort;
const hubUrl = await new Promise((found) => {
  const hub = run(
    'the hub',
    'hub',
    [
      bundleOf('hub'),
      '--demo',
      '--agent-url',
      `http://127.0.0.1:${agentPort}`,
      '--public-port',
      publicPort,
      ...args.hub,
    ],
    {
      env: { ...process.env, HALLQ_DEMO_AGENT_PAIRING: pairing },
      output: hubOutput,
      onLine: (line) => {
        const match = /^HallQ hub is running: (\S+)/.exec(line);
        if (match) found(match[1]);
      },
    },
  );
  hub.once('exit', () => found(null));
});
if (!hubUrl) await stop(1);

// 3. The simulated kiosk device agent, for that hub's kiosk page only. Once its banner is out, the hub's links follow.
run(
  'the kiosk device agent',
  'agent',
  [bundleOf('kiosk device agent'), '--simulate', '--port', String(agentPort), '--hub', hubUrl],
  {
    env: { ...process.env, HALLQ_AGENT_PAIRING_SECRET: pairing },
    onLine: (line) => {
      if (line.startsWith('HallQ kiosk device agent:')) setImmediate(() => hubOutput.open());
    },
  },
);
