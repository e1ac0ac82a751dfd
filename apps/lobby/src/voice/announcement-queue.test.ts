import type { CallAnnouncement } from '@hallq/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Announcement, buildAnnouncement } from './announcement.ts';
import {
  type AnnouncementPlayer,
  type AnnouncementQueue,
  createAnnouncementQueue,
  initialQueueState,
  queueTransition,
} from './announcement-queue.ts';

const call = (n: number, over: Partial<CallAnnouncement> = {}): CallAnnouncement => ({
  ticketId: `t-${n}`,
  ticketNumber: `A${String(n).padStart(3, '0')}`,
  serviceId: 'svc-1',
  windowId: `w${(n % 4) + 1}`,
  windowNumber: (n % 4) + 1,
  zone: '1F',
  calledAt: n,
  callCount: 1,
  recall: false,
  ...over,
});
const announce = (n: number, over: Partial<CallAnnouncement> = {}) => buildAnnouncement(call(n, over));

/** A player that takes `ms` of (fake) time per announcement and records overlaps. */
function timedPlayer(ms: number) {
  const said: string[] = [];
  let active = 0;
  let maxActive = 0;
  const player: AnnouncementPlayer = {
    play: (a: Announcement) =>
      new Promise<void>((resolve) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        setTimeout(() => {
          active -= 1;
          said.push(a.text);
          resolve();
        }, ms);
      }),
  };
  return { player, said, maxActive: () => maxActive };
}

let queue: AnnouncementQueue | undefined;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  queue?.dispose();
  queue = undefined;
  vi.useRealTimers();
});

const start = (player: AnnouncementPlayer, extra: { dedupeMs?: number; maxPlayMs?: number } = {}) => {
  queue = createAnnouncementQueue({
    player,
    clock: () => Date.now(),
    timers: { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as number) },
    settings: { dedupeMs: extra.dedupeMs ?? 10_000 },
    ...(extra.maxPlayMs === undefined ? {} : { maxPlayMs: extra.maxPlayMs }),
  });
  return queue;
};

describe('queueTransition (pure)', () => {
  it('starts the first announcement at once and queues the rest in order', () => {
    const a = announce(1);
    const b = announce(2);
    const first = queueTransition(initialQueueState, { type: 'enqueue', announcement: a, now: 0 });
    expect(first.effects.map((e) => e.type)).toEqual(['record', 'play', 'record']);
    expect(first.state.playing?.announcement.id).toBe(a.id);
    const second = queueTransition(first.state, { type: 'enqueue', announcement: b, now: 1 });
    expect(second.effects).toEqual([{ type: 'record', announcement: b, outcome: 'queued', at: 1 }]);
    expect(second.state.pending.map((x) => x.id)).toEqual([b.id]);
    const done = queueTransition(second.state, { type: 'finished', id: a.id, now: 5, outcome: 'said' });
    expect(done.effects.filter((e) => e.type === 'play').map((e) => e.announcement.id)).toEqual([b.id]);
  });

  it('ignores a finish for what is not playing', () => {
    const a = announce(1);
    const s = queueTransition(initialQueueState, { type: 'enqueue', announcement: a, now: 0 }).state;
    const r = queueTransition(s, { type: 'finished', id: 'other', now: 1, outcome: 'said' });
    expect(r.effects).toEqual([]);
    expect(r.state.playing?.announcement.id).toBe(a.id);
  });

  it('keeps at most maxPending and says so', () => {
    let state = initialQueueState;
    const outcomes: string[] = [];
    for (let n = 1; n <= 5; n += 1) {
      const r = queueTransition(
        state,
        { type: 'enqueue', announcement: announce(n), now: n },
        { dedupeMs: 1000, maxPending: 2 },
      );
      state = r.state;
      for (const e of r.effects)
        if (e.type === 'record') outcomes.push(`${e.announcement.call.ticketNumber}:${e.outcome}`);
    }
    expect(state.pending.map((a) => a.call.ticketNumber)).toEqual(['A004', 'A005']);
    expect(outcomes).toContain('A002:overflow');
    expect(outcomes).toContain('A003:overflow');
  });
});

