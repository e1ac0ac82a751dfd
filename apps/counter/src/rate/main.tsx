import { createHubClient } from '@hallq/client';
import { hubUrlOf, takeDeviceToken } from '@hallq/ui';
import { createRoot } from 'react-dom/client';
import { watchDeviceRefusal } from '../terminal-refusal.ts';
import { RateApp } from './RateApp.tsx';
import './rate.css';

// The pad is a registered device bound to its window: the hub sends it that window's rating requests.
const deviceToken = takeDeviceToken('rate', window.location, window.localStorage, window.history);
const deviceRefusal = watchDeviceRefusal();
const client = createHubClient({
  url: hubUrlOf(window.location),
  auth: deviceToken ? { deviceToken } : {},
  serverDisconnectRetryMs: 1000,
  socketOptions: { reconnectionDelay: 500, reconnectionDelayMax: 2000 },
  onConnectError: deviceRefusal.onConnectError,
});
client.connection.subscribe((status) => {
  if (status === 'connected') deviceRefusal.connected();
});

createRoot(document.getElementById('root')!).render(
  <RateApp client={client} registered={deviceToken !== null} deviceRefused={deviceRefusal.refused} />,
);
