/** The kiosk device agent, for hosts that start it in-process (the e2e tests, an Electron utility process). */
export {
  AgentConfig,
  allowedOriginsOf,
  originPolicy,
  parseAgentConfig,
  readAgentConfig,
} from './agent-config.ts';
export {
  type AgentLogger,
  createKioskAgent,
  type KioskAgent,
  type KioskAgentDeps,
  type ScannerDevice,
  silentAgentLogger,
} from './agent-server.ts';
export { checkPrintPermit, fetchPrintKey } from './print-permit-check.ts';
export { scannerDeviceOf, wedgeSettingsOf } from './scanner-device.ts';
export {
  SIMULATED_CARDS,
  type SimulatedDevices,
  type SimulatedDevicesOptions,
  startSimulatedDevices,
} from './simulated-devices.ts';
