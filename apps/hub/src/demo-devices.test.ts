import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DemoDevice,
  demoDeviceLink,
  readDemoDeviceFile,
  registerDemoDevices,
  writeDemoDeviceFile,
} from './demo-devices.ts';
import { startTestHub, type TestHub } from './testing/index.ts';

let hall: TestHub;
afterEach(async () => {
  await hall?.close();
});

const liveDemoDevices = (h: TestHub) =>
  h.hub.accounts.devices().filter((d) => d.name.startsWith('demo: ') && d.revokedAt === null);

describe('demo devices across restarts', () => {
  it('keeps the devices of the last start while their tokens authenticate', async () => {
    hall = await startTestHub();
    const first = registerDemoDevices(hall.hub, hall.clock.now(), []);
    expect(first.map((d) => d.label)).toEqual(['kiosk', 'lobby', 'counter w1', 'counter w2', 'rating w1']);
    const again = registerDemoDevices(hall.hub, hall.clock.now(), first);
    expect(again).toEqual(first);
    expect(liveDemoDevices(hall)).toHaveLength(5);
    for (const d of again) expect(hall.hub.accounts.deviceByToken(d.token)?.id).toBe(d.deviceId);
  });

  it('replaces a device an admin revoked, and revokes live demo devices whose tokens nobody holds', async () => {
    hall = await startTestHub();
    const first = registerDemoDevices(hall.hub, hall.clock.now(), []);
    const kiosk = first[0]!;
    hall.hub.accounts.revokeDevice(kiosk.deviceId, hall.clock.now());
    const again = registerDemoDevices(hall.hub, hall.clock.now(), first);
    expect(again[0]!.token).not.toBe(kiosk.token);
    expect(again.slice(1)).toEqual(first.slice(1));

    // The file was lost: every remembered token is unknown, so all five are new and the old ones revoked.
    const fresh = registerDemoDevices(hall.hub, hall.clock.now(), []);
    expect(
      liveDemoDevices(hall)
        .map((d) => d.id)
        .sort(),
    ).toEqual(fresh.map((d) => d.deviceId).sort());
    for (const d of again) expect(hall.hub.accounts.deviceByToken(d.token)).toBeNull();
  });

  it('a remembered token of another kind of device is not reused', async () => {
    hall = await startTestHub();
    const first = registerDemoDevices(hall.hub, hall.clock.now(), []);
    const swapped: DemoDevice[] = first.map((d) => (d.label === 'kiosk' ? { ...d, kind: 'lobby' } : d));
    const again = registerDemoDevices(hall.hub, hall.clock.now(), swapped);
    expect(again[0]).toMatchObject({ kind: 'kiosk' });
    expect(again[0]!.token).not.toBe(first[0]!.token);
  });
});

describe('the demo device file', () => {
  it('round-trips, readable by its owner only; a missing or damaged file reads as none', async () => {
    hall = await startTestHub();
    const file = join(hall.dir, 'demo-devices.json');
    expect(readDemoDeviceFile(file)).toEqual([]);
    const devices = registerDemoDevices(hall.hub, hall.clock.now(), []);
    writeDemoDeviceFile(file, devices);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readDemoDeviceFile(file)).toEqual(devices);
    writeFileSync(file, '{ not json');
    expect(readDemoDeviceFile(file)).toEqual([]);
    writeFileSync(file, JSON.stringify([{ label: 'kiosk' }, ...devices.slice(1)]));
    expect(readDemoDeviceFile(file)).toEqual(devices.slice(1));
  });
});

describe('demo device links', () => {
  const device = (kind: DemoDevice['kind'], path: string): DemoDevice => ({
    label: kind,
    kind,
    path,
    deviceId: 'd1',
    token: 'tok',
  });

  it('the kiosk link names its device agent and carries its pairing secret; the other screens need neither', () => {
    const agent = { url: 'http://127.0.0.1:8092', pairing: 'pairing-secret-0123456789' };
    expect(demoDeviceLink('http://127.0.0.1:8080', device('kiosk', '/kiosk/'), agent)).toBe(
      'http://127.0.0.1:8080/kiosk/?agent=http%3A%2F%2F127.0.0.1%3A8092#token=tok&pairing=pairing-secret-0123456789',
    );
    expect(demoDeviceLink('http://127.0.0.1:8080', device('lobby', '/lobby/'), agent)).toBe(
      'http://127.0.0.1:8080/lobby/#token=tok',
    );
    expect(
      demoDeviceLink('http://127.0.0.1:8080', device('kiosk', '/kiosk/'), { url: null, pairing: null }),
    ).toBe('http://127.0.0.1:8080/kiosk/#token=tok');
  });
});
