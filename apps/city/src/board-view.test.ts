import type { BoardHall } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { boardTile, boardTotals, SILENT_AFTER_MS, WAIT_SLA_MS } from './board-view.ts';

const NOW = Date.UTC(2026, 10, 28, 3, 0);
const hall = (over: Partial<BoardHall> = {}): BoardHall => ({
  hallId: 'h1',
  name: '东城',
  region: '东城区',
  businessDay: '2026-11-28',
  waiting: 3,
  longestWaitingSince: NOW - 5 * 60_000,
  openWindows: 2,
  ratedToday: 4,
  averageRatingToday: 4.5,
  badRatingsToday: 1,
  openAlerts: 0,
  lastReceivedAt: NOW - 1000,
  lastEventAt: NOW - 1000,
  ...over,
});

describe('a hall on the city board', () => {
  it('gives the longest wait, and marks it past the SLA only once it is past', () => {
    expect(boardTile(hall(), NOW)).toMatchObject({
      longestWaitMs: 5 * 60_000,
      overSla: false,
      silentSince: null,
    });
    expect(boardTile(hall({ longestWaitingSince: NOW - WAIT_SLA_MS }), NOW).overSla).toBe(false);
    expect(boardTile(hall({ longestWaitingSince: NOW - WAIT_SLA_MS - 1 }), NOW).overSla).toBe(true);
    expect(boardTile(hall({ waiting: 0, longestWaitingSince: null }), NOW).longestWaitMs).toBe(0);
  });

  it('says since when a hall has not reported, once it has been quiet long enough', () => {
    const quiet = NOW - SILENT_AFTER_MS;
    expect(boardTile(hall({ lastReceivedAt: quiet + 1 }), NOW).silentSince).toBeNull();
    expect(boardTile(hall({ lastReceivedAt: quiet }), NOW).silentSince).toBe(quiet);
    expect(boardTile(hall({ lastReceivedAt: null, lastEventAt: null }), NOW)).toMatchObject({
      silentSince: null,
      neverReported: true,
    });
    expect(boardTile(hall(), NOW).neverReported).toBe(false);
  });

  it("adds up the city's halls", () => {
    expect(
      boardTotals([hall(), hall({ hallId: 'h2', waiting: 1, openAlerts: 2, badRatingsToday: 0 })]),
    ).toEqual({
      halls: 2,
      waiting: 4,
      openWindows: 4,
      alerts: 2,
      badRatings: 1,
    });
  });
});
