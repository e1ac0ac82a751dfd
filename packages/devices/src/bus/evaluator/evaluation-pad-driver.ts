import {
  type CancelTimer,
  type DeviceLogger,
  silentLogger,
  systemTimers,
  type Timers,
} from '../../serial/index.ts';
import { BusReplyError, BusUsageError } from '../bus-errors.ts';
import type { BusMaster } from '../bus-master.ts';
import type { EvaluationPad, RequestRatingOptions } from '../capabilities.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import {
  decodePadState,
  encodePadEnd,
  encodePadRequest,
  type PadState,
  type Rating,
  type RatingInfo,
} from './evaluation-pad-messages.ts';

export interface EvaluationPadDriverOptions {
  readonly bus: BusMaster;
  readonly addresses: readonly number[];
  /** How often an open request is polled. Default 200 ms. */
  readonly pollIntervalMs?: number;
  readonly responseTimeoutMs?: number;
  readonly timers?: Timers;
  readonly logger?: DeviceLogger;
}

export type EvaluationPadDriver = EvaluationPad;

interface Session {
  readonly requestId: number;
  /** Set when the deadline passed or the request was cancelled. */
  over: boolean;
  /** Wakes the polling loop early (cancel). */
  wake?: () => void;
}

/**
 * Evaluation pads on a HallQ bus. `requestRating` sends REQUEST (ticket, clerk, service) and polls the pad until
 * it reports a level for that request id or the time is up; it then sends END, which also returns the pad's last
 * state, so a key pressed just before the deadline still counts. A rating is only ever what the pad reported.
 */
export function createEvaluationPadDriver(options: EvaluationPadDriverOptions): EvaluationPadDriver {
  const { bus } = options;
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? silentLogger;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const addresses = new Set(options.addresses);
  const sessions = new Map<number, Session>();
  let lastRequestId = 0;

  const requestOptions = (operation: string) => ({
    operation,
    ...(options.responseTimeoutMs === undefined ? {} : { timeoutMs: options.responseTimeoutMs }),
  });

  const state = async (address: number, command: number, payload: Uint8Array, operation: string) => {
    const reply = await bus.request(address, command, payload, requestOptions(operation));
    try {
      return decodePadState(reply.payload);
    } catch (error) {
      throw new BusReplyError(address, `bad reply to ${operation}`, { cause: error });
    }
  };

  const ratingFor = (padState: PadState, requestId: number): Rating | null =>
    padState.requestId === requestId ? padState.rating : null;

  const pause = (session: Session, ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      let cancel: CancelTimer | undefined;
      session.wake = () => {
        cancel?.();
        session.wake = undefined;
        resolve();
      };
      cancel = timers.set(() => session.wake?.(), ms);
    });

  const end = async (address: number, session: Session): Promise<Rating | 'not-rated'> => {
    try {
      const last = await state(
        address,
        BusCommand.padEnd,
        encodePadEnd(session.requestId),
        `end rating on pad ${address}`,
      );
      return ratingFor(last, session.requestId) ?? 'not-rated';
    } catch (error) {
      logger.warn('evaluation pad: END failed; the pad keeps its request until the next one', {
        address,
        error: error instanceof Error ? error.message : String(error),
      });
      return 'not-rated';
    }
  };

  return {
    async requestRating(address, info: RatingInfo, timeoutMs, requestOptionsArg: RequestRatingOptions = {}) {
      if (!addresses.has(address))
        throw new BusUsageError(`no evaluation pad configured at address ${address}`);
      if (sessions.has(address)) throw new BusUsageError(`a rating is already open on pad ${address}`);
      const { signal } = requestOptionsArg;
      if (signal?.aborted) return 'not-rated';
      lastRequestId = (lastRequestId % 255) + 1;
      const session: Session = { requestId: lastRequestId, over: false };
      sessions.set(address, session);
      const finish = (): void => {
        session.over = true;
        session.wake?.();
      };
      const cancelDeadline = timers.set(finish, timeoutMs);
      signal?.addEventListener('abort', finish, { once: true });
      try {
        const payload = encodePadRequest(session.requestId, info);
        await bus.request(
          address,
          BusCommand.padRequest,
          payload,
          requestOptions(`request rating on pad ${address}`),
        );
        while (!session.over) {
          await pause(session, pollIntervalMs);
          if (session.over) break;
          let polled: PadState;
          try {
            polled = await state(address, BusCommand.padPoll, new Uint8Array(0), `poll pad ${address}`);
          } catch (error) {
            // A missed poll is not the end of the request: keep trying until the deadline.
            logger.debug('evaluation pad: poll failed', { address, error: String(error) });
            continue;
          }
          const rating = ratingFor(polled, session.requestId);
          if (rating) {
            await end(address, session);
            return rating;
          }
          if (polled.requestId !== session.requestId) {
            // The pad lost our request (power cycle): ask again, same id.
            await bus
              .request(
                address,
                BusCommand.padRequest,
                payload,
                requestOptions(`re-request rating on pad ${address}`),
              )
              .catch((error: unknown) =>
                logger.debug('evaluation pad: re-request failed', { address, error: String(error) }),
              );
          }
        }
        return await end(address, session);
      } finally {
        cancelDeadline();
        signal?.removeEventListener('abort', finish);
        sessions.delete(address);
      }
    },
    cancelRating(address) {
      const session = sessions.get(address);
      if (!session || session.over) return false;
      session.over = true;
      session.wake?.();
      return true;
    },
  };
}
