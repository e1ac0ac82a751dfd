/** Every device error carries a machine-readable `code` from this closed set. */
export type DeviceErrorCode = 'DEVICE_TIMEOUT' | 'DEVICE_DISCONNECTED';

/** Base class of the transport-level device errors. */
export abstract class DeviceError extends Error {
  abstract readonly code: DeviceErrorCode;
}

/** A request got no matching response within its timeout. */
export class DeviceTimeoutError extends DeviceError {
  readonly code = 'DEVICE_TIMEOUT';
  readonly operation: string;
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number) {
    super(`device did not answer "${operation}" within ${timeoutMs} ms`);
    this.name = 'DeviceTimeoutError';
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/** The port is not open (unplugged, not yet opened, or lost while a request was in flight). */
export class DeviceDisconnectedError extends DeviceError {
  readonly code = 'DEVICE_DISCONNECTED';
  readonly path: string;

  constructor(path: string, detail = 'port is not connected', options?: { cause?: unknown }) {
    super(`${path}: ${detail}`, options);
    this.name = 'DeviceDisconnectedError';
    this.path = path;
  }
}

export const isDeviceError = (error: unknown): error is DeviceError => error instanceof DeviceError;
