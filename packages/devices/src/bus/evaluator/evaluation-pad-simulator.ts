import type { Unsubscribe } from '../../serial/index.ts';
import type { BusSimulator } from '../bus-simulator.ts';
import { BusCommand } from '../hallq-bus-v1-commands.ts';
import { createListeners } from '../listeners.ts';
import {
  decodePadEnd,
  decodePadRequest,
  encodePadState,
  type Rating,
  type RatingInfo,
  ratingFromLevel,
} from './evaluation-pad-messages.ts';

/** Simulated evaluation pads (评价器) on a simulated bus. */
export interface EvaluationPadSimulator {
  /**
   * A visitor presses rating key `level` (1 非常满意 … 5 非常不满意). Only the first press of an open request
   * counts; returns false when the pad had nothing to rate or was already rated.
   */
  press(address: number, level: number): boolean;
  /** The request the pad is showing, if any. */
  requestOf(address: number): { requestId: number; info: RatingInfo; rating: Rating | null } | undefined;
  onRequest(listener: (event: { address: number; requestId: number; info: RatingInfo }) => void): Unsubscribe;
  onEnd(listener: (event: { address: number; requestId: number }) => void): Unsubscribe;
  dispose(): void;
}

export function createEvaluationPadSimulator(options: {
  bus: BusSimulator;
  addresses: readonly number[];
}): EvaluationPadSimulator {
  interface PadSession {
    requestId: number;
    info: RatingInfo;
    rating: Rating | null;
  }
  const sessions = new Map<number, PadSession | undefined>();
  const requestListeners = createListeners<{ address: number; requestId: number; info: RatingInfo }>();
  const endListeners = createListeners<{ address: number; requestId: number }>();
  const detach: Unsubscribe[] = [];

  const known = (address: number): void => {
    if (!sessions.has(address)) throw new Error(`no simulated evaluation pad at address ${address}`);
  };
  const stateOf = (session: PadSession | undefined) =>
    encodePadState(
      session ? { requestId: session.requestId, rating: session.rating } : { requestId: 0, rating: null },
    );

  for (const address of options.addresses) {
    sessions.set(address, undefined);
    detach.push(
      options.bus.attach({
        address,
        deviceType: 'evaluation-pad',
        handle(frame) {
          switch (frame.command) {
            case BusCommand.padRequest: {
              const { requestId, info } = decodePadRequest(frame.payload);
              const current = sessions.get(address);
              // A repeated REQUEST (host retry) keeps the session and any rating already given.
              if (current?.requestId !== requestId) {
                sessions.set(address, { requestId, info, rating: null });
                requestListeners.emit({ address, requestId, info });
              }
              return { reply: new Uint8Array(0) };
            }
            case BusCommand.padPoll:
              if (frame.payload.length !== 0) return { nak: 'bad-payload' };
              return { reply: stateOf(sessions.get(address)) };
            case BusCommand.padEnd: {
              const { requestId } = decodePadEnd(frame.payload);
              const current = sessions.get(address);
              const reply = stateOf(current);
              if (current?.requestId === requestId) {
                sessions.set(address, undefined);
                endListeners.emit({ address, requestId });
              }
              return { reply };
            }
            default:
              return { nak: 'unknown-command' };
          }
        },
      }),
    );
  }

  return {
    press(address, level) {
      known(address);
      const rating = ratingFromLevel(level);
      const session = sessions.get(address);
      if (!session || session.rating !== null) return false;
      session.rating = rating;
      return true;
    },
    requestOf(address) {
      known(address);
      const session = sessions.get(address);
      return session ? { ...session } : undefined;
    },
    onRequest: (listener) => requestListeners.add(listener),
    onEnd: (listener) => endListeners.add(listener),
    dispose() {
      for (const unsubscribe of detach) unsubscribe();
    },
  };
}
