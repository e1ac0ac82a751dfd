/**
 * The authorization matrix: every command of the protocol catalog × every kind of sender, against a running hub.
 * The expected allow/deny is written out below, command by command, independently of the catalog's own `roles`
 * — so a command added to the catalog without a row here fails, and a rule changed in the catalog without
 * changing the row fails too.
 *
 * "Denied" means the hub answered UNAUTHENTICATED, FORBIDDEN or NOT_SIGNED_IN (or refused the connection);
 * anything else (success, or a queue rule such as NO_WAITING_TICKET) means the command reached its handler.
 */
import { randomUUID } from 'node:crypto';
import {
  connectClient,
  startTestHub,
  TEST_PASSWORD,
  type TestClient,
  type TestHub,
  testHall,
} from '@hallq/hub/testing';
import { COMMAND_NAMES, type CommandName, type HallConfig } from '@hallq/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SENDERS = [
  'kiosk',
  'counter',
  'lobby',
  'sign',
  'pad',
  'clerk-own-window',
  'clerk-other-window',
  'guide',
  'supervisor',
  'admin',
  'unauthenticated',
  'revoked-device',
] as const;
type Sender = (typeof SENDERS)[number];

const DEVICES: readonly Sender[] = ['kiosk', 'counter', 'lobby', 'sign', 'pad'];
const PEOPLE: readonly Sender[] = ['clerk-own-window', 'clerk-other-window', 'guide', 'supervisor', 'admin'];
const SIGNED_IN: readonly Sender[] = [...DEVICES, ...PEOPLE];
const CLERK_ANY_WINDOW: readonly Sender[] = ['clerk-own-window', 'clerk-other-window'];
const CLERK_OWN: readonly Sender[] = ['clerk-own-window'];
const MANAGERS: readonly Sender[] = ['supervisor', 'admin'];
/** The appointment help desk: the guide (导办) role, and managers. */
const DESK: readonly Sender[] = ['guide', 'supervisor', 'admin'];
const ADMIN: readonly Sender[] = ['admin'];

/** What a payload may refer to: a waiting ticket, the sender's target window, throwaway accounts. */
interface Fixtures {
  readonly windowId: string;
  readonly ticketId: string;
  readonly deviceId: string;
  readonly userId: string;
  readonly hall: HallConfig;
}

interface Row {
  readonly allowed: readonly Sender[];
  readonly payload: (f: Fixtures) => unknown;
}

const windowOnly = (f: Fixtures) => ({ windowId: f.windowId });
const DAY = '2026-11-28';

