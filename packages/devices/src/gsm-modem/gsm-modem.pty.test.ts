import { afterEach, describe, expect, it } from 'vitest';
import { DeviceDisconnectedError } from '../serial/errors.ts';
import { createSerialConnection, type SerialConnection, type SerialStatus } from '../serial/index.ts';
import { type SocatPair, startSocatPair } from '../serial/testing/socat.ts';
import { createGsmModem, ModemError } from './gsm-modem.ts';
import { createGsmModemSimulator } from './gsm-modem-simulator.ts';

/** Generous: this waits for events, it never sleeps, and a loaded 2-core machine can be slow. */
const EVENT_TIMEOUT_MS = 20_000;

const statusOf = (connection: SerialConnection, wanted: SerialStatus): Promise<void> =>
  connection.status === wanted
    ? Promise.resolve()
    : new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(
          () => reject(new Error(`timed out waiting for ${wanted}`)),
          EVENT_TIMEOUT_MS,
        );
        const off = connection.onStatus((status) => {
          if (status !== wanted) return;
          clearTimeout(timeout);
          off();
          resolve();
        });
      });

describe('GSM modem (短信猫) through a real socat pty pair', () => {
  let pair: SocatPair | undefined;
  const connections: SerialConnection[] = [];
  afterEach(async () => {
    for (const c of connections.splice(0)) await c.stop();
    await pair?.close();
  });

  it('sends Chinese text in PDU mode, a long one in concatenated parts, survives an unplug and replug', {
    timeout: 90_000,
  }, async () => {
    pair = await startSocatPair();
    const backoff = { initialDelayMs: 50, maxDelayMs: 500, factor: 2 };
    const presenceCheck = { intervalMs: 100 };
    const device = createSerialConnection({ path: pair.pathB, baudRate: 115200, backoff, presenceCheck });
    const host = createSerialConnection({ path: pair.pathA, baudRate: 115200, backoff, presenceCheck });
    connections.push(host, device);
    const simulator = createGsmModemSimulator(device);
    // A modem that lost power starts again in text mode with echo on: the driver must set it up again.
    device.onStatus((status) => {
      if (status === 'connected') simulator.reset();
    });
    const modem = createGsmModem({ connection: host, commandTimeoutMs: 5000, sendTimeoutMs: 10_000 });
    device.start();
    host.start();
    await Promise.all([statusOf(device, 'connected'), statusOf(host, 'connected')]);

    const short = await modem.send('13800138000', '【测试大厅】请A001号到3号窗口办理。');
    expect(short.parts).toBe(1);
    const long = `【示范区政务服务中心】${'您好，您的号码已叫号，请携带身份证及相关材料到12号窗口办理。'.repeat(4)}`;
    const sentLong = await modem.send('13912345678', long);
    expect(sentLong.parts).toBe(Math.ceil(long.length / 67));
    expect(simulator.messages).toEqual([
      { phone: '13800138000', text: '【测试大厅】请A001号到3号窗口办理。', parts: 1 },
      { phone: '13912345678', text: long, parts: sentLong.parts },
    ]);

    simulator.failNext(500);
    await expect(modem.send('13800138000', '失败一次')).rejects.toThrow(ModemError);

    await pair.unplug();
    await statusOf(host, 'disconnected');
    await expect(modem.send('13800138000', '拔掉了')).rejects.toThrow(DeviceDisconnectedError);

    await pair.replug();
    await Promise.all([statusOf(device, 'connected'), statusOf(host, 'connected')]);
    await modem.send('13800138000', '插回来了');
    expect(simulator.messages.at(-1)).toEqual({ phone: '13800138000', text: '插回来了', parts: 1 });
    modem.close();
  });
});
