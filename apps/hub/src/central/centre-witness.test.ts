/**
 * The hub's side of the centre as a witness, against a scripted centre: what an acknowledgement showing a loss
 * makes the hub do. The same against a real centre and PostgreSQL: apps/central/src/sync/centre-witness.test.ts.
 */
import type { CentralAck } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { testHall } from '../testing/test-hall.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import type { CentralPostOutcome, PostToCentral } from './central-sync.ts';
import { markOfCentre } from './centre-witness.ts';

const SYSTEM = { kind: 'system', id: null, deviceId: null } as const;
const issue = (hub: TestHub, serviceId = 'svc-1'): string => {
  const outcome = hub.hub.hall.execute(
    { type: 'ticket:issue', serviceId, visitorClass: 'normal', visitorKey: null, kioskId: null },
    SYSTEM,
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
  const issued = outcome.value.events.find((e) => e.type === 'ticket:issued');
  return issued?.type === 'ticket:issued' ? issued.ticket.number : '';
};
const answer = (ack: CentralAck): CentralPostOutcome => ({ status: 200, body: JSON.stringify(ack) });

/** A chain the hub never had: the centre's hash at its end. */
const OTHER_HASH = 'f'.repeat(64);

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

describe('the centre as a witness, hub side', () => {
  it('reads the centre tail in the hub’s terms: the larger sequence per service, known services only', () => {
    const hall = testHall();
    const ack: CentralAck = { hallId: 'h1', storedThrough: 12, lastHash: OTHER_HASH };
    expect(
      markOfCentre(
        ack,
        {
          hallSeq: 30,
          businessDay: '2026-11-28',
          lastNumbers: [
            { serviceId: 'svc-1', number: 'A009' },
            { serviceId: 'svc-1', number: 'A007' },
            { serviceId: 'svc-2', number: 'B012' },
            { serviceId: 'gone', number: 'Z100' },
          ],
        },
        hall,
        '2026-11-29',
      ),
    ).toEqual({
      eventId: 12,
      hash: OTHER_HASH,
      hallSeq: 30,
      businessDay: '2026-11-28',
      lastSequence: { 'svc-1': 9, 'svc-2': 12 },
    });
    // A centre that saw neither a day change nor a ticket: the hub's own day, nothing to number past.
    expect(
      markOfCentre(ack, { hallSeq: 0, businessDay: null, lastNumbers: [] }, hall, '2026-11-29'),
    ).toMatchObject({ businessDay: '2026-11-29', lastSequence: {} });
  });

  it('asks with a hello when an acknowledgement shows a loss, and numbers past the tail the hello brings', async () => {
    const bodies: { entries: unknown[] }[] = [];
    let hellos = 0;
    const post: PostToCentral = async (_url, body) => {
      const batch = JSON.parse(body) as { entries: unknown[] };
      bodies.push(batch);
      if (batch.entries.length > 0) {
        // A batch acknowledged at an end the hub does not hold: no tail comes with it.
        return answer({ hallId: 'h1', storedThrough: 40, lastHash: OTHER_HASH });
      }
      hellos += 1;
      if (hellos === 1) return answer({ hallId: 'h1', storedThrough: 0, lastHash: '0'.repeat(64) });
      if (hellos === 2) {
        return answer({
          hallId: 'h1',
          storedThrough: 40,
          lastHash: OTHER_HASH,
          tail: {
            hallSeq: 35,
            businessDay: '2026-11-28',
            lastNumbers: [{ serviceId: 'svc-1', number: 'A031' }],
          },
        });
      }
      return { error: 'the test is over' };
    };
    const hub = await startTestHub({
      config: {
        central: {
          url: 'http://centre.invalid',
          hallId: 'h1',
          token: 't',
          post,
          retry: { baseMs: 10, capMs: 40, failingAfterMs: 1000 },
        },
      },
    });
    hubs.push(hub);
    issue(hub);
    await hub.hub.hall.settled();
    await new Promise<void>((resolve) => {
      const stop = hub.hub.central!.onAcknowledged(() => {
        if (!hub.hub.hall.lostCommits()) return;
        stop();
        resolve();
      });
    });
    expect(hellos).toBe(2);
    // Counted from where the database ended at start (a new file): the entries this run wrote since, under ids
    // the centre holds others under, do not shrink the loss.
    expect(hub.hub.hall.lostCommits()).toMatchObject({
      eventIds: { from: 1, to: 40 },
      hallSeqs: { from: 1, to: 35 },
      lastSequence: { 'svc-1': 31 },
    });
    expect(hub.hub.hall.log.recent(['storage:commits-lost'], 5)).toHaveLength(1);
    expect(issue(hub)).toBe('A032');
    expect(hub.hub.hall.log.hallSeq()).toBe(36);
  });
});
