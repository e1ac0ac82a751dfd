import { afterEach, describe, expect, it } from 'vitest';
import { socketSettingsWith, startTestHub, type TestClient, type TestHub } from '../testing/index.ts';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from './http-gateway-sender.ts';
import { type HttpGatewaySimulator, startHttpGatewaySimulator } from './http-gateway-simulator.ts';
import { phoneNumber, smsTestHall } from './testing/sms-test-hall.ts';

const ACCOUNT = 'hall-test';
const SECRET = 'gateway secret for tests';

let t: TestHub | null = null;
let gateway: HttpGatewaySimulator | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
  await gateway?.close();
  gateway = null;
});

async function hubWithGateway(options: { hall?: Parameters<typeof smsTestHall>[0]; dir?: string } = {}) {
  gateway ??= await startHttpGatewaySimulator({ account: ACCOUNT, secret: SECRET });
  const sender = createHttpGatewaySender({
    ...DEFAULT_HTTP_GATEWAY,
    url: gateway.url,
    account: ACCOUNT,
    secret: SECRET,
    format: 'form',
  });
  t = await startTestHub({
    hall: smsTestHall(options.hall),
    ...(options.dir ? { dir: options.dir } : {}),
    config: {
      socket: socketSettingsWith(
        { issuesPerMinute: 1_000_000, issueBurst: 1_000_000 },
        { commandsPerSecond: 100_000, commandBurst: 100_000 },
      ),
      sms: {
        senders: { http: sender },
        random: () => 0,
        retry: { baseMs: 1000, capMs: 8000, failingAfterMs: 1e9 },
      },
    },
  });
  return t;
}

async function issue(kiosk: TestClient, i: number, serviceId = 'svc-1', phone = phoneNumber(i)) {
  const answer = await kiosk.call('ticket:issue', {
    requestId: `request-${String(i).padStart(6, '0')}`,
    serviceId,
    identity: null,
    sms: { phone, language: 'zh' },
  });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

describe('the SMS outbox with the HTTP gateway (a day of 500 tickets: sms-day.test.ts)', () => {
  it('keeps messages while the gateway is down, retries with back-off, and sends each once when it is back', async () => {
    const hub = await hubWithGateway();
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    await gateway!.down();
    const started = performance.now();
    for (let i = 0; i < 20; i += 1) await issue(kiosk, i);
    // Issuing does not wait for the gateway.
    expect(performance.now() - started).toBeLessThan(5000);
    await hub.hub.sms.idle();
    const waiting = hub.db
      .prepare(
        "SELECT COUNT(*) AS n, MAX(attempts) AS attempts, MIN(reason) AS reason FROM sms_messages WHERE status = 'queued'",
      )
      .get() as { n: number; attempts: number; reason: string };
    expect(waiting.n).toBe(20);
    expect(waiting.attempts).toBe(1);
    expect(waiting.reason).toMatch(/ECONNREFUSED|fetch failed|no answer/);

    await gateway!.start();
    hub.clock.advance(60_000);
    hub.hub.sms.wake();
    await hub.hub.sms.idle();
    expect(gateway!.received.map((m) => m.phone).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => phoneNumber(i)).sort(),
    );
  });

  it('marks a message the gateway refuses for good as failed with the reason, and retries a busy answer', async () => {
    const hub = await hubWithGateway();
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    gateway!.refuse('4030');
    await issue(kiosk, 1);
    await hub.hub.sms.idle();
    const failed = hub.db.prepare('SELECT status, reason, masked FROM sms_messages').get() as Record<
      string,
      string
    >;
    expect(failed).toEqual({
      status: 'failed',
      reason: 'HTTP 200 code 4030: refused',
      masked: '139****0001',
    });

    gateway!.busy();
    await issue(kiosk, 2);
    await hub.hub.sms.idle();
    const busy = hub.db.prepare("SELECT status, reason FROM sms_messages WHERE masked = '139****0002'").get();
    expect(busy).toEqual({ status: 'queued', reason: 'HTTP 503' });
    gateway!.up();
    hub.clock.advance(10_000);
    hub.hub.sms.wake();
    await hub.hub.sms.idle();
    expect(gateway!.received.map((m) => m.phone)).toEqual([phoneNumber(2)]);
  });

  it('sends one number at most the daily cap, and records the rest as skipped', async () => {
    const hub = await hubWithGateway({ hall: { dailyCapPerNumber: 2 } });
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    for (let i = 0; i < 4; i += 1) await issue(kiosk, i, 'svc-1', '13800000000');
    await hub.hub.sms.idle();
    expect(gateway!.received).toHaveLength(2);
    const skipped = hub.db.prepare("SELECT COUNT(*) AS n FROM sms_messages WHERE status = 'skipped'").get();
    expect(skipped).toEqual({ n: 2 });
  });

  it('sends nothing while text messages are off, and decides from the whole day once they are on again', async () => {
    const hub = await hubWithGateway({ hall: { peopleAheadThreshold: 2 } });
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    const clerk = await hub.clerkAt('w1');
    const tickets: Awaited<ReturnType<typeof issue>>[] = [];
    for (let i = 0; i < 6; i += 1) tickets.push(await issue(kiosk, i));
    await hub.hub.sms.idle();
    const system = { kind: 'system', id: null, deviceId: null } as const;
    const smsOn = hub.hub.hall.hall();
    const setSms = (enabled: boolean) =>
      expect(hub.hub.hall.configure({ ...smsOn, sms: { ...smsOn.sms!, enabled } }, system)).toMatchObject({
        ok: true,
      });
    const decidedAfter = (id: number) =>
      hub.db
        .prepare<[number], { ticket_id: string; kind: string }>(
          'SELECT ticket_id, kind FROM sms_messages WHERE id > ? ORDER BY id',
        )
        .all(id)
        .map((m) => `${tickets.find((t) => t.ticket.id === m.ticket_id)?.ticket.number} ${m.kind}`);
    const lastMessage = () =>
      hub.db.prepare<[], { id: number }>('SELECT MAX(id) AS id FROM sms_messages').get()!.id;

    setSms(false);
    for (let call = 0; call < 2; call += 1) {
      expect(await clerk.call('window:call-next', { windowId: 'w1' })).toMatchObject({ ok: true });
      expect(await clerk.call('window:finish', { windowId: 'w1' })).toMatchObject({ ok: true });
    }
    const offAt = lastMessage();
    await hub.hub.sms.idle();
    expect(decidedAfter(offAt)).toEqual([]);

    setSms(true);
    expect(await clerk.call('window:call-next', { windowId: 'w1' })).toMatchObject({ ok: true });
    await hub.hub.sms.idle();
    // The replica was built again from the day's log: A001 and A002 were called while messages were off, so
    // A003's call brings A006 within 2 of the front. A stale replica (from before the pause) would tell A004.
    expect(decidedAfter(offAt)).toEqual([
      `${tickets[2]!.ticket.number} called`,
      `${tickets[5]!.ticket.number} n-ahead`,
    ]);
  });
});
