import type { HallRules, LocalizedText, TicketView, WindowStateView } from '@hallq/protocol';

/** Everything a clerk can do from the terminal; each is one button and one keyboard shortcut. */
export const COUNTER_ACTIONS = [
  'call-next',
  'recall',
  'start',
  'finish',
  'no-show',
  'transfer',
  'call-ticket',
  'pause',
  'resume',
] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number];

/** Why a button is disabled. The hub has the last word; these only keep a clerk from pressing in vain. */
export type DisabledReason =
  | 'offline'
  | 'not-signed-in'
  | 'window-disabled'
  | 'pending'
  | 'paused'
  | 'not-paused'
  | 'busy'
  | 'idle'
  | 'nobody-waiting'
  | 'already-serving'
  | 'no-show-too-early';

/** What the terminal knows, all of it from the hub (snapshot, stream, acks), plus the connection and clock. */
export interface TerminalState {
  readonly connected: boolean;
  /** Signed in at a window (the hub acknowledged the login / window:sign-in). */
  readonly signedIn: boolean;
  /** An action was sent and its answer has not come back yet. */
  readonly pending: CounterAction | null;
  readonly windowEnabled: boolean;
  readonly window: WindowStateView | null;
  /** The window's current ticket (called or serving), or null when idle. */
  readonly ticket: TicketView | null;
  /** Tickets this window could call now. */
  readonly waiting: number;
  readonly rules: Pick<HallRules, 'noShowMinCalls' | 'noShowMinWaitSeconds'>;
  /** The hub's clock as best known (epoch ms). */
  readonly now: number;
}

export type ActionAvailability =
  | { readonly enabled: true }
  | { readonly enabled: false; readonly reason: DisabledReason; readonly detail: LocalizedText };

const ON: ActionAvailability = { enabled: true };

/** The current ticket only while it is really at the window (called or serving). */
function activeTicket(state: TerminalState): TicketView | null {
  const t = state.ticket;
  return t !== null && (t.status === 'called' || t.status === 'serving') ? t : null;
}

/** Seconds until no-show is allowed by waiting alone, or 0 when it already is. */
export function noShowWaitLeftSeconds(state: TerminalState): number {
  const t = activeTicket(state);
  if (t === null || t.firstCalledAt === null) return state.rules.noShowMinWaitSeconds;
  const waited = state.now - t.firstCalledAt;
  return Math.max(0, Math.ceil((state.rules.noShowMinWaitSeconds * 1000 - waited) / 1000));
}

export function reasonText(reason: DisabledReason, state: TerminalState): LocalizedText {
  const number = state.ticket?.number ?? '';
  switch (reason) {
    case 'offline':
      return { zh: '与服务器断开，正在重连', en: 'Offline: reconnecting to the hub' };
    case 'not-signed-in':
      return { zh: '请先登录窗口', en: 'Sign in at a window first' };
    case 'window-disabled':
      return { zh: '本窗口已停用', en: 'This window is disabled' };
    case 'pending':
      return { zh: '上一操作处理中', en: 'Waiting for the hub to answer the last action' };
    case 'paused':
      return { zh: '窗口暂停中，请先恢复', en: 'The window is paused; resume first' };
    case 'not-paused':
      return { zh: '窗口未暂停', en: 'The window is not paused' };
    case 'busy':
      return { zh: `请先办结或过号 ${number}`, en: `Finish ${number} or mark it no-show first` };
    case 'idle':
      return { zh: '当前没有号', en: 'No current ticket' };
    case 'nobody-waiting':
      return { zh: '没有等候的号', en: 'Nobody is waiting for this window' };
    case 'already-serving':
      return { zh: `${number} 已在办理`, en: `${number} is already being served` };
    case 'no-show-too-early': {
      const { noShowMinCalls, noShowMinWaitSeconds } = state.rules;
      const left = noShowWaitLeftSeconds(state);
      return {
        zh: `需呼叫 ${noShowMinCalls} 次或首次呼叫后等候 ${noShowMinWaitSeconds} 秒（还需 ${left} 秒）`,
        en: `Needs ${noShowMinCalls} calls or ${noShowMinWaitSeconds} s after the first call (${left} s left)`,
      };
    }
  }
}

/**
 * Whether one action applies now, and if not, why. Pure: the same rules as the hub's core (transition.ts), seen
 * from the terminal, checked in the order a clerk would want to hear them (offline first, then sign-in …).
 */
