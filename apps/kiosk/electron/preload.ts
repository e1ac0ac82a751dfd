/**
 * The one bridge into the kiosk page: read-only facts (app version, agent address). No Node, no IPC channels the
 * page could abuse; the page talks to the device agent over its own loopback socket.
 */
import { contextBridge } from 'electron';
import { BRIDGE_KEY, type KioskBridge } from '../src/bridge.ts';
import { bridgeFromArgs } from './shell-policy.ts';

const data = bridgeFromArgs(process.argv);
if (data) {
  const bridge: KioskBridge = Object.freeze({ appVersion: data.appVersion, agentUrl: data.agentUrl });
  contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
}
