/**
 * Event → SMS handed to the gateway: a hub on the real clock with the HTTP gateway simulator, kiosks issuing
 * tickets with numbers at a steady pace and four windows calling; for each message the time from its log entry
 * (the issue, the call) to the simulator taking it. Prints p50/p95/p99/max and the load average.
 *
 *   npx tsx scripts/bench/sms.bench.ts [ticketsPerSecond=10] [seconds=30]
 */
import { loadavg } from 'node:os';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from '../../apps/hub/src/sms/http-gateway-sender.ts';
import { startHttpGatewaySimulator } from '../../apps/hub/src/sms/http-gateway-simulator.ts';
import { phoneNumber, smsTestHall } from '../../apps/hub/src/sms/testing/sms-test-hall.ts';
import { socketSettingsWith, startTestHub } from '../../apps/hub/src/testing/index.ts';

const rate = Number(process.argv[2] ?? 10);
const seconds = Number(process.argv[3] ?? 30);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
console.log(`sms bench: ${rate} tickets/s for ${seconds} s; load average at start ${load()}`);

const gateway = await startHttpGatewaySimulator({ account: 'bench', secret: 'bench secret' });
const hub = await startTestHub({
  hall: smsTestHall({ dailyCapPerNumber: 50 }),
  clock: Date.now,
  start: Date.now(),
  config: {
    socket: socketSettingsWith(
      { issuesPerMinute: 1_000_000, issueBurst: 1_000_000 },
      { commandsPerSecond: 100_000, commandBurst: 100_000 },
    ),
    sms: {
      senders: {
        http: createHttpGatewaySender({
          ...DEFAULT_HTTP_GATEWAY,
          url: gateway.url,
          account: 'bench',
          secret: 'bench secret',
        }),
      },
    },
  },
});
const kiosk = await hub.connect({ deviceToken: hub.addDevice('kiosk').token });
const windows = ['w1', 'w2', 'w3', 'w4'];
const clerks = await Promise.all(windows.map((w) => hub.clerkAt(w)));
const holding = windows.map(() => false);

const total = rate * seconds;
const started = performance.now();
const work: Promise<unknown>[] = [];
for (let i = 0; i < total; i += 1) {
  const due = started + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  work.push(
    kiosk.call('ticket:issue', {
      requestId: `bench-${i}-${process.pid}`,
      serviceId: `svc-${(i % 3) + 1}`,
      identity: null,
      sms: { phone: phoneNumber(i), language: 'zh' },
    }),
  );
  // Each window serves one visitor per four issues: the queue stays a few deep, so calls and N-ahead happen.
  if (i % 4 === 3) {
    const w = (i >> 2) % 4;
    const clerk = clerks[w]!;
    const windowId = windows[w]!;
    work.push(
      (async () => {
        if (holding[w]) {
          await clerk.call('window:start', { windowId });
          await clerk.call('window:finish', { windowId });
        }
        const next = await clerk.call('window:call-next', { windowId });
        holding[w] = next.ok && next.data.ticket !== null;
      })(),
    );
  }
}
await Promise.all(work);
await hub.hub.sms.idle();

const atOf = hub.db.prepare<[number], { at: number }>(
  'SELECT e.at AS at FROM sms_messages m JOIN events e ON e.id = m.entry_id WHERE m.id = ?',
);
const latencies = gateway.received
  .map((m) => {
    const row = atOf.get(Number(m.reference.replace('hallq-sms-', '')));
    return row ? m.at - row.at : null;
  })
  .filter((v): v is number => v !== null)
  .sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
console.log(
  `sms bench: ${latencies.length} messages (${total} tickets) — event → handed to the gateway: ` +
    `p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${q(1).toFixed(1)} ms; ` +
    `load average at end ${load()}`,
);
await hub.close();
await gateway.close();
