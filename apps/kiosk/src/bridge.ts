/** What the Electron shell's preload exposes to the renderer as `window.hallqKiosk` (absent in a plain browser). */
export interface KioskBridge {
  readonly appVersion: string;
  /** The device agent the shell started, e.g. 'http://127.0.0.1:8091'. */
  readonly agentUrl: string;
  /** The agent's pairing secret of this boot, which only the shell and this page know. */
  readonly agentPairing: string;
}

export const BRIDGE_KEY = 'hallqKiosk';

export function bridgeOf(scope: object): KioskBridge | undefined {
  const value: unknown = Reflect.get(scope, BRIDGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const { appVersion, agentUrl, agentPairing } = value as Record<string, unknown>;
  return typeof appVersion === 'string' && typeof agentUrl === 'string' && typeof agentPairing === 'string'
    ? { appVersion, agentUrl, agentPairing }
    : undefined;
}
