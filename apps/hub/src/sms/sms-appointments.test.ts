/**
 * Appointment text messages against the real hub and the HTTP gateway simulator: the confirmation when booked,
 * the cancellation when cancelled, the reminder the day before at the hall's hour (held by the quiet hours), each
 * once across restarts and a replay of the log, and a refused one in the admin's failures list, masked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SmsSettings } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { appointmentHall, testVisitor } from '../testing/appointment-hall.ts';
import { startTestHub, TEST_PASSWORD, type TestClient, type TestHub } from '../testing/test-hub.ts';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from './http-gateway-sender.ts';
import { type HttpGatewaySimulator, startHttpGatewaySimulator } from './http-gateway-simulator.ts';
import { smsTestHall, TEST_SMS_SETTINGS } from './testing/sms-test-hall.ts';

/** Shanghai wall-clock times of the test week (HALL_MORNING is Saturday 2026-11-28 10:00). */
const shanghai = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const MONDAY = '2026-11-30';

const TEMPLATES: SmsSettings['templates'] = {
  ...TEST_SMS_SETTINGS.templates,
  'appointment-confirmed': { zh: '预约成功：{date} {time} {service}，预约号{number}。' },
  'appointment-reminder': { zh: '提醒：{date} {time}到{hall}办理{service}，预约号{number}。' },
  'appointment-cancelled': { zh: '您{date} {time}的{service}预约（{number}）已取消。' },
};

const hubs: TestHub[] = [];
const dirs: string[] = [];
let gateway: HttpGatewaySimulator | null = null;
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await gateway?.close();
  gateway = null;
});

async function start(
  options: { settings?: Partial<SmsSettings>; dir?: string; at?: number } = {},
): Promise<TestHub> {
  gateway ??= await startHttpGatewaySimulator({ account: 'a', secret: 's', answerDelayMs: 0 });
  const hub = await startTestHub({
    hall: smsTestHall({ templates: TEMPLATES, ...options.settings }, appointmentHall()),
    ...(options.dir ? { dir: options.dir } : {}),
    ...(options.at ? { start: options.at } : {}),
    config: {
      sms: {
        senders: {
          http: createHttpGatewaySender({
            ...DEFAULT_HTTP_GATEWAY,
            url: gateway.url,
            account: 'a',
            secret: 's',
          }),
        },
      },
    },
  });
  hubs.push(hub);
  return hub;
}

async function signIn(hub: TestHub, role: 'supervisor' | 'admin'): Promise<TestClient> {
  await hub.addUser(role, role);
  const client = await hub.connect();
  const login = await client.call('session:login', {
    username: role,
    password: TEST_PASSWORD,
    windowId: null,
  });
  if (!login.ok) throw new Error(login.error.message);
  return client;
}

async function book(desk: TestClient, n: number, slotStart = '09:00'): Promise<string> {
  const booked = await desk.call('appointment:book', {
    serviceId: 'svc-1',
    day: MONDAY,
    slotStart,
    visitor: testVisitor(n),
  });
  if (!booked.ok) throw new Error(booked.error.message);
  return booked.data.appointment.code;
}

/** Runs the hub's clock work at `at` and waits until the outbox has decided and sent what is due. */
async function tickAt(hub: TestHub, at: number): Promise<void> {
  hub.clock.set(at);
  await hub.hub.tick();
  await hub.hub.sms.idle();
}

const texts = () => gateway!.received.map((m) => `${m.phone} ${m.text}`);
const kindsInTable = (hub: TestHub) =>
  hub.db
    .prepare<[], { appointment_code: string; kind: string; n: number }>(
      `SELECT appointment_code, kind, COUNT(*) AS n FROM sms_messages WHERE appointment_code IS NOT NULL
       GROUP BY appointment_code, kind ORDER BY appointment_code, kind`,
    )
    .all();

