/**
 * The kiosk shell's main-process logic with Electron passed in, so tests drive it with a mocked `electron`.
 * It opens one locked-down full-screen window on the kiosk page and keeps the device agent running as a separate
 * process: a driver crash restarts the agent, never the screen.
 */
import type { ChildProcess } from 'node:child_process';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import {
  agentRestartDelayMs,
  agentUrlOf,
  bridgeArg,
  isAllowedNavigation,
  kioskWindowOptions,
  type ShellSettings,
} from './shell-policy.ts';

export interface ShellDeps {
  readonly app: Pick<App, 'getVersion' | 'on' | 'quit'>;
  readonly createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  /** Starts the agent process (utilityProcess or a child Node process). */
  readonly spawnAgent: (args: readonly string[]) => Pick<ChildProcess, 'on' | 'kill'>;
  readonly settings: ShellSettings;
  readonly preloadPath: string;
  readonly setTimer?: (run: () => void, ms: number) => void;
  readonly log?: (message: string) => void;
}

/** Denies navigation away from the kiosk and every new window. */
export function lockDown(contents: WebContents, settings: ShellSettings, log: (m: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked a new window: ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, settings)) {
      event.preventDefault();
      log(`blocked navigation: ${url}`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, settings)) {
      event.preventDefault();
      log(`blocked redirect: ${url}`);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    // Speech output needs no permission; nothing else is granted.
    log(`denied permission: ${permission}`);
    callback(false);
  });
}

export function startKioskShell(deps: ShellDeps): { window: BrowserWindow; stop(): void } {
  const log = deps.log ?? ((m: string) => console.log(`[kiosk-shell] ${m}`));
  const setTimer = deps.setTimer ?? ((run, ms) => void setTimeout(run, ms));
  const { settings } = deps;
  let stopped = false;
  let crashes = 0;
  let agent: Pick<ChildProcess, 'on' | 'kill'> | null = null;

  const startAgent = (): void => {
    const child = deps.spawnAgent(['--port', String(settings.agentPort), ...settings.agentArgs]);
    agent = child;
    child.on('exit', (code: number | null) => {
      if (stopped) return;
      crashes += 1;
      const delay = agentRestartDelayMs(crashes);
      log(`device agent exited (code ${code}); restarting in ${delay} ms`);
      setTimer(() => {
        if (!stopped) startAgent();
      }, delay);
    });
  };
  startAgent();

  const options = kioskWindowOptions(settings, deps.preloadPath);
  const window = deps.createWindow({
    ...options,
    webPreferences: {
      ...options.webPreferences,
      additionalArguments: [bridgeArg({ appVersion: deps.app.getVersion(), agentUrl: agentUrlOf(settings) })],
    },
  });
  lockDown(window.webContents, settings, log);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    log(`renderer gone (${details.reason}); reloading`);
    if (!stopped) void window.loadURL(settings.kioskUrl);
  });
  void window.loadURL(settings.kioskUrl);

  return {
    window,
    stop() {
      stopped = true;
      agent?.kill();
    },
  };
}
