import type { HubClient, ReadableStore } from '@hallq/client';
import { useConnection, useHallView } from '@hallq/ui';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { both } from './Bi.tsx';
import { CounterScreen } from './CounterScreen.tsx';
import { SignIn } from './SignIn.tsx';
import { type CounterSession, lastWindow, rememberWindow, saveSession } from './session.ts';
import { TerminalRefused } from './TerminalRefused.tsx';
import { sessionEndedText } from './terminal-refusal.ts';
import { WindowChoice } from './WindowChoice.tsx';

/**
 * Sign-in → (window choice, unless the terminal is registered to a window) → the counter screen; a terminal whose
 * device token the hub refuses gets neither, only what staff must do about it.
 */
export function CounterApp({
  client,
  deviceRefused,
  initialSession,
  sessionStorage,
  localStorage,
}: {
  client: HubClient;
  deviceRefused: ReadableStore<boolean>;
  initialSession: CounterSession | null;
  sessionStorage: Storage;
  localStorage: Storage;
}) {
  const { view } = useHallView(client);
  const connection = useConnection(client);
  const refused = useSyncExternalStore(
    (listener) => deviceRefused.subscribe(listener),
    () => deviceRefused.get(),
  );
  const [session, setSessionState] = useState<CounterSession | null>(initialSession);
  const [notice, setNotice] = useState<string | null>(null);

  const setSession = (next: CounterSession | null) => {
    saveSession(sessionStorage, next);
    if (next?.windowId) rememberWindow(localStorage, next.windowId);
    setSessionState(next);
  };

  useEffect(
    () =>
      client.onSessionRevoked((reason) => {
        saveSession(sessionStorage, null);
        setSessionState(null);
        setNotice(both(sessionEndedText(reason)));
      }),
    [client, sessionStorage],
  );

  if (refused) return <TerminalRefused />;
  if (session === null) {
    return (
      <SignIn
        client={client}
        connected={connection === 'connected'}
        notice={notice}
        onSignedIn={(s) => {
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }
  if (session.windowId === null) {
    return (
      <WindowChoice
        client={client}
        view={view}
        preselect={lastWindow(localStorage)}
        onChosen={(windowId) => setSession({ ...session, windowId })}
      />
    );
  }
  return (
    <CounterScreen
      client={client}
      session={session}
      windowId={session.windowId}
      view={view}
      connection={connection}
      onSignOut={() => {
        void client.logout().then(() => setSession(null));
      }}
    />
  );
}