/** THE EXPECTATIONS. One row per command; a command missing here fails its test. */
const MATRIX: Readonly<Record<string, Row>> = {
  'session:login': {
    allowed: SIGNED_IN.concat(['unauthenticated']),
    payload: () => ({ username: 'nobody-here', password: 'wrong password', windowId: null }),
  },
  'session:logout': { allowed: PEOPLE, payload: () => ({}) },
  'hall:snapshot': { allowed: SIGNED_IN, payload: () => ({}) },
  'ticket:issue': {
    allowed: ['kiosk'],
    payload: () => ({ requestId: randomUUID(), serviceId: 'svc-1', identity: null }),
  },
  'window:sign-in': { allowed: CLERK_ANY_WINDOW, payload: windowOnly },
  'window:call-next': { allowed: CLERK_OWN, payload: windowOnly },
  'window:call-ticket': {
    allowed: CLERK_OWN,
    payload: (f) => ({ windowId: f.windowId, ticketId: f.ticketId, reason: 'matrix' }),
  },
  'window:recall': { allowed: CLERK_OWN, payload: windowOnly },
  'window:start': { allowed: CLERK_OWN, payload: windowOnly },
  'window:finish': { allowed: CLERK_OWN, payload: windowOnly },
  'window:no-show': { allowed: CLERK_OWN, payload: windowOnly },
  'window:transfer': {
    allowed: CLERK_OWN,
    payload: (f) => ({
      windowId: f.windowId,
      to: { kind: 'service', serviceId: 'svc-2' },
      note: '',
      keepPlace: false,
    }),
  },
  'window:pause': {
    allowed: CLERK_OWN,
    payload: (f) => ({ windowId: f.windowId, reason: 'break', note: null }),
  },
  'window:resume': { allowed: CLERK_OWN, payload: windowOnly },
  'ticket:transfer': {
    allowed: MANAGERS,
    payload: (f) => ({
      ticketId: f.ticketId,
      to: { kind: 'service', serviceId: 'svc-2' },
      note: '',
      keepPlace: true,
    }),
  },
  'ticket:cancel': { allowed: MANAGERS, payload: () => ({ ticketId: 'no-such-ticket' }) },
  // Any clerk may send it; the hub then checks that the clerk's window holds the ticket (TICKET_NOT_FOR_WINDOW).
  'ticket:attach-case': {
    allowed: ['clerk-own-window', 'clerk-other-window', 'supervisor', 'admin'],
    payload: (f) => ({ ticketId: f.ticketId, caseNumber: 'MATRIX-0001' }),
  },
  'rating:submit': {
    allowed: ['pad'],
    payload: (f) => ({ ticketId: f.ticketId, level: 5, tags: [], comment: '' }),
  },
  'device:report': {
    allowed: DEVICES,
    payload: () => ({
      components: [{ component: 'printer', state: 'ok', code: null, message: 'ok' }],
    }),
  },
  'device:add': {
    allowed: ADMIN,
    payload: () => ({ kind: 'lobby', name: 'matrix lobby', windowId: null, zone: null }),
  },
  'device:list': { allowed: MANAGERS, payload: () => ({}) },
  'device:revoke': { allowed: ADMIN, payload: (f) => ({ deviceId: f.deviceId }) },
  'clerk:add': {
    allowed: ADMIN,
    payload: () => ({
      username: `m${randomUUID().slice(0, 8)}`,
      displayName: 'Matrix',
      staffNumber: '900',
      password: 'a long enough password',
      role: 'clerk',
    }),
  },
  'clerk:list': { allowed: MANAGERS, payload: () => ({}) },
  'hall:configure': { allowed: ADMIN, payload: (f) => ({ hall: f.hall }) },
  'clerk:reset-password': {
    allowed: ADMIN,
    payload: (f) => ({ userId: f.userId, password: 'another long password' }),
  },
  'clerk:set-disabled': { allowed: ADMIN, payload: (f) => ({ userId: f.userId, disabled: false }) },
  'device:status': { allowed: MANAGERS, payload: () => ({}) },
  'notices:set': { allowed: ADMIN, payload: () => ({ notices: [] }) },
  'supervision:snapshot': { allowed: MANAGERS, payload: () => ({}) },
  'planner:plan': { allowed: MANAGERS, payload: () => ({ day: '2026-11-30' }) },
  'supervision:configure': {
    allowed: ADMIN,
    payload: () => ({ settings: { idleWithWaitingMinutes: 10, deviceOfflineSeconds: 120 } }),
  },
  'alert:acknowledge': { allowed: MANAGERS, payload: () => ({ alertId: 'no-such-alert' }) },
  'report:query': { allowed: MANAGERS, payload: () => ({ from: DAY, to: DAY }) },
  'report:export': { allowed: MANAGERS, payload: () => ({ from: DAY, to: DAY, format: 'csv' }) },
  'report:tickets-export': { allowed: MANAGERS, payload: () => ({ from: DAY, to: DAY, format: 'csv' }) },
  'scorecard:query': { allowed: MANAGERS, payload: () => ({ month: DAY.slice(0, 7) }) },
  'scorecard:export': { allowed: MANAGERS, payload: () => ({ month: DAY.slice(0, 7) }) },
  'audit:query': {
    allowed: MANAGERS,
    payload: () => ({ type: null, actorId: null, fromAt: null, toAt: null, beforeId: null, limit: 10 }),
  },
  'audit:verify': { allowed: MANAGERS, payload: () => ({}) },
  'api-client:add': {
    allowed: ADMIN,
    payload: () => ({ name: 'matrix client', scopes: ['queue:read'] }),
  },
  'api-client:list': { allowed: ADMIN, payload: () => ({}) },
  'api-client:revoke': { allowed: ADMIN, payload: () => ({ clientId: 'ac_0000000000000000' }) },
  'api-client:limit': {
    allowed: ADMIN,
    payload: () => ({ clientId: 'ac_0000000000000000', ratePerSecond: 5, burst: 20 }),
  },
  'rating:export': { allowed: MANAGERS, payload: () => ({ from: DAY, to: DAY, format: 'json' }) },
  'follow-up:list': { allowed: MANAGERS, payload: () => ({ status: null }) },
  'follow-up:update': {
    allowed: MANAGERS,
    payload: () => ({ followUpId: 'no-such-follow-up', status: 'contacted', note: 'matrix' }),
  },
  'webhook:list': { allowed: ADMIN, payload: () => ({}) },
  'webhook:deliveries': {
    allowed: ADMIN,
    payload: () => ({ subscriptionId: '00000000-0000-4000-8000-000000000000', limit: 10 }),
  },
  'webhook:replay': {
    allowed: ADMIN,
    payload: () => ({ subscriptionId: '00000000-0000-4000-8000-000000000000', afterEntryId: 0 }),
  },
  'sms:failures': { allowed: MANAGERS, payload: () => ({ limit: 10 }) },
  // With no such message the admin's answer is NOT_FOUND: allowed, nothing done.
  'sms:resend': { allowed: ADMIN, payload: () => ({ messageId: 999_999 }) },
  'storage:status': { allowed: MANAGERS, payload: () => ({}) },
  // With no loss to accept the admin's answer is NOT_FOUND: allowed, nothing done.
  'storage:accept-loss': { allowed: ADMIN, payload: () => ({}) },
  // 预约: the help desk (guide, supervisor, admin), the kiosk's check-in, an admin lifting a no-show block
  'appointment:slots': { allowed: DESK, payload: () => ({ serviceId: 'svc-1', day: DAY }) },
  'appointment:book': {
    allowed: DESK,
    payload: () => ({
      serviceId: 'svc-1',
      day: DAY,
      slotStart: '09:00',
      visitor: { cardType: 'resident', idNumber: '11010519491231002X', name: '张三', phone: '13800138000' },
    }),
  },
  'appointment:cancel': { allowed: DESK, payload: () => ({ code: 'ABCDEFGH' }) },
  'appointment:lookup': { allowed: DESK, payload: () => ({ kind: 'code', code: 'ABCDEFGH' }) },
  'appointment:lift-block': {
    allowed: ADMIN,
    payload: () => ({ idNumber: '11010519491231002X', reason: 'matrix' }),
  },
  'appointment:offer': { allowed: ['kiosk'], payload: () => ({ key: { kind: 'code', code: 'ABCDEFGH' } }) },
  'appointment:check-in': {
    allowed: ['kiosk'],
    payload: () => ({ requestId: randomUUID(), key: { kind: 'code', code: 'ABCDEFGH' } }),
  },
  'appointment:day': { allowed: MANAGERS, payload: () => ({ day: DAY }) },
  'appointment:report': { allowed: MANAGERS, payload: () => ({ from: DAY, to: DAY }) },
};

