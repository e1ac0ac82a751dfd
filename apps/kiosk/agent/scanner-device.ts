/** Builds the agent's scanner from its profile: a serial driver, or the wedge settings the page applies itself. */
import {
  type BarcodeScannerProfile,
  createSerialScanner,
  type DeviceLogger,
  type SerialBinding,
} from '@hallq/devices';
import { AgentConfigError } from './agent-config.ts';
import type { ScannerDevice } from './agent-server.ts';

export function wedgeSettingsOf(
  profile: BarcodeScannerProfile,
): Extract<ScannerDevice, { kind: 'hid-keyboard' }>['settings'] {
  return {
    kind: 'hid-keyboard',
    maxKeyIntervalMs: profile.maxKeyIntervalMs,
    minLength: profile.minLength,
    maxLength: profile.maxLength,
    terminator: profile.suffix === 'TAB' ? 'Tab' : 'Enter',
    prefix: profile.prefix,
  };
}

export function scannerDeviceOf(
  profile: BarcodeScannerProfile,
  path: string | undefined,
  options: { readonly logger?: DeviceLogger; readonly binding?: SerialBinding } = {},
): ScannerDevice {
  if (profile.interface === 'hid-keyboard')
    return { kind: 'hid-keyboard', settings: wedgeSettingsOf(profile) };
  if (path === undefined)
    throw new AgentConfigError(`scanner "${profile.id}" is a serial scanner: its config needs a "path"`);
  return {
    kind: 'serial',
    scanner: createSerialScanner({
      profile,
      path,
      ...(options.logger !== undefined && { logger: options.logger }),
      ...(options.binding !== undefined && { binding: options.binding }),
    }),
  };
}
