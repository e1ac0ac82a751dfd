import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/index.ts';
import { createSmppSender, parseReceipt } from './smpp-sender.ts';
import { type SmppSimulator, startSmppSimulator } from './smpp-simulator.ts';
import type { SmsReceipt } from './sms-sender.ts';
import { phoneNumber, smsTestHall } from './testing/sms-test-hall.ts';

let smsc: SmppSimulator | null = null;
let t: TestHub | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
  await smsc?.close();
  smsc = null;
});

const config = (url: string, password = 'secret12') => ({
  url,
  systemId: 'hallq',
  password,
  sourceAddr: '106900001234',
  enquireLinkMs: 30_000,
});
const never = new AbortController().signal;

describe('the SMPP 3.4 sender', () => {
  it('binds, submits Chinese text in UCS-2, a long one in message_payload, and reports the receipts', async () => {
    smsc = await startSmppSimulator({ systemId: 'hallq', password: 'secret12' });
    const sender = createSmppSender(config(smsc.url));
    const receipts: SmsReceipt[] = [];
    const twoArrived = new Promise<void>((resolve) =>
      sender.onReceipt((r) => {
        receipts.push(r);
        if (receipts.length === 2) resolve();
      }),
    );
    smsc.undeliverable('13900000002');
    const short = await sender.send(
      { reference: 'r1', phone: '13900000001', text: '请A001号到3号窗口办理。' },
      never,
    );
    const longText = `【示范区政务服务中心】${'您好，请携带身份证及相关材料到窗口办理。'.repeat(5)}`;
    const long = await sender.send({ reference: 'r2', phone: '13900000002', text: longText }, never);
    expect(short.ok && long.ok).toBe(true);
    await twoArrived;
    expect(smsc.received.map((m) => [m.text, m.dataCoding, m.viaPayload])).toEqual([
      ['请A001号到3号窗口办理。', 8, false],
      [longText, 8, true],
    ]);
    expect(receipts).toEqual([
      { gatewayId: short.ok ? short.gatewayId : '', delivered: true, reason: null },
      { gatewayId: long.ok ? long.gatewayId : '', delivered: false, reason: 'UNDELIV err:001' },
    ]);
    await sender.close();
  });

  it('answers a refused bind, throttling and a lost SMSC with outcomes, and binds again when it is back', async () => {
    smsc = await startSmppSimulator({ systemId: 'hallq', password: 'secret12' });
    const wrong = createSmppSender(config(smsc.url, 'wrong'));
    expect(await wrong.send({ reference: 'r', phone: phoneNumber(1), text: 'x' }, never)).toMatchObject({
      ok: false,
      retry: true,
      reason: 'SMPP bind refused (status 13)',
    });
    await wrong.close();
    const sender = createSmppSender(config(smsc.url));
    smsc.throttle(true);
    expect(await sender.send({ reference: 'r', phone: phoneNumber(1), text: 'x' }, never)).toEqual({
      ok: false,
      retry: true,
      reason: 'SMPP status 0x00000058',
    });
    smsc.throttle(false);
    expect(await sender.send({ reference: 'r', phone: '123', text: 'x' }, never)).toMatchObject({
      ok: false,
      retry: false,
    });
    smsc.dropSessions();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await sender.send({ reference: 'r', phone: phoneNumber(1), text: '重连后' }, never)).ok).toBe(
      true,
    );
    await sender.close();
  });

  it('parses receipts of the SMPP 3.4 appendix B form', () => {
    expect(
      parseReceipt(
        'id:123 sub:001 dlvrd:001 submit date:2612061000 done date:2612061000 stat:DELIVRD err:000 text:',
      ),
    ).toEqual({
      gatewayId: '123',
      delivered: true,
      reason: null,
    });
    expect(parseReceipt('garbage')).toBeNull();
  });

  it('records delivered in the hub when the receipt comes back', async () => {
    smsc = await startSmppSimulator({ systemId: 'hallq', password: 'secret12' });
    t = await startTestHub({
      hall: smsTestHall({ sender: 'smpp' }),
      config: { sms: { senders: { smpp: createSmppSender(config(smsc.url)) } } },
    });
    const kiosk = await t.connect({ deviceToken: t.addDevice('kiosk').token });
    const answer = await kiosk.call('ticket:issue', {
      requestId: 'request-smpp-1',
      serviceId: 'svc-1',
      identity: null,
      sms: { phone: phoneNumber(7), language: 'en' },
    });
    expect(answer.ok).toBe(true);
    await t.hub.sms.idle();
    const status = () =>
      t!.db.prepare('SELECT status, text FROM sms_messages').get() as { status: string; text: string };
    for (let i = 0; i < 100 && status().status !== 'delivered'; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(status()).toEqual({ status: 'delivered', text: '【测试大厅】Ticket A001: 0 ahead.' });
    expect(smsc.received.map((m) => m.phone)).toEqual([phoneNumber(7)]);
  });
});
