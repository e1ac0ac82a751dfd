import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub, DEFAULT_SOCKET_SETTINGS } from './create-hub.ts';
import { ownerOnlyFolder } from './data-files.ts';
import { openDatabase } from './db/open-database.ts';
import {
  demoDeviceLink,
  ensureDemoClerks,
  readDemoDeviceFile,
  registerDemoDevices,
  writeDemoDeviceFile,
} from './demo-devices.ts';
import { transportDecision } from './http/transport-policy.ts';
import { createLogger } from './logger.ts';
import { parseKeypadUnits } from './peripherals/keypad-bridge.ts';
import { parseSignBridgeFile } from './peripherals/sign-bridge.ts';
import { loadOrCreateKeyFile } from './privacy/identity-vault.ts';
import { guardProcess } from './process-guard.ts';
import { readHallFile, seedAdmin, seedHall } from './seed.ts';
import { readSettings } from './settings.ts';
import { startDemoSmsGateway } from './sms/demo-sms-gateway.ts';
import { smsSendersFromEnv } from './sms/sms-senders-from-env.ts';
import { loadOrCreatePrintKey } from './tickets/print-permits.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const settings = readSettings(process.env, process.argv.slice(2), repoRoot);
const logger = createLogger(settings.logLevel);
guardProcess(process, logger);

if ((settings.tlsCertFile === null) !== (settings.tlsKeyFile === null)) {
  process.stderr.write('TLS needs both --tls-cert and --tls-key.\n');
  process.exit(2);
}
const transport = transportDecision({
  host: settings.host,
  tls: settings.tlsCertFile !== null,
  insecureLan: settings.insecureLan,
});
if (!transport.listen) {
  process.stderr.write(`${transport.reason}\n`);
  process.exit(2);
}
if (transport.warning) {
  process.stderr.write(`\n${transport.warning}\n\n`);
  logger.warn({ host: settings.host }, 'listening on the LAN without TLS (--insecure-lan)');
}
// The public listener's address is held to the same rule (a reverse proxy in front of it listens on loopback).
if (settings.publicPort !== null) {
  const publicTransport = transportDecision({
    host: settings.publicHost,
    tls: settings.tlsCertFile !== null,
    insecureLan: settings.insecureLan,
  });
  if (!publicTransport.listen) {
    process.stderr.write(`public listener: ${publicTransport.reason}\n`);
    process.exit(2);
  }
}

ownerOnlyFolder(settings.dataDir);
const db = openDatabase(join(settings.dataDir, 'hallq.db'));
const clock = () => Date.now();
const seeded = seedHall(db, readHallFile(settings.hallFile));
const adminPassword = await seedAdmin(db, clock());
const tls =
  settings.tlsCertFile && settings.tlsKeyFile
    ? { cert: readFileSync(settings.tlsCertFile), key: readFileSync(settings.tlsKeyFile) }
    : null;

// Text messages: the senders configured in the environment; the demo has an HTTP gateway simulator of its own
// (in this process) when none is configured, and prints what it receives so a newcomer sees messages arrive.
const smsSenders = smsSendersFromEnv(process.env, repoRoot);
const smsDemoGateway =
  settings.demo && !smsSenders.http ? await startDemoSmsGateway((line) => process.stdout.write(line)) : null;
if (smsDemoGateway) smsSenders.http = smsDemoGateway.sender;