export function availability(action: CounterAction, state: TerminalState): ActionAvailability {
  const off = (reason: DisabledReason): ActionAvailability => ({
    enabled: false,
    reason,
    detail: reasonText(reason, state),
  });
  if (!state.connected) return off('offline');
  if (!state.signedIn || state.window === null) return off('not-signed-in');
  if (!state.windowEnabled) return off('window-disabled');
  if (state.pending !== null) return off('pending');
  const paused = state.window.status === 'paused';
  const ticket = activeTicket(state);
  switch (action) {
    case 'call-next':
    case 'call-ticket':
      if (paused) return off('paused');
      if (ticket !== null) return off('busy');
      if (state.waiting === 0) return off('nobody-waiting');
      return ON;
    case 'recall':
    case 'start':
      if (ticket === null) return off('idle');
      if (ticket.status === 'serving') return off('already-serving');
      return ON;
    case 'no-show': {
      if (ticket === null) return off('idle');
      if (ticket.status === 'serving') return off('already-serving');
      const enoughCalls = ticket.callCount >= state.rules.noShowMinCalls;
      if (!enoughCalls && noShowWaitLeftSeconds(state) > 0) return off('no-show-too-early');
      return ON;
    }
    case 'finish':
    case 'transfer':
      return ticket === null ? off('idle') : ON;
    case 'pause':
      return paused ? off('paused') : ON;
    case 'resume':
      return paused ? ON : off('not-paused');
  }
}

export function availabilityOfAll(state: TerminalState): Record<CounterAction, ActionAvailability> {
  const out = {} as Record<CounterAction, ActionAvailability>;
  for (const action of COUNTER_ACTIONS) out[action] = availability(action, state);
  return out;
}

/** Labels and keyboard shortcuts (function keys: a clerk's other hand is often on the visitor's papers). */
export const ACTION_LABELS: Record<CounterAction, { readonly label: LocalizedText; readonly key: string }> = {
  'call-next': { label: { zh: '叫号', en: 'Call next' }, key: 'F1' },
  recall: { label: { zh: '重呼', en: 'Recall' }, key: 'F2' },
  start: { label: { zh: '开始办理', en: 'Start' }, key: 'F3' },
  finish: { label: { zh: '办结', en: 'Finish' }, key: 'F4' },
  'no-show': { label: { zh: '过号', en: 'No-show' }, key: 'F5' },
  transfer: { label: { zh: '转移', en: 'Transfer' }, key: 'F6' },
  'call-ticket': { label: { zh: '指定叫号', en: 'Call a ticket' }, key: 'F7' },
  pause: { label: { zh: '暂停', en: 'Pause' }, key: 'F8' },
  resume: { label: { zh: '恢复', en: 'Resume' }, key: 'F9' },
};

export function actionForKey(key: string): CounterAction | null {
  for (const action of COUNTER_ACTIONS) if (ACTION_LABELS[action].key === key) return action;
  return null;
}

/** Disabled actions that share one reason, for the line under the buttons that says why. */
export interface DisabledGroup {
  readonly reason: DisabledReason;
  readonly actions: readonly CounterAction[];
  readonly detail: LocalizedText;
}

/**
 * Why each disabled button is disabled, one entry per reason in the order of the buttons. A clerk reads it on the
 * screen; the tooltip alone cannot be seen without a mouse, and a terminal is driven by keys.
 */
export function disabledGroups(all: Record<CounterAction, ActionAvailability>): DisabledGroup[] {
  const groups = new Map<DisabledReason, { actions: CounterAction[]; detail: LocalizedText }>();
  for (const action of COUNTER_ACTIONS) {
    const a = all[action];
    if (a.enabled) continue;
    const group = groups.get(a.reason);
    if (group) group.actions.push(action);
    else groups.set(a.reason, { actions: [action], detail: a.detail });
  }
  return [...groups].map(([reason, g]) => ({ reason, actions: g.actions, detail: g.detail }));
}

/** `重呼、办结` / `Recall, Finish`; every action at once is `全部操作` / `All actions`. */
export function actionListText(actions: readonly CounterAction[]): LocalizedText {
  if (actions.length === COUNTER_ACTIONS.length) return { zh: '全部操作', en: 'All actions' };
  return {
    zh: actions.map((a) => ACTION_LABELS[a].label.zh).join('、'),
    en: actions.map((a) => ACTION_LABELS[a].label.en).join(', '),
  };
}

/** What the status line says when a key (or a click) asked for an action that is disabled: what, and why. */
export function refusedActionText(action: CounterAction, detail: LocalizedText): LocalizedText {
  const { label, key } = ACTION_LABELS[action];
  return {
    zh: `${key} ${label.zh}未执行：${detail.zh}`,
    en: `${key} ${label.en} not done: ${detail.en}`,
  };
}

/** What a dialog says when a function key is pressed behind it: the key did nothing, and how to go on. */
export function keyBehindDialogText(action: CounterAction): LocalizedText {
  const { label, key } = ACTION_LABELS[action];
  return {
    zh: `${key} ${label.zh}未执行：请先完成本对话框（Enter 确定，Esc 取消）`,
    en: `${key} ${label.en} not done: finish this dialog first (Enter confirms, Esc cancels)`,
  };
}
