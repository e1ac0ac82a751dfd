import {
  createBusMaster,
  createLedSignDriver,
  createSerialConnection,
  hallqBusV1Codec,
  type SignEffect,
  type WindowSign,
} from '@hallq/devices';
import type { HallConfig, HallSnapshot, HallUpdate, WindowStateView } from '@hallq/protocol';
import type { Logger } from 'pino';

/**
 * Window LED signs (窗口屏) driven by the hub from the same hall updates the lobby gets: "A001 请到3号窗口" while a
 * ticket is at the window, "暂停服务" while it is paused or nobody is signed in, the idle text otherwise. The
 * signs hang on an RS-485 bus (HallQ bus v1, docs/protocols/hallq-bus-v1.md); this module only needs the
 * `WindowSign` capability, so another sign protocol is another driver, not another bridge.
 */
export interface SignBridgeFile {
  /** Serial port of the RS-485 adapter, e.g. /dev/ttyUSB0. */
  readonly path: string;
  readonly baudRate: number;
  /** Bus address (1–247) → window. */
  readonly signs: readonly { readonly address: number; readonly windowId: string }[];
  /** Shown while the window is paused or nobody is signed in (default 暂停服务). */
  readonly pausedText: string;
  /** Shown while the window is open with nobody at it; `{n}` is the window number (default {n}号窗口). */
  readonly idleText: string;
  /** Half-width columns of a sign (8 Chinese characters = 16, the default); longer texts scroll. */
  readonly columns: number;
  /** Everything is sent again this often, for a sign that lost power (ms; 0 = never; default 60000). */
  readonly refreshMs: number;
}
export type SignBridgeConfig = Omit<SignBridgeFile, 'path' | 'baudRate'>;

/** Reads a sign configuration file's JSON (HALLQ_SIGNS_FILE); throws an Error naming what is wrong. */
export function parseSignBridgeFile(value: unknown): SignBridgeFile {
  const problems: string[] = [];
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const v = o[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      problems.push(`${key}: ${min}..${max}`);
    return typeof v === 'number' ? v : fallback;
  };
  const text = (key: string, fallback: string): string => {
    const v = o[key] ?? fallback;
    if (typeof v !== 'string' || v === '' || v.length > 40) problems.push(`${key}: 1–40 characters`);
    return typeof v === 'string' ? v : fallback;
  };
  if (typeof o.path !== 'string' || o.path === '') problems.push('path: the serial port, e.g. /dev/ttyUSB0');
  const signs = Array.isArray(o.signs) ? o.signs : [];
  if (signs.length === 0) problems.push('signs: at least one { address, windowId }');
  const parsedSigns = signs.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const address = e.address;
    if (typeof address !== 'number' || !Number.isInteger(address) || address < 1 || address > 247)
      problems.push(`signs.${i}.address: 1..247`);
    if (typeof e.windowId !== 'string' || e.windowId === '')
      problems.push(`signs.${i}.windowId: a window id`);
    return { address: Number(address), windowId: String(e.windowId) };
  });
  const file: SignBridgeFile = {
    path: String(o.path),
    baudRate: int('baudRate', 9600, 1200, 921_600),
    signs: parsedSigns,
    pausedText: text('pausedText', '暂停服务'),
    idleText: text('idleText', '{n}号窗口'),
    columns: int('columns', 16, 4, 256),
    refreshMs: int('refreshMs', 60_000, 0, 86_400_000),
  };
  if (problems.length > 0) throw new Error(`sign configuration: ${problems.join('; ')}`);
  return file;
}

export interface SignContent {
  readonly text: string;
  readonly effect: SignEffect;
}

/** What the bridge knows of the hall: enough to say what each sign shows. */
export interface SignHallState {
  readonly hall: HallConfig;
  readonly windows: ReadonlyMap<string, WindowStateView>;
  /** Ticket id → number, for the tickets windows hold now. */
  readonly tickets: ReadonlyMap<string, string>;
}

export function signStateOf(snapshot: HallSnapshot): SignHallState {
  const held = new Set(snapshot.windows.map((w) => w.currentTicketId));
  return {
    hall: snapshot.hall,
    windows: new Map(snapshot.windows.map((w) => [w.windowId, w])),
    tickets: new Map(snapshot.tickets.filter((t) => held.has(t.id)).map((t) => [t.id, t.number])),
  };
}

/** The sign state after one hall update — pure. */
export function applySignUpdate(state: SignHallState, update: HallUpdate): SignHallState {
  const { change } = update;
  if (change.type === 'hall:configured') return { ...state, hall: change.hall };
  const touched: WindowStateView[] = [];
  if ('window' in change && change.window !== null) touched.push(change.window);
  if (change.type === 'ticket:transferred' && change.fromWindow !== null) touched.push(change.fromWindow);
  if (touched.length === 0) return state;
  const windows = new Map(state.windows);
  for (const w of touched) windows.set(w.windowId, w);
  const held = new Set([...windows.values()].map((w) => w.currentTicketId));
  const tickets = new Map([...state.tickets].filter(([id]) => held.has(id)));
  if ('ticket' in change && held.has(change.ticket.id)) tickets.set(change.ticket.id, change.ticket.number);
  return { hall: state.hall, windows, tickets };
}

