import type { Unsubscribe } from '../../serial/index.ts';
import type { DeviceEndpoint } from '../../serial/testing/device-endpoint.ts';
import {
  decodeCommand,
  encodeReadBody,
  encodeResponse,
  type ReaderBaudRate,
  type SamCommand,
  type SamCommandKind,
} from '../codec.ts';
import { createFrameParser } from '../frame-parser.ts';
import { encodeTextBlock } from '../text-block.ts';
import { dummyPhoto, type SimulatedCard } from './card-fixtures.ts';

export interface SerialTiming {
  /** The line rate used to compute how long a response takes on the wire. */
  readonly baudRate: number;
  /** Waits `ms` (inject a manual-timer delay in tests). */
  readonly delay: (ms: number) => Promise<void>;
}

export interface IdReaderSimulatorOptions {
  /** The reader's end of the line: a MockBinding link's `device`, or a connection on one end of a socat pair. */
  readonly endpoint: DeviceEndpoint;
  /** Delay each response by its transmission time, bytes × 10 bits / baud. Off by default. */
  readonly timing?: SerialTiming;
  /**
   * Real readers often answer "no card" after a successful read until the card is lifted and placed again.
   * Default false: the card keeps being found, the harder case for a driver's de-duplication.
   */
  readonly haltAfterRead?: boolean;
  /** Start with `reportOncePerPlacement` set (see there). Default false. */
  readonly reportOncePerPlacement?: boolean;
  /** The reader's UART rate (changes on a set-baud-rate command). Default 115200. */
  readonly baudRate?: ReaderBaudRate;
  /** 16 bytes answered to 12 FF. */
  readonly samId?: Uint8Array;
}

/** The reader's side of GA 467, built on the same codec as the driver. */
export interface IdReaderSimulator {
  placeCard(card: SimulatedCard): void;
  removeCard(): void;
  readonly card: SimulatedCard | undefined;
  /** While true the reader answers nothing (a hung reader, or the wrong cable). */
  silent: boolean;
  /**
   * Many readers answer "card found" to find-card only once per placement: after that first answer they say
   * "no card" until the card is lifted and placed again, whether or not the read that followed worked.
   */
  reportOncePerPlacement: boolean;
  /**
   * The next answer to `kind` is lost on the line: `'drop'` never sends it; `'trickle'` sends it one byte at a
   * time, `byteIntervalMs` apart (default 2 ms), so it arrives late and in pieces, and the answers to later
   * commands queue behind it as on a real UART. Needs `timing` for its delays, or waits on real timers.
   */
  loseNextAnswer(kind: SamCommandKind, how?: 'drop' | { trickle: { byteIntervalMs?: number } }): void;
  /** Every command received, in order (bad frames as 'bad-frame'). */
  readonly received: readonly (SamCommandKind | 'bad-frame' | 'unknown-command')[];
  readonly baudRate: ReaderBaudRate;
  /** Stops listening to the endpoint. */
  close(): void;
}

const DEFAULT_SAM_ID = Uint8Array.of(
  5,
  0,
  1,
  0,
  0x4b,
  0xc9,
  0x32,
  0x01,
  0x4e,
  0x61,
  0xbc,
  0x00,
  0xd2,
  0x02,
  0x96,
  0x49,
);
const CARD_IIN = Uint8Array.of(0, 0, 0, 0);
const SELECT_DATA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0);

const OK = 0x90;
const FIND_OK = 0x9f;
const NO_CONTENT = 0x91;
const CHECKSUM_ERROR = 0x10;
const COMMAND_ERROR = 0x21;
const READ_FAILED = 0x41;
const NO_CARD = 0x80;
const SELECT_FAILED = 0x81;

