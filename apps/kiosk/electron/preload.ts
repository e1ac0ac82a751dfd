/**
 * The one bridge into the kiosk page: read-only facts (app version, agent address, the agent's pairing secret of
 * this boot). No Node and no IPC channel reaches the page; the page talks to the device agent over its own
 * loopback socket. The pairing secret is asked of the main process once here, which answers only the kiosk page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, type KioskBridge } from '../src/bridge.ts';
import { bridgeFromArgs, PAIRING_CHANNEL } from './shell-policy.ts';

const data = bridgeFromArgs(process.argv);
if (data) {
  const pairing: unknown = ipcRenderer.sendSync(PAIRING_CHANNEL);
  const bridge: KioskBridge = Object.freeze({
    appVersion: data.appVersion,
    agentUrl: data.agentUrl,
    agentPairing: typeof pairing === 'string' ? pairing : '',
  });
  contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
}
