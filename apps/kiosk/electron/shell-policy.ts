/**
 * The kiosk shell's rules, kept free of Electron so they are plain functions to test: which window options lock the
 * renderer down, which URLs it may show, and how the settings are read.
 */
export interface ShellSettings {
  /** The kiosk page, e.g. 'http://hub.local:8080/kiosk/'. The device token is stored by the page itself. */
  readonly kioskUrl: string;
  /** Where the shell starts the device agent. */
  readonly agentHost: string;
  readonly agentPort: number;
  /** Extra agent arguments, e.g. ['--config', '/etc/hallq/kiosk-agent.json'] or ['--simulate']. */
  readonly agentArgs: readonly string[];
  /** Full screen without window chrome (off while developing). */
  readonly fullscreen: boolean;
  /** The hall CA's certificate (PEM file) the hub's https certificate is checked against; null: system CAs only. */
  readonly hallCaFile: string | null;
}

export class ShellSettingsError extends Error {
  readonly code = 'SHELL_SETTINGS_INVALID';
}

/**
 * From the environment: HALLQ_KIOSK_URL (required), HALLQ_AGENT_PORT, HALLQ_AGENT_ARGS, HALLQ_KIOSK_WINDOWED=1,
 * HALLQ_HALL_CA (the hall CA's certificate, for a hub on https with a `hallctl cert` certificate).
 */
export function readShellSettings(env: Readonly<Record<string, string | undefined>>): ShellSettings {
  const kioskUrl = env.HALLQ_KIOSK_URL;
  if (!kioskUrl)
    throw new ShellSettingsError('HALLQ_KIOSK_URL is not set (e.g. http://hub.local:8080/kiosk/)');
  let parsed: URL;
  try {
    parsed = new URL(kioskUrl);
  } catch {
    throw new ShellSettingsError(`HALLQ_KIOSK_URL is not a URL: ${kioskUrl}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ShellSettingsError(`HALLQ_KIOSK_URL must be http(s): ${kioskUrl}`);
  }
  const port = Number(env.HALLQ_AGENT_PORT ?? 8091);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ShellSettingsError(`HALLQ_AGENT_PORT is not a port: ${env.HALLQ_AGENT_PORT}`);
  }
  return {
    kioskUrl: parsed.toString(),
    agentHost: '127.0.0.1',
    agentPort: port,
    agentArgs: (env.HALLQ_AGENT_ARGS ?? '').split(/\s+/).filter((a) => a.length > 0),
    fullscreen: env.HALLQ_KIOSK_WINDOWED !== '1',
    hallCaFile: env.HALLQ_HALL_CA || null,
  };
}

export const agentUrlOf = (settings: ShellSettings): string =>
  `http://${settings.agentHost}:${settings.agentPort}`;

/** Only the kiosk's own origin and path may be shown; everything else (links, redirects, popups) is refused. */
export function isAllowedNavigation(target: string, settings: ShellSettings): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  const home = new URL(settings.kioskUrl);
  return url.origin === home.origin && url.pathname.startsWith(home.pathname);
}

/** The BrowserWindow options: full-screen kiosk, no Node in the page, isolated and sandboxed. */
export function kioskWindowOptions(settings: ShellSettings, preloadPath: string) {
  return {
    fullscreen: settings.fullscreen,
    kiosk: settings.fullscreen,
    frame: !settings.fullscreen,
    autoHideMenuBar: true,
    backgroundColor: '#f3f6fa',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !settings.fullscreen,
    },
  } as const;
}

/**
 * The channel on which the preload asks for the agent's pairing secret. The secret is never put on a command line
 * (other local users could read it with `ps`): the main process answers only the kiosk window's own page.
 */
export const PAIRING_CHANNEL = 'hallq-kiosk:agent-pairing';

/** The agent's origin check and key source: the hub serving the kiosk page. */
export const hubOriginOf = (settings: ShellSettings): string => new URL(settings.kioskUrl).origin;

/** The preload reads its data from process arguments (a sandboxed preload has no environment of its own). */
export const BRIDGE_ARG_PREFIX = '--hallq-kiosk=';

export const bridgeArg = (data: { appVersion: string; agentUrl: string }): string =>
  `${BRIDGE_ARG_PREFIX}${encodeURIComponent(JSON.stringify(data))}`;

export function bridgeFromArgs(argv: readonly string[]): { appVersion: string; agentUrl: string } | null {
  const arg = argv.find((a) => a.startsWith(BRIDGE_ARG_PREFIX));
  if (!arg) return null;
  try {
    const value: unknown = JSON.parse(decodeURIComponent(arg.slice(BRIDGE_ARG_PREFIX.length)));
    if (typeof value !== 'object' || value === null) return null;
    const { appVersion, agentUrl } = value as Record<string, unknown>;
    return typeof appVersion === 'string' && typeof agentUrl === 'string' ? { appVersion, agentUrl } : null;
  } catch {
    return null;
  }
}

/** Back-off before restarting a crashed agent: 1 s, 2 s, 4 s … capped at 30 s. */
export const agentRestartDelayMs = (crashes: number): number =>
  Math.min(30_000, 1000 * 2 ** Math.max(0, crashes - 1));
