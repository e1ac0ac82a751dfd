import { useEffect, useState } from 'react';
import { SignedOut } from './city-api.ts';

/**
 * Reads `load` now and then every `everyMs`, counted from the start of each read (a slow answer does not stretch
 * the cadence), never two at once; `failed` while the centre does not answer. A SignedOut ends the session.
 */
export function usePoll<T>(
  load: () => Promise<T>,
  everyMs: number,
  onSignedOut: () => void,
  deps: readonly unknown[],
) {
  const [data, setData] = useState<T | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = () => {
      const started = Date.now();
      load()
        .then(
          (next) => {
            if (stopped) return;
            setData(next);
            setFailed(false);
          },
          (error: unknown) => {
            if (stopped) return;
            if (error instanceof SignedOut) onSignedOut();
            else setFailed(true);
          },
        )
        .finally(() => {
          if (!stopped && everyMs > 0)
            timer = setTimeout(round, Math.max(0, everyMs - (Date.now() - started)));
        });
    };
    round();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the load depends on.
  }, deps);
  return { data, failed };
}
