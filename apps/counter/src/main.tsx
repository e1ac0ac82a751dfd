import { createHubClient } from '@hallq/client';
import { hubUrlOf, takeDeviceToken } from '@hallq/ui';
import { createRoot } from 'react-dom/client';
import { CounterApp } from './CounterApp.tsx';
import { loadSession } from './session.ts';
import { watchDeviceRefusal } from './terminal-refusal.ts';
import './counter.css';

const deviceToken = takeDeviceToken('counter', window.location, window.localStorage, window.history);
const session = loadSession(window.sessionStorage);
const deviceRefusal = watchDeviceRefusal();
// One client for the page's life: it reconnects and resyncs by itself, and resumes the clerk's session.
const client = createHubClient({
  url: hubUrlOf(window.location),
  auth: {
    ...(deviceToken ? { deviceToken } : {}),
    ...(session ? { sessionToken: session.sessionToken } : {}),
  },
  serverDisconnectRetryMs: 1000,
  socketOptions: { reconnectionDelay: 500, reconnectionDelayMax: 2000 },
  onConnectError: deviceRefusal.onConnectError,
});
client.connection.subscribe((status) => {
  if (status === 'connected') deviceRefusal.connected();
});

createRoot(document.getElementById('root')!).render(
  <CounterApp
    client={client}
    deviceRefused={deviceRefusal.refused}
    initialSession={session}
    sessionStorage={window.sessionStorage}
    localStorage={window.localStorage}
  />,
);