const DENIED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_SIGNED_IN']);

let th: TestHub;
const tokens = new Map<Sender, { deviceToken?: string; sessionToken?: string }>();
let fixtures: Omit<Fixtures, 'windowId'>;

/** The window a sender's payloads name: its own for the clerk at w1, another one for the clerk at w3. */
const windowOf = (sender: Sender) => (sender === 'clerk-other-window' ? 'w2' : 'w1');

beforeAll(async () => {
  const hall = testHall({ services: 2, windows: 3 });
  th = await startTestHub({ hall });
  tokens.set('kiosk', { deviceToken: th.addDevice('kiosk').token });
  tokens.set('counter', { deviceToken: th.addDevice('counter', 'w2').token });
  tokens.set('lobby', { deviceToken: th.addDevice('lobby', null, '1F').token });
  tokens.set('sign', { deviceToken: th.addDevice('sign', 'w1').token });
  tokens.set('pad', { deviceToken: th.addDevice('pad', 'w1').token });
  tokens.set('unauthenticated', {});
  const revoked = th.addDevice('kiosk');
  th.hub.accounts.revokeDevice(revoked.id, th.clock.now());
  tokens.set('revoked-device', { deviceToken: revoked.token });
  const login = async (
    sender: Sender,
    username: string,
    role: 'clerk' | 'guide' | 'supervisor' | 'admin',
    windowId: string | null,
  ) => {
    await th.addUser(username, role);
    const client = await th.connect();
    const answer = await client.call('session:login', { username, password: TEST_PASSWORD, windowId });
    if (!answer.ok) throw new Error(answer.error.message);
    tokens.set(sender, { sessionToken: answer.data.sessionToken });
    client.close();
  };
  await login('clerk-own-window', 'clerk-own', 'clerk', 'w1');
  await login('clerk-other-window', 'clerk-other', 'clerk', 'w3');
  await login('guide', 'matrix-guide', 'guide', null);
  await login('supervisor', 'matrix-super', 'supervisor', null);
  await login('admin', 'matrix-admin', 'admin', null);
  await th.addUser('matrix-throwaway', 'clerk');
  const kiosk = await th.connect(tokens.get('kiosk'));
  const issued = await kiosk.call('ticket:issue', {
    requestId: randomUUID(),
    serviceId: 'svc-1',
    identity: null,
  });
  await kiosk.call('ticket:issue', { requestId: randomUUID(), serviceId: 'svc-1', identity: null });
  if (!issued.ok) throw new Error(issued.error.message);
  const throwaway = th.hub.accounts.users().find((u) => u.username === 'matrix-throwaway');
  fixtures = {
    ticketId: issued.data.ticket.id,
    deviceId: th.addDevice('lobby').id,
    userId: throwaway!.id,
    hall,
  };
});

