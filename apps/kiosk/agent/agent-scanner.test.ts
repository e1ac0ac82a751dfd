import { join } from 'node:path';
import { BarcodeScannerProfile, loadProfile, maskName } from '@hallq/devices';
import { createMockSerialLink, createScannerSimulator, type ScannerSimulator } from '@hallq/devices/testing';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentEventName, type AgentEventPayload, AgentEvents } from '../src/agent-protocol.ts';
import { createKioskAgent, type KioskAgent } from './agent-server.ts';
import { scannerDeviceOf } from './scanner-device.ts';

const profiles = join(import.meta.dirname, '../../../hardware-profiles');
const PAIRING = 'pairing-secret-of-this-boot-0123456789';
const ORIGIN = 'http://hub.test';

let agent: KioskAgent | undefined;
const sockets: Socket[] = [];
const logs: string[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await agent?.close();
  agent = undefined;
  logs.length = 0;
});

const log = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
  logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
};
const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

async function start(profileFile: string): Promise<{ url: string; simulator: ScannerSimulator | null }> {
  const profile = BarcodeScannerProfile.parse(await loadProfile(join(profiles, profileFile)));
  const link = createMockSerialLink();
  const device = scannerDeviceOf(profile, link.path, { binding: link.binding, logger });
  agent = createKioskAgent({
    reader: null,
    printer: null,
    scanner: device,
    logger,
    maskName,
    allowOrigin: (origin) => origin === ORIGIN,
    pairingSecret: PAIRING,
    printKey: () => null,
  });
  const { url } = await agent.listen(0);
  const simulator =
    device.kind === 'serial'
      ? createScannerSimulator({
          endpoint: link.device,
          framing: { prefix: '', suffix: 'CR', maxLength: 512 },
        })
      : null;
  return { url, simulator };
}

/** Connects as the kiosk page would, resolving with the scanner status the agent sends on connection. */
const connect = (url: string): Promise<{ socket: Socket; scanner: AgentEventPayload<'scanner:status'> }> =>
  new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin: ORIGIN },
      auth: { pairing: PAIRING },
    });
    sockets.push(socket);
    socket.once('scanner:status', (raw: unknown) =>
      resolve({ socket, scanner: AgentEvents['scanner:status'].parse(raw) }),
    );
    socket.once('connect_error', reject);
  });

const next = <E extends AgentEventName>(
  socket: Socket,
  event: E,
  match: (p: AgentEventPayload<E>) => boolean = () => true,
) =>
  new Promise<AgentEventPayload<E>>((resolve) => {
    const name: string = event;
    const handler = (raw: unknown) => {
      const payload = AgentEvents[event].parse(raw) as AgentEventPayload<E>;
      if (!match(payload)) return;
      socket.off(name, handler);
      resolve(payload);
    };
    socket.on(name, handler);
  });

describe('kiosk agent with a QR scanner', () => {
  it('serial: reports the scanner connected and forwards each scan, without logging the code', async () => {
    const { url, simulator } = await start('barcode-scanner-generic-serial.json');
    const { socket, scanner } = await connect(url);
    if (scanner.kind !== 'serial' || !scanner.connected)
      await next(socket, 'scanner:status', (s) => s.kind === 'serial' && s.connected);
    // The hub's device report has the scanner's line too.
    expect(agent?.status().components.find((c) => c.component === 'scanner')).toMatchObject({ state: 'ok' });
    const scanned = next(socket, 'code:scanned');
    simulator?.scan('K7M2PX9Q', { chunkSize: 2 });
    expect(await scanned).toEqual({ code: 'K7M2PX9Q' });
    expect(logs.join('\n')).not.toContain('K7M2PX9Q');
  });

  it('serial: garbled bytes become a bilingual message, and the next scan still arrives', async () => {
    const { url, simulator } = await start('barcode-scanner-generic-serial.json');
    const { socket, scanner } = await connect(url);
    if (scanner.kind !== 'serial' || !scanner.connected)
      await next(socket, 'scanner:status', (s) => s.kind === 'serial' && s.connected);
    const garbled = next(socket, 'code:garbled');
    const scanned = next(socket, 'code:scanned');
    simulator?.sendRaw(Uint8Array.of(0xff, 0x00, 0x9c, 0x0d));
    simulator?.scan('ABCD2345');
    expect(await garbled).toMatchObject({
      reason: 'not-text',
      message: { zh: expect.stringContaining('扫描') },
    });
    expect(await scanned).toEqual({ code: 'ABCD2345' });
  });

  it('a serial scanner configured without a path is a configuration error, named', async () => {
    const profile = BarcodeScannerProfile.parse(
      await loadProfile(join(profiles, 'barcode-scanner-generic-serial.json')),
    );
    expect(() => scannerDeviceOf(profile, undefined)).toThrow(/needs a "path"/);
  });

  it('keyboard wedge: tells the page the settings its key detector needs', async () => {
    const { url } = await start('barcode-scanner-generic-hid.json');
    const { scanner } = await connect(url);
    expect(scanner).toEqual({
      kind: 'hid-keyboard',
      maxKeyIntervalMs: 35,
      minLength: 4,
      maxLength: 512,
      terminator: 'Enter',
      prefix: '',
    });
  });
});
