export type { LocalDateTime } from './business-day.ts';
export { ageOn, businessDayOf, localDateTime, minuteOfDay } from './business-day.ts';
export { compareForWindow, nextTicketFor, windowCanServe } from './call-order.ts';
export type { QueueCommand, QueueCommandType, TransferTarget } from './commands.ts';
export type { QueueEvent, QueueEventType } from './events.ts';
export type {
  CallPolicy,
  DayChangePolicy,
  Hall,
  HallRules,
  HallWindow,
  LocalizedText,
  OpeningSpan,
  Service,
  ServiceGuide,
} from './hall.ts';
export type { RuleViolation, RuleViolationCode } from './rule-violation.ts';
export { violation } from './rule-violation.ts';
export type { PauseReason, QueueState, WindowState } from './state.ts';
export type { Ticket, TicketStatus, VisitorClass } from './ticket.ts';
export { ACTIVE_STATUSES } from './ticket.ts';
export { formatTicketNumber, maxSequence, ticketIdOf } from './ticket-number.ts';
export type { TransitionContext, TransitionResult } from './transition.ts';
export { applyDayChange, idleWindowState, initialQueueState, transition } from './transition.ts';
export { visitorClassFor } from './visitor-class.ts';
export type { ServiceQueueFigures } from './wait-estimate.ts';
export {
  estimateWaitMs,
  peopleAheadInService,
  RECENT_SERVICE_SAMPLES,
  serviceQueueFigures,
  typicalServiceMs,
  windowsServing,
} from './wait-estimate.ts';
export type { WaitRange } from './wait-range.ts';
export { LONGEST_WAIT_RANGE_MINUTES, waitRangeOf } from './wait-range.ts';
