import { afterEach, describe, expect, it } from 'vitest';
import { BarcodeScannerProfile } from '../profiles/profile-schema.ts';
import { createManualTimers } from '../serial/testing/manual-timers.ts';
import { createMockSerialLink } from '../serial/testing/mock-link.ts';
import type { ScanGarbled } from './barcode-scanner.ts';
import { createSerialScanner, framingOf, type SerialScanner } from './serial-scanner.ts';
import { createScannerSimulator } from './simulator/scanner-simulator.ts';

const profile = BarcodeScannerProfile.parse({
  id: 'test-scanner',
  kind: 'barcode-scanner',
  vendor: 'test',
  model: 'simulator',
  description: 'simulated serial scanner',
  interface: 'serial',
  baudRate: 9600,
  prefix: '',
  suffix: 'CR',
  maxLength: 64,
  frameTimeoutMs: 200,
  maxKeyIntervalMs: 35,
  minLength: 4,
});

describe('serial scanner driver (MockBinding link, manual clock)', () => {
  let scanner: SerialScanner | undefined;
  afterEach(async () => {
    await scanner?.stop();
  });

  const setup = async () => {
    const manual = createManualTimers();
    const link = createMockSerialLink();
    scanner = createSerialScanner({ profile, path: link.path, binding: link.binding, timers: manual.timers });
    const simulator = createScannerSimulator({ endpoint: link.device, framing: framingOf(profile) });
    const codes: string[] = [];
    const garbled: ScanGarbled[] = [];
    scanner.on('scan:read', (code) => codes.push(code));
    scanner.on('scan:garbled', (g) => garbled.push(g));
    scanner.start();
    await manual.advance(0);
    expect(scanner.status).toBe('connected');
    return { manual, link, simulator, codes, garbled, scanner };
  };

  it('emits each scan once, however the bytes are chunked', async () => {
    const { manual, simulator, codes, garbled } = await setup();
    simulator.scan('K7M2PX9Q');
    simulator.scan('HALLQ:APPT:K7M2PX9Q', { chunkSize: 3 });
    await manual.flush();
    expect(codes).toEqual(['K7M2PX9Q', 'HALLQ:APPT:K7M2PX9Q']);
    expect(garbled).toEqual([]);
  });

  it('reports garbled bytes with a bilingual message and reads the next scan', async () => {
    const { manual, simulator, codes, garbled } = await setup();
    simulator.sendRaw(Uint8Array.of(0xfe, 0x13, 0x88, 0x0d));
    simulator.scan('GOOD1234');
    await manual.flush();
    expect(garbled.map((g) => g.reason)).toEqual(['not-text']);
    expect(garbled[0]?.zh).toMatch(/重新扫描/);
    expect(garbled[0]?.en).toMatch(/try again/);
    expect(codes).toEqual(['GOOD1234']);
  });

  it('drops a frame left without its terminator after frameTimeoutMs, so it does not glue onto the next', async () => {
    const { manual, simulator, codes, garbled } = await setup();
    simulator.sendRaw(new TextEncoder().encode('K7M2'));
    await manual.advance(199);
    expect(garbled).toEqual([]);
    await manual.advance(1);
    expect(garbled.map((g) => g.reason)).toEqual(['incomplete']);
    simulator.scan('ABCD2345');
    await manual.flush();
    expect(codes).toEqual(['ABCD2345']);
  });

  it('goes disconnected on unplug, reconnects, and reads again', async () => {
    const { manual, link, simulator, codes, scanner: s } = await setup();
    const statuses: string[] = [];
    s.on('scanner:status', (status) => statuses.push(status));
    link.unplug();
    await manual.advance(0);
    expect(s.status).toBe('disconnected');
    link.replug();
    await manual.advance(10_000);
    expect(s.status).toBe('connected');
    simulator.scan('AFTER234');
    await manual.flush();
    expect(codes).toEqual(['AFTER234']);
    expect(statuses).toEqual(['disconnected', 'connected']);
  });

  it('refuses a keyboard-wedge profile: that kind is read by the kiosk page, not over serial', () => {
    const wedge = BarcodeScannerProfile.parse({ ...profile, interface: 'hid-keyboard', baudRate: undefined });
    expect(() => framingOf(wedge)).toThrow(/keyboard-wedge/);
  });
});
