import { readFileSync } from 'node:fs';
import {
  createSerialConnection,
  GsmModemProfile,
  type SerialConnection,
  type SerialStatus,
} from '@hallq/devices';
import { createGsmModemSimulator, type SocatPair, startSocatPair } from '@hallq/devices/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { socketSettingsWith, startTestHub, type TestHub } from '../testing/index.ts';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from './http-gateway-sender.ts';
import { startHttpGatewaySimulator } from './http-gateway-simulator.ts';
import { createModemSender } from './modem-sender.ts';
import { createSmppSender } from './smpp-sender.ts';
import { startSmppSimulator } from './smpp-simulator.ts';
import type { SmsSender } from './sms-sender.ts';
import { byPhone, runSmsDay, sortedMessages } from './testing/sms-day.ts';
import { smsTestHall } from './testing/sms-test-hall.ts';

const TICKETS = 500;

interface Rig {
  readonly sender: SmsSender;
  readonly received: () => readonly { phone: string; text: string }[];
  readonly close: () => Promise<void>;
}

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

/** Each sender with its simulator, speaking the real protocol. */
const RIGS: Record<'http' | 'smpp' | 'modem', () => Promise<Rig>> = {
  async http() {
    const gateway = await startHttpGatewaySimulator({ account: 'day', secret: 'day secret' });
    return {
      sender: createHttpGatewaySender({
        ...DEFAULT_HTTP_GATEWAY,
        url: gateway.url,
        account: 'day',
        secret: 'day secret',
      }),
      received: () => gateway.received,
      close: gateway.close,
    };
  },
  async smpp() {
    const smsc = await startSmppSimulator({ systemId: 'hallq', password: 'secret12' });
    return {
      sender: createSmppSender({
        url: smsc.url,
        systemId: 'hallq',
        password: 'secret12',
        sourceAddr: '106900001234',
        enquireLinkMs: 30_000,
      }),
      received: () => smsc.received,
      close: smsc.close,
    };
  },
  async modem() {
    const pair: SocatPair = await startSocatPair();
    const device = createSerialConnection({ path: pair.pathB, baudRate: 115200 });
    const host = createSerialConnection({ path: pair.pathA, baudRate: 115200 });
    const simulator = createGsmModemSimulator(device);
    device.start();
    const profile = GsmModemProfile.parse(
      JSON.parse(
        readFileSync(
          new URL('../../../../hardware-profiles/gsm-modem-generic-at-pdu.json', import.meta.url),
          'utf8',
        ),
      ),
    );
    const sender = createModemSender({ path: pair.pathA, profile, connection: host });
    await Promise.all([statusOf(device, 'connected'), statusOf(host, 'connected')]);
    return {
      sender,
      received: () => simulator.messages,
      close: async () => {
        await device.stop();
        await pair.close();
      },
    };
  },
};

let hub: TestHub | null = null;
let rig: Rig | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  await rig?.close();
  rig = null;
});

describe.each(['http', 'smpp', 'modem'] as const)('a day of %s', (kind) => {
  it(`sends ${TICKETS} visitors with numbers the right messages: none missing, none twice`, async () => {
    rig = await RIGS[kind]();
    hub = await startTestHub({
      hall: smsTestHall({ sender: kind }),
      config: {
        socket: socketSettingsWith(
          { issuesPerMinute: 1_000_000, issueBurst: 1_000_000 },
          { commandsPerSecond: 100_000, commandBurst: 100_000 },
        ),
        sms: { senders: { [kind]: rig.sender } },
      },
    });
    const expected = await runSmsDay(hub, TICKETS);
    await hub.hub.sms.idle();
    const received = rig.received();
    expect(byPhone(received)).toEqual(sortedMessages(expected));
    const total = [...expected.values()].reduce((n, texts) => n + texts.length, 0);
    expect(received).toHaveLength(total);
    expect(total).toBeGreaterThan(2 * TICKETS);
    const unsent = hub.db
      .prepare("SELECT COUNT(*) AS n FROM sms_messages WHERE status NOT IN ('sent', 'delivered')")
      .get();
    expect(unsent).toEqual({ n: 0 });
  }, 300_000);
});