/** Half-width columns a text takes on a sign: ASCII 1, everything else 2. */
export const signWidth = (text: string): number =>
  [...text].reduce((n, c) => n + (c.charCodeAt(0) < 128 ? 1 : 2), 0);

/** What the sign of `windowId` shows — pure. */
export function signContentFor(
  state: SignHallState,
  windowId: string,
  config: SignBridgeConfig,
): SignContent {
  const hallWindow = state.hall.windows.find((w) => w.id === windowId);
  const ws = state.windows.get(windowId);
  const n = hallWindow?.number ?? 0;
  let text: string;
  if (!hallWindow?.enabled || !ws || ws.status === 'paused' || ws.clerkId === null) text = config.pausedText;
  else if (ws.currentTicketId !== null) {
    const number = state.tickets.get(ws.currentTicketId) ?? '';
    text = `${number} 请到${n}号窗口`.trim();
  } else text = config.idleText.replaceAll('{n}', String(n));
  return { text, effect: signWidth(text) > config.columns ? 'scroll' : 'static' };
}

export interface SignBridge {
  /** Takes the hall as it is and shows it on every sign; then keeps them up to date. */
  start(snapshot: HallSnapshot): void;
  onUpdate(update: HallUpdate): void;
  /** What each sign was last told and acknowledged (address → text). */
  shown(): ReadonlyMap<number, string>;
  /** Resolves once no sign has a show in flight or pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createSignBridge(deps: {
  sign: WindowSign;
  config: SignBridgeConfig;
  logger: Pick<Logger, 'warn' | 'info'>;
  /** Closes what the bridge owns (the serial port), if anything. */
  onClose?: () => Promise<void>;
}): SignBridge {
  const { sign, config, logger } = deps;
  let state: SignHallState | null = null;
  const desired = new Map<number, SignContent>();
  const shown = new Map<number, string>();
  const inFlight = new Set<number>();
  let idleWaiters: (() => void)[] = [];
  let refresh: NodeJS.Timeout | null = null;
  let closed = false;

  const settleIdle = () => {
    if (inFlight.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  /** One show per sign at a time; the newest wanted text wins over any that were skipped meanwhile. */
  const push = (address: number): void => {
    const want = desired.get(address);
    if (closed || want === undefined || inFlight.has(address) || shown.get(address) === want.text) {
      settleIdle();
      return;
    }
    inFlight.add(address);
    sign
      .show(address, want.text, { effect: want.effect })
      .then(
        () => {
          shown.set(address, want.text);
        },
        (error: unknown) => {
          shown.delete(address);
          logger.warn({ err: error, address, text: want.text }, 'window sign did not take its text');
        },
      )
      .finally(() => {
        inFlight.delete(address);
        // A newer text arrived while this one was on the wire: send it now. A failed one waits for the next change
        // or the refresh, so a dead sign is not hammered.
        const next = desired.get(address);
        if (next !== undefined && next.text !== want.text) push(address);
        else settleIdle();
      });
  };

  const recompute = () => {
    if (state === null) return;
    for (const { address, windowId } of config.signs) {
      desired.set(address, signContentFor(state, windowId, config));
      push(address);
    }
  };

  return {
    start(snapshot) {
      state = signStateOf(snapshot);
      recompute();
      if (config.refreshMs > 0 && refresh === null) {
        refresh = setInterval(() => {
          shown.clear();
          recompute();
        }, config.refreshMs);
        refresh.unref();
      }
    },
    onUpdate(update) {
      if (state === null) return;
      const next = applySignUpdate(state, update);
      if (next === state) return;
      state = next;
      recompute();
    },
    shown: () => shown,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    async close() {
      closed = true;
      if (refresh) clearInterval(refresh);
      refresh = null;
      settleIdle();
      await deps.onClose?.();
    },
  };
}

/** Opens the RS-485 port of a sign configuration and returns the bridge that owns it (main.ts only). */
export function openSignBridge(file: SignBridgeFile, logger: Pick<Logger, 'warn' | 'info'>): SignBridge {
  const connection = createSerialConnection({ path: file.path, baudRate: file.baudRate });
  connection.start();
  const bus = createBusMaster({ connection, codec: hallqBusV1Codec });
  const sign = createLedSignDriver({ bus, addresses: file.signs.map((s) => s.address) });
  logger.info({ path: file.path, signs: file.signs.length }, 'window signs on the bus');
  return createSignBridge({
    sign,
    config: file,
    logger,
    onClose: async () => {
      bus.dispose();
      await connection.stop();
    },
  });
}