afterAll(async () => {
  await th?.close();
});

type Outcome = { verdict: 'allowed' | 'denied'; code: string };

/** One cell: a fresh connection as `sender`, one command, and what the hub made of it. */
async function attempt(sender: Sender, name: CommandName): Promise<Outcome> {
  const row = MATRIX[name]!;
  let client: TestClient;
  try {
    client = await connectClient(th.url, tokens.get(sender) ?? {});
  } catch (error) {
    return { verdict: 'denied', code: `connection refused (${(error as Error).message})` };
  }
  try {
    const answer = (await client.socket
      .timeout(20_000)
      .emitWithAck(name, row.payload({ ...fixtures, windowId: windowOf(sender) }))) as {
      ok: boolean;
      error?: { code: string };
    };
    if (answer.ok) return { verdict: 'allowed', code: 'ok' };
    const code = answer.error?.code ?? '?';
    if (code === 'BAD_REQUEST') throw new Error(`the matrix payload of ${name} is not valid: fix the row`);
    return { verdict: DENIED.has(code) ? 'denied' : 'allowed', code };
  } finally {
    client.close();
  }
}

/** Commands that change who the sender is run last in each sender's column, so they cannot spoil other cells. */
const LAST: readonly string[] = ['window:sign-in', 'session:logout'];
const ORDER = [...COMMAND_NAMES].sort((a, b) => LAST.indexOf(a) - LAST.indexOf(b));

describe('the authorization matrix (every catalog command × every sender)', () => {
  it('has a row for every command of the catalog, and no row for a command that is gone', () => {
    expect(COMMAND_NAMES.filter((name) => !Object.hasOwn(MATRIX, name))).toEqual([]);
    expect(Object.keys(MATRIX).filter((name) => !(COMMAND_NAMES as string[]).includes(name))).toEqual([]);
  });

  // Who may send comes before what is sent: a sender whose role may not send a command is refused whatever the
  // payload, never with BAD_REQUEST (the old hub validated first, so a stranger's garbage cost validation work).
  it('refuses a sender whose role may not send a command before looking at its payload', async () => {
    const cells: string[] = [];
    const garbage = { hall: { windows: [{ serviceIds: [1, 2, 3] }] }, windowId: 7, extra: 'x'.repeat(2000) };
    for (const sender of ['unauthenticated', ...DEVICES, ...PEOPLE] as Sender[]) {
      const client = await connectClient(th.url, tokens.get(sender) ?? {});
      try {
        for (const name of ORDER) {
          const row = MATRIX[name]!;
          const clerkRow = row.allowed.some((s) => CLERK_ANY_WINDOW.includes(s));
          // A clerk at another window has the clerk role: that refusal needs the payload's window.
          if (row.allowed.includes(sender) || (clerkRow && CLERK_ANY_WINDOW.includes(sender))) continue;
          const answer = (await client.socket.timeout(20_000).emitWithAck(name, garbage)) as {
            ok: boolean;
            error?: { code: string };
          };
          const code = answer.error?.code ?? 'ok';
          if (!DENIED.has(code)) cells.push(`${name} from ${sender}: ${code}`);
          th.clock.advance(1000); // the bucket refills on the hub's clock
        }
      } finally {
        client.close();
      }
    }
    expect(cells).toEqual([]);
  });

  for (const name of ORDER) {
    it(name, async () => {
      const row = MATRIX[name];
      expect(row, `${name} has no row in the authorization matrix: add one`).toBeDefined();
      const cells: string[] = [];
      for (const sender of SENDERS) {
        const outcome = await attempt(sender, name);
        const expected = row!.allowed.includes(sender) ? 'allowed' : 'denied';
        if (outcome.verdict !== expected)
          cells.push(`${sender}: expected ${expected}, hub said ${outcome.code}`);
      }
      expect(cells).toEqual([]);
    });
  }
});