describe('appointment text messages', () => {
  it('sends one confirmation when booked and one cancellation when cancelled, the number never in the log', async () => {
    const hub = await start();
    const desk = await signIn(hub, 'supervisor');
    const code = await book(desk, 1);
    await hub.hub.sms.idle();
    const phone = testVisitor(1).phone;
    expect(texts()).toEqual([`${phone} 【测试大厅】预约成功：${MONDAY} 09:00-09:30 业务1，预约号${code}。`]);

    const cancelled = await desk.call('appointment:cancel', { code });
    expect(cancelled.ok).toBe(true);
    await hub.hub.sms.idle();
    await tickAt(hub, hub.clock.now() + 60_000);
    expect(texts()).toEqual([
      `${phone} 【测试大厅】预约成功：${MONDAY} 09:00-09:30 业务1，预约号${code}。`,
      `${phone} 【测试大厅】您${MONDAY} 09:00-09:30的业务1预约（${code}）已取消。`,
    ]);
    const log = JSON.stringify(hub.db.prepare('SELECT payload FROM events').all());
    expect(log).not.toContain(phone);
    const rows = hub.db.prepare('SELECT ticket_id, masked, sealed_phone FROM sms_messages').all() as {
      ticket_id: string | null;
      masked: string;
      sealed_phone: string;
    }[];
    expect(rows.map((r) => [r.ticket_id, r.masked])).toEqual([
      [null, '139****0001'],
      [null, '139****0001'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(phone);
  });

  it('reminds the day before at the hall hour, once, and not those booked after it or cancelled', async () => {
    const hub = await start({ settings: { reminderAt: '18:00' } });
    const desk = await signIn(hub, 'supervisor');
    const kept = await book(desk, 1, '09:00');
    const dropped = await book(desk, 2, '10:00');
    expect((await desk.call('appointment:cancel', { code: dropped })).ok).toBe(true);
    await hub.hub.sms.idle();
    const before = gateway!.received.length;
    expect(before).toBe(3);

    // Saturday evening and Sunday just before the hour: Monday's appointments get nothing yet.
    await tickAt(hub, shanghai('2026-11-28', '18:00'));
    await tickAt(hub, shanghai('2026-11-29', '17:59'));
    expect(gateway!.received).toHaveLength(before);

    await tickAt(hub, shanghai('2026-11-29', '18:00'));
    expect(texts().slice(before)).toEqual([
      `${testVisitor(1).phone} 【测试大厅】提醒：${MONDAY} 09:00-09:30到测试大厅办理业务1，预约号${kept}。`,
    ]);
    // A day later the desk's session has ended: the desk signs in again.
    const late = await book(await signIn(hub, 'supervisor'), 3, '11:00');
    await hub.hub.sms.idle();
    await tickAt(hub, shanghai('2026-11-29', '18:30'));
    await tickAt(hub, shanghai('2026-11-29', '20:00'));
    // The late booking got its confirmation and no reminder; the first reminder did not go twice.
    expect(texts().slice(before + 1)).toEqual([
      `${testVisitor(3).phone} 【测试大厅】预约成功：${MONDAY} 11:00-11:30 业务1，预约号${late}。`,
    ]);
  });

  it('holds a reminder whose hour falls in the quiet hours until they end', async () => {
    const hub = await start({
      settings: { reminderAt: '21:30', quietHours: { from: '21:00', to: '08:00' } },
    });
    const desk = await signIn(hub, 'supervisor');
    const code = await book(desk, 1);
    await hub.hub.sms.idle();
    expect(gateway!.received).toHaveLength(1);

    await tickAt(hub, shanghai('2026-11-29', '21:30'));
    const row = hub.db
      .prepare("SELECT status, not_before FROM sms_messages WHERE kind = 'appointment-reminder'")
      .get();
    expect(row).toEqual({ status: 'queued', not_before: shanghai(MONDAY, '08:00') });
    await tickAt(hub, shanghai(MONDAY, '07:59'));
    expect(gateway!.received).toHaveLength(1);
    await tickAt(hub, shanghai(MONDAY, '08:00'));
    expect(texts().slice(1)).toEqual([
      `${testVisitor(1).phone} 【测试大厅】提醒：${MONDAY} 09:00-09:30到测试大厅办理业务1，预约号${code}。`,
    ]);
  });

  it('decides nothing twice across restarts, even when the log is replayed from the start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-sms-appointments-'));
    dirs.push(dir);
    const first = await start({ dir });
    const desk = await signIn(first, 'supervisor');
    const code = await book(desk, 1);
    await first.hub.sms.idle();
    await hubs.pop()!.close();

    const second = await start({ dir, at: shanghai('2026-11-29', '18:00') });
    await tickAt(second, shanghai('2026-11-29', '18:00'));
    expect(gateway!.received).toHaveLength(2);
    // An admin's replay of the SMS consumer from the first entry: every entry is read again.
    second.db.prepare("UPDATE outbox_cursors SET last_id = 0 WHERE consumer = 'sms'").run();
    await hubs.pop()!.close();

    const third = await start({ dir, at: shanghai('2026-11-29', '18:30') });
    await tickAt(third, shanghai('2026-11-29', '18:30'));
    await third.hub.sms.caughtUp();
    await third.hub.sms.idle();
    expect(gateway!.received.map((m) => m.text)).toEqual([
      `【测试大厅】预约成功：${MONDAY} 09:00-09:30 业务1，预约号${code}。`,
      `【测试大厅】提醒：${MONDAY} 09:00-09:30到测试大厅办理业务1，预约号${code}。`,
    ]);
    expect(gateway!.repeats).toBe(0);
    expect(kindsInTable(third)).toEqual([
      { appointment_code: code, kind: 'appointment-confirmed', n: 1 },
      { appointment_code: code, kind: 'appointment-reminder', n: 1 },
    ]);
  });

  it("counts against the number's daily cap like any message: over it, skipped and not sent", async () => {
    const hub = await start({ settings: { dailyCapPerNumber: 1 } });
    const desk = await signIn(hub, 'supervisor');
    const code = await book(desk, 1);
    expect((await desk.call('appointment:cancel', { code })).ok).toBe(true);
    await hub.hub.sms.idle();
    expect(gateway!.received.map((m) => m.text)).toEqual([
      `【测试大厅】预约成功：${MONDAY} 09:00-09:30 业务1，预约号${code}。`,
    ]);
    expect(hub.db.prepare('SELECT kind, status, reason FROM sms_messages ORDER BY id').all()).toEqual([
      { kind: 'appointment-confirmed', status: 'sent', reason: null },
      { kind: 'appointment-cancelled', status: 'skipped', reason: 'daily cap of 1 reached' },
    ]);
  });

  it('lists a refused confirmation in the admin failures with the number masked', async () => {
    const hub = await start();
    gateway!.refuse('4030');
    const desk = await signIn(hub, 'supervisor');
    await book(desk, 7);
    await hub.hub.sms.idle();
    const admin = await signIn(hub, 'admin');
    const listed = await admin.call('sms:failures', { limit: 50 });
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.data.failures).toEqual([
      expect.objectContaining({
        kind: 'appointment-confirmed',
        ticketNumber: null,
        maskedPhone: '139****0007',
        resendable: true,
      }),
    ]);
    expect(JSON.stringify(listed.data)).not.toContain(testVisitor(7).phone);
  });
});
