import { hallCaFromEnv, trustHallCa } from '@hallq/client/hall-ca';
import { app, BrowserWindow, type IpcMainEvent, ipcMain, session, type WebContents } from 'electron';
import { RELOAD_CHANNEL } from './shell-api.ts';
import { counterUrl, hubUrlFrom, isAllowedNavigation, LOCKED_WEB_PREFERENCES } from './shell-policy.ts';

/** Denies navigation away from the counter app, new windows, webviews and every permission request. */
export function lockDown(contents: WebContents, hub: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, hub)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, hub)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** A normal (not kiosk) window: the clerk's PC has other work on it too. */
export function createCounterWindow(hub: string, preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    autoHideMenuBar: true,
    title: 'HallQ 窗口工作台',
    webPreferences: { ...LOCKED_WEB_PREFERENCES, preload },
  });
  lockDown(window.webContents, hub);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(counterUrl(hub));
  return window;
}

/** The shell: one window on the hub's counter page. Drivers never run here; the hub owns the devices. */
export function runShell(options: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  preload: string;
}): void {
  const hub = hubUrlFrom(options.argv, options.env);
  // A hub on https with a `hallctl cert` certificate: trust the hall CA (HALLQ_HALL_CA) besides the system's.
  const hallCa = hallCaFromEnv(options.env);
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => lockDown(contents, hub));
  ipcMain.on(RELOAD_CHANNEL, (event: IpcMainEvent) => {
    if (isAllowedNavigation(event.senderFrame?.url ?? '', hub)) event.sender.reload();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    if (hallCa) trustHallCa(session.defaultSession, hallCa);
    createCounterWindow(hub, options.preload);
  });
}
