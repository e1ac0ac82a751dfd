import { createStore, type ReadableStore } from '@hallq/client';
import type { ErrorCode, LocalizedText } from '@hallq/protocol';
import { split } from './counter-model.ts';

/**
 * The hub refuses this terminal's device token (never registered here, or revoked by the administrator). Nothing
 * the clerk types can fix that, and the connection will not come back by itself: the screen says so once, in
 * Chinese first, with what staff must do, instead of "connecting…" forever.
 */
export const DEVICE_REFUSED: LocalizedText = {
  zh: '本终端未登记或已被注销，无法连接服务器。请联系管理员在管理后台重新登记本终端，并用新的链接打开本页面。',
  en: 'This terminal is not registered or was revoked, so it cannot connect. Ask the administrator to register it again and open this page with the new link.',
};

const SESSION_EXPIRED: LocalizedText = {
  zh: '登录已过期，请重新登录',
  en: 'Your sign-in has expired; please sign in again',
};

/** The hub's words for a refused device token (`socket-server.ts`); a refused session says `session expired`. */
export const isDeviceTokenRefusal = (message: string, code: ErrorCode | null): boolean =>
  code === 'UNAUTHENTICATED' && /device token/i.test(message);

/**
 * What the sign-in screen says after the hub ended the clerk's session. The hub's own reasons are `中文 · English`;
 * the bare English ones it gives when it refuses a reconnect are put into words here, never shown twice.
 */
export function sessionEndedText(reason: string): LocalizedText {
  if (/device token/i.test(reason)) return DEVICE_REFUSED;
  if (/^session expired/i.test(reason)) return SESSION_EXPIRED;
  return split(reason);
}

export interface DeviceRefusalWatch {
  /** True while the hub refuses this terminal's device token. */
  readonly refused: ReadableStore<boolean>;
  /** For `createHubClient({ onConnectError })`. */
  onConnectError(error: Error, code: ErrorCode | null): void;
  /** The connection came up: the token was accepted after all (e.g. the hub's database was restored). */
  connected(): void;
}

export function watchDeviceRefusal(): DeviceRefusalWatch {
  const refused = createStore(false);
  return {
    refused,
    onConnectError(error, code) {
      if (isDeviceTokenRefusal(error.message, code)) refused.set(true);
    },
    connected() {
      refused.set(false);
    },
  };
}
