import { compareForWindow, type Ticket, windowCanServe } from '@hallq/core';
import type {
  ErrorBody,
  HallSnapshot,
  LocalizedText,
  ServiceConfig,
  TicketView,
  WindowConfig,
  WindowStateView,
} from '@hallq/protocol';

/** What the counter screen shows for its window, derived from the hall as the hub last told it. */
export interface WindowPicture {
  readonly config: WindowConfig;
  readonly state: WindowStateView | null;
  readonly ticket: TicketView | null;
  readonly service: ServiceConfig | null;
  /** Waiting tickets this window may call, in the order call-next would take them. */
  readonly waiting: readonly TicketView[];
  /** Per service of the window: how many wait. */
  readonly perService: readonly { readonly service: ServiceConfig; readonly waiting: number }[];
}

/** The core's ticket shape, for its call-order rules; the visitor's key never reaches a terminal. */
const asCoreTicket = (t: TicketView): Ticket => ({ ...t, visitorKey: null });

export function windowPicture(view: HallSnapshot, windowId: string): WindowPicture | null {
  const config = view.hall.windows.find((w) => w.id === windowId);
  if (!config) return null;
  const state = view.windows.find((w) => w.windowId === windowId) ?? null;
  const current = state?.currentTicketId
    ? view.tickets.find((t) => t.id === state.currentTicketId)
    : undefined;
  const ticket = current ?? null;
  const service = ticket ? (view.hall.services.find((s) => s.id === ticket.serviceId) ?? null) : null;
  const compare = compareForWindow(config, view.hall.rules.callPolicy);
  const waiting = view.tickets
    .filter((t) => t.status === 'waiting' && windowCanServe(config, asCoreTicket(t)))
    .sort((a, b) => compare(asCoreTicket(a), asCoreTicket(b)));
  const perService = config.serviceIds.flatMap((id) => {
    const s = view.hall.services.find((x) => x.id === id);
    return s ? [{ service: s, waiting: waiting.filter((t) => t.serviceId === id).length }] : [];
  });
  return { config, state, ticket, service, waiting, perService };
}

/** `12:05` style elapsed time (minutes:seconds, or h:mm:ss past an hour). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/**
 * What a clerk reads when the hub refused an action. A refusal because the window's state moved on (another
 * terminal or the keypad acted first) says so and names the ticket the window holds now.
 */
export function refusalText(error: ErrorBody, picture: WindowPicture | null): LocalizedText {
  const current = picture?.ticket?.number;
  switch (error.code) {
    case 'WINDOW_BUSY':
      return current
        ? {
            zh: `本窗口已叫 ${current}（另一终端或呼叫器先操作了）`,
            en: `This window already holds ${current} (another terminal or the keypad was first)`,
          }
        : split(error.message);
    case 'WINDOW_IDLE':
      return {
        zh: '本窗口当前已没有号（另一终端或呼叫器先操作了）',
        en: 'This window has no current ticket any more (another terminal or the keypad was first)',
      };
    case 'NO_WAITING_TICKET':
      return { zh: '没有等候的号', en: 'Nobody is waiting for this window' };
    case 'UNAUTHENTICATED':
      return error.message.startsWith('not connected')
        ? { zh: '与服务器断开，操作未发送', en: 'Offline: the action was not sent' }
        : split(error.message);
    case 'INTERNAL':
      if (/^(timeout|disconnected)/.test(error.message)) {
        return {
          zh: '未收到服务器答复，已重新同步，请核对当前号',
          en: 'No answer from the hub; the screen resynced — check the current ticket',
        };
      }
      return split(error.message);
    default:
      return split(error.message);
  }
}

/** Hub messages are `中文 · English`; split them for the two-language layout. */
export function split(message: string): LocalizedText {
  const at = message.indexOf(' · ');
  if (at < 0) return { zh: message, en: message };
  return { zh: message.slice(0, at), en: message.slice(at + 3) };
}
