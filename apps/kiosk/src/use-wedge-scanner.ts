import { useEffect, useRef } from 'react';
import type { ScannerStatus } from './agent-protocol.ts';
import { initialWedgeState, type WedgeOutcome, wedgeKey } from './logic/wedge-detector.ts';

/**
 * Listens for a keyboard-wedge scanner's keystrokes on the whole page (the kiosk has no text field for them to
 * land in) and reports each read or garbled burst. Off unless the agent says the kiosk has such a scanner.
 */
export function useWedgeScanner(
  scanner: ScannerStatus | null,
  onOutcome: (outcome: Exclude<WedgeOutcome, { type: 'none' }>) => void,
): void {
  const report = useRef(onOutcome);
  report.current = onOutcome;
  const settings = scanner?.kind === 'hid-keyboard' ? scanner : null;
  useEffect(() => {
    if (!settings) return;
    let state = initialWedgeState;
    const onKey = (event: KeyboardEvent): void => {
      // The event's own time: when the key arrived, not when this handler got to run.
      const step = wedgeKey(state, event.key, event.timeStamp, settings);
      state = step.state;
      if (step.consumed) event.preventDefault();
      if (step.outcome.type !== 'none') report.current(step.outcome);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [settings]);
}
