import type { TestHub } from '../../testing/test-hub.ts';
import { phoneNumber } from './sms-test-hall.ts';

async function ok<T>(answer: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>) {
  const a = await answer;
  if (!a.ok) throw new Error(a.error.message);
  return a.data;
}

/**
 * A day of `tickets` visitors, each with a number of their own, through the hub's real commands: kiosks issue in
 * three services, four windows call, serve and finish a little slower than tickets come (a queue builds), every
 * tenth call is recalled. Returns what each number must get with the hall of `smsTestHall()`: issued, "3 ahead"
 * for those issued with more than 3 ahead, called with the window, the no-show warning after a recall.
 */
export async function runSmsDay(hub: TestHub, tickets: number): Promise<Map<string, string[]>> {
  const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
  const windows = ['w1', 'w2', 'w3', 'w4'];
  const clerks = await Promise.all(windows.map((w) => hub.clerkAt(w)));
  const expected = new Map<string, string[]>();
  const expect = (phone: string, text: string) => expected.set(phone, [...(expected.get(phone) ?? []), text]);
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
    expect(who.phone, `【测试大厅】请${who.number}号到${w + 1}号窗口办理。`);
    called += 1;
    if (called % 10 === 0) {
      await ok(clerk.call('window:recall', { windowId }));
      expect(who.phone, `【测试大厅】${who.number}号请尽快到${w + 1}号窗口，否则将作过号处理。`);
    }
    holding[w] = next.ticket.id;
  };

  for (let i = 0; i < tickets; i += 1) {
    hub.clock.advance(20_000);
    const issued = await ok(
      kiosk.call('ticket:issue', {
        requestId: `request-${String(i).padStart(6, '0')}`,
        serviceId: services[i % 3]!,
        identity: null,
        sms: { phone: phoneNumber(i), language: 'zh' },
      }),
    );
    const phone = phoneNumber(i);
    numberOf.set(issued.ticket.id, { phone, number: issued.ticket.number });
    expect(phone, `【测试大厅】您已取号${issued.ticket.number}，前面还有${issued.peopleAhead}人。`);
    if (issued.peopleAhead > 3)
      expect(phone, `【测试大厅】${issued.ticket.number}号前面还有3人，请回到等候区。`);
    if (i % 5 !== 4) await serve(i % 4);
  }
  for (let round = 0; round < tickets && called < tickets; round += 1) await serve(round % 4);
  if (called !== tickets) throw new Error(`only ${called} of ${tickets} tickets were called`);
  return expected;
}

/** Phone → texts, each list sorted, for comparing what arrived with what was expected. */
export const byPhone = (messages: readonly { phone: string; text: string }[]) => {
  const out = new Map<string, string[]>();
  for (const m of messages) out.set(m.phone, [...(out.get(m.phone) ?? []), m.text]);
  return sortedMessages(out);
};
export const sortedMessages = (m: Map<string, string[]>) =>
  [...m].map(([phone, texts]) => [phone, [...texts].sort()] as const).sort();
