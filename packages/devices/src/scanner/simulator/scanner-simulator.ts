import type { DeviceEndpoint } from '../../serial/testing/device-endpoint.ts';
import { encodeScanFrame, type ScanFraming } from '../scan-framing.ts';

/** The scanner's side of the line, built on the driver's codec: what a real scanner sends when it reads a code. */
export interface ScannerSimulator {
  /** Sends one read, framed as the scanner is configured. `chunkSize` splits it as a slow UART would. */
  scan(code: string, options?: { readonly chunkSize?: number }): void;
  /** Sends raw bytes: line noise, a wrongly configured scanner, a frame cut short. */
  sendRaw(bytes: Uint8Array): void;
  readonly framing: ScanFraming;
}

export function createScannerSimulator(options: {
  readonly endpoint: DeviceEndpoint;
  readonly framing: ScanFraming;
}): ScannerSimulator {
  const { endpoint, framing } = options;
  return {
    framing,
    scan(code, scanOptions) {
      const frame = encodeScanFrame(code, framing);
      const size = scanOptions?.chunkSize ?? frame.length;
      for (let at = 0; at < frame.length; at += size) endpoint.write(frame.slice(at, at + size));
    },
    sendRaw: (bytes) => endpoint.write(bytes),
  };
}
