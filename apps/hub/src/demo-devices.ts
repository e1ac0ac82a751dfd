import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DeviceKind } from '@hallq/protocol';
import { newOneTimePassword } from './auth/secrets.ts';
import type { Hub } from './create-hub.ts';
import { SYSTEM_ACTOR } from './store/event-log.ts';

const DEMO_PREFIX = 'demo: ';

export interface DemoDevice {
  readonly label: string;
  readonly kind: DeviceKind;
  readonly path: string;
  readonly deviceId: string;
  readonly token: string;
}

interface DemoPlan {
  readonly kind: DeviceKind;
  readonly label: string;
  readonly path: string;
  readonly windowId: string | null;
  readonly zone: string | null;
}

/** A kiosk, a lobby display, and a counter terminal and rating pad for windows 1 and 2. */
const DEMO_PLAN: readonly DemoPlan[] = [
  { kind: 'kiosk', label: 'kiosk', path: '/kiosk/', windowId: null, zone: null },
  { kind: 'lobby', label: 'lobby', path: '/lobby/', windowId: null, zone: null },
  { kind: 'counter', label: 'counter w1', path: '/counter/', windowId: 'w1', zone: '1F' },
  { kind: 'counter', label: 'counter w2', path: '/counter/', windowId: 'w2', zone: '1F' },
  { kind: 'pad', label: 'rating w1', path: '/rate/', windowId: 'w1', zone: '1F' },
];

/**
 * For `npm start`: the demo devices, so a newcomer can open each screen from a printed link. A restart keeps the
 * devices of the last start (`remembered`, from the data folder) as long as their tokens still authenticate, so
 * screens left open keep working. A demo device whose token is not remembered (the file was deleted, or an admin
 * revoked it) is replaced, and any other live demo device is revoked: nobody holds its token any more.
 */
export function registerDemoDevices(hub: Hub, now: number, remembered: readonly DemoDevice[]): DemoDevice[] {
  const devices = DEMO_PLAN.map((p): DemoDevice => {
    const kept = remembered.find((r) => r.label === p.label && r.kind === p.kind && r.path === p.path);
    if (kept && hub.accounts.deviceByToken(kept.token)?.id === kept.deviceId) return kept;
    const name = `${DEMO_PREFIX}${p.label}`;
    const { device, token } = hub.accounts.addDevice({
      kind: p.kind,
      name,
      windowId: p.windowId,
      zone: p.zone,
      now,
    });
    hub.hall.audit('device:add', SYSTEM_ACTOR, { kind: p.kind, name, windowId: p.windowId });
    return { label: p.label, kind: p.kind, path: p.path, deviceId: device.id, token };
  });
  const live = new Set(devices.map((d) => d.deviceId));
  for (const device of hub.accounts.devices()) {
    if (device.name.startsWith(DEMO_PREFIX) && device.revokedAt === null && !live.has(device.id))
      hub.accounts.revokeDevice(device.id, now);
  }
  return devices;
}

/**
 * The printed link of a demo device. The kiosk's link names the device agent it should use (`?agent=`), so it works
 * whatever port the agent was started on, and carries the agent's pairing secret of this boot beside the token.
 */
export function demoDeviceLink(
  hubUrl: string,
  device: DemoDevice,
  agent: { readonly url: string | null; readonly pairing: string | null },
): string {
  const kiosk = device.kind === 'kiosk';
  const query = kiosk && agent.url ? `?agent=${encodeURIComponent(agent.url)}` : '';
  const pairing = kiosk && agent.pairing ? `&pairing=${encodeURIComponent(agent.pairing)}` : '';
  return `${hubUrl}${device.path}${query}#token=${device.token}${pairing}`;
}

const isDemoDevice = (value: unknown): value is DemoDevice => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['label', 'kind', 'path', 'deviceId', 'token'].every((key) => typeof v[key] === 'string');
};

/**
 * The demo devices of the last start, from the data folder. A missing or unreadable file means none: the hub then
 * registers new ones, which is the safe state.
 */
export function readDemoDeviceFile(path: string): DemoDevice[] {
  if (!existsSync(path)) return [];
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(value) ? value.filter(isDemoDevice) : [];
  } catch {
    // A damaged file only costs the newcomer new links.
    return [];
  }
}

/** The tokens are secrets: the file is readable by the hub's own user only. */
export function writeDemoDeviceFile(path: string, devices: readonly DemoDevice[]): void {
  writeFileSync(path, `${JSON.stringify(devices, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export interface DemoClerk {
  readonly username: string;
  readonly displayName: string;
  /** Shown once, when the account is created; null on later starts. */
  readonly password: string | null;
}

/** Two demo clerks for the counter links, created on the first demo start with one-time passwords. */
export async function ensureDemoClerks(hub: Hub, now: number): Promise<DemoClerk[]> {
  const plan = [
    { username: 'clerk1', displayName: '张三', staffNumber: '0101' },
    { username: 'clerk2', displayName: '李四', staffNumber: '0102' },
  ];
  const clerks: DemoClerk[] = [];
  for (const p of plan) {
    if (hub.accounts.hasUsername(p.username)) {
      clerks.push({ username: p.username, displayName: p.displayName, password: null });
      continue;
    }
    const password = newOneTimePassword();
    await hub.accounts.addUser({ ...p, password, role: 'clerk', now, mustChangePassword: true });
    hub.hall.audit('clerk:add', SYSTEM_ACTOR, { username: p.username, role: 'clerk' });
    clerks.push({ username: p.username, displayName: p.displayName, password });
  }
  return clerks;
}
