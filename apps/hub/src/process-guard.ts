import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/**
 * The hub's last line of defence: an exception nothing caught, or a rejection nothing handled, is logged and the
 * hub keeps serving. Every handler already answers bad input with an error; this guard exists so that a defect
 * still unknown costs one request, not the whole hall (and `npm start`, which stops when the hub stops).
 */
export function guardProcess(target: Pick<EventEmitter, 'on'>, logger: Pick<Logger, 'error'>): void {
  target.on('uncaughtException', (error: unknown, origin: unknown) => {
    logger.error({ err: error, origin }, 'uncaught exception; the hub keeps serving');
  });
  target.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled rejection; the hub keeps serving');
  });
}
