import { localDateTime, nextBreakOf } from '@hallq/core';
import type { HallConfig } from '@hallq/protocol';
import { Bi } from './Bi.tsx';

/**
 * The clerk's next planned break from the hall's window schedule (排班), in the hall's time zone: the one under
 * way, or the next one today. Nothing when the schedule plans none (or the hall has no schedule).
 */
export function NextBreak({ hall, windowId, now }: { hall: HallConfig; windowId: string; now: number }) {
  const minute = localDateTime(now, hall.rules.timeZone).minuteOfDay;
  const pause = nextBreakOf(hall.schedule, windowId, minute);
  if (!pause) return null;
  const span = `${pause.from}–${pause.to}`;
  return (
    <div className="next-break" data-testid="next-break">
      <Bi
        className="inline"
        text={
          pause.now
            ? { zh: `计划休息中 ${span}`, en: `Planned break now ${span}` }
            : { zh: `下次休息 ${span}`, en: `Next break ${span}` }
        }
      />
    </div>
  );
}
