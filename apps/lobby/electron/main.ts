import { hallCaFromEnv, trustHallCa } from '@hallq/client/hall-ca';
import { app, BrowserWindow } from 'electron';
import { type LobbyShellConfig, lobbyWebPreferences, mayNavigate, reloadDelayMs } from './shell-policy.ts';

const QUIET_MS = 3_600_000;

/**
 * The lobby display shell: one full-screen window on the hub's lobby page. It only manages the window: the page
 * itself reconnects to the hub, so the shell never reloads for a network problem — only when the renderer died.
 */
export function openLobbyWindow(config: LobbyShellConfig, log: (message: string) => void = console.warn) {
  const win = new BrowserWindow({
    fullscreen: config.fullscreen,
    kiosk: config.fullscreen,
    autoHideMenuBar: true,
    backgroundColor: '#0b2545',
    webPreferences: lobbyWebPreferences(),
  });
  const contents = win.webContents;
  // Electron grants permission requests (camera, microphone, notifications …) unless told otherwise; a lobby
  // display needs none (autoplay is a web preference, not a permission).
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // A hub on https with a `hallctl cert` certificate: trust the hall CA besides the system's.
  const hallCa = hallCaFromEnv({ HALLQ_HALL_CA: config.hallCaFile ?? undefined });
  if (hallCa) trustHallCa(contents.session, hallCa);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, target) => {
    if (!mayNavigate(config, target)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  let crashes = 0;
  let lastCrash = 0;
  let pending: NodeJS.Timeout | null = null;
  contents.on('render-process-gone', (_event, details) => {
    const now = Date.now();
    crashes = now - lastCrash > QUIET_MS ? 1 : crashes + 1;
    lastCrash = now;
    const delay = reloadDelayMs(crashes);
    log(`[lobby shell] renderer gone (${details.reason}); reloading in ${delay} ms`);
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = null;
      if (!win.isDestroyed()) void win.loadURL(config.url);
    }, delay);
  });
  contents.on('unresponsive', () => {
    log('[lobby shell] renderer unresponsive; reloading');
    contents.reload();
  });
  win.on('closed', () => {
    if (pending) clearTimeout(pending);
  });
  void win.loadURL(config.url);
  return win;
}

export function runLobbyShell(config: LobbyShellConfig): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => openLobbyWindow(config));
}
