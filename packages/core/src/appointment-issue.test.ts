/**
 * Issuing an appointment ticket through the queue's own transition: `slotStartsAt` puts it in line at its
 * slot's start (or at the issue, if later), so the existing waiting index and call-next give the appointment
 * order with no comparator of their own.
 */
import { describe, expect, it } from 'vitest';
import type { QueueCommand } from './commands.ts';
import type { QueueState } from './state.ts';
import { cmd, hallFixture, local, MINUTE } from './testing/hall-fixture.ts';
import { initialQueueState, transition } from './transition.ts';

const hall = hallFixture();
const at = (hhmm: string) => local(`2026-10-09T${hhmm}`);

function run(state: QueueState, command: QueueCommand, now: number): QueueState {
  const result = transition(state, command, { hall, now });
  if (!result.ok) throw new Error(result.violation.message);
  return result.state;
}
const appointment = (slot: string): QueueCommand => ({
  type: 'ticket:issue',
  serviceId: 'tax',
  visitorClass: 'normal',
  visitorKey: null,
  kioskId: 'k1',
  slotStartsAt: at(slot),
});

describe('an appointment ticket in the queue', () => {
  it('stands at its slot: walk-ins before the slot stay ahead, later ones fall behind; a late one at its issue', () => {
    let s = initialQueueState(hall, at('09:40'));
    s = run(s, cmd.issue('tax'), at('09:40')); // B001 walk-in
    s = run(s, appointment('10:00'), at('09:45')); // B002 appointment, early: in line at 10:00
    s = run(s, cmd.issue('tax'), at('09:50')); // B003 walk-in before the slot: ahead of B002
    s = run(s, cmd.issue('tax'), at('10:05')); // B004 walk-in after the slot started: behind B002
    s = run(s, appointment('10:00'), at('10:10')); // B005 appointment checked in late: in line at 10:10
    const queued = (n: string) => [...s.tickets.values()].find((t) => t.number === n)!.queuedAt;
    expect(queued('B002')).toBe(at('10:00'));
    expect(queued('B005')).toBe(at('10:10'));
    const order: string[] = [];
    let now = at('10:20');
    for (let i = 0; i < 5; i++) {
      s = run(s, cmd.callNext('w2'), now);
      const current = s.windows.w2!.currentTicketId!;
      order.push(s.tickets.get(current)!.number);
      now += MINUTE;
      s = run(s, cmd.finish('w2'), now);
    }
    expect(order).toEqual(['B001', 'B003', 'B002', 'B004', 'B005']);
  });
});
