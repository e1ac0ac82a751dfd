import {
  createRequestQueue,
  type DeviceLogger,
  DeviceTimeoutError,
  type RequestQueue,
  type SerialConnection,
  silentLogger,
  type Timers,
  type Unsubscribe,
} from '../serial/index.ts';
import {
  BROADCAST_ADDRESS,
  type BusCodec,
  type BusFrame,
  type BusFrameError,
  MAX_UNIT_ADDRESS,
} from './bus-codec.ts';
import { BusNakError, BusReplyError, BusUsageError } from './bus-errors.ts';
import {
  BusCommand,
  decodeNak,
  decodePingReply,
  isReplyTo,
  NAK_COMMAND,
  type PingReply,
} from './hallq-bus-v1-commands.ts';

/**
 * The host's end of one RS-485 bus. Half duplex with a single master: exactly one command is on the wire at a
 * time (the serial layer's request queue), each answered by the addressed unit or timed out. Every device driver
 * on the bus (keypads, signs, pads, in any mix) shares one `BusMaster`, so the frame format is chosen once, here,
 * by the `codec`.
 */
export interface BusMaster {
  readonly codec: BusCodec;
  /**
   * Sends `command` to one unit and resolves with its reply frame (`command | 0x80`). Rejects with
   * `DeviceTimeoutError` after the retries are used up, `DeviceDisconnectedError`, or `BusNakError`.
   */
  request(
    address: number,
    command: number,
    payload: Uint8Array,
    options?: BusRequestOptions,
  ): Promise<BusFrame>;
  /** Sends to address 0: every unit acts, none answers. Holds the bus for `broadcastGapMs` afterwards. */
  broadcast(command: number, payload: Uint8Array, operation?: string): Promise<void>;
  /** Frames the parser dropped (bad CRC, wrong length, garbage). */
  onFrameError(listener: (error: BusFrameError) => void): Unsubscribe;
  /** Valid frames nobody asked for (late replies, another master, the adapter's own echo). */
  onUnsolicited(listener: (frame: BusFrame) => void): Unsubscribe;
  dispose(): void;
}

export interface BusRequestOptions {
  readonly timeoutMs?: number;
  /** Extra attempts after a timeout (all HallQ bus v1 commands are idempotent). Defaults to the master's. */
  readonly retries?: number;
  readonly operation?: string;
}

export interface BusMasterOptions {
  readonly connection: Pick<SerialConnection, 'path' | 'status' | 'write' | 'onStatus' | 'onData'>;
  readonly codec: BusCodec;
  /** Per attempt; the reply of a polled unit normally comes within a few ms. Default 150. */
  readonly responseTimeoutMs?: number;
  /** Default 1. */
  readonly retries?: number;
  /** Default 20 ms: time the bus stays quiet after a broadcast before the next command. */
  readonly broadcastGapMs?: number;
  readonly timers?: Timers;
  readonly logger?: DeviceLogger;
}

export function createBusMaster(options: BusMasterOptions): BusMaster {
  const { connection, codec } = options;
  const logger = options.logger ?? silentLogger;
  const defaultRetries = options.retries ?? 1;
  const broadcastGapMs = options.broadcastGapMs ?? 20;
  const queue: RequestQueue<BusFrame> = createRequestQueue<BusFrame>({
    connection,
    timeoutMs: options.responseTimeoutMs ?? 150,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const frameErrorListeners = new Set<(error: BusFrameError) => void>();
  const unsolicitedListeners = new Set<(frame: BusFrame) => void>();

  const parser = codec.createParser({
    onFrame(frame) {
      if (queue.deliver(frame)) return;
      logger.debug('bus: unsolicited frame', { address: frame.address, command: frame.command });
      for (const listener of [...unsolicitedListeners]) listener(frame);
    },
    onError(error) {
      logger.warn('bus: frame dropped', { code: error.code, bytes: error.bytes.length });
      for (const listener of [...frameErrorListeners]) listener(error);
    },
  });

  const subscriptions: Unsubscribe[] = [
    connection.onData((chunk) => parser.push(chunk)),
    connection.onStatus(() => parser.reset()),
  ];

  const attempt = async (
    address: number,
    command: number,
    bytes: Uint8Array,
    operation: string,
    timeoutMs: number | undefined,
  ): Promise<BusFrame> => {
    try {
      return await queue.request({
        bytes,
        operation,
        match: (frame) => isReplyTo(frame, address, command),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    } catch (error) {
      // A half-received reply must not prefix the next one.
      if (error instanceof DeviceTimeoutError) parser.reset();
      throw error;
    }
  };

  return {
    codec,
    async request(address, command, payload, requestOptions = {}) {
      if (!Number.isInteger(address) || address < 1 || address > MAX_UNIT_ADDRESS) {
        throw new BusUsageError(`request needs a unit address 1..${MAX_UNIT_ADDRESS}, got ${address}`);
      }
      const bytes = codec.encode({ address, command, payload });
      const operation = requestOptions.operation ?? `command 0x${command.toString(16)} to unit ${address}`;
      const retries = requestOptions.retries ?? defaultRetries;
      for (let n = 0; ; n++) {
        try {
          const reply = await attempt(address, command, bytes, operation, requestOptions.timeoutMs);
          if (reply.command === NAK_COMMAND)
            throw new BusNakError(address, command, decodeNak(reply.payload).reason);
          return reply;
        } catch (error) {
          if (!(error instanceof DeviceTimeoutError) || n >= retries) throw error;
          logger.debug('bus: retrying after timeout', { address, command, attempt: n + 1 });
        }
      }
    },
    async broadcast(command, payload, operation = `broadcast 0x${command.toString(16)}`) {
      const bytes = codec.encode({ address: BROADCAST_ADDRESS, command, payload });
      try {
        await queue.request({ bytes, operation, match: () => false, timeoutMs: broadcastGapMs });
      } catch (error) {
        // Nobody answers a broadcast: the "timeout" is the quiet gap we wanted.
        if (!(error instanceof DeviceTimeoutError)) throw error;
      }
    },
    onFrameError(listener) {
      frameErrorListeners.add(listener);
      return () => frameErrorListeners.delete(listener);
    },
    onUnsolicited(listener) {
      unsolicitedListeners.add(listener);
      return () => unsolicitedListeners.delete(listener);
    },
    dispose() {
      for (const unsubscribe of subscriptions) unsubscribe();
      queue.dispose();
      parser.reset();
    },
  };
}

/** PING a unit: which kind of device answers at `address`, and which protocol version it speaks. */
export async function identifyUnit(bus: BusMaster, address: number): Promise<PingReply> {
  const reply = await bus.request(address, BusCommand.ping, new Uint8Array(0), {
    operation: `ping unit ${address}`,
  });
  try {
    return decodePingReply(reply.payload);
  } catch (error) {
    throw new BusReplyError(address, 'bad PING reply', { cause: error });
  }
}
