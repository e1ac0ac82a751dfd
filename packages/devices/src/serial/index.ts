/**
 * Serial transport shared by every HallQ serial device driver (ID-card reader, caller keypad, LED sign,
 * evaluation pad).
 *
 * - `createSerialConnection({ path, baudRate, binding?, timers?, backoff?, logger? })` opens a port and keeps it
 *   open: `start()`, `stop()`, `write(bytes)`, `onData(chunk => …)`, `onStatus((status, cause) => …)` with
 *   status `'connected' | 'disconnected'`. When the port closes or errors (cable pulled) it reports
 *   'disconnected' and retries with capped exponential back-off until it is back, then reports 'connected'.
 *   A presence check (on by default for the native binding) also notices a vanished tty that reads missed.
 *   `binding` defaults to serialport's native binding; pass `MockBinding` (or a `createMockSerialLink().binding`
 *   from `@hallq/devices/testing`) in tests.
 * - `createRequestQueue<T>({ connection, timeoutMs, timers? })`: one command in flight at a time; feed parsed
 *   messages to `deliver(msg)`; `request({ bytes, match, operation, timeoutMs? })` resolves with the first
 *   message `match` accepts, or rejects with `DeviceTimeoutError` / `DeviceDisconnectedError`.
 * - Errors carry a `code`: `DEVICE_TIMEOUT`, `DEVICE_DISCONNECTED`.
 * - Time only passes through the injectable `Timers` (`systemTimers` by default; `createManualTimers()` in tests).
 *
 * Test helpers (manual timers, MockBinding link with unplug/replug, socat pty pair) live in
 * `@hallq/devices/testing` so production code never imports them.
 */
export { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff.ts';
export {
  DeviceDisconnectedError,
  DeviceError,
  type DeviceErrorCode,
  DeviceTimeoutError,
  isDeviceError,
} from './errors.ts';
export { type DeviceLogger, silentLogger } from './logger.ts';
export {
  createRequestQueue,
  type DeviceRequest,
  type RequestQueue,
  type RequestQueueOptions,
} from './request-queue.ts';
export {
  createSerialConnection,
  type SerialBinding,
  type SerialConnection,
  type SerialConnectionOptions,
  type SerialStatus,
  type Unsubscribe,
} from './serial-connection.ts';
export { type CancelTimer, systemTimers, type Timers } from './timers.ts';
