/**
 * The wait-accuracy bench's second set of days: the same hall and service times, a different arrival shape — a
 * slow start, one sharp surge before lunch (11–12), a quiet early afternoon and a rush before closing (16–17),
 * with more real-estate and fewer social-insurance visitors. Generated ONCE with a fixed seed and committed
 * (bench/fixtures/wait-accuracy-second-shape.json); the estimator was not tuned on it. Run again only to see that it
 * reproduces the same file.
 *
 *   npx tsx scripts/bench/generate-second-shape.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type PlannedArrival, PRIORITY_SHARE, SERVICES, SESSIONS } from './lib/hall-day.ts';
import { REPO_ROOT } from './lib/results.ts';
import { seededRandom } from './lib/stats.ts';

export const SECOND_SHAPE_FILE = join(REPO_ROOT, 'bench/fixtures/wait-accuracy-second-shape.json');
const SEED = 20261206;
const DAYS = 8;

/** Relative arrival intensity by local hour (the first set's peaks are 9–11 and 14–16). */
const shape = (hour: number): number =>
  ({ 9: 0.5, 10: 0.8, 11: 1.9, 13: 0.6, 14: 0.7, 15: 1.1, 16: 1.7 })[hour] ?? 0.6;
/** Service mix relative to the first set. */
const mix: Record<string, number> = { social: 0.8, estate: 1.4, fund: 1, household: 1.2, tax: 0.9 };

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

export function secondShapeDays(): PlannedArrival[][] {
  const random = seededRandom(SEED);
  const peak = 1.9;
  return Array.from({ length: DAYS }, () => {
    const day: PlannedArrival[] = [];
    for (const service of SERVICES) {
      const perMinute = (service.perHour * (mix[service.id] ?? 1) * peak) / 60;
      for (const session of SESSIONS) {
        const end = minuteOf(session.to);
        for (let m = minuteOf(session.from); ; ) {
          m += -Math.log(1 - random()) / perMinute;
          if (m >= end) break;
          if (random() < shape(Math.floor(m / 60)) / peak) {
            day.push({
              minute: Math.round(m * 100) / 100,
              serviceId: service.id,
              priority: random() < PRIORITY_SHARE,
            });
          }
        }
      }
    }
    return day.sort((a, b) => a.minute - b.minute);
  });
}

/** The committed days, as the bench replays them. */
export function loadSecondShapeDays(text: string): PlannedArrival[][] {
  const file = JSON.parse(text) as { services: string[]; days: [number, number, number][][] };
  return file.days.map((d) =>
    d.map(([minute, s, p]) => ({ minute, serviceId: file.services[s] ?? '', priority: p === 1 })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(dirname(SECOND_SHAPE_FILE), { recursive: true });
  const days = secondShapeDays();
  const ids = SERVICES.map((s) => s.id);
  // Compact rows: [minute, service index, 1 if priority].
  const rows = days.map((d) => d.map((a) => [a.minute, ids.indexOf(a.serviceId), a.priority ? 1 : 0]));
  writeFileSync(SECOND_SHAPE_FILE, `${JSON.stringify({ seed: SEED, services: ids, days: rows })}\n`);
  console.log(
    `${days.length} days, ${days.reduce((s, d) => s + d.length, 0)} visitors → ${SECOND_SHAPE_FILE}`,
  );
}
