import { useSyncExternalStore } from 'react';
import type { Orientation } from './logic/tile-pages.ts';

const LANDSCAPE = '(orientation: landscape)';

/** The screen's orientation, following a rotation or a window resize. */
export function useOrientation(): Orientation {
  return useSyncExternalStore(
    (listener) => {
      const query = window.matchMedia(LANDSCAPE);
      query.addEventListener('change', listener);
      return () => query.removeEventListener('change', listener);
    },
    () => (window.matchMedia(LANDSCAPE).matches ? 'landscape' : 'portrait'),
  );
}
