import type { DeviceKind } from '@hallq/protocol';
import { newOneTimePassword } from './auth/secrets.ts';
import type { Hub } from './create-hub.ts';
import { SYSTEM_ACTOR } from './store/event-log.ts';

const DEMO_PREFIX = 'demo: ';

export interface DemoDevice {
  readonly label: string;
  readonly path: string;
  readonly token: string;
}

/**
 * For `npm start`: a kiosk, a lobby display, and a counter terminal and rating pad for windows 1 and 2, so a
 * newcomer can open each screen from a printed link. Demo devices of earlier starts are revoked first: their
 * tokens were printed to a console and should not stay valid.
 */
export function registerDemoDevices(hub: Hub, now: number): DemoDevice[] {
  for (const device of hub.accounts.devices()) {
    if (device.name.startsWith(DEMO_PREFIX) && device.revokedAt === null)
      hub.accounts.revokeDevice(device.id, now);
  }
  const plan: {
    kind: DeviceKind;
    label: string;
    path: string;
    windowId: string | null;
    zone: string | null;
  }[] = [
    { kind: 'kiosk', label: 'kiosk', path: '/kiosk/', windowId: null, zone: null },
    { kind: 'lobby', label: 'lobby', path: '/lobby/', windowId: null, zone: null },
    { kind: 'counter', label: 'counter w1', path: '/counter/', windowId: 'w1', zone: '1F' },
    { kind: 'counter', label: 'counter w2', path: '/counter/', windowId: 'w2', zone: '1F' },
    { kind: 'pad', label: 'rating w1', path: '/rate/', windowId: 'w1', zone: '1F' },
  ];
  return plan.map((p) => {
    const { token } = hub.accounts.addDevice({
      kind: p.kind,
      name: `${DEMO_PREFIX}${p.label}`,
      windowId: p.windowId,
      zone: p.zone,
      now,
    });
    hub.hall.audit('device:add', SYSTEM_ACTOR, {
      kind: p.kind,
      name: `${DEMO_PREFIX}${p.label}`,
      windowId: p.windowId,
    });
    return { label: p.label, path: p.path, token };
  });
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
