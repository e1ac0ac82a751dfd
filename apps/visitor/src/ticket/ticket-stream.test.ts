import type { TicketPageView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { storedLanguage, storeLanguage } from '../language-choice.ts';
import { outcomeOf } from './rating-outcome.ts';
import {
  type EventSourceLike,
  followTicket,
  parseView,
  REOPEN_AFTER_MS,
  type StreamState,
} from './ticket-stream.ts';

const view = (over: Partial<TicketPageView> = {}): TicketPageView => ({
  number: 'A007',
  service: { zh: '业务1', en: 'Service 1' },
  waitingArea: { zh: '一楼', en: 'Floor 1' },
  hallName: { zh: '大厅', en: 'Hall' },
  state: 'waiting',
  peopleAhead: 3,
  estimatedWaitMs: 600_000,
  window: null,
  callCount: 0,
  rating: null,
  live: true,
  at: 1,
  ...over,
});

/** An EventSource the test drives: it delivers events and errors, and says whether the page closed it. */
function fakeSource() {
  const listeners: ((event: MessageEvent<string>) => void)[] = [];
  const source: EventSourceLike & { closed: boolean; state: number } = {
    closed: false,
    state: 0,
    get readyState() {
      return this.state;
    },
    addEventListener: (_type, listener) => listeners.push(listener),
    onopen: null,
    onerror: null,
    close() {
      this.closed = true;
      this.state = 2;
    },
  };
  return {
    source,
    send: (data: string) => {
      for (const l of listeners) l({ data } as MessageEvent<string>);
    },
    fail: (state: number) => {
      source.state = state;
      source.onerror?.call(source as unknown as EventSource, new Event('error'));
    },
  };
}

function follow(answerStatus = 404) {
  let fake = fakeSource();
  const states: StreamState[] = [];
  const opened: string[] = [];
  const asked: string[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const stop = followTicket({
    token: 'AbCdEfGhIjKlMnOpQrStUvWx',
    open: (url) => {
      opened.push(url);
      if (opened.length > 1) fake = fakeSource();
      return fake.source;
    },
    fetchView: async (url) => {
      asked.push(url);
      return { status: answerStatus };
    },
    onState: (s) => states.push(s),
    later: (run, ms) => timers.push({ run, ms }),
  });
  return { fake: () => fake, states, opened, asked, timers, stop };
}

const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('following a ticket', () => {
  it('opens the ticket’s stream and shows each view it sends', () => {
    const { fake, states, opened } = follow();
    expect(opened).toEqual(['/t/AbCdEfGhIjKlMnOpQrStUvWx/events']);
    fake().send(JSON.stringify(view()));
    fake().send(JSON.stringify(view({ peopleAhead: 2 })));
    expect(states.map((s) => (s.kind === 'live' ? s.view.peopleAhead : s.kind))).toEqual([3, 2]);
    expect(fake().source.closed).toBe(false);
  });

  it('stops listening once the ticket ended (no reconnecting for ever), and ignores what comes after', () => {
    const { fake, states } = follow();
    fake().send(JSON.stringify(view({ state: 'done', live: false, peopleAhead: null })));
    expect(fake().source.closed).toBe(true);
    fake().send(JSON.stringify(view({ state: 'waiting' })));
    expect(states).toHaveLength(1);
  });

  it('says the connection is lost while the browser reconnects, keeping the last view', () => {
    const { fake, states } = follow();
    fake().send(JSON.stringify(view()));
    fake().fail(0);
    expect(states.at(-1)).toMatchObject({ kind: 'live', connected: false, view: { peopleAhead: 3 } });
    fake().send(JSON.stringify(view({ peopleAhead: 1 })));
    expect(states.at(-1)).toMatchObject({ kind: 'live', connected: true, view: { peopleAhead: 1 } });
  });

  it('shows "not found" when the hub refuses the stream and the view is 404', async () => {
    const { fake, states, asked } = follow(404);
    fake().fail(2);
    await settle();
    expect(asked).toEqual(['/t/AbCdEfGhIjKlMnOpQrStUvWx/view']);
    expect(states).toEqual([{ kind: 'not-found' }]);
  });

  it('opens the stream again a little later when the hub refused it for another reason (busy, restarting)', async () => {
    const { fake, states, opened, timers } = follow(503);
    fake().send(JSON.stringify(view()));
    fake().fail(2);
    await settle();
    expect(states.at(-1)).toMatchObject({ kind: 'live', connected: false });
    expect(timers.map((t) => t.ms)).toEqual([REOPEN_AFTER_MS]);
    timers[0]!.run();
    expect(opened).toHaveLength(2);
    fake().send(JSON.stringify(view({ peopleAhead: 1 })));
    expect(states.at(-1)).toMatchObject({ kind: 'live', connected: true, view: { peopleAhead: 1 } });
  });

  it('does not open again once stopped (the page went away)', async () => {
    const { fake, opened, timers, stop } = follow(503);
    fake().fail(2);
    await settle();
    stop();
    timers[0]!.run();
    expect(opened).toHaveLength(1);
  });

  it('takes only views it understands', () => {
    expect(parseView('{')).toBeNull();
    expect(parseView('null')).toBeNull();
    expect(parseView(JSON.stringify({ number: 'A1' }))).toBeNull();
    expect(parseView(JSON.stringify(view()))).toEqual(view());
  });
});

describe('the rating’s answer', () => {
  it('reads the hub’s answers', () => {
    expect(outcomeOf(200, undefined)).toBe('thanks');
    expect(outcomeOf(409, 'ALREADY_RATED')).toBe('already');
    expect(outcomeOf(409, 'RATING_CLOSED')).toBe('closed');
    expect(outcomeOf(429, undefined)).toBe('failed');
    expect(outcomeOf(400, 'INVALID')).toBe('failed');
  });
});

describe('the language', () => {
  it('is Chinese unless English was chosen on this phone, and survives a refusing storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(storedLanguage(storage)).toBe('zh');
    storeLanguage(storage, 'en');
    expect(storedLanguage(storage)).toBe('en');
    const refusing = {
      getItem: () => {
        throw new Error('private mode');
      },
      setItem: () => {
        throw new Error('private mode');
      },
    };
    expect(storedLanguage(refusing)).toBe('zh');
    expect(() => storeLanguage(refusing, 'en')).not.toThrow();
    expect(storedLanguage(null)).toBe('zh');
  });
});
