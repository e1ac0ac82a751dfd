import type { IdCardReaderProfile } from '../profiles/profile-schema.ts';
import {
  type BackoffPolicy,
  type CancelTimer,
  createRequestQueue,
  createSerialConnection,
  DeviceDisconnectedError,
  type DeviceLogger,
  DeviceTimeoutError,
  type SerialBinding,
  type SerialConnectionOptions,
  type SerialStatus,
  silentLogger,
  systemTimers,
  type Timers,
  type Unsubscribe,
} from '../serial/index.ts';
import {
  decodeReadBody,
  decodeResponse,
  encodeCommand,
  READER_BAUD_RATES,
  type SamCommand,
  type SamCommandKind,
  type SamResponse,
  samStatus,
} from './codec.ts';
import { createFrameParser, type FrameIssueReason } from './frame-parser.ts';
import type { IdCardReader, IdCardReaderEvents } from './id-card-reader.ts';
import { type CardRefusal, cardRefusal, checkCard, type IdentityCard, localDate } from './identity-card.ts';
import { maskIdNumber, maskName } from './mask.ts';
import { decodeTextBlock } from './text-block.ts';

export interface Ga467ReaderOptions {
  readonly profile: IdCardReaderProfile;
  /** Serial device path, e.g. '/dev/ttyUSB0' (installation data, not part of the model profile). */
  readonly path: string;
  readonly binding?: SerialBinding;
  readonly timers?: Timers;
  /** Clock for the validity check. */
  readonly now?: () => Date;
  /** Zone in which "today" is taken for the validity check (default Asia/Shanghai). */
  readonly timeZone?: string;
  readonly logger?: DeviceLogger;
  readonly backoff?: BackoffPolicy;
  readonly presenceCheck?: SerialConnectionOptions['presenceCheck'];
  /** Consecutive "no card" answers before a handled card counts as removed (default 2). */
  readonly absentPollsBeforeRemoved?: number;
  /** Failed select/read attempts on one placement before it is refused as unreadable (default 3). */
  readonly readAttempts?: number;
  /** Consecutive unanswered commands before the port is reopened and the reader reported disconnected (default 3). */
  readonly silentLimit?: number;
  /** Delay before trying the SAM handshake again when no rate answered (default 2000 ms). */
  readonly handshakeRetryMs?: number;
  /**
   * Time from the first find that saw a card until it must be read or refused (default: see `readBudgetFor`).
   * A select or read not answered by then ends the placement in CARD_UNREADABLE at once.
   */
  readonly readBudgetMs?: number;
}

/** From the card's placement to 请重新放置身份证 on the screen, at most (issue 11). */
export const UNREADABLE_WITHIN_MS = 2000;
/** What the kiosk needs, after the driver refuses, to show the refusal: the agent, the page, a frame. */
const SCREEN_MARGIN_MS = 200;
/** A GA 467 reader selects and reads a card in under a second (vendors quote 读卡时间 < 1 s). */
const READER_READ_MS = 1000;
/** Bytes of a read answer on the wire: text and photo, with fingerprints. */
const READ_ANSWER_BYTES = { 'read-text-photo': 1295, 'read-text-photo-fingerprint': 2321 } as const;

/**
 * How long a found card may take to be read. The card is placed at most one polling interval before the find
 * that sees it, so `UNREADABLE_WITHIN_MS` less that interval and the screen's margin is what is left (1500 ms at
 * 300 ms polling). A slow line never gets less than the answer's wire time plus the reader's read time: at 9600
 * baud a read answer alone takes 1.35 s on the wire, and refusing every card would be worse than a late refusal.
 */
export function readBudgetFor(profile: IdCardReaderProfile, baudRate: number): number {
  const answerBytes =
    READ_ANSWER_BYTES[profile.supportsFingerprint ? 'read-text-photo-fingerprint' : 'read-text-photo'];
  const wireMs = Math.ceil((answerBytes * 10 * 1000) / baudRate);
  return Math.max(UNREADABLE_WITHIN_MS - profile.pollIntervalMs - SCREEN_MARGIN_MS, wireMs + READER_READ_MS);
}

export interface Ga467Reader extends IdCardReader {
  /** The serial rate in use (after auto-detection). */
  readonly baudRate: number;
}

/** Data bytes of a successful answer, per command: anything else is a stray frame, not our answer. */
const plausible = (kind: SamCommandKind, response: SamResponse): boolean => {
  const status = samStatus(response.sw3);
  if (!status.ok || status.code === 'NO_CONTENT') return response.data.length === 0;
  switch (kind) {
    case 'find-card':
      return status.code === 'CARD_FOUND';
    case 'select-card':
      return status.code === 'OK' && response.data.length === 8;
    case 'read-text-photo':
    case 'read-text-photo-fingerprint':
      return status.code === 'OK' && response.data.length >= 4;
    case 'read-sam-id':
      return status.code === 'OK' && response.data.length === 16;
    case 'sam-status':
    case 'reset-sam':
    case 'set-baud-rate':
    case 'set-max-rf-frame':
      return status.code === 'OK' && response.data.length === 0;
    default:
      return status.code === 'OK';
  }
};

