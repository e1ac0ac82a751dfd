export type { Appointment, AppointmentStatus, SlotRef } from './appointment.ts';
export { bookedAppointment } from './appointment.ts';
export type { BlockState, NoShowHistory } from './appointment-blocks.ts';
export { blockOf, isMissed, noShowHistoryOf } from './appointment-blocks.ts';
export type {
  BookingContext,
  BookingDecision,
  BookingRefusal,
  BookingRefusalCode,
  BookingRequest,
  CancelDecision,
  PersonLimitKind,
} from './appointment-booking.ts';
export { decideBooking, decideCancel } from './appointment-booking.ts';
export type { CheckInDecision } from './appointment-check-in.ts';
export { appointmentToOffer, checkInWindow, decideCheckIn } from './appointment-check-in.ts';
export type { SlotStartOf } from './appointment-order.ts';
export {
  appointmentQueueTime,
  compareWithAppointments,
  nextTicketWithAppointments,
} from './appointment-order.ts';
export type {
  AppointmentPolicy,
  AppointmentRules,
  CalendarOverrides,
  LatePolicy,
  NoShowBlockRule,
  PersonLimits,
  SlotCapacity,
} from './appointment-rules.ts';
export {
  appointmentRules,
  DEFAULT_APPOINTMENT_POLICY,
  DEFAULT_CHECK_IN_AFTER_MINUTES,
  DEFAULT_CHECK_IN_BEFORE_MINUTES,
  DEFAULT_NO_SHOW_BLOCK,
} from './appointment-rules.ts';
export type { Slot, SlotClosedReason } from './appointment-slots.ts';
export { bookingHorizon, slotCapacity, slotGrid, slotsFor } from './appointment-slots.ts';
export type { LocalDateTime } from './business-day.ts';
export { ageOn, businessDayOf, localDateTime, minuteOfDay } from './business-day.ts';
export { epochOfLocal } from './calendar-day.ts';
export { compareForWindow, nextTicketFor, windowCanServe } from './call-order.ts';
export type { QueueCommand, QueueCommandType, TransferTarget } from './commands.ts';
export type { OfferedLoad, ServiceLevelTarget } from './erlang-c.ts';
export {
  averageSpeedOfAnswer,
  erlangB,
  fewestServersFor,
  probabilityOfWaiting,
  serviceLevel,
  trafficErlangs,
} from './erlang-c.ts';
export type { ComingArrivals, LateAppointment } from './estimator/coming-arrivals.ts';
export { NO_ARRIVALS } from './estimator/coming-arrivals.ts';
export {
  estimateIssued,
  OUTLOOK_MAX_AGE_MS,
  OUTLOOK_REFRESH_MS,
  OUTLOOK_REUSE_MS,
  outlookDue,
  serviceSpreads,
  withFreshOutlook,
} from './estimator/issue-estimate.ts';
export type { ServiceTimeModel } from './estimator/service-time-model.ts';
export { CLERK_MIN_SAMPLES } from './estimator/service-time-model.ts';
export type { EstimatorInputs, WaitOutlook } from './estimator/wait-outlook.ts';
export {
  DEFAULT_RUNS,
  newTicketSpread,
  outlookAfterIssue,
  ticketSpread,
  waitOutlookOf,
} from './estimator/wait-outlook.ts';
export type { WaitSpread } from './estimator/wait-spread.ts';
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
export type { PlannedHalfHour, PlannerDay } from './planner/day-plan.ts';
export { PLANNER_SEEDS, plannedCounts, predictDay, suggestCounts } from './planner/day-plan.ts';
export type { RuleViolation, RuleViolationCode } from './rule-violation.ts';
export { violation } from './rule-violation.ts';
export type { PastArrival, PastDay } from './simulation/arrival-history.ts';
export { arrivalForecastFrom, sameWeekdayBefore } from './simulation/arrival-history.ts';
export type {
  ArrivalForecast,
  DaySimulationInput,
  HalfHourFigures,
  SimulatedDay,
  SimulatedOutcome,
  SimulatedTicket,
} from './simulation/day-simulator.ts';
export { percentileOf, simulateDay } from './simulation/day-simulator.ts';
export type { HalfHourMedian } from './simulation/prediction.ts';
export { medianWaitError, predictedHalfHours } from './simulation/prediction.ts';
export type { SeededRandom } from './simulation/seeded-random.ts';
export { seededRandom } from './simulation/seeded-random.ts';
export type { StaffingForecast, StaffingPlan, StaffingTarget } from './simulation/staffing-plan.ts';
export { fewestWindowsPerHalfHour } from './simulation/staffing-plan.ts';
export type { BreakOfDay, MinuteSpan, WindowSchedule, WindowShift } from './simulation/window-schedule.ts';
export { nextBreakOf, scheduleFromCounts, workingSpans } from './simulation/window-schedule.ts';
export type { PauseReason, QueueState, WindowState } from './state.ts';
export type { Ticket, TicketStatus, VisitorClass } from './ticket.ts';
export { ACTIVE_STATUSES } from './ticket.ts';
export { formatTicketNumber, maxSequence, sequenceOfTicketNumber, ticketIdOf } from './ticket-number.ts';
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
export type { WaitRange, WaitSpreadMs } from './wait-range.ts';
export { LONGEST_WAIT_RANGE_MINUTES, waitRangeOf } from './wait-range.ts';
export { addWorkingDays, calendarCovers, isMakeUpWorkingDay, isWorkingDay } from './working-days.ts';
