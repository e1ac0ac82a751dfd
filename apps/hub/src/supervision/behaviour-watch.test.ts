import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueCommand } from '@hallq/core';
import type { HallConfig } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../store/event-log.ts';
import { testHall } from '../testing/test-hall.ts';
import { HALL_MORNING, startTestHub, type TestHub } from '../testing/test-hub.ts';
import { createBehaviourWatch } from './behaviour-watch.ts';

const MIN = 60_000;
const CLERK: Actor = { kind: 'user', id: 'c1', deviceId: null };
const KIOSK: Actor = { kind: 'device', id: 'k1', deviceId: 'k1' };
const base = testHall({ services: 1, windows: 2, openingHours: [{ from: '09:00', to: '17:00' }] });
const hallWith = (outOfOrderCallsPerDay: number): HallConfig => ({
  ...base,
  rules: { ...base.rules, behaviour: { outOfOrderCallsPerDay } },
});

let hub: TestHub | null = null;
let dir: string | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function run(h: TestHub, command: QueueCommand, actor: Actor = CLERK) {
  const outcome = h.hub.hall.execute(command, actor);
  if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.message}`);
  h.hub.hall.flush();
  return outcome;
}
const issue = (h: TestHub) =>
  run(
    h,
    { type: 'ticket:issue', serviceId: 'svc-1', visitorClass: 'normal', visitorKey: null, kioskId: 'k1' },
    KIOSK,
  );

/** Issues `count` tickets and has clerk c1 call `outOfOrder` of them from the back of the line. */
function morning(h: TestHub, count: number, outOfOrder: number): void {
  run(h, { type: 'window:sign-in', windowId: 'w1', clerkId: 'c1' });
  for (let i = 0; i < count; i += 1) issue(h);
  const waiting = () =>
    [...h.hub.hall.state().tickets.values()].filter((t) => t.status === 'waiting').map((t) => t.id);
  for (let i = 0; i < outOfOrder; i += 1) {
    h.clock.advance(MIN);
    run(h, {
      type: 'window:call-ticket',
      windowId: 'w1',
      ticketId: waiting().at(-1)!,
      reason: '熟人',
      clerkId: 'c1',
    });
    run(h, { type: 'window:start', windowId: 'w1' });
    h.clock.advance(4 * MIN);
    run(h, { type: 'window:finish', windowId: 'w1' });
  }
}
const open = (h: TestHub, rule: string) =>
  h.hub.supervision.check().alerts.filter((a) => a.rule === rule && a.clearedAt === null);

describe('behaviour rules on the live hall', () => {
  it('reads each log entry once: a look after a command reads only what it wrote', async () => {
    hub = await startTestHub({ hall: hallWith(2), start: HALL_MORNING });
    morning(hub, 20, 3);
    expect(open(hub, 'out-of-order-calls')).toHaveLength(1);
    const before = hub.hub.behaviour.stats();
    expect(before.facts).toBe(1 + 20 + 3 * 2);
    issue(hub); // one more entry in the log, one fact
    hub.hub.supervision.check();
    hub.hub.supervision.check(); // and a look with nothing new reads nothing
    expect(hub.hub.behaviour.stats()).toEqual({
      entriesRead: before.entriesRead + 1,
      facts: before.facts + 1,
    });
  });

  it('after a restart the day so far is read once from the log, and its alerts stay the same alerts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hallq-behaviour-'));
    hub = await startTestHub({ hall: hallWith(2), start: HALL_MORNING, dir });
    morning(hub, 5, 3);
    const [raised] = open(hub, 'out-of-order-calls');
    const at = hub.clock.now();
    await hub.close();
    hub = await startTestHub({ hall: hallWith(2), start: at, dir });
    expect(open(hub, 'out-of-order-calls')).toEqual([
      expect.objectContaining({ id: raised!.id, entryIds: raised!.entryIds }),
    ]);
  });

  it('judges the day again when the thresholds change, and starts afresh on the next business day', async () => {
    hub = await startTestHub({ hall: hallWith(2), start: HALL_MORNING });
    morning(hub, 5, 3);
    expect(open(hub, 'out-of-order-calls')).toHaveLength(1);
    const outcome = hub.hub.hall.configure(hallWith(3), { kind: 'user', id: 'admin', deviceId: null });
    expect(outcome.ok).toBe(true);
    expect(open(hub, 'out-of-order-calls')).toEqual([]);
    hub.hub.hall.configure(hallWith(1), { kind: 'user', id: 'admin', deviceId: null });
    expect(open(hub, 'out-of-order-calls')).toHaveLength(1);
    hub.clock.advance(24 * 60 * MIN);
    await hub.hub.tick();
    expect(open(hub, 'out-of-order-calls')).toEqual([]);
    expect(hub.hub.behaviour.stats().facts).toBe(0);
  });

  it('takes a backlog in slices within a time budget per look, so a look never stalls the queue for long', async () => {
    hub = await startTestHub({ hall: hallWith(2), start: HALL_MORNING });
    const h = hub.hub;
    for (let i = 0; i < 700; i += 1) {
      h.hall.execute(
        { type: 'ticket:issue', serviceId: 'svc-1', visitorClass: 'normal', visitorKey: null, kioskId: 'k1' },
        KIOSK,
      );
    }
    h.hall.flush();
    let ms = 0;
    const watch = createBehaviourWatch({
      db: hub.db,
      hall: () => h.hall.hall(),
      businessDay: () => h.hall.state().businessDay,
      durableLogId: h.hall.durableLogId,
      accounts: h.accounts,
      // Each reading of the clock finds 30 ms gone: one slice, and the 10 ms budget is spent.
      elapsedMs: () => {
        ms += 30;
        return ms;
      },
    });
    // 700 issues and the services' figures: one slice of 100 entries per look, until every entry is read.
    const backlog = h.hall.durableLogId();
    expect(backlog).toBeGreaterThanOrEqual(700);
    for (let look = 1; look * 100 < backlog; look += 1) {
      watch.conditions(hub.clock.now());
      expect(watch.stats().entriesRead).toBe(look * 100);
      expect(watch.caughtUp()).toBe(false);
    }
    watch.conditions(hub.clock.now());
    expect(watch.caughtUp()).toBe(true);
  });
});
