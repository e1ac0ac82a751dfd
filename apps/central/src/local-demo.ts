/**
 * `npm run central`: the city centre for a newcomer, on this machine. Without a PostgreSQL configured
 * (HALLQ_CENTRAL_DATABASE_URL) it makes a throwaway cluster in ./data/central-pg with the installed PostgreSQL
 * (kept across runs; delete the folder to start over); then it starts the centre and a demo hall hub that pushes
 * its log to it, and prints the addresses.
 *
 *   HALLQ_CENTRAL_PORT (8070)   the centre's port       HALLQ_PORT (8081)   the demo hub's port
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createCentral } from './create-central.ts';
import { type LocalCluster, startLocalCluster } from './db/local-cluster.ts';
import { openPool } from './db/pool.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const data = join(root, 'data');
const logger = pino({ level: process.env.HALLQ_CENTRAL_LOG_LEVEL ?? 'warn', base: { app: 'hallq-central' } });
const centralPort = Number(process.env.HALLQ_CENTRAL_PORT ?? 8070);
const hubPort = process.env.HALLQ_PORT ?? '8081';

if (!existsSync(data)) mkdirSync(data, { recursive: true, mode: 0o755 });
let cluster: LocalCluster | null = null;
let databaseUrl = process.env.HALLQ_CENTRAL_DATABASE_URL ?? null;
if (!databaseUrl) {
  // As root, PostgreSQL runs as the postgres user, which must be able to pass through ./data to its own folder.
  if (process.getuid?.() === 0 && (statSync(data).mode & 0o001) === 0) {
    chmodSync(data, statSync(data).mode | 0o001);
    process.stdout.write('(./data made passable for the postgres user: o+x, no listing)\n');
  }
  process.stdout.write('No PostgreSQL configured: starting a local cluster in ./data/central-pg …\n');
  cluster = await startLocalCluster({ dir: join(data, 'central-pg'), durable: true });
  databaseUrl = await cluster.ensureDatabase('hallq_central');
}

// The city's web app, served by the centre at `/`: built once if this checkout has not built it yet.
if (!existsSync(join(root, 'apps', 'city', 'dist', 'index.html'))) {
  process.stdout.write('Building the city web app (apps/city) …\n');
  spawnSync(process.execPath, [join(root, 'scripts', 'build-web.mjs'), 'city'], {
    cwd: root,
    stdio: 'inherit',
  });
}

const pool = openPool(databaseUrl, logger);
const central = await createCentral({
  pool,
  logger,
  config: { host: '127.0.0.1', port: centralPort, tls: null },
});
const { url } = await central.listen();

// The demo hall's credential, kept beside the data (owner-only) so a restart reconnects the same hub.
const tokenFile = join(data, 'central-demo-hall.token');
let token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '';
if (!token || (await central.halls.identify('demo-hall', token)) !== 'ok') {
  token = await central.halls.register({
    hallId: 'demo-hall',
    name: '示范大厅 Demo hall',
    region: '示范区 Demo',
  });
  writeFileSync(tokenFile, token, { mode: 0o600 });
}

// A city admin for the newcomer to sign in to the web app with: a new token each start (the old one stops working).
const cityToken = await central.users.add({ username: 'demo', role: 'city-admin', region: null });

process.stdout.write(
  [
    '',
    `HallQ city centre is running: ${url}`,
    `  web app       ${url}/   (sign in with the demo city admin's token: ${cityToken})`,
    `  ingest        ${url}/v1/ingest   (hubs push here)`,
    `  health        ${url}/healthz`,
    `  database      ${cluster ? `local cluster in ${cluster.dir} (socket inside it)` : 'HALLQ_CENTRAL_DATABASE_URL'}`,
    `  psql          ${cluster ? `psql "${databaseUrl}"` : '(your server)'}`,
    '',
    'Starting the demo hall hub, connected to the centre as "demo-hall" …',
    '',
  ].join('\n'),
);

const hub = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    join(root, 'apps/hub/src/main.ts'),
    '--demo',
    '--port',
    hubPort,
    '--data',
    join(data, 'central-demo-hub'),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    // The token goes by the environment, not the command line (which any user can read in `ps`).
    env: { ...process.env, HALLQ_CENTRAL_URL: url, HALLQ_HALL_ID: 'demo-hall', HALLQ_CENTRAL_TOKEN: token },
  },
);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (hub.exitCode === null) {
    const gone = new Promise((done) => hub.once('exit', done));
    hub.kill('SIGTERM');
    await gone;
  }
  await central.close();
  await pool.end();
  await cluster?.stop();
  process.exit(code);
}
hub.on('exit', (code) => {
  if (!stopping) {
    process.stderr.write(`The demo hub stopped (${code}); stopping the centre.\n`);
    void stop(code ?? 1);
  }
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
