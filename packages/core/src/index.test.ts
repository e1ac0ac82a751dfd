import { describe, expect, it } from 'vitest';
import * as core from './index.ts';

describe('the public surface of @hallq/core', () => {
  it('exports the runtime values the hub depends on (removing one is an API change)', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'ACTIVE_STATUSES',
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
