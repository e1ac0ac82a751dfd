/**
 * Structured logger the drivers write to. Never pass personal data (names, ID numbers) in `message` or
 * `fields`: use the masked forms from `id-card/mask.ts`.
 */
export interface DeviceLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

const noop = (): void => {};

export const silentLogger: DeviceLogger = { debug: noop, info: noop, warn: noop, error: noop };
