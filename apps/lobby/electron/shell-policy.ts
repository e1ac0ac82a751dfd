/**
 * The lobby display's Electron shell, as data and pure decisions (tested without Electron): what the window is,
 * which address it opens, where it may go, and when a crashed renderer is reloaded.
 */
export interface LobbyShellConfig {
  /** The lobby page, e.g. http://hub.local:8080/lobby/ (the device token arrives once as #token=… ). */
  readonly url: string;
  readonly fullscreen: boolean;
  /** The hall CA's certificate (PEM file, HALLQ_HALL_CA) for a hub on https; null: the system's CAs only. */
  readonly hallCaFile: string | null;
}

/** `--hub http://hub:8080 [--token T] [--query recent=10] [--windowed]`, or HALLQ_HUB_URL / HALLQ_LOBBY_TOKEN. */
export function lobbyShellConfig(argv: readonly string[], env: NodeJS.ProcessEnv): LobbyShellConfig {
  const flag = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const hub = (flag('hub') ?? env.HALLQ_HUB_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const token = flag('token') ?? env.HALLQ_LOBBY_TOKEN;
  const query = flag('query') ?? '';
  const url = `${hub}/lobby/${query ? `?${query}` : ''}${token ? `#token=${token}` : ''}`;
  return { url, fullscreen: !argv.includes('--windowed'), hallCaFile: env.HALLQ_HALL_CA || null };
}

/** The renderer runs web content from the hub: no Node, isolated, sandboxed; sound plays without a click. */
export function lobbyWebPreferences() {
  return {
    contextIsolation: true,
    nodeIntegration: false,
    sandbox: true,
    webSecurity: true,
    autoplayPolicy: 'no-user-gesture-required' as const,
    backgroundThrottling: false,
    spellcheck: false,
  };
}

/** Navigation stays on the lobby page of the configured hub; everything else is refused. */
export function mayNavigate(config: LobbyShellConfig, target: string): boolean {
  try {
    const from = new URL(config.url);
    const to = new URL(target);
    return to.origin === from.origin && to.pathname.startsWith('/lobby/');
  } catch {
    return false;
  }
}

/**
 * Reload delays after renderer crashes: at once for the first, then longer (a page that crashes on load must not
 * spin the CPU); the count resets after a quiet hour.
 */
export function reloadDelayMs(recentCrashes: number): number {
  return Math.min(60_000, recentCrashes <= 1 ? 0 : 1000 * 2 ** Math.min(6, recentCrashes - 1));
}
