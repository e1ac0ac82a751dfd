import { DEFAULT_SOCKET_SETTINGS } from '../create-hub.ts';
import { DEFAULT_ADMISSION_SETTINGS } from '../socket/admission/defaults.ts';
import type { AdmissionSettings } from '../socket/admission/socket-admission.ts';
import type { SocketSettings } from '../socket/socket-server.ts';

/** The hub's socket settings with some admission limits changed (a test's small caps, or a bench's kiosk pace). */
export function socketSettingsWith(
  admission: Partial<AdmissionSettings>,
  socket: Partial<Omit<SocketSettings, 'admission'>> = {},
): SocketSettings {
  return {
    ...DEFAULT_SOCKET_SETTINGS,
    ...socket,
    admission: { ...DEFAULT_ADMISSION_SETTINGS, ...admission },
  };
}
