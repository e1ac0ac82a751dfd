import { type BoardHall, DEFAULT_WAIT_SLA_MINUTES } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { boardTile, boardTotals, SILENT_AFTER_MS } from './board-view.ts';

const DEFAULT_SLA_MS = DEFAULT_WAIT_SLA_MINUTES * 60_000;

const NOW = Date.UTC(2026, 10, 28, 3, 0);
const hall = (over: Partial<BoardHall> = {}): BoardHall => ({
  hallId: 'h1',
  name: '东城',
  region: '东城区',
  businessDay: '2026-11-28',
  waiting: 3,
  longestWaitingSince: NOW - 5 * 60_000,
  worstWait: null,
  hallSlaWaitMinutes: null,
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
  it('gives the longest wait, and with no limit reported holds it to the default, saying so', () => {
    const waiting = (since: number) => ({
      longestWaitingSince: since,
      worstWait: {
        serviceId: 'svc-1',
        serviceName: null,
        waitingSince: since,
        slaWaitMinutes: 30,
        slaIsDefault: true,
      },
    });
    expect(boardTile(hall(waiting(NOW - 5 * 60_000)), NOW)).toMatchObject({
      longestWaitMs: 5 * 60_000,
      slaWaitMinutes: DEFAULT_WAIT_SLA_MINUTES,
      slaIsDefault: true,
      overSla: false,
      silentSince: null,
    });
    expect(boardTile(hall(waiting(NOW - DEFAULT_SLA_MS)), NOW).overSla).toBe(false);
    expect(boardTile(hall(waiting(NOW - DEFAULT_SLA_MS - 1)), NOW).overSla).toBe(true);
    expect(boardTile(hall({ waiting: 0, longestWaitingSince: null }), NOW)).toMatchObject({
      longestWaitMs: 0,
      overSla: false,
      slaIsDefault: true,
    });
  });

  it("holds a hall to the limit of its service furthest along its own SLA, not the longest wait's", () => {
    const name = { zh: '社保', en: 'Social insurance' };
    // 12 minutes against a 10-minute limit is over, though another service has waited 25 of its 60.
    const tile = boardTile(
      hall({
        longestWaitingSince: NOW - 25 * 60_000,
        worstWait: {
          serviceId: 'svc-2',
          serviceName: name,
          waitingSince: NOW - 12 * 60_000,
          slaWaitMinutes: 10,
          slaIsDefault: false,
        },
        hallSlaWaitMinutes: 10,
      }),
      NOW,
    );
    expect(tile).toMatchObject({
      longestWaitMs: 25 * 60_000,
      slaWaitMinutes: 10,
      slaIsDefault: false,
      worst: { name, waitMs: 12 * 60_000 },
      overSla: true,
    });
    // Nobody waiting: the hall's tightest limit is shown, its own.
    expect(
      boardTile(hall({ waiting: 0, longestWaitingSince: null, hallSlaWaitMinutes: 15 }), NOW),
    ).toMatchObject({ slaWaitMinutes: 15, slaIsDefault: false, overSla: false });
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
