import { useSyncExternalStore } from 'react';

const PORTRAIT = '(orientation: portrait)';

const subscribe = (changed: () => void) => {
  const query = window.matchMedia(PORTRAIT);
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
};

/** The screen's orientation, followed live (a display turned, a window resized). */
export function useOrientation(): 'portrait' | 'landscape' {
  return useSyncExternalStore(subscribe, () =>
    window.matchMedia(PORTRAIT).matches ? 'portrait' : 'landscape',
  );
}
