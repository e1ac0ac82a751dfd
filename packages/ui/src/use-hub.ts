import { type ConnectionStatus, createHubClient, type HubClient, type ViewChange } from '@hallq/client';
import type { HallSnapshot } from '@hallq/protocol';
import { useEffect, useState, useSyncExternalStore } from 'react';

/** One hub client for the lifetime of a screen. */
export function useHubClient(url: string, auth: { deviceToken?: string; sessionToken?: string }): HubClient {
  const [client] = useState(() => createHubClient({ url, auth }));
  useEffect(() => () => client.close(), [client]);
  return client;
}

/** The hall as the hub last told it, and what last changed it; null until the first snapshot. */
export function useHallView(client: HubClient): { view: HallSnapshot | null; change: ViewChange | null } {
  const [state, setState] = useState<{ view: HallSnapshot | null; change: ViewChange | null }>(() => ({
    view: client.view(),
    change: null,
  }));
  useEffect(() => {
    const unsubscribe = client.subscribe((view, change) => setState({ view, change }));
    // The first snapshot can arrive between the first render and this subscription; take it, or it is lost
    // until the next change (a quiet lobby could wait a long time).
    const current = client.view();
    setState((shown) => (shown.view === current ? shown : { view: current, change: 'snapshot' }));
    return unsubscribe;
  }, [client]);
  return state;
}

export function useConnection(client: HubClient): ConnectionStatus {
  return useSyncExternalStore(
    (listener) => client.connection.subscribe(listener),
    () => client.connection.get(),
  );
}
