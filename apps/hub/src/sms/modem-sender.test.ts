import { readFileSync } from 'node:fs';
import {
  createSerialConnection,
  GsmModemProfile,
  type SerialConnection,
  type SerialStatus,
} from '@hallq/devices';
import { createGsmModemSimulator, type SocatPair, startSocatPair } from '@hallq/devices/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/index.ts';
import { createModemSender } from './modem-sender.ts';
import { phoneNumber, smsTestHall } from './testing/sms-test-hall.ts';

const profile = GsmModemProfile.parse(
  JSON.parse(
    readFileSync(
      new URL('../../../../hardware-profiles/gsm-modem-generic-at-pdu.json', import.meta.url),
      'utf8',
    ),
  ),
);

const statusOf = (connection: SerialConnection, wanted: SerialStatus): Promise<void> =>
  connection.status === wanted
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        const off = connection.onStatus((status) => {
          if (status !== wanted) return;
          off();
          resolve();
        });
      });

let pair: SocatPair | null = null;
let t: TestHub | null = null;
const connections: SerialConnection[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
  for (const c of connections.splice(0)) await c.stop();
  await pair?.close();
  pair = null;
});

describe('SMS through the GSM modem sender', () => {
  it('sends from the hub through a modem on a pty, keeps messages while it is unplugged, sends them after', {
    timeout: 90_000,
  }, async () => {
    pair = await startSocatPair();
    const backoff = { initialDelayMs: 50, maxDelayMs: 300, factor: 2 };
    const presenceCheck = { intervalMs: 100 };
    const device = createSerialConnection({ path: pair.pathB, baudRate: 115200, backoff, presenceCheck });
    const host = createSerialConnection({ path: pair.pathA, baudRate: 115200, backoff, presenceCheck });
    connections.push(device);
    const simulator = createGsmModemSimulator(device);
    device.onStatus((status) => {
      if (status === 'connected') simulator.reset();
    });
    device.start();
    t = await startTestHub({
      hall: smsTestHall({ sender: 'modem' }),
      config: {
        sms: {
          senders: { modem: createModemSender({ path: pair.pathA, profile, connection: host }) },
          random: () => 0,
          retry: { baseMs: 1000, capMs: 2000, failingAfterMs: 1e9 },
        },
      },
    });
    await Promise.all([statusOf(device, 'connected'), statusOf(host, 'connected')]);
    const kiosk = await t.connect({ deviceToken: t.addDevice('kiosk').token });
    const issue = (i: number) =>
      kiosk.call('ticket:issue', {
        requestId: `request-modem-${i}`,
        serviceId: 'svc-1',
        identity: null,
        sms: { phone: phoneNumber(i), language: 'zh' },
      });
    expect((await issue(1)).ok).toBe(true);
    await t.hub.sms.idle();
    expect(simulator.messages).toEqual([
      { phone: phoneNumber(1), text: '【测试大厅】您已取号A001，前面还有0人。', parts: 1 },
    ]);

    await pair.unplug();
    await statusOf(host, 'disconnected');
    expect((await issue(2)).ok).toBe(true);
    await t.hub.sms.idle();
    const queued = t.db
      .prepare("SELECT status, reason FROM sms_messages WHERE masked = '139****0002'")
      .get() as {
      status: string;
      reason: string;
    };
    expect(queued.status).toBe('queued');
    expect(queued.reason).toMatch(/not open|lost/);

    await pair.replug();
    await Promise.all([statusOf(device, 'connected'), statusOf(host, 'connected')]);
    t.clock.advance(5000);
    t.hub.sms.wake();
    await t.hub.sms.idle();
    expect(simulator.messages.map((m) => m.phone)).toEqual([phoneNumber(1), phoneNumber(2)]);
  });
});
