import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, DEFAULT_SOCKET_SETTINGS, type Hub, type HubConfig } from '@hallq/hub';
import { openDatabase } from '@hallq/hub/local-tools';
import { startTestHub, TEST_LOGIN_THROTTLE, TEST_PASSWORD, testHall } from '@hallq/hub/testing';
import type { DeviceKind, HallConfig } from '@hallq/protocol';
import { pino } from 'pino';

/** Six services (A–F, four-digit numbers so a throughput run cannot run out) and eight windows serving all. */
export function benchHall(): HallConfig {
  const hall = testHall({ services: 6, windows: 8 });
  return { ...hall, services: hall.services.map((s) => ({ ...s, numberWidth: 4 })) };
}

export interface BenchHub {
  readonly hub: Hub;
  readonly url: string;
  readonly dir: string;
  readonly hall: HallConfig;
  /** Registers devices and returns the handshake auth each one connects with. */
  addDevices(count: number, kinds?: readonly DeviceKind[]): Record<string, string>[];
  /** A clerk account; the handshake is then `session:login` with these credentials. */
  addClerk(username: string): Promise<{ username: string; password: string }>;
  close(): Promise<void>;
}

/**
 * The real hub (createHub, the composition root main.ts uses) in this process, on a real database file in a
 * temporary folder (WAL, synchronous = FULL, the high-water mark file, as in a hall), with the real clock and a
 * 2 s tick like main.ts.
 * The hall is seeded through the hub's own testing surface, which is then closed; only the file stays.
 */
export async function startBenchHub(
  options: {
    socket?: Partial<HubConfig['socket']>;
    webhooks?: HubConfig['webhooks'];
    login?: HubConfig['login'];
    highWaterMark?: boolean;
    /** Served days before today, so that the wait estimator has its history and runs as in a hall in use. */
    historyDays?: number;
  } = {},
): Promise<BenchHub> {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-bench-'));
  const hall = benchHall();
  const seeding = await startTestHub({ dir, hall });
  await seeding.close();
  const db = openDatabase(join(dir, 'hallq.db'));
  if (options.historyDays) seedHistory(db, hall, options.historyDays, Date.now());
  const clock = () => Date.now();
  const hub = createHub({
    db,
    clock,
    logger: pino({ level: 'silent' }),
    identityKey: Buffer.alloc(32, 7),
    config: {
      host: '127.0.0.1',
      port: 0,
      tls: null,
      webApps: [],
      socket: { ...DEFAULT_SOCKET_SETTINGS, ...options.socket },
      tickMs: 2000,
      backup: null,
      identityRetentionDays: 180,
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
      // Every bench client connects from 127.0.0.1, where a hall's devices have an address each: the login
      // throttle's per-address limits would refuse a bench's own clerks. The login-flood bench sets its own.
      login: options.login ?? { throttle: TEST_LOGIN_THROTTLE },
      // As main.ts runs it: the out-of-band high-water mark written after every committed batch.
      markFile: options.highWaterMark === false ? null : join(dir, 'hallq.mark'),
    },
  });
  const { url } = await hub.listen();
  let deviceCount = 0;
  return {
    hub,
    url,
    dir,
    hall,
    addDevices(count, kinds = ['lobby', 'counter', 'sign', 'kiosk', 'pad']) {
      const auths: Record<string, string>[] = [];
      for (let i = 0; i < count; i += 1) {
        const kind = kinds[i % kinds.length]!;
        const windowId = kind === 'counter' || kind === 'sign' || kind === 'pad' ? `w${(i % 8) + 1}` : null;
        deviceCount += 1;
        const { token } = hub.accounts.addDevice({
          kind,
          name: `bench-${kind}-${deviceCount}`,
          windowId,
          zone: i % 2 === 0 ? '1F' : '2F',
          now: clock(),
        });
        auths.push({ deviceToken: token });
      }
      return auths;
    },
    async addClerk(username) {
      await hub.accounts.addUser({
        username,
        displayName: username,
        staffNumber: username,
        password: TEST_PASSWORD,
        role: 'clerk',
        now: clock(),
      });
      return { username, password: TEST_PASSWORD };
    },
    async close() {
      await hub.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Issues `count` waiting tickets straight through the hall service (no sockets), spread over the services. */
export function issueDirect(bench: BenchHub, count: number): void {
  const services = bench.hall.services;
  for (let i = 0; i < count; i += 1) {
    const outcome = bench.hub.hall.execute(
      {
        type: 'ticket:issue',
        serviceId: services[i % services.length]!.id,
        visitorClass: 'normal',
        visitorKey: null,
        kioskId: null,
      },
      { kind: 'system', id: null, deviceId: null },
    );
    if (!outcome.ok) throw new Error(`could not issue: ${outcome.error.message}`);
  }
}

const MINUTE = 60_000;

/**
 * `days` served days before `now`: per day and service, 40 visitors from 09:00 UTC+8 a window each, 4–9 minute
 * visits (a fixed spread, no randomness), one in ten in the priority lane — enough ended tickets for the wait
 * estimator's history model (it needs 50).
 */
function seedHistory(db: ReturnType<typeof openDatabase>, hall: HallConfig, days: number, now: number): void {
  const insert = db.prepare(
    `INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
       queued_at, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at, ended_at, transfer_count)
     VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, NULL, 1, ?, ?, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let d = 1; d <= days; d += 1) {
      const day = new Date(now - d * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      const opening = Date.parse(`${day}T09:00:00+08:00`);
      hall.services.forEach((service, s) => {
        let at = opening;
        for (let i = 0; i < 40; i += 1) {
          const minutes = 4 + ((i * 7 + s) % 6);
          const startedAt = at + 30_000;
          const endedAt = startedAt + minutes * MINUTE;
          const number = `${service.prefix}${String(i + 1).padStart(4, '0')}`;
          insert.run(
            `${day}/${number}`,
            number,
            day,
            service.id,
            service.id,
            i % 10 === 0 ? 'priority' : 'normal',
            at - 60_000,
            at - 60_000,
            `w${(s % 8) + 1}`,
            at,
            at,
            startedAt,
            endedAt,
          );
          at = endedAt + 10_000;
        }
      });
    }
  })();
}