interface Placement {
  /** Read (or refused) already: nothing more until the card leaves. */
  done: boolean;
  failures: number;
  /** The last failed select/read, for the refusal's detail. */
  lastFailure: string | null;
  absent: number;
  /** The select or read waiting for its answer, if any. */
  pending: 'select' | 'read' | null;
  /** Stops the placement's read budget (see `readBudgetMs`). */
  cancelBudget: CancelTimer;
}

/** Bytes skipped while the parser looks for the next frame: one log line per resynchronisation, not per chunk. */
interface SkippedBytes {
  bytes: number;
  chunks: number;
  reasons: Set<FrameIssueReason>;
}

type Listeners = { [E in keyof IdCardReaderEvents]: Set<IdCardReaderEvents[E]> };

/**
 * Driver for GA 467 "SAM" readers on a serial port. On connect it checks the SAM (status 11 FF), probing the
 * other standard rates when the profile allows and the configured one does not answer; then it polls
 * find → select → read every `pollIntervalMs`. A card is reported once per placement: it is reported again
 * only after `absentPollsBeforeRemoved` consecutive "no card" answers. Unplug → 'disconnected', and the serial
 * connection reopens by itself; a silent reader makes it reopen too.
 */
export function createGa467Reader(options: Ga467ReaderOptions): Ga467Reader {
  const { profile } = options;
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const absentLimit = options.absentPollsBeforeRemoved ?? 2;
  const readAttempts = options.readAttempts ?? 3;
  const silentLimit = options.silentLimit ?? 3;
  const handshakeRetryMs = options.handshakeRetryMs ?? 2000;
  const readCommand: SamCommand = {
    kind: profile.supportsFingerprint ? 'read-text-photo-fingerprint' : 'read-text-photo',
  };

  const connection = createSerialConnection({
    path: options.path,
    baudRate: profile.baudRate,
    timers,
    logger,
    ...(options.binding && { binding: options.binding }),
    ...(options.backoff && { backoff: options.backoff }),
    ...(options.presenceCheck !== undefined && { presenceCheck: options.presenceCheck }),
  });
  const queue = createRequestQueue<SamResponse>({ connection, timeoutMs: profile.responseTimeoutMs, timers });
  /**
   * A late answer arriving a byte at a time after its timeout reset the parser is skipped one chunk at a time;
   * the skips are summed and logged once, when the parser finds a frame again (or is reset, or the reader stops).
   */
  let skipped: SkippedBytes | null = null;
  const reportSkipped = (until: string): void => {
    if (!skipped) return;
    logger.warn('id-card: bytes skipped while resynchronising', {
      bytes: skipped.bytes,
      chunks: skipped.chunks,
      reasons: [...skipped.reasons],
      until,
    });
    skipped = null;
  };
  const parser = createFrameParser({
    onFrame(payload) {
      reportSkipped('next frame');
      let response: SamResponse;
      try {
        response = decodeResponse(payload);
      } catch (error) {
        logger.warn('id-card: undecodable frame skipped', { error: String(error) });
        return;
      }
      if (!queue.deliver(response)) logger.debug('id-card: unsolicited response', { sw3: response.sw3 });
    },
    onIssue(issue) {
      skipped ??= { bytes: 0, chunks: 0, reasons: new Set() };
      skipped.bytes += issue.bytes;
      skipped.chunks += 1;
      skipped.reasons.add(issue.reason);
    },
  });
  const resetParser = (why: string): void => {
    parser.reset();
    reportSkipped(why);
  };
  connection.onData((chunk) => parser.push(chunk));

  const listeners: Listeners = {
    'card:read': new Set(),
    'card:refused': new Set(),
    'reader:status': new Set(),
  };
  let status: SerialStatus = 'disconnected';
  let running = false;
  /** Bumped whenever the link goes up or down; a session whose number is stale stops at its next step. */
  let generation = 0;
  let cancelTimer: CancelTimer | undefined;
  let placement: Placement | undefined;
  let silentCount = 0;

  const setStatus = (next: SerialStatus): void => {
    if (status === next) return;
    status = next;
    logger.info('id-card: reader status', { path: options.path, status: next });
    for (const listener of [...listeners['reader:status']]) listener(next);
  };

  const later = (callback: () => void, ms: number): void => {
    cancelTimer?.();
    cancelTimer = timers.set(() => {
      cancelTimer = undefined;
      callback();
    }, ms);
  };

  /**
   * The profile's timeout covers the reader's thinking time; a long answer also needs its time on the wire
   * (a 2321-byte read with fingerprints takes 2.4 s at 9600 baud), so that is added for reads.
   */
  const timeoutFor = (command: SamCommand): number => {
    const answerBytes =
      command.kind === 'read-text-photo-fingerprint' || command.kind === 'read-text-photo'
        ? READ_ANSWER_BYTES[command.kind]
        : 0;
    return profile.responseTimeoutMs + Math.ceil((answerBytes * 10 * 1000) / connection.baudRate);
  };

  const send = (command: SamCommand): Promise<SamResponse> =>
    queue.request({
      bytes: encodeCommand(command),
      match: (response) => plausible(command.kind, response),
      operation: command.kind,
      timeoutMs: timeoutFor(command),
    });

  /** A command of the polling loop: counts silence and reopens the port when the reader stops answering. */
  const poll = async (command: SamCommand): Promise<SamResponse> => {
    try {
      const response = await send(command);
      silentCount = 0;
      return response;
    } catch (error) {
      if (error instanceof DeviceTimeoutError) {
        resetParser('timeout');
        silentCount += 1;
        logger.warn('id-card: reader did not answer', { operation: command.kind, silentCount });
        if (silentCount >= silentLimit) {
          silentCount = 0;
          connection.reopen(`reader silent for ${silentLimit} commands`);
        }
      }
      throw error;
    }
  };

  const refuse = (refusal: CardRefusal): void => {
    logger.info('id-card: card refused', {
      code: refusal.code,
      cardType: refusal.cardType,
      idNumber: refusal.maskedIdNumber,
      name: refusal.maskedName,
      detail: refusal.detail,
    });
    for (const listener of [...listeners['card:refused']]) listener(refusal);
  };

  const accept = (card: IdentityCard): void => {
    logger.info('id-card: card read', {
      cardType: card.cardType,
      idNumber: maskIdNumber(card.idNumber),
      name: maskName(card.name),
    });
    for (const listener of [...listeners['card:read']]) listener(card);
  };

  const unreadable = (current: Placement, detail: string): void => {
    current.done = true;
    current.cancelBudget();
    refuse(cardRefusal('CARD_UNREADABLE', { detail }));
  };

  /**
   * A card seen for the first time. Its read budget starts now: a select or read still unanswered when it runs
   * out (an answer lost on the line, a reader that offers the card only once) ends the placement at once, instead
   * of after the answer's own timeout and the next poll.
   */
  const newPlacement = (): Placement => {
    const budgetMs = options.readBudgetMs ?? readBudgetFor(profile, connection.baudRate);
    const current: Placement = {
      done: false,
      failures: 0,
      lastFailure: null,
      absent: 0,
      pending: null,
      cancelBudget: () => {},
    };
    current.cancelBudget = timers.set(() => {
      if (current.done || placement !== current) return;
      const why = current.pending ? `${current.pending}: no answer in time` : (current.lastFailure ?? 'read');
      unreadable(current, `${why}; not read within ${budgetMs} ms`);
    }, budgetMs);
    return current;
  };

  const endPlacement = (): void => {
    placement?.cancelBudget();
    placement = undefined;
  };

  /** A select or read that failed (`sw3`) or got no answer in time (null). */
  const readFailed = (current: Placement, operation: string, sw3: number | null): void => {
    const samState = sw3 === null ? null : samStatus(sw3);
    current.failures += 1;
    current.lastFailure = `${operation}: ${samState ? samState.en : 'no answer in time'}`;
    logger.debug('id-card: read attempt failed', {
      operation,
      status: samState ? samState.code : 'TIMEOUT',
      failures: current.failures,
    });
    if (samState?.code === 'UNKNOWN_CARD_TYPE' || current.failures >= readAttempts) {
      unreadable(current, current.lastFailure);
    }
  };

  /** A polling command whose timeout is an answer ("no answer in time"), not a failure of the whole poll. */
  const pollAnswer = async (command: SamCommand): Promise<SamResponse | null> => {
    try {
      return await poll(command);
    } catch (error) {
      if (error instanceof DeviceTimeoutError) return null;
      throw error;
    }
  };

  const pollOnce = async (gen: number): Promise<void> => {
    const found = await poll({ kind: 'find-card' });
    if (gen !== generation) return;
    if (found.sw3 !== 0x9f) {
      if (placement) {
        if (!placement.done && placement.failures > 0) {
          // The card was found but not read, and now it is not found: it was lifted, or the reader reports a card
          // only once per placement and will not offer it again. Either way the visitor must place it again.
          unreadable(placement, `${placement.lastFailure ?? 'read'}; the reader no longer reports the card`);
        }
        placement.absent += 1;
        if (placement.absent >= absentLimit) {
          endPlacement();
          logger.debug('id-card: card left the field');
        }
      }
      return;
    }
    placement ??= newPlacement();
    const current = placement;
    current.absent = 0;
    if (current.done) return;

    // A lost answer to select or read is a failed attempt like a refused one: the next find tells whether the
    // card is still offered (try again) or not (unreadable, at once).
    current.pending = 'select';
    const selected = await pollAnswer({ kind: 'select-card' });
    current.pending = null;
    if (gen !== generation || current.done) return;
    if (selected === null || selected.sw3 !== 0x90) {
      readFailed(current, 'select', selected?.sw3 ?? null);
      return;
    }
    current.pending = 'read';
    const read = await pollAnswer(readCommand);
    current.pending = null;
    if (gen !== generation || current.done) return;
    if (read === null || read.sw3 !== 0x90) {
      readFailed(current, 'read', read?.sw3 ?? null);
      return;
    }
    current.done = true;
    current.cancelBudget();
    let card: IdentityCard;
    try {
      const body = decodeReadBody(read.data, profile.supportsFingerprint);
      const text = decodeTextBlock(body.text);
      card = {
        ...text,
        photoWlt: body.photo,
        ...(body.fingerprint && body.fingerprint.length > 0 && { fingerprints: body.fingerprint }),
      };
    } catch (error) {
      refuse(
        cardRefusal('CARD_UNREADABLE', { detail: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    const refusal = checkCard(card, localDate(now(), options.timeZone));
    if (refusal) refuse(refusal);
    else accept(card);
  };

  const pollLoop = (gen: number): void => {
    later(() => {
      void pollOnce(gen)
        .catch((error: unknown) => {
          if (!(error instanceof DeviceTimeoutError || error instanceof DeviceDisconnectedError)) {
            logger.error('id-card: poll failed', { error: String(error) });
          }
        })
        .then(() => {
          if (running && gen === generation) pollLoop(gen);
        });
    }, profile.pollIntervalMs);
  };

  /** SAM status at the current rate, then (auto-baud) at the others. True when the SAM answered OK. */
  const handshake = async (gen: number): Promise<boolean> => {
    const candidates = profile.autoBaud
      ? [...new Set<number>([connection.baudRate, profile.baudRate, ...READER_BAUD_RATES])]
      : [connection.baudRate];
    for (const rate of candidates) {
      if (gen !== generation) return false;
      if (rate !== connection.baudRate) {
        await connection.setBaudRate(rate);
        resetParser('baud rate change');
      }
      try {
        const answer = await send({ kind: 'sam-status' });
        if (gen !== generation) return false;
        const samState = samStatus(answer.sw3);
        if (samState.code === 'OK') {
          logger.info('id-card: SAM ready', { path: options.path, baudRate: rate });
          return true;
        }
        // The rate is right but the SAM is unhappy (self-test failed, not authorised): no point probing further.
        logger.error('id-card: SAM not ready', { status: samState.code, message: samState.en });
        return false;
      } catch (error) {
        if (error instanceof DeviceTimeoutError) {
          resetParser('timeout');
          continue;
        }
        return false;
      }
    }
    logger.warn('id-card: no answer from the SAM at any rate', { path: options.path, tried: candidates });
    return false;
  };

  const session = (gen: number): void => {
    void handshake(gen).then(
      (ready) => {
        if (!running || gen !== generation) return;
        if (!ready) {
          later(() => session(gen), handshakeRetryMs);
          return;
        }
        silentCount = 0;
        setStatus('connected');
        pollLoop(gen);
      },
      (error: unknown) => {
        logger.error('id-card: handshake failed', { error: String(error) });
        if (running && gen === generation) later(() => session(gen), handshakeRetryMs);
      },
    );
  };

  connection.onStatus((linkStatus) => {
    generation += 1;
    cancelTimer?.();
    cancelTimer = undefined;
    resetParser('link change');
    if (linkStatus === 'connected') {
      if (running) session(generation);
      return;
    }
    // A new link is a new session: a card still lying there will be read again once.
    endPlacement();
    setStatus('disconnected');
  });

  return {
    get status() {
      return status;
    },
    get baudRate() {
      return connection.baudRate;
    },
    start() {
      if (running) return;
      running = true;
      connection.start();
    },
    async stop() {
      running = false;
      generation += 1;
      cancelTimer?.();
      cancelTimer = undefined;
      endPlacement();
      queue.cancelAll(new DeviceDisconnectedError(options.path, 'reader stopped'));
      reportSkipped('reader stopped');
      await connection.stop();
      setStatus('disconnected');
    },
    on(event, listener): Unsubscribe {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