export function createIdReaderSimulator(options: IdReaderSimulatorOptions): IdReaderSimulator {
  const { endpoint, timing } = options;
  let card: SimulatedCard | undefined;
  let found = false;
  let selected = false;
  let halted = false;
  let baudRate: ReaderBaudRate = options.baudRate ?? 115200;
  const received: (SamCommandKind | 'bad-frame' | 'unknown-command')[] = [];
  /** Responses leave in order even when each waits for its wire time. */
  let outgoing: Promise<void> = Promise.resolve();
  /** Answers to lose, per command kind (one each). */
  const losses = new Map<SamCommandKind, 'drop' | { trickle: { byteIntervalMs?: number } }>();
  /** Placed cards already reported by find-card (reportOncePerPlacement). */
  let reported = false;
  const wait = timing?.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** One byte at a time: the line is busy until the last one is out. */
  const trickle = (frame: Uint8Array, byteIntervalMs: number): void => {
    outgoing = outgoing.then(async () => {
      for (const byte of frame) {
        await wait(byteIntervalMs);
        endpoint.write(Uint8Array.of(byte));
      }
    });
  };

  /** True while a trickled answer occupies the line: later answers queue behind it even without `timing`. */
  let trickling = false;
  let current: SamCommandKind | null = null;

  const send = (frame: Uint8Array, after?: () => void): void => {
    if (!timing && !trickling) {
      endpoint.write(frame);
      after?.();
      return;
    }
    const ms = timing ? (frame.length * 10 * 1000) / timing.baudRate : 0;
    outgoing = outgoing
      .then(() => (ms > 0 ? wait(ms) : undefined))
      .then(() => {
        endpoint.write(frame);
        after?.();
      });
  };

  const answer = (sw3: number, data?: Uint8Array, after?: () => void): void => {
    const frame = encodeResponse(data ? { sw3, data } : { sw3 });
    const loss = current === null ? undefined : losses.get(current);
    if (current !== null && loss !== undefined) {
      losses.delete(current);
      if (loss === 'drop') return;
      trickling = true;
      trickle(frame, loss.trickle.byteIntervalMs ?? 2);
      outgoing = outgoing.then(() => {
        trickling = false;
        after?.();
      });
      return;
    }
    send(frame, after);
  };

  const handle = (command: SamCommand): void => {
    current = command.kind;
    try {
      handleCommand(command);
    } finally {
      current = null;
    }
  };

  const handleCommand = (command: SamCommand): void => {
    switch (command.kind) {
      case 'reset-sam':
      case 'sam-status':
      case 'set-max-rf-frame':
        answer(OK);
        return;
      case 'read-sam-id':
        answer(OK, options.samId ?? DEFAULT_SAM_ID);
        return;
      case 'set-baud-rate':
        // The answer still goes out at the old rate; the UART switches afterwards.
        answer(OK, undefined, () => {
          baudRate = command.baudRate;
          endpoint.setBaudRate?.(command.baudRate);
        });
        return;
      case 'find-card':
        selected = false;
        found = card !== undefined && !halted && !(simulator.reportOncePerPlacement && reported);
        if (found) reported = true;
        answer(found ? FIND_OK : NO_CARD, found ? CARD_IIN : undefined);
        return;
      case 'select-card':
        if (!card || !found) {
          answer(SELECT_FAILED);
          return;
        }
        found = false;
        if (card.readFailure === 0x40) {
          answer(0x40);
          return;
        }
        selected = true;
        answer(OK, SELECT_DATA);
        return;
      case 'read-text-photo':
      case 'read-text-photo-fingerprint': {
        if (!card || !selected) {
          answer(READ_FAILED);
          return;
        }
        selected = false;
        if (card.readFailure !== undefined) {
          answer(card.readFailure);
          return;
        }
        const withFingerprint = command.kind === 'read-text-photo-fingerprint';
        const body = {
          text: encodeTextBlock(card.text),
          photo: card.photoWlt ?? dummyPhoto(),
          ...(card.fingerprints && { fingerprint: card.fingerprints }),
        };
        if (options.haltAfterRead) halted = true;
        answer(OK, encodeReadBody(body, withFingerprint));
        return;
      }
      case 'read-appended-address':
        answer(card ? NO_CONTENT : READ_FAILED);
        return;
      case 'read-chip-id':
        answer(card ? OK : READ_FAILED, card ? Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) : undefined);
        return;
    }
  };

  const simulator: IdReaderSimulator = {
    silent: false,
    reportOncePerPlacement: options.reportOncePerPlacement ?? false,
    loseNextAnswer(kind, how = 'drop') {
      losses.set(kind, how);
    },
    placeCard(next) {
      card = next;
      halted = false;
      found = false;
      selected = false;
      reported = false;
    },
    removeCard() {
      card = undefined;
      halted = false;
      found = false;
      selected = false;
      reported = false;
    },
    get card() {
      return card;
    },
    received,
    get baudRate() {
      return baudRate;
    },
    close() {
      unsubscribe();
    },
  };

  const parser = createFrameParser({
    onFrame(payload) {
      if (simulator.silent) return;
      const command = decodeCommand(payload);
      received.push(command?.kind ?? 'unknown-command');
      if (command) handle(command);
      else answer(COMMAND_ERROR);
    },
    onIssue(issue) {
      if (simulator.silent || issue.reason !== 'bad-checksum') return;
      received.push('bad-frame');
      answer(CHECKSUM_ERROR);
    },
  });

  const unsubscribe: Unsubscribe = endpoint.onData((chunk) => parser.push(chunk));
  return simulator;
}