const hub = createHub({
  db,
  clock,
  logger,
  // The key that encrypts identity data lives beside the database, never inside it.
  identityKey: loadOrCreateKeyFile(join(settings.dataDir, 'identity.key')),
  // The key that signs print permits: the kiosks' device agents print only tickets this hub issued.
  printKey: loadOrCreatePrintKey(join(settings.dataDir, 'print-permit.key')),
  config: {
    host: settings.host,
    port: settings.port,
    tls,
    webApps: ['kiosk', 'counter', 'lobby', 'admin', 'rate'].map((name) => ({
      mount: `/${name}`,
      dir: join(settings.webDir, name === 'rate' ? 'counter' : name, 'dist', name === 'rate' ? 'rate' : ''),
    })),
    socket: {
      ...DEFAULT_SOCKET_SETTINGS,
      admission: {
        ...DEFAULT_SOCKET_SETTINGS.admission,
        issuesPerMinute: settings.kioskIssuesPerMinute,
        issueBurst: settings.kioskIssueBurst,
      },
    },
    publicListener:
      settings.publicPort === null
        ? null
        : {
            host: settings.publicHost,
            port: settings.publicPort,
            visitorDir: join(settings.webDir, 'visitor', 'dist'),
            baseUrl: settings.publicBaseUrl,
            trustProxy: settings.publicTrustProxy,
          },
    tickMs: settings.tickMs,
    backup: {
      folder: settings.backupDir,
      keepDays: settings.backupKeepDays,
      retryMs: settings.backupRetryMs,
    },
    markFile: join(settings.dataDir, 'hallq.mark'),
    central: settings.central && {
      ...settings.central,
      ...(settings.central.caFile ? { ca: readFileSync(settings.central.caFile) } : {}),
    },
    identityRetentionDays: settings.identityRetentionDays,
    // Caller keypads, only in a hall that has them: HALLQ_KEYPAD_PORT=/dev/ttyUSB0 HALLQ_KEYPAD_UNITS=1:w1,2:w2
    keypads: process.env.HALLQ_KEYPAD_PORT
      ? {
          path: process.env.HALLQ_KEYPAD_PORT,
          baudRate: Number(process.env.HALLQ_KEYPAD_BAUD ?? 9600),
          units: parseKeypadUnits(process.env.HALLQ_KEYPAD_UNITS ?? ''),
        }
      : null,
    // Window LED signs, only in a hall that has them: HALLQ_SIGNS_FILE=/etc/hallq/signs.json
    // ({ "path": "/dev/ttyUSB1", "signs": [{ "address": 11, "windowId": "w1" }] }; see peripherals/sign-bridge.ts)
    signs: process.env.HALLQ_SIGNS_FILE
      ? parseSignBridgeFile(JSON.parse(readFileSync(process.env.HALLQ_SIGNS_FILE, 'utf8')))
      : null,
    sms: { senders: smsSenders },
  },
});

const { url, publicUrl } = await hub.listen();
const lines = [
  '',
  `HallQ hub is running: ${url}`,
  `  database      ${join(settings.dataDir, 'hallq.db')}${seeded ? ' (new, demo hall loaded)' : ''}`,
  `  health        ${url}/healthz`,
  `  admin         ${url}/admin/`,
  `  counter       ${url}/counter/`,
  `  lobby         ${url}/lobby/`,
  `  kiosk         ${url}/kiosk/`,
];
if (settings.central) lines.push(`  city centre   ${settings.central.url} (hall ${settings.central.hallId})`);
if (publicUrl) {
  lines.push(
    '',
    `Public listener (visitors' phones; publish only this one): ${publicUrl}`,
    `  ticket pages  ${publicUrl}/t/<token> (the QR code on each ticket)`,
    `  booking       ${publicUrl}/book/`,
    ...(settings.publicBaseUrl ? [`  QR codes open ${settings.publicBaseUrl}/t/<token>`] : []),
  );
}
if (settings.demo) {
  // The demo devices' tokens are kept in the data folder, so a restart keeps every open screen working.
  const demoFile = join(settings.dataDir, 'demo-devices.json');
  const demo = registerDemoDevices(hub, clock(), readDemoDeviceFile(demoFile));
  writeDemoDeviceFile(demoFile, demo);
  lines.push('', `Demo devices (kept across restarts in ${demoFile}; revoke them in /admin):`);
  // The demo's kiosk device agent was started with this boot's pairing secret (scripts/start.mjs passes the same
  // one to both): the kiosk link carries it, once, like the token, with the agent's address.
  const agent = { url: settings.agentUrl, pairing: process.env.HALLQ_DEMO_AGENT_PAIRING ?? null };
  for (const d of demo) lines.push(`  ${d.label.padEnd(14)}${demoDeviceLink(url, d, agent)}`);
  lines.push(
    '',
    'Demo clerks (sign in on a counter link; the first sign-in asks each for a password of their own):',
  );
  for (const c of await ensureDemoClerks(hub, clock())) {
    const password = c.password
      ? `one-time password: ${c.password}`
      : '(password shown at the first start; reset it in /admin)';
    lines.push(`  ${c.username.padEnd(14)}${c.displayName}  ${password}`);
  }
}
if (smsDemoGateway)
  lines.push('', `SMS gateway simulator: ${smsDemoGateway.url} (messages print here as they arrive)`);
if (adminPassword) {
  lines.push('', `First start: admin account "admin", one-time password: ${adminPassword}`);
  lines.push(
    '  (shown only now; sign in at /admin, which asks you to set your own password: 12+ characters,',
  );
  lines.push(
    '   not a common one; or `npm run hallctl -- sign-in --user admin --password … --change-password …`)',
  );
}
if (!existsSync(join(settings.webDir, 'kiosk', 'dist', 'index.html'))) {
  lines.push('', 'The web apps are not built: run `npm run build:web` (npm start does it for you).');
}
process.stdout.write(`${lines.join('\n')}\n\n`);

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'shutting down');
  hub
    .close()
    .then(() => db.close())
    .then(() => smsDemoGateway?.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
