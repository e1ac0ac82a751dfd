import type { NakReason } from './hallq-bus-v1-commands.ts';

/** A unit answered, but with a negative acknowledgement. */
export class BusNakError extends Error {
  readonly code = 'BUS_NAK';
  constructor(
    readonly address: number,
    readonly command: number,
    readonly reason: NakReason | 'unknown',
  ) {
    super(`unit ${address} refused command 0x${command.toString(16).padStart(2, '0')}: ${reason}`);
    this.name = 'BusNakError';
  }
}

/** A unit answered with bytes that do not decode as the reply the command expects. */
export class BusReplyError extends Error {
  readonly code = 'BUS_BAD_REPLY';
  constructor(
    readonly address: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`unit ${address}: ${message}`, options);
    this.name = 'BusReplyError';
  }
}

/** A driver method was called in a state that does not allow it (bad address, rating already in progress…). */
export class BusUsageError extends Error {
  readonly code = 'BUS_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'BusUsageError';
  }
}
