/**
 * The kiosk shell's main-process logic with Electron passed in, so tests drive it with a mocked `electron`.
 * It opens one locked-down full-screen window on the kiosk page and keeps the device agent running as a separate
 * process: a driver crash restarts the agent, never the screen.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes, type X509Certificate } from 'node:crypto';
import { trustHallCa } from '@hallq/client/hall-ca';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, IpcMain, WebContents } from 'electron';
import {
  agentRestartDelayMs,
  agentUrlOf,
  bridgeArg,
  hubOriginOf,
  isAllowedNavigation,
  kioskWindowOptions,
  PAIRING_CHANNEL,
  type ShellSettings,
} from './shell-policy.ts';

export interface ShellDeps {
  readonly app: Pick<App, 'getVersion' | 'on' | 'quit'>;
  readonly createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  /** Starts the agent process (utilityProcess or a child Node process) with extra environment variables. */
  readonly spawnAgent: (
    args: readonly string[],
    env: Readonly<Record<string, string>>,
  ) => Pick<ChildProcess, 'on' | 'kill'>;
  readonly ipcMain: Pick<IpcMain, 'on'>;
  /** The hall CA (HALLQ_HALL_CA), trusted for the hub's https certificate; null: the system's CAs only. */
  readonly hallCa: X509Certificate | null;
  /** The agent's pairing secret of this boot (a fresh random one when absent). */
  readonly pairingSecret?: string;
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
  // New at every boot, known only to this process, the agent and the kiosk page: other pages and local
  // processes that reach 127.0.0.1 cannot pair with the agent.
  const pairingSecret = deps.pairingSecret ?? randomBytes(32).toString('base64url');
  const agentEnv: Record<string, string> = {
    HALLQ_AGENT_PAIRING_SECRET: pairingSecret,
    // The agent fetches the hub's print-permit key over https with the same CA.
    ...(settings.hallCaFile && { NODE_EXTRA_CA_CERTS: settings.hallCaFile }),
  };

  const startAgent = (): void => {
    const child = deps.spawnAgent(
      ['--port', String(settings.agentPort), '--hub', hubOriginOf(settings), ...settings.agentArgs],
      agentEnv,
    );
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
  if (deps.hallCa) trustHallCa(window.webContents.session, deps.hallCa);
  deps.ipcMain.on(PAIRING_CHANNEL, (event) => {
    // Only the kiosk window's own page gets the secret; anything else (another frame, another page) gets ''.
    const mine =
      event.sender === window.webContents && isAllowedNavigation(event.senderFrame?.url ?? '', settings);
    if (!mine) log('refused the agent pairing secret to a page that is not the kiosk');
    event.returnValue = mine ? pairingSecret : '';
  });
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
