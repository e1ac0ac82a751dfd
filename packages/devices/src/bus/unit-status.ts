import type { DeviceLogger } from '../serial/index.ts';
import type { UnitStatusEvent } from './capabilities.ts';
import { createListeners, type Listeners } from './listeners.ts';

/** Tracks which units answer, reporting only changes (first failure → offline, first answer after → online). */
export interface UnitStatusTracker {
  readonly listeners: Listeners<UnitStatusEvent>;
  answered(address: number): void;
  failed(address: number, error: unknown): void;
  isOnline(address: number): boolean | undefined;
}

export function createUnitStatusTracker(logger: DeviceLogger, kind: string): UnitStatusTracker {
  const online = new Map<number, boolean>();
  const listeners = createListeners<UnitStatusEvent>((error) =>
    logger.error(`${kind}: status listener failed`, { error: String(error) }),
  );
  return {
    listeners,
    answered(address) {
      if (online.get(address) === true) return;
      online.set(address, true);
      logger.info(`${kind}: unit online`, { address });
      listeners.emit({ address, online: true });
    },
    failed(address, error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      if (online.get(address) === false) return;
      online.set(address, false);
      logger.warn(`${kind}: unit not answering`, { address, error: cause.message });
      listeners.emit({ address, online: false, cause });
    },
    isOnline: (address) => online.get(address),
  };
}
