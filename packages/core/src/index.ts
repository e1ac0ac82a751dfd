export type { LocalizedText, OpeningSpan, ServiceGuide, Service, HallWindow, CallPolicy, DayChangePolicy, HallRules, Hall } from './hall.ts';
export type { VisitorClass, TicketStatus, Ticket } from './ticket.ts';
export { ACTIVE_STATUSES } from './ticket.ts';
export type { PauseReason, WindowState, QueueState } from './state.ts';
export type { TransferTarget, QueueCommand, QueueCommandType } from './commands.ts';
export type { QueueEvent, QueueEventType } from './events.ts';
export type { RuleViolation, RuleViolationCode } from './rule-violation.ts';
export { violation } from './rule-violation.ts';
export { ageOn, businessDayOf, localDateTime, minuteOfDay } from './business-day.ts';
export type { LocalDateTime } from './business-day.ts';
export { formatTicketNumber, maxSequence, ticketIdOf } from './ticket-number.ts';
export { compareForWindow, nextTicketFor, windowCanServe } from './call-order.ts';
export {
  estimateWaitMs,
  peopleAheadInService,
  RECENT_SERVICE_SAMPLES,
  serviceQueueFigures,
  typicalServiceMs,
  windowsServing,
} from './wait-estimate.ts';
export type { ServiceQueueFigures } from './wait-estimate.ts';
export { applyDayChange, idleWindowState, initialQueueState, transition } from './transition.ts';
export type { TransitionContext, TransitionResult } from './transition.ts';
