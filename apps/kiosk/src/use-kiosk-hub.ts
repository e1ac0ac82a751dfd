import { createHubClient, createStore, type HubClient, type ReadableStore } from '@hallq/client';
import { useEffect, useState } from 'react';

export interface KioskHub {
  readonly hub: HubClient;
  /**
   * Why the hub refused the last connection attempt (`UNAUTHENTICATED` for a revoked or unknown token), or null;
   * cleared when a connection succeeds. The generic `useHubClient` hides this, and a kiosk must say it.
   */
  readonly refusal: ReadableStore<string | null>;
}

/** One hub client for the kiosk's lifetime, remembering the hub's reason when it refuses the kiosk. */
export function useKioskHub(url: string, deviceToken: string): KioskHub {
  const [link] = useState(() => {
    const refusal = createStore<string | null>(null);
    const hub = createHubClient({
      url,
      auth: { deviceToken },
      onConnectError: (_error, code) => refusal.set(code),
    });
    hub.connection.subscribe((status) => {
      if (status === 'connected') refusal.set(null);
    });
    return { hub, refusal };
  });
  useEffect(() => () => link.hub.close(), [link]);
  return link;
}
