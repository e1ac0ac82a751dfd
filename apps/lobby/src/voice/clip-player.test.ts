import type { CallAnnouncement } from '@hallq/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAnnouncement } from './announcement.ts';
import type { QueueTimers } from './announcement-queue.ts';
import { type AudioOutput, createClipPlayer, createSilentPlayer, type DecodedClip } from './clip-player.ts';
import { clipCatalog } from './clips.ts';
import { missingClips, parseVoicePackManifest, type VoicePackManifest } from './voice-pack.ts';

const call: CallAnnouncement = {
  ticketId: 't-1',
  ticketNumber: 'A001',
  serviceId: 'svc-1',
  windowId: 'w3',
  windowNumber: 3,
  zone: '1F',
  calledAt: 0,
  callCount: 1,
  recall: false,
};

const timers: QueueTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (h) => clearTimeout(h as number),
};

/** An audio device on the fake clock; every clip lasts 0.5 s; records what was scheduled when. */
function fakeOutput() {
  const scheduled: { file: string; at: number; rate: number }[] = [];
  const start = Date.now();
  const output: AudioOutput = {
    now: () => (Date.now() - start) / 1000,
    decode: async (data) => ({ duration: 0.5, file: new TextDecoder().decode(data) }) as DecodedClip,
    schedule: (clip, at, rate) =>
      scheduled.push({ file: (clip as DecodedClip & { file: string }).file, at, rate }),
  };
  return { output, scheduled };
}

const manifest = (): VoicePackManifest => {
  const parsed = parseVoicePackManifest({
    format: 'hallq-voice-pack/1',
    name: 'test',
    generator: 'test',
    phrases: { recall: { zh: '重复呼叫', en: 'Calling again' } },
    clips: Object.fromEntries(clipCatalog().map((c) => [c.key, `${c.key}.wav`])),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join());
  return parsed.manifest;
};

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('clip player', () => {
  it('schedules clips back to back on the audio clock, with the pauses, and resolves after the last', async () => {
    const { output, scheduled } = fakeOutput();
    const loads: string[] = [];
    const player = createClipPlayer({
      output,
      manifest: manifest(),
      load: async (file) => {
        loads.push(file);
        return new TextEncoder().encode(file).buffer as ArrayBuffer;
      },
      timers,
      leadSeconds: 0.1,
    });
    let done = false;
    const playing = player.play(buildAnnouncement(call, { repeat: 2, gapMs: 600 })).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduled).toHaveLength(20);
    expect(scheduled[0]).toEqual({ file: 'zh.please.wav', at: 0.1, rate: 1 });
    // Gap-free: each clip starts where the previous one ends (0.5 s), the pause only between the two sayings.
    for (let i = 1; i < 10; i += 1) expect(scheduled[i]!.at).toBeCloseTo(0.1 + i * 0.5);
    expect(scheduled[10]!.at).toBeCloseTo(0.1 + 10 * 0.5 + 0.6);
    expect(loads.filter((f) => f === 'zh.digit.0.wav')).toHaveLength(1); // decoded once, used four times
    await vi.advanceTimersByTimeAsync(10_000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(900);
    await playing;
    expect(done).toBe(true);
    expect(player.cachedClips()).toBe(9);
  });

  it('plays faster with speed, skips clips the pack lacks and reports them', async () => {
    const { output, scheduled } = fakeOutput();
    const full = manifest();
    const { 'zh.proceed': _gone, ...clips } = full.clips;
    const problems: string[] = [];
    const player = createClipPlayer({
      output,
      manifest: { ...full, clips },
      load: async (file) => new TextEncoder().encode(file).buffer as ArrayBuffer,
      timers,
      speed: 4,
      leadSeconds: 0,
      onClipProblem: (key, problem) => problems.push(`${key}: ${problem}`),
    });
    const playing = player.play(buildAnnouncement(call, { repeat: 1 }));
    await vi.advanceTimersByTimeAsync(2000);
    await playing;
    expect(scheduled.map((s) => s.file)).not.toContain('zh.proceed.wav');
    expect(scheduled).toHaveLength(9);
    expect(scheduled[1]!.at).toBeCloseTo(0.125);
    expect(scheduled.every((s) => s.rate === 4)).toBe(true);
    expect(problems).toEqual(['zh.proceed: not in the voice pack']);
  });

  it('goes on without a clip that fails to load, and tries it again next time', async () => {
    const { output, scheduled } = fakeOutput();
    let fail = true;
    const player = createClipPlayer({
      output,
      manifest: manifest(),
      load: async (file) => {
        if (file === 'zh.to.wav' && fail) throw new Error('404');
        return new TextEncoder().encode(file).buffer as ArrayBuffer;
      },
      timers,
    });
    const first = player.play(buildAnnouncement(call, { repeat: 1 }));
    await vi.advanceTimersByTimeAsync(6000);
    await first;
    expect(scheduled.map((s) => s.file)).not.toContain('zh.to.wav');
    fail = false;
    const second = player.play(buildAnnouncement(call, { repeat: 1 }));
    await vi.advanceTimersByTimeAsync(6000);
    await second;
    expect(scheduled.map((s) => s.file)).toContain('zh.to.wav');
  });
});

describe('silent player', () => {
  it('takes as long as the speech would, at least minMs, divided by speed', async () => {
    const player = createSilentPlayer({ timers, minMs: 1000, speed: 2 });
    let done = false;
    void player.play(buildAnnouncement(call, { repeat: 1 })).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(1999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true); // 10 clips × 400 ms / 2
  });
});

describe('voice pack manifest', () => {
  it('accepts a good manifest and lists missing clips', () => {
    const m = manifest();
    expect(missingClips(m, ['zh.please', 'zh.unknown'])).toEqual(['zh.unknown']);
  });

  it('refuses bad ones with reasons, and paths that climb out of the pack', () => {
    expect(parseVoicePackManifest(null)).toEqual({ ok: false, problems: ['manifest is not an object'] });
    const bad = parseVoicePackManifest({ format: 'x', name: '', clips: { a: '../../etc/passwd', b: 3 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems).toEqual([
        'format must be "hallq-voice-pack/1"',
        'name is missing',
        'clip a: bad file name',
        'clip b: bad file name',
      ]);
    }
  });

  it('uses the default recall phrase when the pack names none', () => {
    const parsed = parseVoicePackManifest({ format: 'hallq-voice-pack/1', name: 'n', clips: {} });
    expect(parsed.ok && parsed.manifest.phrases.recall).toEqual({ zh: '重复呼叫', en: 'Calling again' });
  });
});
