import type { Unsubscribe } from '../serial/index.ts';
import type { BusCodec, BusFrame, BusFrameError } from './bus-codec.ts';
import { BROADCAST_ADDRESS, BusCodecError } from './bus-codec.ts';
import {
  BusCommand,
  type DeviceType,
  encodeNak,
  encodePingReply,
  NAK_COMMAND,
  PROTOCOL_VERSION,
  replyCommand,
} from './hallq-bus-v1-commands.ts';

/** The device side of a serial line (a MockBinding link's `device`, or a connection on one end of a socat pair). */
export interface SimulatorEndpoint {
  write(bytes: Uint8Array): void;
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
}

/** What a simulated unit answers: a reply payload, a NAK, or nothing (broadcasts, or a unit playing dead). */
export type UnitAnswer =
  | { readonly reply: Uint8Array }
  | { readonly nak: 'unknown-command' | 'bad-payload' | 'busy' };

export interface SimulatedUnit {
  readonly address: number;
  readonly deviceType: DeviceType;
  /** Handle one command addressed to this unit (or broadcast). Codec errors become a `bad-payload` NAK. */
  handle(frame: BusFrame): UnitAnswer;
}

/**
 * The devices' side of one RS-485 bus: decodes the host's frames with the same codec the host uses, hands each to
 * the unit at that address, writes the answer back. Units of different kinds can share one simulator, as on a
 * real bus. Answers PING for every unit itself.
 */
export interface BusSimulator {
  readonly codec: BusCodec;
  attach(unit: SimulatedUnit): Unsubscribe;
  /** A silent unit does not answer at all (unplugged, powered off, wrong address). */
  setSilent(address: number, silent: boolean): void;
  /** Every frame the units received, in order (for assertions). */
  readonly received: readonly BusFrame[];
  readonly frameErrors: readonly BusFrameError[];
  dispose(): void;
}

export function createBusSimulator(options: { endpoint: SimulatorEndpoint; codec: BusCodec }): BusSimulator {
  const { endpoint, codec } = options;
  const units = new Map<number, SimulatedUnit>();
  const silent = new Set<number>();
  const received: BusFrame[] = [];
  const frameErrors: BusFrameError[] = [];

  const answer = (unit: SimulatedUnit, frame: BusFrame): UnitAnswer => {
    if (frame.command === BusCommand.ping) {
      return { reply: encodePingReply({ deviceType: unit.deviceType, protocolVersion: PROTOCOL_VERSION }) };
    }
    try {
      return unit.handle(frame);
    } catch (error) {
      if (error instanceof BusCodecError) return { nak: 'bad-payload' };
      throw error;
    }
  };

  const parser = codec.createParser({
    onFrame(frame) {
      if (frame.command & 0x80) return; // replies of other units, or our own echo
      received.push(frame);
      if (frame.address === BROADCAST_ADDRESS) {
        for (const unit of units.values()) if (!silent.has(unit.address)) answer(unit, frame);
        return;
      }
      const unit = units.get(frame.address);
      if (!unit || silent.has(frame.address)) return;
      const result = answer(unit, frame);
      const reply: BusFrame =
        'reply' in result
          ? { address: unit.address, command: replyCommand(frame.command), payload: result.reply }
          : {
              address: unit.address,
              command: NAK_COMMAND,
              payload: encodeNak(
                frame.command,
                result.nak === 'unknown-command'
                  ? 'unknownCommand'
                  : result.nak === 'bad-payload'
                    ? 'badPayload'
                    : 'busy',
              ),
            };
      endpoint.write(codec.encode(reply));
    },
    onError(error) {
      frameErrors.push(error);
    },
  });
  const unsubscribe = endpoint.onData((chunk) => parser.push(chunk));

  return {
    codec,
    attach(unit) {
      if (units.has(unit.address)) throw new Error(`address ${unit.address} is already taken on this bus`);
      units.set(unit.address, unit);
      return () => units.delete(unit.address);
    },
    setSilent(address, isSilent) {
      if (isSilent) silent.add(address);
      else silent.delete(address);
    },
    received,
    frameErrors,
    dispose() {
      unsubscribe();
      units.clear();
    },
  };
}
