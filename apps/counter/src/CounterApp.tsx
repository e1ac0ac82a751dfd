import type { HubClient } from '@hallq/client';
import { useConnection, useHallView } from '@hallq/ui';
import { useEffect, useState } from 'react';
import { both } from './Bi.tsx';
import { CounterScreen } from './CounterScreen.tsx';
import { split } from './counter-model.ts';
import { SignIn } from './SignIn.tsx';
import { type CounterSession, lastWindow, rememberWindow, saveSession } from './session.ts';
import { WindowChoice } from './WindowChoice.tsx';

/** Sign-in → (window choice, unless the terminal is registered to a window) → the counter screen. */
export function CounterApp({
  client,
  initialSession,
  sessionStorage,
  localStorage,
}: {
  client: HubClient;
  initialSession: CounterSession | null;
  sessionStorage: Storage;
  localStorage: Storage;
}) {
  const { view } = useHallView(client);
  const connection = useConnection(client);
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
        setNotice(both(split(reason)));
      }),
    [client, sessionStorage],
  );

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
