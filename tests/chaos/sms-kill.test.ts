/**
 * The hub killed with SIGKILL while it sends text messages: the HTTP gateway simulator answers slowly, so kills
 * land between the gateway taking a message and the hub recording it sent. After every restart the hub sends
 * what it had not recorded, with the same reference; the gateway recognises those repeats, as real platforms
 * do with a client reference. At the end every visitor has exactly the messages their ticket called for.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import {
  connectClient,
  type HttpGatewaySimulator,
  phoneNumber,
  startHttpGatewaySimulator,
  TEST_PASSWORD,
  TEST_SMS_SETTINGS,
  type TestClient,
  testHall,
} from '@hallq/hub/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type HubProcess, prepareHallDir, startHubProcess } from '../support/hub-process.ts';
import { bundleHub } from './support/hub-bundle.ts';
import { chaosSeed, countFromEnv, seededRandom } from './support/seeded-random.ts';

const CYCLES = countFromEnv('HALLQ_SMS_CHAOS_CYCLES', 6);
const ACCOUNT = 'chaos';
const SECRET = 'chaos gateway secret';

const hall = {
  ...testHall({ services: 2, windows: 2 }),
  sms: {
    ...TEST_SMS_SETTINGS,
    dailyCapPerNumber: 50,
    templates: { issued: { zh: '您已取号{number}。' }, called: { zh: '请{number}号办理。' } },
  },
};

const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

describe('SMS while the hub is killed with SIGKILL', () => {
  it(`sends every message once, none lost, across ${CYCLES} kills`, {
    timeout: 60_000 + CYCLES * 20_000,
  }, async () => {
    const seed = chaosSeed();
    const rng = seededRandom(seed);
    let arrived = () => {};
    const gateway: HttpGatewaySimulator = await startHttpGatewaySimulator({
      account: ACCOUNT,
      secret: SECRET,
      answerDelayMs: 40,
      onMessage: () => arrived(),
    });
    process.env.HALLQ_SMS_HTTP_URL = gateway.url;
    process.env.HALLQ_SMS_HTTP_ACCOUNT = ACCOUNT;
    process.env.HALLQ_SMS_HTTP_SECRET = SECRET;
    const entry = await bundleHub();
    const { dir, hallFile } = prepareHallDir(hall);
    let hub: HubProcess | null = null;
    const clients: TestClient[] = [];
    try {
      const first = await startHubProcess(dir, hallFile, 0, entry);
      first.child.kill('SIGTERM');
      await first.exited;
      const db = openDatabase(join(dir, 'hallq.db'));
      const accounts = createAccounts(db);
      const kioskToken = accounts.addDevice({
        kind: 'kiosk',
        name: 'k',
        windowId: null,
        zone: null,
        now: Date.now(),
      }).token;
      await accounts.addUser({
        username: 'clerk-w1',
        displayName: 'Clerk',
        staffNumber: '1',
        password: TEST_PASSWORD,
        role: 'clerk',
        now: Date.now(),
      });
      db.close();

      /** Issue requests by index: acknowledged tickets, and those whose answer a kill took (retried). */
      const tickets = new Map<number, { id: string; number: string }>();
      const unanswered = new Set<number>();
      let nextIssue = 0;
      let holding = false;

      for (let cycle = 0; cycle <= CYCLES; cycle += 1) {
        hub = await startHubProcess(dir, hallFile, 0, entry);
        const kiosk = await connectClient(hub.url, { deviceToken: kioskToken });
        const clerk = await connectClient(hub.url, {});
        clients.push(kiosk, clerk);
        const login = await clerk.call('session:login', {
          username: 'clerk-w1',
          password: TEST_PASSWORD,
          windowId: 'w1',
        });
        if (!login.ok) throw new Error(login.error.message);
        const issue = async (i: number) => {
          unanswered.add(i);
          const answer = await kiosk.call('ticket:issue', {
            requestId: `chaos-sms-${String(i).padStart(6, '0')}`,
            serviceId: i % 2 === 0 ? 'svc-1' : 'svc-2',
            identity: null,
            sms: { phone: phoneNumber(i), language: 'zh' },
          });
          if (!answer.ok) throw new Error(answer.error.message);
          unanswered.delete(i);
          tickets.set(i, { id: answer.data.ticket.id, number: answer.data.ticket.number });
        };
        for (const i of [...unanswered]) await issue(i);
        if (cycle === CYCLES) break;
        const steps = 5 + Math.floor(rng.next() * 25);
        const work = (async () => {
          for (let s = 0; s < steps; s += 1) {
            if (rng.next() < 0.6) await issue(nextIssue++);
            else {
              if (holding) {
                await clerk.call('window:start', { windowId: 'w1' });
                await clerk.call('window:finish', { windowId: 'w1' });
              }
              const called = await clerk.call('window:call-next', { windowId: 'w1' });
              // Refused: the window still holds a ticket the last hub called (its answer died with it).
              holding = !called.ok || called.data.ticket !== null;
            }
          }
        })();
        // The kill comes while the last commands and their messages are on their way.
        await Promise.race([work, new Promise((resolve) => setTimeout(resolve, 50 + rng.next() * 400))]);
        hub.child.kill('SIGKILL');
        await hub.exited;
        await work.catch(() => undefined);
        for (const c of clients.splice(0)) c.close();
      }

      // What the file says each visitor should have: issued for every ticket, called for every called one.
      const file = new Database(join(dir, 'hallq.db'), { readonly: true });
      const calledIds = new Set(
        file.prepare('SELECT id FROM tickets WHERE first_called_at IS NOT NULL').pluck().all() as string[],
      );
      const inFile = (file.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number) ?? 0;
      file.close();
      expect(inFile).toBe(tickets.size);
      const expected: string[] = [];
      for (const [i, t] of tickets) {
        expected.push(`${phoneNumber(i)} 【测试大厅】您已取号${t.number}。`);
        if (calledIds.has(t.id)) expected.push(`${phoneNumber(i)} 【测试大厅】请${t.number}号办理。`);
      }
      const received = () => gateway.received.map((m) => `${m.phone} ${m.text}`);
      // The last hub sends what is left; wait for the gateway to have as many as expected (or give up at 30 s).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 30_000);
        arrived = () => {
          if (received().length < expected.length) return;
          clearTimeout(timer);
          resolve();
        };
        arrived();
      });
      console.log(
        `sms kill -9 chaos: seed ${seed}, ${CYCLES} kills, ${tickets.size} tickets, ${expected.length} messages, ` +
          `${gateway.requests} gateway requests, ${gateway.repeats} repeats recognised by reference`,
      );
      expect(received().sort()).toEqual(expected.sort());
      expect(new Set(received()).size).toBe(received().length);
    } finally {
      for (const c of clients) c.close();
      if (hub && hub.child.exitCode === null && hub.child.signalCode === null) {
        hub.child.kill('SIGTERM');
        await hub.exited;
      }
      await gateway.close();
      for (const file of entry) rmSync(file, { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
