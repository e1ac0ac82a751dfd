import type { TicketView, WindowStateView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import {
  ACTION_LABELS,
  actionForKey,
  actionListText,
  availability,
  availabilityOfAll,
  COUNTER_ACTIONS,
  type CounterAction,
  type DisabledReason,
  disabledGroups,
  keyBehindDialogText,
  noShowWaitLeftSeconds,
  reasonText,
  refusedActionText,
  type TerminalState,
} from './actions.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

const windowState = (over: Partial<WindowStateView> = {}): WindowStateView => ({
  windowId: 'w1',
  status: 'open',
  pauseReason: null,
  pauseNote: null,
  pausedAt: null,
  currentTicketId: null,
  clerkId: 'u1',
  since: T0,
  ...over,
});

const ticket = (over: Partial<TicketView> = {}): TicketView => ({
  id: '2026-11-28/A001',
  number: 'A001',
  businessDay: '2026-11-28',
  serviceId: 'svc-1',
  issuedServiceId: 'svc-1',
  visitorClass: 'normal',
  status: 'called',
  issuedAt: T0 - 600_000,
  queuedAt: T0 - 600_000,
  targetWindowId: null,
  windowId: 'w1',
  clerkId: 'u1',
  callCount: 1,
  firstCalledAt: T0,
  lastCalledAt: T0,
  startedAt: null,
  endedAt: null,
  transferCount: 0,
  kioskId: null,
  visitorName: null,
  ...over,
});

const base: TerminalState = {
  connected: true,
  signedIn: true,
  pending: null,
  windowEnabled: true,
  window: windowState(),
  ticket: null,
  waiting: 3,
  rules: { noShowMinCalls: 2, noShowMinWaitSeconds: 120 },
  now: T0 + 10_000,
};

const withTicket = (over: Partial<TicketView>): TerminalState => {
  const t = ticket(over);
  return { ...base, ticket: t, window: windowState({ currentTicketId: t.id }) };
};

/** Every state the terminal can be in, and what each action does in it: true = enabled, else the reason. */
const TERMINAL_STATES: Record<string, TerminalState> = {
  offline: { ...base, connected: false },
  'not signed in': { ...base, signedIn: false },
  'no window state': { ...base, window: null },
  'window disabled': { ...base, windowEnabled: false },
  'action pending': { ...base, pending: 'call-next' },
  'idle, people waiting': base,
  'idle, nobody waiting': { ...base, waiting: 0 },
  'called once, just now': withTicket({}),
  'called twice': withTicket({ callCount: 2 }),
  'called once, long ago': { ...withTicket({}), now: T0 + 121_000 },
  serving: withTicket({ status: 'serving', startedAt: T0 + 5000 }),
  'paused, idle': { ...base, window: windowState({ status: 'paused', pauseReason: 'break', pausedAt: T0 }) },
  'paused with a called ticket': {
    ...withTicket({ callCount: 2 }),
    window: windowState({ status: 'paused', pauseReason: 'meeting', currentTicketId: '2026-11-28/A001' }),
  },
  // A view that still names a ticket that has ended counts as idle.
  'stale ended ticket': { ...base, ticket: ticket({ status: 'done', endedAt: T0 }) },
};

type Row = Record<CounterAction, true | DisabledReason>;
const all = (value: true | DisabledReason): Row =>
  Object.fromEntries(COUNTER_ACTIONS.map((a) => [a, value])) as Row;

const EXPECTED: Record<keyof typeof TERMINAL_STATES, Row> = {
  offline: all('offline'),
  'not signed in': all('not-signed-in'),
  'no window state': all('not-signed-in'),
  'window disabled': all('window-disabled'),
  'action pending': all('pending'),
  'idle, people waiting': {
    'call-next': true,
    recall: 'idle',
    start: 'idle',
    finish: 'idle',
    'no-show': 'idle',
    transfer: 'idle',
    'call-ticket': true,
    pause: true,
    resume: 'not-paused',
  },
  'idle, nobody waiting': {
    'call-next': 'nobody-waiting',
    recall: 'idle',
    start: 'idle',
    finish: 'idle',
    'no-show': 'idle',
    transfer: 'idle',
    'call-ticket': 'nobody-waiting',
    pause: true,
    resume: 'not-paused',
  },
  'called once, just now': {
    'call-next': 'busy',
    recall: true,
    start: true,
    finish: true,
    'no-show': 'no-show-too-early',
    transfer: true,
    'call-ticket': 'busy',
    pause: true,
    resume: 'not-paused',
  },
  'called twice': {
    'call-next': 'busy',
    recall: true,
    start: true,
    finish: true,
    'no-show': true,
    transfer: true,
    'call-ticket': 'busy',
    pause: true,
    resume: 'not-paused',
  },
  'called once, long ago': {
    'call-next': 'busy',
    recall: true,
    start: true,
    finish: true,
    'no-show': true,
    transfer: true,
    'call-ticket': 'busy',
    pause: true,
    resume: 'not-paused',
  },
  serving: {
    'call-next': 'busy',
    recall: 'already-serving',
    start: 'already-serving',
    finish: true,
    'no-show': 'already-serving',
    transfer: true,
    'call-ticket': 'busy',
    pause: true,
    resume: 'not-paused',
  },
  'paused, idle': {
    'call-next': 'paused',
    recall: 'idle',
    start: 'idle',
    finish: 'idle',
    'no-show': 'idle',
    transfer: 'idle',
    'call-ticket': 'paused',
    pause: 'paused',
    resume: true,
  },
  'paused with a called ticket': {
    'call-next': 'paused',
    recall: true,
    start: true,
    finish: true,
    'no-show': true,
    transfer: true,
    'call-ticket': 'paused',
    pause: 'paused',
    resume: true,
  },
  'stale ended ticket': {
    'call-next': true,
    recall: 'idle',
    start: 'idle',
    finish: 'idle',
    'no-show': 'idle',
    transfer: 'idle',
    'call-ticket': true,
    pause: true,
    resume: 'not-paused',
  },
};

describe('counter actions: every terminal state × every action', () => {
  for (const [name, state] of Object.entries(TERMINAL_STATES)) {
    it(name, () => {
      const got = Object.fromEntries(
        COUNTER_ACTIONS.map((a) => {
          const av = availability(a, state);
          return [a, av.enabled ? true : av.reason];
        }),
      );
      expect(got).toEqual(EXPECTED[name]);
    });
  }

  it('availabilityOfAll agrees with availability', () => {
    const state = TERMINAL_STATES['called once, just now']!;
    const every = availabilityOfAll(state);
    for (const a of COUNTER_ACTIONS) expect(every[a]).toEqual(availability(a, state));
  });
});

describe('disabled reasons', () => {
  const REASONS: DisabledReason[] = [
    'offline',
    'not-signed-in',
    'window-disabled',
    'pending',
    'paused',
    'not-paused',
    'busy',
    'idle',
    'nobody-waiting',
    'already-serving',
    'no-show-too-early',
  ];

  it('every reason is reached by some state in the table', () => {
    const reached = new Set<string>();
    for (const row of Object.values(EXPECTED))
      for (const v of Object.values(row)) if (v !== true) reached.add(v);
    expect([...reached].sort()).toEqual([...REASONS].sort());
  });

  it('every reason has Chinese and English text for the hover', () => {
    const state = TERMINAL_STATES['called once, just now']!;
    for (const reason of REASONS) {
      const text = reasonText(reason, state);
      expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en).toMatch(/[a-z]/);
    }
  });

  it('a disabled action carries its text; busy names the ticket', () => {
    const av = availability('call-next', TERMINAL_STATES['called once, just now']!);
    expect(av).toEqual({
      enabled: false,
      reason: 'busy',
      detail: { zh: '请先办结或过号 A001', en: 'Finish A001 or mark it no-show first' },
    });
  });

  it('no-show too early says how long is left, and opens exactly at the configured wait', () => {
    const state = withTicket({});
    expect(noShowWaitLeftSeconds(state)).toBe(110);
    expect(reasonText('no-show-too-early', state).zh).toContain('还需 110 秒');
    expect(availability('no-show', { ...state, now: T0 + 119_999 }).enabled).toBe(false);
    expect(availability('no-show', { ...state, now: T0 + 120_000 }).enabled).toBe(true);
    expect(noShowWaitLeftSeconds(base)).toBe(120);
  });

  it('offline wins over everything else', () => {
    const state: TerminalState = { ...TERMINAL_STATES['paused, idle']!, connected: false, pending: 'pause' };
    for (const a of COUNTER_ACTIONS) expect(availability(a, state)).toMatchObject({ reason: 'offline' });
  });
});

