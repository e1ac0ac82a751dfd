import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { createCentral } from './create-central.ts';
import { migrate } from './db/migrate.ts';
import { openPool } from './db/pool.ts';
import { readCentralSettings } from './settings.ts';

/**
 * The city centre:
 *   tsx apps/central/src/main.ts --database-url postgresql://…            serve hubs' batches (port 8070)
 *   tsx apps/central/src/main.ts register-hall --hall-id h1 --name … --region …   prints the hub's token
 *   tsx apps/central/src/main.ts revoke-hall --hall-id h1
 *   tsx apps/central/src/main.ts add-city-user --username wang --role city-supervisor [--region 东城区]
 */
const settings = readCentralSettings(process.env, process.argv.slice(2));
const logger = pino({
  level: settings.logLevel,
  base: { app: 'hallq-central' },
  redact: { paths: ['token', '*.token', 'authorization', '*.authorization'], censor: '[redacted]' },
});
if (!settings.databaseUrl) {
  process.stderr.write(
    'No PostgreSQL configured: pass --database-url or HALLQ_CENTRAL_DATABASE_URL (npm run central makes a local one).\n',
  );
  process.exit(2);
}
if ((settings.tlsCertFile === null) !== (settings.tlsKeyFile === null)) {
  process.stderr.write('TLS needs both --tls-cert and --tls-key.\n');
  process.exit(2);
}
// A failure the code did not expect is logged; the process stays up for the other halls (bad input never ends it).
process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));

// Several workers: the first process migrates, then forks them; each serves hubs on the same port (node:cluster
// hands connections round-robin). Two batches of one hall still take turns, on the hall cursor's row lock.
if (settings.command === 'serve' && settings.workers > 1 && cluster.isPrimary) {
  const setup = openPool(settings.databaseUrl, logger, 1);
  await migrate(setup);
  await setup.end();
  let ready = 0;
  for (let i = 0; i < settings.workers; i += 1) {
    cluster.fork().on('message', (message: unknown) => {
      if (message !== 'listening') return;
      ready += 1;
      if (ready === settings.workers) {
        process.stdout.write(
          `HallQ city centre is running: ${listeningUrl()}  (${settings.workers} workers)\n`,
        );
      }
    });
  }
  cluster.on('exit', (worker, code, signal) => {
    logger.error({ worker: worker.id, code, signal }, 'a centre worker ended; starting another');
    cluster.fork();
  });
  const stopAll = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
} else {
  await serveOrAdminister(settings.databaseUrl);
}

function listeningUrl(): string {
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `${settings.tlsCertFile ? 'https' : 'http'}://${host}:${settings.port}`;
}

async function serveOrAdminister(databaseUrl: string): Promise<void> {
  const pool = openPool(databaseUrl, logger);
  const tls =
    settings.tlsCertFile && settings.tlsKeyFile
      ? { cert: readFileSync(settings.tlsCertFile), key: readFileSync(settings.tlsKeyFile) }
      : null;
  const central = await createCentral({
    pool,
    logger,
    config: { host: settings.host, port: settings.port, tls },
  });

  if (settings.command === 'register-hall') {
    const { hallId, name, region } = settings.hall;
    if (!hallId || !name || !region) {
      process.stderr.write('register-hall needs --hall-id, --name and --region.\n');
      process.exit(2);
    }
    const token = await central.halls.register({ hallId, name, region });
    process.stdout.write(`Hall ${hallId} registered. Its hub's token (shown once): ${token}\n`);
    process.stdout.write(
      `Start the hub with --central-url <this centre> --hall-id ${hallId} --central-token ${token}\n`,
    );
    await pool.end();
  } else if (settings.command === 'add-city-user') {
    const { username, role } = settings.user;
    if (!username || (role !== 'city-admin' && role !== 'city-supervisor')) {
      process.stderr.write(
        'add-city-user needs --username and --role city-admin|city-supervisor [--region R].\n',
      );
      process.exit(2);
    }
    const token = await central.users.add({ username, role, region: settings.hall.region });
    process.stdout.write(
      `City user ${username} (${role}, ${settings.hall.region ?? 'all halls'}). API token (shown once): ${token}\n`,
    );
    await pool.end();
  } else if (settings.command === 'revoke-hall') {
    const revoked = settings.hall.hallId ? await central.halls.revoke(settings.hall.hallId) : false;
    process.stdout.write(revoked ? 'Revoked.\n' : 'No such hall, or already revoked.\n');
    await pool.end();
  } else {
    const { url } = await central.listen();
    if (cluster.isWorker) {
      process.send?.('listening');
      // The primary is gone (killed): a worker does not stay behind holding the port.
      process.on('disconnect', () => process.exit(0));
    } else process.stdout.write(`HallQ city centre is running: ${url}  (hubs push to ${url}/v1/ingest)\n`);
    // Tests read this line to know the centre is up.
    logger.info({ url }, 'listening');
    const shutdown = () => {
      central
        .close()
        .then(() => pool.end())
        .finally(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  }
}
