import type { SerialConnection, Unsubscribe } from '../serial-connection.ts';

/**
 * The device's side of a serial line, for simulators: bytes the device sends, bytes the host sent it.
 * Implemented by a MockBinding link (`createMockSerialLink`) and by a serial connection on one end of a socat
 * pty pair (`connectionEndpoint`).
 */
export interface DeviceEndpoint {
  /** Device → host. Dropped while the line is down, like a real UART. */
  write(bytes: Uint8Array): void;
  /** Host → device. */
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
  /** The device switched its own UART rate (only meaningful where rate mismatches are emulated). */
  setBaudRate?(baudRate: number): void;
}

/** Wraps a serial connection (e.g. the simulator's end of a socat pair) as a device endpoint. */
export function connectionEndpoint(connection: SerialConnection): DeviceEndpoint {
  return {
    write(bytes) {
      // A device talking into an unplugged cable loses its bytes; that is not an error for the device.
      connection.write(bytes).catch(() => undefined);
    },
    onData: (listener) => connection.onData(listener),
  };
}
