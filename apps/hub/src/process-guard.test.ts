import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardProcess } from './process-guard.ts';

describe('guardProcess', () => {
  it('logs an uncaught exception and an unhandled rejection instead of letting them end the hub', () => {
    const target = new EventEmitter();
    const logger = { error: vi.fn() };
    guardProcess(target, logger);
    // With no listener, emitting 'uncaughtException' on a plain emitter would not throw either; what matters
    // is that a listener is there (Node exits on an uncaught exception only when nobody listens).
    expect(target.listenerCount('uncaughtException')).toBe(1);
    expect(target.listenerCount('unhandledRejection')).toBe(1);
    target.emit('uncaughtException', new Error('boom'), 'uncaughtException');
    target.emit('unhandledRejection', new Error('late'));
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.error.mock.calls[0]?.[1]).toMatch(/keeps serving/);
  });
});
