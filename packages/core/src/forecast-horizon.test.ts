import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hall } from './hall.ts';
import type { QueueState } from './state.ts';
import { fullReplayEstimate } from './testing/full-replay.ts';
import { cmd, hallFixture, hallWindow, local, service } from './testing/hall-fixture.ts';
import { commandOf, drawnStepArb, forecastHallArb, stepDelayArb } from './testing/queue-arbitraries.ts';
import type { VisitorClass } from './ticket.ts';
import { initialQueueState, transition } from './transition.ts';
import {
  estimateWaitMs,
  FORECAST_HORIZON,
  peopleAheadInService,
  playBatch,
  serviceQueueFigures,
} from './wait-estimate.ts';

const t0 = local('2026-11-28T09:00');

/** The state without the forecast it carries: the estimate is played anew from the waiting index. */
function fresh(state: QueueState): QueueState {
  const { forecast: _carried, ...rest } = state;
  return rest;
}

const LANES: readonly VisitorClass[] = ['normal', 'priority'];

describe('the forecast read from the waiting index', () => {
  it('gives every service, both lanes, what a full replay of the queue gives, within the horizon', () => {
    fc.assert(
      fc.property(
        forecastHallArb,
        fc.array(drawnStepArb(stepDelayArb), { maxLength: 120 }),
        (hall, steps) => {
          let state = initialQueueState(hall, t0);
          let now = t0;
          for (const step of steps) {
            now += step.dt;
            const result = transition(state, commandOf(step, hall, state), { hall, now });
            if (!result.ok) continue;
            state = result.state;
            const waiting = [...state.tickets.values()].filter((t) => t.status === 'waiting').length;
            // The stand-in for a new ticket counts too: with it the queue must fit the horizon.
            if (waiting + 1 > FORECAST_HORIZON) continue;
            for (const s of hall.services) {
              for (const lane of LANES) {
                const ahead = peopleAheadInService(state, s.id, lane);
                expect(estimateWaitMs(hall, fresh(state), s, ahead)).toBe(
                  fullReplayEstimate(hall, state, s, ahead),
                );
              }
            }
            const figures = serviceQueueFigures(hall, fresh(state));
            expect(figures.map((f) => f.estimatedWaitMs)).toEqual(
              hall.services.map((s) =>
                fullReplayEstimate(hall, state, s, peopleAheadInService(state, s.id, 'normal')),
              ),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('carried from command to command, gives what one played anew gives, also past the horizon', () => {
    fc.assert(
      fc.property(
        forecastHallArb.filter((h) => h.rules.callPolicy === 'earliest-first'),
        fc.integer({ min: FORECAST_HORIZON - 5, max: FORECAST_HORIZON + 20 }),
        fc.array(drawnStepArb(fc.constant(0)), { maxLength: 40 }),
        (hall, queued, steps) => {
          // A long queue first, issued in the same instant as everything after it (the carried forecast keeps
          // the instant it was played at; the hub replays it after FORECAST_MAX_AGE_MS).
          let state = initialQueueState(hall, t0);
          for (let i = 0; i < queued; i += 1) {
            const result = transition(state, cmd.issue(hall.services[i % hall.services.length]!.id), {
              hall,
              now: t0,
            });
            if (result.ok) state = result.state;
          }
          for (const step of steps) {
            const before = state;
            const result = transition(state, commandOf(step, hall, state), { hall, now: t0 });
            if (!result.ok) continue;
            state = result.state;
            for (const event of result.events) {
              if (event.type !== 'ticket:issued') continue;
              const s = hall.services.find((x) => x.id === event.ticket.serviceId)!;
              expect(event.estimatedWaitMs).toBe(estimateWaitMs(hall, fresh(before), s, event.peopleAhead));
            }
            expect(serviceQueueFigures(hall, state)).toEqual(serviceQueueFigures(hall, fresh(state)));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('past the horizon, under either policy, gives every service a finite estimate in both lanes', () => {
    fc.assert(
      fc.property(
        forecastHallArb,
        fc.integer({ min: FORECAST_HORIZON - 2, max: FORECAST_HORIZON + 40 }),
        fc.array(drawnStepArb(stepDelayArb), { maxLength: 30 }),
        (hall, queued, steps) => {
          let state = initialQueueState(hall, t0);
          let now = t0;
          for (let i = 0; i < queued; i += 1) {
            const visitorClass = i % 7 === 3 ? 'priority' : 'normal';
            const serviceId = hall.services[i % hall.services.length]!.id;
            const result = transition(state, cmd.issue(serviceId, { visitorKey: null, visitorClass }), {
              hall,
              now,
            });
            if (result.ok) state = result.state;
          }
          for (const step of steps) {
            now += step.dt;
            const result = transition(state, commandOf(step, hall, state), { hall, now });
            if (!result.ok) continue;
            state = result.state;
            for (const s of hall.services) {
              for (const lane of LANES) {
                const estimate = estimateWaitMs(hall, state, s, peopleAheadInService(state, s.id, lane));
                expect(Number.isFinite(estimate) && estimate >= 0).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('hands out a batch as one-by-one calls would, window free first, ties in hall order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 100 }).map((m) => m * 30_000),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 60_000, max: 1_500_000 }),
        (starts, count, cycle) => {
          const eligible = starts.map((_, i) => i);
          const bulk = [...starts];
          const lastBulk = playBatch(bulk, eligible, count, cycle);
          const single = [...starts];
          let lastSingle = Number.NaN;
          for (let n = 0; n < count; n += 1) {
            let k = 0;
            for (const i of eligible) if (single[i]! < single[k]!) k = i;
            lastSingle = single[k]!;
            single[k] = lastSingle + cycle;
          }
          expect(bulk).toEqual(single);
          expect(lastBulk).toBe(lastSingle);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('past the horizon, estimates a long single line as the replay would (one service, equal cycles)', () => {
    const hall: Hall = hallFixture({
      services: [service({ id: 'tax', prefix: 'B', defaultServiceMinutes: 9 })],
      windows: [1, 2, 3].map((n) => hallWindow({ id: `w${n}`, number: n, serviceIds: ['tax'] })),
    });
    let state = initialQueueState(hall, t0);
    for (let i = 0; i < 3 * FORECAST_HORIZON; i += 1) {
      const result = transition(state, cmd.issue('tax', { visitorKey: null }), { hall, now: t0 });
      if (!result.ok) throw new Error(result.violation.message);
      state = result.state;
    }
    const tax = hall.services[0]!;
    const ahead = peopleAheadInService(state, 'tax', 'normal');
    expect(estimateWaitMs(hall, fresh(state), tax, ahead)).toBe(fullReplayEstimate(hall, state, tax, ahead));
    expect(estimateWaitMs(hall, state, tax, ahead)).toBe(fullReplayEstimate(hall, state, tax, ahead));
  });
});
