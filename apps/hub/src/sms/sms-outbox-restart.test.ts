import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/index.ts';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from './http-gateway-sender.ts';
import { type HttpGatewaySimulator, startHttpGatewaySimulator } from './http-gateway-simulator.ts';
import { INTERRUPTED_REASON } from './sms-outbox.ts';
import type { SendOutcome, SmsSender } from './sms-sender.ts';
import { phoneNumber, smsTestHall } from './testing/sms-test-hall.ts';

const hubs: TestHub[] = [];
const dirs: string[] = [];
let gateway: HttpGatewaySimulator | null = null;
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await gateway?.close();
  gateway = null;
});

const issue = async (hub: TestHub, i: number) => {
  const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  const answer = await kiosk.call('ticket:issue', {
    requestId: `request-restart-${i}`,
    serviceId: 'svc-1',
    identity: null,
    sms: { phone: phoneNumber(i), language: 'zh' },
  });
  if (!answer.ok) throw new Error(answer.error.message);
  kiosk.close();
  return answer.data;
};

describe('the SMS outbox across a restart', () => {
  it('decides nothing twice, and still sends "N ahead" from a queue it rebuilt from the log', async () => {
    gateway = await startHttpGatewaySimulator({ account: 'a', secret: 's', answerDelayMs: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'hallq-sms-restart-'));
    dirs.push(dir);
    const start = async (at?: number) => {
      const hub = await startTestHub({
        dir,
        hall: smsTestHall(),
        ...(at ? { start: at } : {}),
        config: {
          sms: {
            senders: {
              http: createHttpGatewaySender({
                ...DEFAULT_HTTP_GATEWAY,
                url: gateway!.url,
                account: 'a',
                secret: 's',
              }),
            },
          },
        },
      });
      hubs.push(hub);
      return hub;
    };
    const first = await start();
    for (let i = 0; i < 6; i += 1) await issue(first, i);
    await first.hub.sms.idle();
    expect(gateway.received).toHaveLength(6);
    const at = first.clock.now();
    await hubs.pop()!.close();

    const second = await start(at + 1000);
    await second.hub.sms.idle();
    expect(gateway.received).toHaveLength(6);
    const clerk = await second.clerkAt('w1');
    for (let call = 0; call < 2; call += 1) {
      const next = await clerk.call('window:call-next', { windowId: 'w1' });
      if (!next.ok) throw new Error(next.error.message);
      await clerk.call('window:start', { windowId: 'w1' });
      await clerk.call('window:finish', { windowId: 'w1' });
    }
    await second.hub.sms.idle();
    const texts = gateway.received.slice(6).map((m) => `${m.phone} ${m.text}`);
    // Two called; the ticket issued with 4 ahead and the one with 5 now have 2 and 3 ahead: N ahead, once each.
    expect(texts.sort()).toEqual(
      [
        `${phoneNumber(0)} 【测试大厅】请A001号到1号窗口办理。`,
        `${phoneNumber(1)} 【测试大厅】请A002号到1号窗口办理。`,
        `${phoneNumber(4)} 【测试大厅】A005号前面还有3人，请回到等候区。`,
        `${phoneNumber(5)} 【测试大厅】A006号前面还有3人，请回到等候区。`,
      ].sort(),
    );
  });

  it('a gateway that never answers holds no queue command up', async () => {
    const hanging: Promise<SendOutcome>[] = [];
    const sender: SmsSender = {
      kind: 'http',
      dropsRepeats: true,
      send: (_message, signal) => {
        const p = new Promise<SendOutcome>((resolve) =>
          signal.addEventListener('abort', () => resolve({ ok: false, retry: true, reason: 'aborted' })),
        );
        hanging.push(p);
        return p;
      },
      onReceipt: () => undefined,
      close: async () => undefined,
    };
    const hub = await startTestHub({ hall: smsTestHall(), config: { sms: { senders: { http: sender } } } });
    hubs.push(hub);
    for (let i = 0; i < 30; i += 1) await issue(hub, i);
    await hub.hub.sms.caughtUp();
    const states = hub.db
      .prepare('SELECT status, COUNT(*) AS n FROM sms_messages GROUP BY status ORDER BY status')
      .all();
    // Every ticket issued and its message decided; eight handed over and hanging, the rest waiting their turn.
    expect(states).toEqual([
      { status: 'queued', n: 22 },
      { status: 'sending', n: 8 },
    ]);
    expect(hanging).toHaveLength(8);
  });

  it('after a kill mid-send, sends again only where the far end drops repeats; elsewhere fails them for the admin', async () => {
    /** A sender whose hand-overs never end (the hub is killed in the middle of them), recording what it got. */
    const stuck = (dropsRepeats: boolean) => {
      const got: string[] = [];
      let allThree: () => void = () => undefined;
      const handedThree = new Promise<void>((resolve) => {
        allThree = resolve;
      });
      const sender: SmsSender = {
        kind: 'http',
        dropsRepeats,
        send: (message) => {
          got.push(message.reference);
          if (got.length === 3) allThree();
          return new Promise<SendOutcome>(() => undefined);
        },
        onReceipt: () => undefined,
        close: async () => undefined,
      };
      return { sender, got, handedThree };
    };
    /** A sender that takes everything at once. */
    const taking = (dropsRepeats: boolean) => {
      const got: string[] = [];
      const sender: SmsSender = {
        kind: 'http',
        dropsRepeats,
        send: async (message) => {
          got.push(message.reference);
          return { ok: true, gatewayId: `g-${message.reference}` };
        },
        onReceipt: () => undefined,
        close: async () => undefined,
      };
      return { sender, got };
    };
    for (const dropsRepeats of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'hallq-sms-interrupted-'));
      dirs.push(dir);
      const first = stuck(dropsRepeats);
      const before = await startTestHub({
        dir,
        hall: smsTestHall(),
        config: { sms: { senders: { http: first.sender } } },
      });
      for (let i = 0; i < 3; i += 1) await issue(before, i);
      await before.hub.sms.caughtUp();
      await first.handedThree;
      const at = before.clock.now();
      // As good as a kill for the table: the hand-overs never answered, the rows stay 'sending'.
      before.db.close();
      const after = taking(dropsRepeats);
      const hub = await startTestHub({
        dir,
        hall: smsTestHall(),
        start: at + 1000,
        config: { sms: { senders: { http: after.sender } } },
      });
      hubs.push(hub);
      await hub.hub.sms.idle();
      const rows = hub.db.prepare('SELECT status, reason FROM sms_messages ORDER BY id').all() as {
        status: string;
        reason: string | null;
      }[];
      if (dropsRepeats) {
        // The same references again: the gateway recognises them and delivers each once.
        expect(after.got.sort()).toEqual([...first.got].sort());
        expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      } else {
        // SMPP or a modem would send them twice: not handed over again, failed with the reason.
        expect(after.got).toEqual([]);
        expect(rows).toEqual(
          Array.from({ length: 3 }, () => ({ status: 'failed', reason: INTERRUPTED_REASON })),
        );
      }
    }
  });

  it('records delivery reports the HTTP gateway serves', async () => {
    gateway = await startHttpGatewaySimulator({ account: 'a', secret: 's' });
    const sender = createHttpGatewaySender({
      ...DEFAULT_HTTP_GATEWAY,
      url: gateway.url,
      account: 'a',
      secret: 's',
      reportUrl: gateway.reportUrl,
      reportEveryMs: 20,
    });
    const hub = await startTestHub({ hall: smsTestHall(), config: { sms: { senders: { http: sender } } } });
    hubs.push(hub);
    const reported = new Promise<void>((resolve) => sender.onReceipt(() => resolve()));
    await issue(hub, 1);
    await hub.hub.sms.idle();
    await reported;
    await hub.hub.sms.idle();
    expect(hub.db.prepare('SELECT status FROM sms_messages').get()).toEqual({ status: 'delivered' });
  });
});
