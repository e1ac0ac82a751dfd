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

async function ok<T>(answer: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>) {
  const a = await answer;
  if (!a.ok) throw new Error(a.error.message);
  return a.data;
}

describe('the SMS outbox with the HTTP gateway', () => {
  it('sends a day of 500 tickets the right messages: none missing, none twice', async () => {
    const hub = await hubWithGateway();
    const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
    const windows = ['w1', 'w2', 'w3', 'w4'];
    const clerks = await Promise.all(windows.map((w) => hub.clerkAt(w)));
    const expected = new Map<string, string[]>();
    const expect_ = (phone: string, text: string) =>
      expected.set(phone, [...(expected.get(phone) ?? []), text]);
    const numberOf = new Map<string, { phone: string; number: string }>();
    const services = ['svc-1', 'svc-2', 'svc-3'];
    const holding: (string | null)[] = windows.map(() => null);
    let called = 0;

    const serve = async (w: number) => {
      const clerk = clerks[w]!;
      const windowId = windows[w]!;
      if (holding[w]) {
        await ok(clerk.call('window:start', { windowId }));
        await ok(clerk.call('window:finish', { windowId }));
        holding[w] = null;
      }
      const next = await ok(clerk.call('window:call-next', { windowId }));
      if (!next.ticket) return;
      const who = numberOf.get(next.ticket.id)!;
      expect_(who.phone, `【测试大厅】请${who.number}号到${w + 1}号窗口办理。`);
      called += 1;
      if (called % 10 === 0) {
        await ok(clerk.call('window:recall', { windowId }));
        expect_(who.phone, `【测试大厅】${who.number}号请尽快到${w + 1}号窗口，否则将作过号处理。`);
      }
      holding[w] = next.ticket.id;
    };

    for (let i = 0; i < 500; i += 1) {
      hub.clock.advance(20_000);
      const issued = await issue(kiosk, i, services[i % 3]);
      const phone = phoneNumber(i);
      numberOf.set(issued.ticket.id, { phone, number: issued.ticket.number });
      expect_(phone, `【测试大厅】您已取号${issued.ticket.number}，前面还有${issued.peopleAhead}人。`);
      if (issued.peopleAhead > 3)
        expect_(phone, `【测试大厅】${issued.ticket.number}号前面还有3人，请回到等候区。`);
      // Four windows serve a little slower than tickets come, so a queue builds up during the day.
      if (i % 5 !== 4) await serve(i % 4);
    }
    for (let round = 0; round < 500 && called < 500; round += 1) await serve(round % 4);
    expect(called).toBe(500);

    await hub.hub.sms.idle();
    const got = new Map<string, string[]>();
    for (const sms of gateway!.received) got.set(sms.phone, [...(got.get(sms.phone) ?? []), sms.text]);
    const sorted = (m: Map<string, string[]>) => [...m].map(([k, v]) => [k, [...v].sort()] as const).sort();
    expect(sorted(got)).toEqual(sorted(expected));
    const total = [...expected.values()].reduce((n, v) => n + v.length, 0);
    expect(gateway!.received).toHaveLength(total);
    expect(total).toBeGreaterThan(1000);
    const counts = hub.db.prepare("SELECT COUNT(*) AS n FROM sms_messages WHERE status = 'sent'").get() as {
      n: number;
    };
    expect(counts.n).toBe(total);
  }, 120_000);

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
});
