/**
 * The kiosk device agent process. Real devices from a config file:
 *   tsx apps/kiosk/agent/main.ts --config /etc/hallq/kiosk-agent.json
 * Simulated reader and printer (demo, development):
 *   tsx apps/kiosk/agent/main.ts --simulate [--printer-port 9100] [--port 8091] [--hub http://127.0.0.1:8080]
 * The port is also read from HALLQ_AGENT_PORT (the flag wins); the config file's `port` comes last.
 * Only the page of the hub (`--hub`, or `hubUrl` in the config) may connect, with the pairing secret of this
 * boot: HALLQ_AGENT_PAIRING_SECRET from the kiosk shell, or a new one printed below (add it to the kiosk link).
 * In simulate mode type `card resident`, `card expired`, `remove`, `printer paper-out`, `printer ok`,
 * `scan K7M2PX9Q` … on stdin, or POST them: `curl -X POST http://127.0.0.1:8091/simulator/card/resident`. Received tickets are printed as
 * decoded text.
 */
import { type KeyObject, randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  createGa467Reader,
  createTicketPrinter,
  type DeviceLogger,
  type IdCardReader,
  loadProfiles,
  maskName,
  type TicketPrinter,
} from '@hallq/devices';
import type { SimulatedPrinterState } from '@hallq/devices/testing';
import { MIN_PAIRING_SECRET_LENGTH } from './agent-access.ts';
import {
  type AgentConfig,
  allowedOriginsOf,
  originPolicy,
  parseAgentConfig,
  printerProfileOf,
  printerTransportOf,
  readAgentConfig,
  readerProfileOf,
  scannerProfileOf,
} from './agent-config.ts';
import { type AgentLogger, createKioskAgent, type ScannerDevice } from './agent-server.ts';
import { parseAgentArgs } from './parse-args.ts';
import { fetchPrintKey } from './print-permit-check.ts';
import { scannerDeviceOf } from './scanner-device.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** One JSON line per entry on stderr. Callers never pass personal data. */
const logger: AgentLogger & DeviceLogger = {
  debug() {},
  info: (message, fields) =>
    process.stderr.write(`${JSON.stringify({ level: 'info', message, ...fields })}\n`),
  warn: (message, fields) =>
    process.stderr.write(`${JSON.stringify({ level: 'warn', message, ...fields })}\n`),
  error: (message, fields) =>
    process.stderr.write(`${JSON.stringify({ level: 'error', message, ...fields })}\n`),
};

// The last line of defence: a defect still unknown is logged, and the agent keeps serving the kiosk.
process.on('uncaughtException', (error) =>
  logger.error('uncaught exception; the agent keeps serving', { error: String(error) }),
);
process.on('unhandledRejection', (reason) =>
  logger.error('unhandled rejection; the agent keeps serving', { error: String(reason) }),
);

const args = parseAgentArgs(process.argv.slice(2), process.env);
const fileConfig: AgentConfig = args.configFile
  ? await readAgentConfig(args.configFile)
  : parseAgentConfig(
      args.simulate
        ? {
            idReader: { profile: 'id-card-reader-generic-ga467', path: 'simulated' },
            printer: { profile: 'ticket-printer-generic-80mm-network', address: 'simulated' },
            scanner: { profile: 'barcode-scanner-generic-serial', path: 'simulated' },
          }
        : {},
      'defaults',
    );
const config: AgentConfig = args.hubUrl
  ? parseAgentConfig({ ...fileConfig, hubUrl: args.hubUrl }, '--hub')
  : fileConfig;

// The pairing secret of this boot: the kiosk shell's, or a new one for a kiosk run in a plain browser.
const givenSecret = process.env.HALLQ_AGENT_PAIRING_SECRET ?? '';
if (givenSecret !== '' && givenSecret.length < MIN_PAIRING_SECRET_LENGTH) {
  process.stderr.write(
    `HALLQ_AGENT_PAIRING_SECRET must have at least ${MIN_PAIRING_SECRET_LENGTH} characters\n`,
  );
  process.exit(2);
}
const pairingSecret = givenSecret || randomBytes(24).toString('base64url');

// The hub's print-permit key, fetched until the hub answers; nothing prints before.
let printKey: KeyObject | null = null;
const loadPrintKey = async (attempt: number): Promise<void> => {
  try {
    printKey = await fetchPrintKey(config.hubUrl);
    logger.info('hub print-permit key loaded', { hub: config.hubUrl });
  } catch (error) {
    if (attempt === 0 || attempt % 10 === 0)
      logger.warn('hub print-permit key not loaded yet; retrying', {
        hub: config.hubUrl,
        error: String(error),
      });
    setTimeout(
      () => void loadPrintKey(attempt + 1),
      Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)),
    ).unref();
  }
};
void loadPrintKey(0);
const port = args.port ?? config.port;
const profiles = await loadProfiles(args.profilesDir ?? join(repoRoot, 'hardware-profiles'));

let reader: IdCardReader | null = null;
let printer: TicketPrinter | null = null;
let scanner: ScannerDevice | null = null;
let closeSimulators: () => Promise<void> = async () => {};
let simulatorControl: ((command: string) => string) | undefined;
const banner: string[] = [];

