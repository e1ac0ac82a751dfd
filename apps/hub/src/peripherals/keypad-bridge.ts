import { type QueueCommand, type QueueState, windowCanServe } from '@hallq/core';
import {
  type CallerKeypad,
  createBusMaster,
  createCallerKeypadDriver,
  createSerialConnection,
  hallqBusV1Codec,
  type KeypadKey,
  type KeypadKeyEvent,
  MAX_UNIT_ADDRESS,
  MIN_UNIT_ADDRESS,
  type SerialBinding,
} from '@hallq/devices';
import type { ErrorCode, HallConfig, HallUpdate } from '@hallq/protocol';
import type { Logger } from 'pino';
import type { HallService } from '../hall-service.ts';

/** One caller keypad (呼叫器) on the bus: its address and the window it sits at. */
export interface KeypadUnit {
  readonly address: number;
  readonly windowId: string;
}

/** The hall's keypad bus: a serial port with HallQ bus v1 keypads on it. Absent when the hall has no keypads. */
export interface KeypadBusConfig {
  readonly path: string;
  readonly baudRate: number;
  readonly units: readonly KeypadUnit[];
  readonly pollIntervalMs?: number;
  readonly responseTimeoutMs?: number;
  /** Display width in single-byte columns (a Chinese character takes two). Default 16. */
  readonly displayColumns?: number;
  /** Tests pass a MockBinding link's binding; the hall uses the native serial port. */
  readonly binding?: SerialBinding;
}

/** What a key does at the window: the same window commands, under the same rules, as the clerk's screen. */
export function keypadCommand(key: KeypadKey, windowId: string, clerkId: string): QueueCommand {
  switch (key) {
    case 'call':
      return { type: 'window:call-next', windowId, clerkId };
    case 'recall':
      return { type: 'window:recall', windowId };
    case 'no-show':
      return { type: 'window:no-show', windowId };
    case 'start':
      return { type: 'window:start', windowId };
    case 'finish':
      return { type: 'window:finish', windowId };
    case 'pause':
      return { type: 'window:pause', windowId, reason: 'break', note: '呼叫器 · keypad' };
    case 'resume':
      return { type: 'window:resume', windowId };
  }
}

/** Tickets the window could call now: the "people waiting" of its keypad and of the clerk's screen. */
export function waitingForWindow(hall: HallConfig, state: QueueState, windowId: string): number {
  const window = hall.windows.find((w) => w.id === windowId);
  if (!window) return 0;
  let count = 0;
  for (const t of state.tickets.values()) if (t.status === 'waiting' && windowCanServe(window, t)) count += 1;
  return count;
}

/** The first display line: the current ticket and where it stands, or the window's state. */
function statusLine(state: QueueState, windowId: string): string {
  const ws = state.windows[windowId];
  const ticket = ws?.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
  const paused = ws?.status === 'paused';
  if (!ticket) return paused ? '暂停中' : '空闲';
  if (paused) return `${ticket.number} 暂停中`;
  return `${ticket.number} ${ticket.status === 'serving' ? '办理中' : '已呼叫'}`;
}

/** The second line under a refusal, in 16 columns: `A001 等候5人`, `空闲 等候0人`. */
function compactLine(hall: HallConfig, state: QueueState, windowId: string): string {
  const ws = state.windows[windowId];
  const ticket = ws?.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
  const where = ticket ? ticket.number : ws?.status === 'paused' ? '暂停中' : '空闲';
  return `${where} 等候${waitingForWindow(hall, state, windowId)}人`;
}

/** The keypad's answer: `['A001 已呼叫', '等候 5 人']`. */
export function keypadDisplayLines(hall: HallConfig, state: QueueState, windowId: string): [string, string] {
  return [statusLine(state, windowId), `等候 ${waitingForWindow(hall, state, windowId)} 人`];
}

/** A refusal in at most 8 Chinese characters (one display line). */
export function refusalLine(code: ErrorCode | 'NOT_SIGNED_IN_AT_WINDOW'): string {
  switch (code) {
    case 'NOT_SIGNED_IN_AT_WINDOW':
    case 'NOT_SIGNED_IN':
      return '窗口未登录';
    case 'WINDOW_BUSY':
      return '请先办结或过号';
    case 'WINDOW_IDLE':
      return '当前无号';
    case 'NO_WAITING_TICKET':
      return '无人等候';
    case 'NO_SHOW_TOO_EARLY':
      return '暂不能过号';
    case 'WINDOW_PAUSED':
      return '窗口暂停中';
    case 'WINDOW_NOT_PAUSED':
      return '窗口未暂停';
    case 'WINDOW_DISABLED':
      return '窗口已停用';
    case 'INVALID_TRANSITION':
      return '此时不能操作';
    case 'STORAGE_FAILURE':
      return '未保存请重试';
    default:
      return '操作失败';
  }
}

export interface KeypadBridge {
  /** Give it every hall update: keypads whose answer changed are shown the new one. */
  onHallUpdate(update: HallUpdate): void;
  /** Shows every keypad its window's current answer (start-up, a keypad back online). */
  refreshAll(): void;
  close(): void;
}

/**
 * Turns key presses into window commands, acting as the clerk signed in at the keypad's window (refused when
 * nobody is), and answers every keypad with its window's current number and waiting count. The keypad goes
 * through the hall service exactly as a screen does, so a keypad and a screen acting at once end in one state.
 */
