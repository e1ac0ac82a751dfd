import type { BoardHall } from '@hallq/protocol';

/** A hall the centre has not heard from for this long shows "not reporting since HH:MM". */
export const SILENT_AFTER_MS = 10 * 60_000;

/**
 * The longest wait a hall should let happen: the halls' default SLA (30 minutes, the hub's waiting-too-long
 * alert). The board marks a hall past it.
 */
export const WAIT_SLA_MS = 30 * 60_000;

/** What the board shows for one hall, worked out from the API's figures and the time now. */
export interface BoardTile {
  readonly hall: BoardHall;
  /** How long the longest-waiting visitor has waited (0: nobody waiting). */
  readonly longestWaitMs: number;
  readonly overSla: boolean;
  /** When the centre last heard from the hall, if that is long enough ago to say so (null: reporting). */
  readonly silentSince: number | null;
  /** Registered at the centre, but its hub has never pushed anything. */
  readonly neverReported: boolean;
}

export function boardTile(hall: BoardHall, now: number): BoardTile {
  const longestWaitMs = hall.longestWaitingSince === null ? 0 : Math.max(0, now - hall.longestWaitingSince);
  const heard = hall.lastReceivedAt;
  return {
    hall,
    longestWaitMs,
    overSla: longestWaitMs > WAIT_SLA_MS,
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