if (args.simulate) {
  const { SIMULATED_CARDS, startSimulatedDevices } = await import('./simulated-devices.ts');
  const devices = await startSimulatedDevices({
    readerProfile: readerProfileOf(profiles, config.idReader?.profile ?? 'id-card-reader-generic-ga467'),
    printerProfile: printerProfileOf(
      profiles,
      config.printer?.profile ?? 'ticket-printer-generic-80mm-network',
    ),
    printerPort: args.printerPort ?? 0,
    ...(config.scanner && { scannerProfile: scannerProfileOf(profiles, config.scanner.profile) }),
    timeZone: config.timeZone,
    logger,
  });
  reader = devices.reader;
  printer = devices.printer;
  if (devices.scanner) scanner = { kind: 'serial', scanner: devices.scanner };
  else if (config.scanner)
    scanner = scannerDeviceOf(scannerProfileOf(profiles, config.scanner.profile), undefined);
  closeSimulators = () => devices.close();
  devices.printerSimulator.onTicket((ticket) => {
    const rule = '-'.repeat(48);
    process.stdout.write(
      `\n[printer simulator] ticket received (${ticket.cut ?? 'no'} cut):\n${rule}\n${ticket.text}\n`,
    );
    if (ticket.qrCodes.length > 0) process.stdout.write(`[QR] ${ticket.qrCodes.join(' | ')}\n`);
    process.stdout.write(`${rule}\n`);
  });
  const states: readonly SimulatedPrinterState[] = [
    'ok',
    'near-end',
    'paper-out',
    'cover-open',
    'offline',
    'error',
  ];
  const run = (line: string): string => {
    const [verb, arg] = line.trim().split(/\s+/);
    if (verb === 'card' && arg && SIMULATED_CARDS[arg]) {
      devices.readerSimulator.placeCard(SIMULATED_CARDS[arg]());
      return `card placed: ${arg}`;
    }
    if (verb === 'scan' && arg && devices.scannerSimulator) {
      devices.scannerSimulator.scan(arg);
      return 'code scanned';
    }
    if (verb === 'remove') {
      devices.readerSimulator.removeCard();
      return 'card removed';
    }
    if (verb === 'printer' && arg && (states as readonly string[]).includes(arg)) {
      devices.printerSimulator.state = arg as SimulatedPrinterState;
      return `printer state: ${arg}`;
    }
    return `commands: card <${Object.keys(SIMULATED_CARDS).join('|')}> · remove · printer <${states.join('|')}> · scan <code>`;
  };
  simulatorControl = run;
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim()) process.stdout.write(`${run(line)}\n`);
  });
  banner.push(
    `  printer simulator  ${devices.printerSimulator.url} (80 mm, decoded tickets appear here)`,
    '  ID reader          simulated GA 467 reader on a MockBinding cable, 115200 baud timing',
    `  type here          ${run('help')}`,
  );
} else {
  if (config.idReader) {
    reader = createGa467Reader({
      profile: readerProfileOf(profiles, config.idReader.profile),
      path: config.idReader.path,
      timeZone: config.timeZone,
      logger,
    });
  }
  if (config.scanner) {
    scanner = scannerDeviceOf(scannerProfileOf(profiles, config.scanner.profile), config.scanner.path, {
      logger,
    });
  }
  if (config.printer) {
    const profile = printerProfileOf(profiles, config.printer.profile);
    printer = createTicketPrinter({
      transport: printerTransportOf(profile, config.printer.address),
      profile,
      logger,
    });
  }
}

const agent = createKioskAgent({
  reader,
  printer,
  scanner,
  logger,
  maskName,
  allowOrigin: originPolicy(allowedOriginsOf(config)),
  pairingSecret,
  printKey: () => printKey,
  printerPollMs: config.printerPollMs,
  ...(simulatorControl && { simulatorControl }),
});
const { url } = await agent.listen(port, config.host);
process.stdout.write(
  [
    '',
    `HallQ kiosk device agent: ${url}${args.simulate ? ' (simulated devices)' : ''}`,
    `  ID reader          ${reader ? (config.idReader?.profile ?? 'simulated') : 'none'}`,
    `  printer            ${printer ? (config.printer?.profile ?? 'simulated') : 'none'}`,
    `  scanner            ${scanner ? `${config.scanner?.profile ?? 'simulated'} (${scanner.kind})` : 'none'}`,
    ...banner,
    ...(args.simulate ? [`  or                 curl -X POST ${url}/simulator/card/resident`] : []),
    `  hub                ${config.hubUrl} (only its kiosk page may connect; tickets need its print permit)`,
    givenSecret
      ? '  pairing            from HALLQ_AGENT_PAIRING_SECRET (the kiosk shell, or npm start)'
      : `  open the kiosk     ${new URL('/kiosk/', config.hubUrl)}${url === 'http://127.0.0.1:8091' ? '' : `?agent=${encodeURIComponent(url)}`}#token=<kiosk device token>&pairing=${pairingSecret}`,
    '',
  ].join('\n'),
);

let closing = false;
const shutdown = (): void => {
  if (closing) return;
  closing = true;
  void agent
    .close()
    .then(closeSimulators)
    .finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
