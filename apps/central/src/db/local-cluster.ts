import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of our own, in a folder, for the tests and for `npm run central` without a server: made
 * with the installed PostgreSQL's initdb and run with its pg_ctl, listening only on a unix socket inside the
 * folder (no port to collide on). initdb and postgres refuse to run as root, so as root they run as the
 * `postgres` user (created by Debian's package), which then owns the folder.
 */
export interface LocalCluster {
  readonly dir: string;
  /** A connection string for a database of the cluster (`postgres` by default). */
  url(database?: string): string;
  /** Creates a database (dropping one of that name first); returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Creates the database unless it is there; returns its connection string. */
  ensureDatabase(name: string): Promise<string>;
  /** Stops and starts it again: `fast` ends connections cleanly, `immediate` is a crash (recovery on start). */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  stop(): Promise<void>;
}

const SUPERUSER = 'hallq';
const PORT = 5432;

/** The newest installed PostgreSQL's programs (Debian puts them in /usr/lib/postgresql/<version>/bin). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (CI and npm test do it)');
  }
  return join(root, versions[0]!, 'bin');
}

const asRoot = () => process.getuid?.() === 0;

/** The command, run as the postgres user when we are root. */
function command(program: string, args: readonly string[]): [string, string[]] {
  const path = join(binDir(), program);
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, [...args]];
}

function run(program: string, args: readonly string[]): Promise<void> {
  const [cmd, argv] = command(program, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${program} failed (${code}): ${output.slice(-2000)}`)),
    );
  });
}

function giveToPostgres(path: string): void {
  if (!asRoot()) return;
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  chownSync(path, id('-u'), id('-g'));
}

/**
 * Starts the cluster in `dir` (made with initdb the first time). `durable: false` turns fsync off: right for
 * tests and benchmarks of the centre's own work, never for data anyone keeps.
 */
export async function startLocalCluster(options: { dir: string; durable: boolean }): Promise<LocalCluster> {
  const { dir } = options;
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  giveToPostgres(dir);
  if (!existsSync(join(data, 'PG_VERSION'))) {
    await run('initdb', [
      '-D',
      data,
      '-U',
      SUPERUSER,
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-instructions',
      ...(options.durable ? [] : ['--no-sync']),
    ]);
  }
  const settings = [
    `-k ${dir}`,
    "-c listen_addresses=''",
    `-p ${PORT}`,
    '-c max_connections=200',
    '-c shared_buffers=128MB',
    ...(options.durable ? [] : ['-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off']),
  ].join(' ');
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-o', settings, 'start']);
  // A cluster left running by a killed run of ours: stop it first (its socket would be in the way).
  if (existsSync(join(data, 'postmaster.pid'))) {
    await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  }
  await start();
  const url = (database = 'postgres') =>
    `postgresql://${SUPERUSER}@localhost/${database}?host=${encodeURIComponent(dir)}&port=${PORT}`;
  return {
    dir,
    url,
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async ensureDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async restart(mode = 'fast') {
      await run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      await start();
    },
    async stop() {
      await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}
