import { hubUrlOf, takeDeviceToken } from '@hallq/ui';
import { createRoot } from 'react-dom/client';
import { LobbyApp, NotRegistered } from './LobbyApp.tsx';
import { type LobbyProbe, startLobbyRuntime } from './lobby-runtime.ts';
import { parseLobbyOptions } from './model/lobby-options.ts';
import './lobby.css';

declare global {
  interface Window {
    __hallqLobby?: LobbyProbe;
  }
}

const root = createRoot(document.getElementById('root')!);
const options = parseLobbyOptions(window.location.search);
const token = takeDeviceToken('lobby', window.location, window.localStorage, window.history);

if (token === null) {
  root.render(<NotRegistered />);
} else {
  const runtime = startLobbyRuntime({
    hubUrl: hubUrlOf(window.location),
    deviceToken: token,
    options,
    packBaseUrl: `${import.meta.env.BASE_URL}voice/`,
  });
  window.__hallqLobby = runtime.probe;
  window.addEventListener('pagehide', () => runtime.dispose());
  root.render(<LobbyApp runtime={runtime} options={options} />);
}
