/**
 * Simulator speed: how many days of the demo hall (its six services and ten windows, from
 * apps/hub/halls/demo-hall.json) the pure day simulator replays per second (the day: lib/demo-hall-day.ts). The
 * second figure is how long one staffing plan of that day takes (80% called within 15 minutes, 8 seeds; the plan
 * opens windows whenever it counts them, without the lunch closure); staffing-search.bench.ts compares the
 * search with the whole-day one it replaced, on this hall and on the 81-window generated one.
 *
 *   npx tsx scripts/bench/simulator.bench.ts [--seconds 10]
 */
import { fewestWindowsPerHalfHour, simulateDay } from '@hallq/core';
import { demoHallDay } from './lib/demo-hall-day.ts';
import { startResult } from './lib/results.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--seconds');
const SECONDS = at >= 0 ? Number(args[at + 1]) : 10;
const { hall, input } = demoHallDay();

const result = startResult('simulator', 'Day simulator speed (demo hall)');
for (let seed = 0; seed < 50; seed += 1) simulateDay(input, seed); // warm-up
let days = 0;
let tickets = 0;
const t0 = performance.now();
while (performance.now() - t0 < SECONDS * 1000) {
  tickets += simulateDay(input, 1000 + days).tickets.length;
  days += 1;
}
const seconds = (performance.now() - t0) / 1000;
const perSecond = days / seconds;

const { schedule: _schedule, ...forecast } = input;
const planStarted = performance.now();
const plan = fewestWindowsPerHalfHour(forecast, { share: 0.8, maxWaitMinutes: 15 });
const planSeconds = (performance.now() - planStarted) / 1000;
result.finish(
  [
    {
      benchmark: `simulated days per second (demo hall: ${hall.services.length} services, ${hall.windows.length} windows, ${Math.round(tickets / days)} visitors a day)`,
      measured: `${perSecond.toFixed(0)} days/s`,
      baseline: '—',
      ratio: '—',
      target: 'info',
      verdict: 'INFO',
      note: `${days} days in ${seconds.toFixed(1)} s, one process`,
    },
    {
      benchmark: 'staffing plan of that day (fewest windows per half-hour, 80% within 15 min, 8 seeds)',
      measured: `${planSeconds.toFixed(1)} s`,
      baseline: '—',
      ratio: '—',
      target: 'info',
      verdict: 'INFO',
      note: `${plan.daysSimulated} days simulated; windows ${plan.counts.join(' ')}; Erlang C ${plan.erlangC.join(' ')}`,
    },
  ],
  { days, seconds, visitorsPerDay: tickets / days, perSecond, planSeconds, plan },
);