describe('keyboard shortcuts', () => {
  it('each action has its own key and the key finds it back', () => {
    const keys = COUNTER_ACTIONS.map((a) => ACTION_LABELS[a].key);
    expect(new Set(keys).size).toBe(COUNTER_ACTIONS.length);
    for (const a of COUNTER_ACTIONS) expect(actionForKey(ACTION_LABELS[a].key)).toBe(a);
    expect(actionForKey('Enter')).toBeNull();
  });
});

describe('what the screen says about disabled actions', () => {
  it('groups every disabled action under its reason, in button order, and leaves enabled ones out', () => {
    for (const [name, state] of Object.entries(TERMINAL_STATES)) {
      const all = availabilityOfAll(state);
      const groups = disabledGroups(all);
      const listed = groups.flatMap((g) => g.actions);
      const disabled = COUNTER_ACTIONS.filter((a) => !all[a].enabled);
      expect([...listed].sort(), name).toEqual([...disabled].sort());
      expect(new Set(groups.map((g) => g.reason)).size, name).toBe(groups.length);
      for (const g of groups) {
        expect(g.actions, name).toEqual(COUNTER_ACTIONS.filter((a) => g.actions.includes(a)));
        expect(g.detail, name).toEqual(reasonText(g.reason, state));
      }
    }
  });

  it('a called ticket: the no-show rule and the seconds left are one line of its own', () => {
    const groups = disabledGroups(availabilityOfAll(TERMINAL_STATES['called once, just now']!));
    const noShow = groups.find((g) => g.reason === 'no-show-too-early');
    expect(noShow?.actions).toEqual(['no-show']);
    expect(noShow?.detail.zh).toBe('需呼叫 2 次或首次呼叫后等候 120 秒（还需 110 秒）');
    expect(groups.find((g) => g.reason === 'busy')?.actions).toEqual(['call-next', 'call-ticket']);
  });

  it('names the actions in both languages, and all of them at once as 全部操作', () => {
    expect(actionListText(['recall', 'finish'])).toEqual({ zh: '重呼、办结', en: 'Recall, Finish' });
    expect(actionListText(COUNTER_ACTIONS)).toEqual({ zh: '全部操作', en: 'All actions' });
    const offline = disabledGroups(availabilityOfAll(TERMINAL_STATES.offline!));
    expect(offline).toHaveLength(1);
    expect(actionListText(offline[0]!.actions).zh).toBe('全部操作');
  });

  it('a refused key names the key, the action and the reason', () => {
    const detail = reasonText('idle', base);
    expect(refusedActionText('finish', detail)).toEqual({
      zh: 'F4 办结未执行：当前没有号',
      en: 'F4 Finish not done: No current ticket',
    });
  });

  it('a key behind a dialog says how to go on', () => {
    const text = keyBehindDialogText('start');
    expect(text.zh).toBe('F3 开始办理未执行：请先完成本对话框（Enter 确定，Esc 取消）');
    expect(text.en).toContain('Esc cancels');
  });
});
