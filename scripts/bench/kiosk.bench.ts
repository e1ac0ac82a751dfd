/**
 * The kiosk path: tap → ticket bytes at the printer simulator. Not measured by this runner yet; the row says why.
 *
 *   npx tsx scripts/bench/kiosk.bench.ts
 */
import { startResult } from './lib/results.ts';

export async function kioskBenchmark() {
  const result = startResult('kiosk', 'Kiosk path: tap → ticket bytes at the printer simulator');
  result.finish(
    [
      {
        benchmark: 'kiosk path, tap → ticket bytes at the printer simulator (software time)',
        measured: 'not measured',
        baseline: '—',
        ratio: '—',
        target: '< 150 ms',
        verdict: 'NOT MEASURED',
        note:
          'not measured: the path runs tap → renderer (React in Chromium) → ticket:issue to the hub → print request to ' +
          'the device agent (apps/kiosk/agent, createKioskAgent + startSimulatedDevices) → ESC/POS bytes; the agent has ' +
          'a programmatic API, but driving it without the renderer needs a renderer-side client for its print command, ' +
          'which this session did not build in its time. tests/kiosk.test.ts logs card placed → cut received end to end ' +
          '(browser included, reader at 115200 baud) as a first figure',
      },
    ],
    { status: 'not measured' },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await kioskBenchmark();
  process.exit(0);
}