export function createKeypadBridge(deps: {
  keypad: CallerKeypad;
  hall: HallService;
  units: readonly KeypadUnit[];
  logger: Logger;
}): KeypadBridge {
  const { keypad, hall, logger } = deps;
  const windowOf = new Map(deps.units.map((u) => [u.address, u.windowId]));
  const wanted = new Map<number, readonly string[]>();
  const shown = new Map<number, string>();
  const sending = new Set<number>();
  let closed = false;

  /** One display request per keypad at a time; the latest wanted text wins, nothing is sent twice. */
  async function flush(address: number): Promise<void> {
    if (sending.has(address)) return;
    sending.add(address);
    try {
      for (;;) {
        const lines = wanted.get(address);
        if (closed || !lines || shown.get(address) === lines.join('\n')) return;
        try {
          await keypad.showDisplay(address, lines);
          shown.set(address, lines.join('\n'));
        } catch (error) {
          shown.delete(address);
          logger.warn({ err: error, address }, 'keypad display not shown');
          return;
        }
      }
    } finally {
      sending.delete(address);
    }
  }

  const show = (address: number, lines: readonly string[]) => {
    wanted.set(address, lines);
    void flush(address);
  };

  const current = (windowId: string) => keypadDisplayLines(hall.hall(), hall.state(), windowId);
  const refusal = (windowId: string) => compactLine(hall.hall(), hall.state(), windowId);

  function refreshAll(): void {
    for (const [address, windowId] of windowOf) show(address, current(windowId));
  }

  function onKey({ address, key }: KeypadKeyEvent): void {
    const windowId = windowOf.get(address);
    if (windowId === undefined) {
      logger.warn({ address, key }, 'key from a keypad with no window');
      return;
    }
    const clerkId = hall.state().windows[windowId]?.clerkId ?? null;
    if (clerkId === null) {
      show(address, [refusalLine('NOT_SIGNED_IN_AT_WINDOW'), refusal(windowId)]);
      return;
    }
    const outcome = hall.execute(keypadCommand(key, windowId, clerkId), {
      kind: 'user',
      id: clerkId,
      deviceId: null,
    });
    // Done: the hall update, published once the change is committed, refreshes this keypad and every other.
    if (outcome.ok) return;
    logger.info({ address, key, code: outcome.error.code }, 'keypad command refused');
    show(address, [refusalLine(outcome.error.code), refusal(windowId)]);
  }

  const unsubscribeKey = keypad.onKey((event) => {
    try {
      onKey(event);
    } catch (error) {
      logger.error({ err: error, event }, 'keypad key not handled');
    }
  });
  const unsubscribeStatus = keypad.onUnitStatus(({ address, online }) => {
    const windowId = windowOf.get(address);
    if (!online || windowId === undefined) return;
    shown.delete(address); // it may have restarted with a blank display
    show(address, current(windowId));
  });

  return {
    onHallUpdate(update) {
      if (update.change.type === 'rating:recorded' || update.change.type === 'notices:changed') return;
      refreshAll();
    },
    refreshAll,
    close() {
      closed = true;
      unsubscribeKey();
      unsubscribeStatus();
    },
  };
}

/** Opens the keypad bus (serial port → bus master → keypad driver) and bridges it to the hall. */
export function startKeypadBus(
  config: KeypadBusConfig,
  deps: { hall: HallService; logger: Logger },
): { bridge: KeypadBridge; close(): Promise<void> } {
  const connection = createSerialConnection({
    path: config.path,
    baudRate: config.baudRate,
    ...(config.binding ? { binding: config.binding } : {}),
  });
  const bus = createBusMaster({
    connection,
    codec: hallqBusV1Codec,
    ...(config.responseTimeoutMs === undefined ? {} : { responseTimeoutMs: config.responseTimeoutMs }),
  });
  const driver = createCallerKeypadDriver({
    bus,
    addresses: config.units.map((u) => u.address),
    ...(config.pollIntervalMs === undefined ? {} : { pollIntervalMs: config.pollIntervalMs }),
    ...(config.displayColumns === undefined ? {} : { displayColumns: config.displayColumns }),
  });
  const bridge = createKeypadBridge({
    keypad: driver,
    hall: deps.hall,
    units: config.units,
    logger: deps.logger,
  });
  const unsubscribe = connection.onStatus((status) => {
    deps.logger.info({ path: config.path, status }, 'keypad bus');
    if (status === 'connected') bridge.refreshAll();
  });
  connection.start();
  driver.start();
  return {
    bridge,
    async close() {
      bridge.close();
      driver.stop();
      unsubscribe();
      bus.dispose();
      await connection.stop();
    },
  };
}

/** `1:w1,2:w2` → units; for the HALLQ_KEYPAD_UNITS setting. */
export function parseKeypadUnits(text: string): KeypadUnit[] {
  const units: KeypadUnit[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const match = /^(\d{1,3}):([a-z0-9][a-z0-9-]{0,39})$/.exec(part);
    const address = Number(match?.[1]);
    if (!match || address < MIN_UNIT_ADDRESS || address > MAX_UNIT_ADDRESS) {
      throw new Error(`keypad unit "${part}": expected address:windowId, address 1–247 (e.g. 1:w1)`);
    }
    if (units.some((u) => u.address === address)) throw new Error(`keypad address ${address} is used twice`);
    units.push({ address, windowId: match[2]! });
  }
  return units;
}
