import { describe, expect, it } from 'vitest';
import type { QueueCommand } from './commands.ts';
import type { Hall } from './hall.ts';
import type { QueueState } from './state.ts';
import {
  cmd,
  hallFixture,
  hallWindow,
  local,
  MINUTE,
  SECOND,
  service,
  ticketOf,
} from './testing/hall-fixture.ts';
import type { Ticket } from './ticket.ts';
import { TicketStore } from './ticket-store.ts';
import { initialQueueState, transition } from './transition.ts';
import { FORECAST_HORIZON, serviceQueueFigures } from './wait-estimate.ts';

const t0 = local('2026-11-28T09:00');

/** Three lines shared unevenly by four windows; six-digit numbers, so a long day never runs out of them. */
const hall: Hall = hallFixture({
  services: [
    service({ id: 'social', prefix: 'A', numberWidth: 6, defaultServiceMinutes: 7, perIdLimit: 99 }),
    service({ id: 'tax', prefix: 'B', numberWidth: 6, defaultServiceMinutes: 12, perIdLimit: 99 }),
    service({ id: 'permit', prefix: 'C', numberWidth: 6, defaultServiceMinutes: 4, perIdLimit: 99 }),
  ],
  windows: [
    hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] }),
    hallWindow({ id: 'w2', number: 2, serviceIds: ['tax'] }),
    hallWindow({ id: 'w3', number: 3, serviceIds: ['permit', 'social'] }),
    hallWindow({ id: 'w4', number: 4, serviceIds: ['permit'] }),
  ],
});
const SERVICES = ['social', 'tax', 'permit'] as const;

/**
 * A hall with `waiting` tickets in line, each wrapped so that any read of it is recorded: what a command reads of
 * the queue is what it costs in proportion to the queue (every walk, replay or copy reads the tickets).
 */
function countedHall(waiting: number) {
  const read = new Set<string>();
  const watch = (t: Ticket): Ticket =>
    new Proxy(t, {
      get(target, key, receiver) {
        read.add(target.id);
        return Reflect.get(target, key, receiver);
      },
    });
  const tickets: Ticket[] = [];
  for (let i = 0; i < waiting; i += 1) {
    const at = t0 + i * SECOND;
    tickets.push(
      watch(
        ticketOf({
          number: `X${String(i).padStart(6, '0')}`,
          serviceId: SERVICES[i % 3]!,
          issuedAt: at,
          visitorClass: i % 50 === 0 ? 'priority' : 'normal',
        }),
      ),
    );
  }
  const now = t0 + waiting * SECOND;
  const state: QueueState = { ...initialQueueState(hall, t0), tickets: TicketStore.from(tickets) };
  read.clear();
  return { state, now, read };
}

/** A working hour's commands: calls, starts, finishes, issues in between, a pause, a transfer, a no-show. */
const SCRIPT: readonly QueueCommand[] = [
  cmd.callNext('w1'),
  cmd.issue('tax', { visitorKey: null }),
  cmd.callNext('w2'),
  cmd.start('w1'),
  cmd.issue('social', { visitorKey: null }),
  cmd.finish('w1'),
  cmd.issue('permit', { visitorKey: null }),
  cmd.pause('w4'),
  cmd.issue('tax', { visitorKey: null }),
  cmd.transferFromWindow('w2', { kind: 'service', serviceId: 'permit' }, false),
  cmd.issue('tax', { visitorKey: null }),
  cmd.callNext('w3'),
  cmd.recall('w3'),
  cmd.issue('social', { visitorKey: null }),
  cmd.resume('w4'),
  cmd.callNext('w2'),
  cmd.issue('permit', { visitorKey: null }),
];

/** Tickets of the queue read by each command, with the figures the hub publishes after it. */
function readsPerCommand(waiting: number): number[] {
  const { state: start, now, read } = countedHall(waiting);
  let state = start;
  return SCRIPT.map((command, i) => {
    read.clear();
    const result = transition(state, command, {
      hall,
      now: now + i * 10 * SECOND + (i > 8 ? 2 * MINUTE : 0),
    });
    if (!result.ok) throw new Error(`${command.type}: ${result.violation.message}`);
    state = result.state;
    serviceQueueFigures(hall, state);
    return read.size;
  });
}

describe('the work of a command', () => {
  it('does not grow with the queue: 20,000 waiting read as few tickets per command as 2,000', () => {
    const short = readsPerCommand(2_000);
    const long = readsPerCommand(20_000);
    for (let i = 0; i < SCRIPT.length; i += 1) {
      // The forecast plays at most FORECAST_HORIZON tickets and heads of lines; a change walks a path of the
      // persistent tree (log n: about 3 more nodes per tree at ten times the tickets).
      expect(long[i], SCRIPT[i]!.type).toBeLessThanOrEqual(FORECAST_HORIZON + 120);
      expect(long[i]! - short[i]!, SCRIPT[i]!.type).toBeLessThanOrEqual(40);
    }
  });

  it('an issue carried past the one before reads only a path of the trees, also after a call', () => {
    const { state: start, now, read } = countedHall(20_000);
    let state = start;
    const run = (command: QueueCommand, at: number): number => {
      read.clear();
      const result = transition(state, command, { hall, now: at });
      if (!result.ok) throw new Error(result.violation.message);
      state = result.state;
      serviceQueueFigures(hall, state);
      return read.size;
    };
    run(cmd.issue('tax', { visitorKey: null }), now);
    run(cmd.callNext('w1'), now + SECOND);
    // The figures after the call played the forecast once (bounded); the issue that follows reads the forecast
    // the figures left, and carries it: a few tickets (tree paths, line heads), not the horizon's worth.
    run(cmd.issue('social', { visitorKey: null }), now + 2 * SECOND);
    expect(run(cmd.issue('permit', { visitorKey: null }), now + 3 * SECOND)).toBeLessThanOrEqual(80);
  });
});