describe('createAnnouncementQueue', () => {
  it('says calls in arrival order, never two at once', async () => {
    const p = timedPlayer(4000);
    const q = start(p.player);
    q.enqueue(announce(1));
    q.enqueue(announce(2));
    q.enqueue(announce(3));
    expect(q.current()?.call.ticketNumber).toBe('A001');
    expect(q.pending().map((a) => a.call.ticketNumber)).toEqual(['A002', 'A003']);
    await vi.advanceTimersByTimeAsync(4000);
    expect(q.current()?.call.ticketNumber).toBe('A002');
    await vi.advanceTimersByTimeAsync(8000);
    expect(p.said).toEqual([
      '请 A001 号 到 2 号窗口 办理',
      '请 A002 号 到 3 号窗口 办理',
      '请 A003 号 到 4 号窗口 办理',
    ]);
    expect(p.maxActive()).toBe(1);
    expect(q.current()).toBeNull();
  });

  it('announces a burst of 20 calls in one second one after another, dropping none', async () => {
    const p = timedPlayer(3000);
    const q = start(p.player);
    for (let n = 1; n <= 20; n += 1) {
      q.enqueue(announce(n));
      await vi.advanceTimersByTimeAsync(50);
    }
    const highlighted: string[] = [];
    const unsubscribe = q.subscribe(() => {
      const now = q.current()?.call.ticketNumber;
      if (now && highlighted.at(-1) !== now) highlighted.push(now);
    });
    await vi.advanceTimersByTimeAsync(20 * 3000);
    unsubscribe();
    const numbers = Array.from({ length: 20 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);
    expect(p.said.map((t) => t.split(' ')[1])).toEqual(numbers);
    expect(p.maxActive()).toBe(1);
    // Each call is "current" (highlighted) while it is said.
    expect(highlighted).toEqual(numbers.slice(1));
    const outcomes = q.log().filter((e) => e.outcome === 'said');
    expect(outcomes).toHaveLength(20);
  });

  it('drops a recall of a call still waiting to be said', async () => {
    const p = timedPlayer(3000);
    const q = start(p.player);
    q.enqueue(announce(1));
    q.enqueue(announce(2));
    q.enqueue(announce(2, { recall: true, callCount: 2 }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(p.said).toHaveLength(2);
    expect(q.log().find((e) => e.id === 't-2#2')?.outcome).toBe('duplicate');
  });

  it('drops a recall within the dedupe window after the call was said, and says one after it', async () => {
    const p = timedPlayer(3000);
    const q = start(p.player, { dedupeMs: 10_000 });
    q.enqueue(announce(1));
    await vi.advanceTimersByTimeAsync(5000);
    q.enqueue(announce(1, { recall: true, callCount: 2 }));
    expect(q.current()).toBeNull();
    await vi.advanceTimersByTimeAsync(6000); // 11 s after the call started
    q.enqueue(announce(1, { recall: true, callCount: 3 }));
    expect(q.current()?.text).toBe('重复呼叫 请 A001 号 到 2 号窗口 办理');
    await vi.advanceTimersByTimeAsync(3000);
    expect(p.said).toEqual(['请 A001 号 到 2 号窗口 办理', '重复呼叫 请 A001 号 到 2 号窗口 办理']);
  });

  it('says a recall of the same ticket at another window (a transfer), and ignores an exact repeat', async () => {
    const p = timedPlayer(1000);
    const q = start(p.player);
    q.enqueue(announce(1));
    q.enqueue(announce(1));
    q.enqueue(announce(1, { recall: true, callCount: 2, windowId: 'w9', windowNumber: 9 }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(p.said).toEqual(['请 A001 号 到 2 号窗口 办理', '重复呼叫 请 A001 号 到 9 号窗口 办理']);
  });

  it('goes on after a player that fails or hangs', async () => {
    let n = 0;
    const errors: unknown[] = [];
    const player: AnnouncementPlayer = {
      play: () => {
        n += 1;
        if (n === 1) return Promise.reject(new Error('decode failed'));
        if (n === 2) return new Promise<void>(() => undefined); // never settles
        return Promise.resolve();
      },
    };
    queue = createAnnouncementQueue({
      player,
      clock: () => Date.now(),
      timers: {
        setTimeout: (run, ms) => setTimeout(run, ms),
        clearTimeout: (h) => clearTimeout(h as number),
      },
      maxPlayMs: 30_000,
      onError: (_a, error) => errors.push(error),
    });
    queue.enqueue(announce(1));
    queue.enqueue(announce(2));
    queue.enqueue(announce(3));
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.current()?.call.ticketNumber).toBe('A002');
    await vi.advanceTimersByTimeAsync(30_000);
    const ended = queue.log().filter((e) => ['said', 'failed', 'timeout'].includes(e.outcome));
    expect(ended.map((e) => `${e.ticketNumber}:${e.outcome}`)).toEqual([
      'A001:failed',
      'A002:timeout',
      'A003:said',
    ]);
    expect(errors).toHaveLength(1);
  });

  it('keeps a bounded log and forgets old dedupe entries (runs for weeks)', async () => {
    const p = timedPlayer(10);
    queue = createAnnouncementQueue({
      player: p.player,
      clock: () => Date.now(),
      timers: {
        setTimeout: (run, ms) => setTimeout(run, ms),
        clearTimeout: (h) => clearTimeout(h as number),
      },
      logLimit: 50,
      settings: { dedupeMs: 100 },
    });
    for (let n = 1; n <= 300; n += 1) {
      queue.enqueue(announce(n));
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(p.said).toHaveLength(300);
    expect(queue.log()).toHaveLength(50);
    expect(queue.counts()).toMatchObject({ queued: 300, started: 300, said: 300, duplicate: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
