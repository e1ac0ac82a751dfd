import { type BoardHall, DEFAULT_WAIT_SLA_MINUTES } from '@hallq/protocol';

/** A hall the centre has not heard from for this long shows "not reporting since HH:MM". */
export const SILENT_AFTER_MS = 10 * 60_000;

/** What the board shows for one hall, worked out from the API's figures and the time now. */
export interface BoardTile {
  readonly hall: BoardHall;
  /** How long the longest-waiting visitor has waited (0: nobody waiting). */
  readonly longestWaitMs: number;
  /** The wait limit the hall is held to: that of its service furthest along its SLA, else its tightest one. */
  readonly slaWaitMinutes: number;
  /** The hall never reported that limit: the city's default stands in (and the board says so). */
  readonly slaIsDefault: boolean;
  /** The service furthest along its limit, and how long its longest-waiting visitor has waited. */
  readonly worst: { readonly name: { zh: string; en: string } | null; readonly waitMs: number } | null;
  /** That service's longest wait is past its limit. */
  readonly overSla: boolean;
  /** When the centre last heard from the hall, if that is long enough ago to say so (null: reporting). */
  readonly silentSince: number | null;
  /** Registered at the centre, but its hub has never pushed anything. */
  readonly neverReported: boolean;
}

export function boardTile(hall: BoardHall, now: number): BoardTile {
  const longestWaitMs = hall.longestWaitingSince === null ? 0 : Math.max(0, now - hall.longestWaitingSince);
  const heard = hall.lastReceivedAt;
  const worstWait = hall.worstWait;
  const worst =
    worstWait === null
      ? null
      : { name: worstWait.serviceName, waitMs: Math.max(0, now - worstWait.waitingSince) };
  const slaWaitMinutes = worstWait?.slaWaitMinutes ?? hall.hallSlaWaitMinutes ?? DEFAULT_WAIT_SLA_MINUTES;
  return {
    hall,
    longestWaitMs,
    slaWaitMinutes,
    slaIsDefault: worstWait ? worstWait.slaIsDefault : hall.hallSlaWaitMinutes === null,
    worst,
    overSla: worst !== null && worst.waitMs > slaWaitMinutes * 60_000,
    silentSince: heard === null || now - heard < SILENT_AFTER_MS ? null : heard,
    neverReported: heard === null,
  };
}

/** The city's totals over the halls shown: a line above the tiles. */
export function boardTotals(halls: readonly BoardHall[]) {
  return {
    halls: halls.length,
    waiting: halls.reduce((sum, h) => sum + h.waiting, 0),
    openWindows: halls.reduce((sum, h) => sum + h.openWindows, 0),
    alerts: halls.reduce((sum, h) => sum + h.openAlerts, 0),
    badRatings: halls.reduce((sum, h) => sum + h.badRatingsToday, 0),
  };
}
