import { describe, expect, it } from 'vitest';
import * as core from './index.ts';

describe('the public surface of @hallq/core', () => {
  it('exports the runtime values the hub depends on (removing one is an API change)', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'ACTIVE_STATUSES',
        'DEFAULT_APPOINTMENT_POLICY',
        'DEFAULT_CHECK_IN_AFTER_MINUTES',
        'DEFAULT_CHECK_IN_BEFORE_MINUTES',
        'DEFAULT_NO_SHOW_BLOCK',
        'addWorkingDays',
        'appointmentQueueTime',
        'appointmentToOffer',
        'appointmentRules',
        'blockOf',
        'bookedAppointment',
        'bookingHorizon',
        'calendarCovers',
        'checkInWindow',
        'compareWithAppointments',
        'decideBooking',
        'decideCancel',
        'decideCheckIn',
        'epochOfLocal',
        'isMakeUpWorkingDay',
        'isMissed',
        'isWorkingDay',
        'nextTicketWithAppointments',
        'noShowHistoryOf',
        'slotCapacity',
        'slotGrid',
        'slotsFor',
        'LONGEST_WAIT_RANGE_MINUTES',
        'RECENT_SERVICE_SAMPLES',
        'ageOn',
        'applyDayChange',
        'businessDayOf',
        'compareForWindow',
        'estimateWaitMs',
        'formatTicketNumber',
        'idleWindowState',
        'initialQueueState',
        'localDateTime',
        'maxSequence',
        'minuteOfDay',
        'nextTicketFor',
        'peopleAheadInService',
        'serviceQueueFigures',
        'ticketIdOf',
        'transition',
        'typicalServiceMs',
        'violation',
        'visitorClassFor',
        'waitRangeOf',
        'windowCanServe',
        'windowsServing',
        // Hall intelligence: Erlang C, the day simulator, the staffing search.
        'arrivalForecastFrom',
        'averageSpeedOfAnswer',
        'medianWaitError',
        'predictedHalfHours',
        'sameWeekdayBefore',
        'erlangB',
        'fewestServersFor',
        'fewestWindowsPerHalfHour',
        'percentileOf',
        'probabilityOfWaiting',
        'scheduleFromCounts',
        'seededRandom',
        'sequenceOfTicketNumber',
        'serviceLevel',
        'simulateDay',
        'trafficErlangs',
        'workingSpans',
        'nextBreakOf',
        // The simulated wait estimate (issue 17).
        'CLERK_MIN_SAMPLES',
        'DEFAULT_RUNS',
        'NO_ARRIVALS',
        'newTicketSpread',
        'outlookAfterIssue',
        'ticketSpread',
        'waitOutlookOf',
        'estimateIssued',
        'OUTLOOK_MAX_AGE_MS',
        'OUTLOOK_REUSE_MS',
        'serviceSpreads',
        'OUTLOOK_REFRESH_MS',
        'outlookDue',
        'withFreshOutlook',
        // The staffing planner (排班建议).
        'PLANNER_SEEDS',
        'plannedCounts',
        'predictDay',
        'suggestCounts',
      ].sort(),
    );
  });

  it('names the active ticket statuses', () => {
    expect(core.ACTIVE_STATUSES).toEqual(['waiting', 'called', 'serving']);
  });

  it('builds a rule violation', () => {
    expect(core.violation('WINDOW_BUSY', 'busy')).toEqual({ code: 'WINDOW_BUSY', message: 'busy' });
  });
});
