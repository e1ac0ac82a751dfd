/** What the Electron shell's preload exposes to the renderer as `window.hallqKiosk` (absent in a plain browser). */
export interface KioskBridge {
  readonly appVersion: string;
  /** The device agent the shell started, e.g. 'http://127.0.0.1:8091'. */
  readonly agentUrl: string;
}

export const BRIDGE_KEY = 'hallqKiosk';

export function bridgeOf(scope: object): KioskBridge | undefined {
  const value: unknown = Reflect.get(scope, BRIDGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const { appVersion, agentUrl } = value as Record<string, unknown>;
  return typeof appVersion === 'string' && typeof agentUrl === 'string'
    ? { appVersion, agentUrl }
    : undefined;
}
