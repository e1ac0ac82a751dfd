import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueueCommand } from './commands.ts';
import type { Hall } from './hall.ts';
import type { QueueState } from './state.ts';
import { cmd, hallFixture, hallWindow, local, MINUTE, SECOND, service } from './testing/hall-fixture.ts';
import { initialQueueState, transition } from './transition.ts';
import { estimateWaitMs, FORECAST_MAX_AGE_MS, forecastOf, serviceQueueFigures } from './wait-estimate.ts';

const t0 = local('2026-11-28T10:00');

/** Lines that share windows unevenly, and no daily limits, so that most commands are accepted. */
const hall: Hall = hallFixture({
  services: [
    service({ id: 'social', prefix: 'A', defaultServiceMinutes: 7 }),
    service({ id: 'tax', prefix: 'B', defaultServiceMinutes: 12 }),
    service({ id: 'permit', prefix: 'C', defaultServiceMinutes: 4 }),
  ],
  windows: [
    hallWindow({ id: 'w1', number: 1, serviceIds: ['social', 'tax'] }),
    hallWindow({ id: 'w2', number: 2, serviceIds: ['tax'] }),
    hallWindow({ id: 'w3', number: 3, serviceIds: ['permit', 'social'] }),
  ],
});

/** The state without the forecast it carries: an estimate on it plays the whole queue anew. */
function fresh(state: QueueState): QueueState {
  const { forecast: _carried, ...rest } = state;
  return rest;
}

const stepArb: fc.Arbitrary<QueueCommand> = fc.oneof(
  { arbitrary: fc.constantFrom('social', 'tax', 'permit').map((s) => cmd.issue(s)), weight: 6 },
  {
    arbitrary: fc.constantFrom('social', 'tax').map((s) => cmd.issue(s, { visitorClass: 'priority' })),
    weight: 1,
  },
  { arbitrary: fc.constantFrom('w1', 'w2', 'w3').map((w) => cmd.callNext(w)), weight: 2 },
  { arbitrary: fc.constantFrom('w1', 'w2', 'w3').map((w) => cmd.start(w)), weight: 1 },
  { arbitrary: fc.constantFrom('w1', 'w2', 'w3').map((w) => cmd.finish(w)), weight: 1 },
);

describe('the forecast carried from issue to issue', () => {
  it('gives each ticket, and the figures, what a replay of the whole queue gives', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 150 }), (steps) => {
        let state = initialQueueState(hall, t0);
        for (const command of steps) {
          const result = transition(state, command, { hall, now: t0 });
          if (!result.ok) continue;
          for (const event of result.events) {
            if (event.type !== 'ticket:issued') continue;
            const issuedFor = hall.services.find((s) => s.id === event.ticket.serviceId)!;
            expect(event.estimatedWaitMs).toBe(
              estimateWaitMs(hall, fresh(state), issuedFor, event.peopleAhead),
            );
          }
          state = result.state;
          expect(serviceQueueFigures(hall, state)).toEqual(serviceQueueFigures(hall, fresh(state)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is carried through a run of issues (500 in 50 s), so none of them replays the queue', () => {
    let state = initialQueueState(hall, t0);
    for (let i = 0; i < 500; i += 1) {
      const result = transition(state, cmd.issue(['social', 'tax', 'permit'][i % 3]!), {
        hall,
        now: t0 + i * SECOND,
      });
      if (!result.ok) throw new Error(result.violation.message);
      state = result.state;
      // The state after an issue carries a forecast about itself, which is what the next estimate reads.
      expect(state.forecast).toBeDefined();
      expect(forecastOf(hall, state, t0 + (i + 1) * 100)).toBe(state.forecast);
    }
  });

  it('is played anew once it is older than FORECAST_MAX_AGE_MS, and after any other change', () => {
    let state = initialQueueState(hall, t0);
    const issue = (at: number) => {
      const result = transition(state, cmd.issue('tax'), { hall, now: at });
      if (!result.ok) throw new Error(result.violation.message);
      state = result.state;
    };
    issue(t0);
    issue(t0 + SECOND);
    const carried = state.forecast;
    expect(forecastOf(hall, state, t0 + FORECAST_MAX_AGE_MS)).toBe(carried);
    expect(forecastOf(hall, state, t0 + FORECAST_MAX_AGE_MS + MINUTE)).not.toBe(carried);
    const called = transition(state, cmd.callNext('w2'), { hall, now: t0 + 2 * SECOND });
    if (!called.ok) throw new Error(called.violation.message);
    expect(forecastOf(hall, called.state)).not.toBe(carried);
    expect(forecastOf(hall, called.state).tickets).toBe(called.state.tickets);
  });

  it('is not carried past a priority ticket, which does not stand behind everyone', () => {
    let state = initialQueueState(hall, t0);
    for (const command of [cmd.issue('tax'), cmd.issue('tax', { visitorClass: 'priority' })]) {
      const result = transition(state, command, { hall, now: t0 });
      if (!result.ok) throw new Error(result.violation.message);
      state = result.state;
    }
    expect(state.forecast).toBeUndefined();
  });
});
