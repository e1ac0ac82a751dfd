/**
 * The demo hall's day the simulator and staffing benchmarks replay (apps/hub/halls/demo-hall.json: six services,
 * ten windows): arrivals 8:30–17:00 with the morning and afternoon peaks of the accuracy bench, each service
 * loaded to about 60% of the windows that serve it on average (87% at the peaks), service times log-normal around
 * each service's default, two sessions with a staggered 15-minute break per window, 5% priority lane, 4% no-shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DaySimulationInput, seededRandom, type WindowShift } from '@hallq/core';
import { HallConfig } from '@hallq/protocol';
import { arrivalProfile } from './hall-day.ts';
import { REPO_ROOT } from './results.ts';

const MINUTE = 60_000;

export function demoHallDay(): { readonly hall: HallConfig; readonly input: DaySimulationInput } {
  const hall = HallConfig.parse(
    JSON.parse(readFileSync(join(REPO_ROOT, 'apps/hub/halls/demo-hall.json'), 'utf8')),
  );

  /** Each service's share of the windows: a window serving three services gives each a third. */
  const windowShare = new Map<string, number>();
  for (const w of hall.windows) {
    for (const id of w.serviceIds) windowShare.set(id, (windowShare.get(id) ?? 0) + 1 / w.serviceIds.length);
  }

  const random = seededRandom(2026);
  const serviceSamplesMs = Object.fromEntries(
    hall.services.map((s) => {
      // Log-normal with sigma 0.5 and the service's default as its mean.
      const mu = Math.log(s.defaultServiceMinutes * MINUTE) - 0.125;
      const samples = Array.from({ length: 500 }, () => {
        const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
        return Math.round(Math.exp(mu + 0.5 * normal));
      });
      return [s.id, samples];
    }),
  );

  const START = 8 * 60 + 30;
  const halfHours = Array.from({ length: 17 }, (_, i) => {
    const hour = Math.floor((START + i * 30) / 60);
    return Object.fromEntries(
      hall.services.map((s) => [
        s.id,
        ((0.6 * (windowShare.get(s.id) ?? 0) * 30) / s.defaultServiceMinutes) * arrivalProfile(hour),
      ]),
    );
  });

  const schedule = {
    windows: hall.windows.map((w, i): WindowShift => {
      const morningBreak = 10 * 60 + (i % 4) * 15;
      const afternoonBreak = 15 * 60 + (i % 4) * 15;
      const hhmm = (m: number) =>
        `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return {
        windowId: w.id,
        open: [
          { from: '08:30', to: '12:00' },
          { from: '13:30', to: '17:00' },
        ],
        breaks: [
          { from: hhmm(morningBreak), to: hhmm(morningBreak + 15) },
          { from: hhmm(afternoonBreak), to: hhmm(afternoonBreak + 15) },
        ],
      };
    }),
  };

  const input: DaySimulationInput = {
    windows: hall.windows,
    callPolicy: hall.rules.callPolicy,
    schedule,
    arrivals: { startMinute: START, halfHours },
    serviceSamplesMs,
    priorityShare: 0.05,
    noShowProbability: 0.04,
  };
  return { hall, input };
}
