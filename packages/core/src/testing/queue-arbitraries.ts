/**
 * Random halls and random command sequences for the forecast's property tests: services with different service
 * times, windows sharing them unevenly, both call policies, and every command that moves a ticket or a window.
 * Commands are drawn as indexes and resolved against the state, so that most of them are accepted.
 */
import fc from 'fast-check';
import type { QueueCommand } from '../commands.ts';
import type { Hall } from '../hall.ts';
import type { QueueState } from '../state.ts';
import { cmd, hallFixture, hallWindow, MINUTE, service } from './hall-fixture.ts';

export const forecastHallArb: fc.Arbitrary<Hall> = fc
  .record({
    minutes: fc.array(fc.integer({ min: 2, max: 20 }), { minLength: 1, maxLength: 4 }),
    windows: fc.array(fc.record({ mask: fc.integer({ min: 1, max: 15 }), enabled: fc.boolean() }), {
      minLength: 1,
      maxLength: 5,
    }),
    callPolicy: fc.constantFrom('earliest-first', 'earliest-first', 'service-order'),
  })
  .map(({ minutes, windows, callPolicy }) => {
    const services = minutes.map((m, i) =>
      service({ id: `s${i}`, prefix: String.fromCharCode(65 + i), defaultServiceMinutes: m, perIdLimit: 99 }),
    );
    return hallFixture({
      services,
      windows: windows.map((w, i) => {
        const serviceIds = services.filter((_, k) => (w.mask >> k) & 1).map((s) => s.id);
        return hallWindow({
          id: `w${i + 1}`,
          number: i + 1,
          serviceIds: serviceIds.length > 0 ? serviceIds : ['s0'],
          // The first window is always enabled, so that the hall calls someone.
          enabled: i === 0 || w.enabled,
        });
      }),
      rules: { callPolicy },
    });
  });

export interface DrawnStep {
  readonly kind:
    | 'issue'
    | 'priority'
    | 'call-next'
    | 'start'
    | 'finish'
    | 'no-show'
    | 'transfer-window'
    | 'transfer-ticket'
    | 'cancel'
    | 'pause'
    | 'resume';
  readonly a: number;
  readonly b: number;
  readonly keepPlace: boolean;
  readonly toWindow: boolean;
  /** Milliseconds since the step before. */
  readonly dt: number;
}

export const drawnStepArb = (dt: fc.Arbitrary<number>): fc.Arbitrary<DrawnStep> =>
  fc.record({
    kind: fc.oneof(
      { arbitrary: fc.constant('issue' as const), weight: 8 },
      { arbitrary: fc.constant('priority' as const), weight: 1 },
      { arbitrary: fc.constant('call-next' as const), weight: 5 },
      { arbitrary: fc.constant('start' as const), weight: 2 },
      { arbitrary: fc.constant('finish' as const), weight: 3 },
      { arbitrary: fc.constant('no-show' as const), weight: 1 },
      { arbitrary: fc.constant('transfer-window' as const), weight: 1 },
      { arbitrary: fc.constant('transfer-ticket' as const), weight: 1 },
      { arbitrary: fc.constant('cancel' as const), weight: 1 },
      { arbitrary: fc.constant('pause' as const), weight: 1 },
      { arbitrary: fc.constant('resume' as const), weight: 1 },
    ),
    a: fc.nat({ max: 50 }),
    b: fc.nat({ max: 50 }),
    keepPlace: fc.boolean(),
    toWindow: fc.boolean(),
    dt,
  });

/** A step's time since the one before: mostly the same instant or seconds, sometimes minutes. */
export const stepDelayArb: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 30_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 20 * MINUTE }), weight: 1 },
);

/** The command a drawn step stands for in this state. */
export function commandOf(step: DrawnStep, hall: Hall, state: QueueState): QueueCommand {
  const serviceId = hall.services[step.a % hall.services.length]!.id;
  const window = hall.windows[step.a % hall.windows.length]!;
  const holding = Object.values(state.windows).filter((ws) => ws.currentTicketId !== null);
  const holder = holding[step.a % Math.max(1, holding.length)]?.windowId ?? window.id;
  const waiting = [...state.tickets.values()].filter((t) => t.status === 'waiting');
  const ticketId = waiting[step.b % Math.max(1, waiting.length)]?.id ?? 'none';
  const to = step.toWindow
    ? { kind: 'window' as const, windowId: hall.windows[step.b % hall.windows.length]!.id }
    : { kind: 'service' as const, serviceId: hall.services[step.b % hall.services.length]!.id };
  switch (step.kind) {
    case 'issue':
      return cmd.issue(serviceId, { visitorKey: null });
    case 'priority':
      return cmd.issue(serviceId, { visitorKey: null, visitorClass: 'priority' });
    case 'call-next':
      return cmd.callNext(window.id);
    case 'start':
      return cmd.start(holder);
    case 'finish':
      return cmd.finish(holder);
    case 'no-show':
      return cmd.noShow(holder);
    case 'transfer-window':
      return cmd.transferFromWindow(holder, to, step.keepPlace);
    case 'transfer-ticket':
      return cmd.transferTicket(ticketId, to, step.keepPlace);
    case 'cancel':
      return cmd.cancel(ticketId);
    case 'pause':
      return cmd.pause(window.id);
    case 'resume':
      return cmd.resume(window.id);
  }
}
