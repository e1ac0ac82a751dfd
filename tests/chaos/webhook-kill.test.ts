/**
 * Webhooks through SIGKILL: the real hub process (bundled main.ts) issues tickets for a kiosk while a real HTTP
 * receiver takes its webhooks, slowly at times, and the hub is killed with SIGKILL at random moments — often
 * mid-delivery. After the last restart the receiver must hold every committed `ticket.issued` at least once,
 * nothing the file does not hold, each retry with the same `webhook-id` and body, first receipts in log order.
 */

import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createAccounts,
  createOutbox,
  createSecretBox,
  createWebhookStore,
  loadOrCreateKeyFile,
  openDatabase,
  webhookConsumer,
  webhookIdOf,
} from '@hallq/hub/local-tools';
import { connectClient, testHall } from '@hallq/hub/testing';
import { describe, expect, it } from 'vitest';
import { prepareHallDir, startHubProcess } from '../support/hub-process.ts';
import { bundleHub } from './support/hub-bundle.ts';
import { chaosSeed, countFromEnv, seededRandom } from './support/seeded-random.ts';

const CYCLES = countFromEnv('HALLQ_WEBHOOK_CHAOS_CYCLES', 12);

interface Receipt {
  readonly id: string;
  readonly body: string;
}

describe('webhooks when the hub is killed with SIGKILL mid-delivery', () => {
  it(`delivers every committed event at least once, invents none, and retries with the same id (${CYCLES} kills)`, {
    timeout: 120_000 + CYCLES * 10_000,
  }, async () => {
    const seed = chaosSeed();
    const rng = seededRandom(seed);
    const receipts: Receipt[] = [];
    let waiter: (() => void) | null = null;
    // The receiver answers after 0–40 ms, so a kill often lands while a POST is in flight.
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        setTimeout(
          () => {
            receipts.push({
              id: String(req.headers['webhook-id']),
              body: Buffer.concat(chunks).toString('utf8'),
            });
            res.writeHead(200).end();
            waiter?.();
          },
          rng.int(0, 40),
        );
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    const entry = await bundleHub();
    const { dir, hallFile } = prepareHallDir(testHall({ services: 2, windows: 2 }));
    let violations: string[] = [];
    try {
      const first = await startHubProcess(dir, hallFile, 0, entry);
      first.child.kill('SIGTERM');
      await first.exited;
      const setup = openDatabase(join(dir, 'hallq.db'));
      const kioskToken = createAccounts(setup).addDevice({
        kind: 'kiosk',
        name: 'chaos kiosk',
        windowId: null,
        zone: null,
        now: Date.now(),
      }).token;
      const secrets = createSecretBox(
        loadOrCreateKeyFile(join(dir, 'identity.key')),
        'webhook signing secrets',
      );
      const { subscription } = createWebhookStore(setup, secrets).add({
        clientId: null,
        url: receiverUrl,
        eventTypes: ['ticket.issued'],
        now: Date.now(),
      });
      createOutbox(setup).registerAtEnd(webhookConsumer(subscription.id), Date.now());
      setup.close();

      let acknowledged = 0;
      for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
        const hub = await startHubProcess(dir, hallFile, 0, entry);
        hub.child.stdout?.on('data', (c: Buffer) => {
          if (process.env.HALLQ_CHAOS_VERBOSE === '1') process.stderr.write(`hub: ${c}`);
        });
        hub.child.stderr?.on('data', (c: Buffer) => process.stderr.write(`hub: ${c}`));
        if (process.env.HALLQ_CHAOS_VERBOSE === '1')
          console.log(`cycle ${cycle}: ${receipts.length} receipts`);
        const kiosk = await connectClient(hub.url, { deviceToken: kioskToken });
        const issues = rng.int(3, 15);
        for (let i = 0; i < issues; i += 1) {
          const answer = await kiosk.call('ticket:issue', {
            requestId: `webhook-chaos-${cycle}-${i}`,
            serviceId: `svc-${rng.int(1, 2)}`,
            identity: null,
          });
          if (answer.ok) acknowledged += 1;
          else if (process.env.HALLQ_CHAOS_VERBOSE === '1') console.log('refused', answer.error);
        }
        // Kill once some deliveries are under way: after 0–4 receipts of this cycle.
        const target = receipts.length + rng.int(0, 4);
        await new Promise<void>((resolve) => {
          const check = () => {
            if (receipts.length >= target) {
              waiter = null;
              resolve();
            }
          };
          waiter = check;
          check();
        });
        kiosk.close();
        hub.child.kill('SIGKILL');
        await hub.exited;
      }

      // The last start: it drains whatever is left.
      const db = openDatabase(join(dir, 'hallq.db'));
      const committed = db
        .prepare<[], { id: number; payload: string }>(
          "SELECT id, payload FROM events WHERE type = 'ticket:issued' ORDER BY id",
        )
        .all();
      db.close();
      const expectedIds = committed.map((e) => webhookIdOf(e.id));
      const last = await startHubProcess(dir, hallFile, 0, entry);
      last.child.stdout?.resume();
      last.child.stderr?.resume();
      const allReceived = () => expectedIds.every((id) => receipts.some((r) => r.id === id));
      await new Promise<void>((resolve) => {
        const check = () => {
          if (allReceived()) {
            waiter = null;
            resolve();
          }
        };
        waiter = check;
        check();
      });
      last.child.kill('SIGTERM');
      await last.exited;

      violations = [];
      const numberOf = new Map(
        committed.map((e) => [
          webhookIdOf(e.id),
          (JSON.parse(e.payload) as { ticket: { number: string } }).ticket.number,
        ]),
      );
      const bodyOf = new Map<string, string>();
      for (const r of receipts) {
        const number = numberOf.get(r.id);
        if (number === undefined) violations.push(`received ${r.id}, which the file does not hold`);
        else if (
          (JSON.parse(r.body) as { data: { ticket: { number: string } } }).data.ticket.number !== number
        )
          violations.push(`${r.id} carried another ticket than the file's ${number}`);
        const earlier = bodyOf.get(r.id);
        if (earlier !== undefined && earlier !== r.body)
          violations.push(`${r.id} was retried with another body`);
        bodyOf.set(r.id, r.body);
      }
      const firstSeen = [...new Set(receipts.map((r) => r.id))];
      const positions = firstSeen.map((id) => expectedIds.indexOf(id));
      if (positions.some((p, i) => i > 0 && p < (positions[i - 1] ?? -1)))
        violations.push('first receipts are not in log order');
      console.log(
        `webhook kill chaos: seed ${seed}, ${CYCLES} kills, ${acknowledged} acknowledged issues, ${committed.length} committed, ` +
          `${receipts.length} deliveries (${receipts.length - firstSeen.length} repeats after a kill)`,
      );
      expect(violations).toEqual([]);
      expect(committed.length).toBeGreaterThanOrEqual(acknowledged);
      expect(firstSeen.length).toBe(committed.length);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      receiver.closeAllConnections();
      for (const file of entry) rmSync(file, { force: true });
      if (violations.length === 0) rmSync(dir, { recursive: true, force: true });
    }
  });
});
