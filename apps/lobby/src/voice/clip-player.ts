import type { Announcement, SpeechToken } from './announcement.ts';
import type { AnnouncementPlayer, QueueTimers } from './announcement-queue.ts';
import type { VoicePackManifest } from './voice-pack.ts';

/** A decoded clip: all the player needs to know about it is how long it lasts. */
export interface DecodedClip {
  /** Seconds at playback rate 1. */
  readonly duration: number;
}

/** The audio device as the player uses it; `webAudioOutput` adapts an `AudioContext`. */
export interface AudioOutput {
  /** The audio clock, in seconds. */
  now(): number;
  decode(data: ArrayBuffer): Promise<DecodedClip>;
  /** False while the device is suspended (its clock stands still): the player then stops waiting for it. */
  running?(): boolean;
  /** Plays `clip` at audio time `at` (seconds), `rate` times faster than recorded. */
  schedule(clip: DecodedClip, at: number, rate: number): void;
}

export interface ClipPlayerOptions {
  readonly output: AudioOutput;
  readonly manifest: VoicePackManifest;
  /** Reads a clip file (path relative to the manifest). */
  readonly load: (file: string) => Promise<ArrayBuffer>;
  readonly timers: QueueTimers;
  /** Time compression for demos and tests: clips and pauses play this many times faster (default 1). */
  readonly speed?: number;
  /** Lead time before the first clip, so the first one is not clipped (default 0.05 s). */
  readonly leadSeconds?: number;
  /** A clip the pack lacks or that failed to load/decode; it is skipped. */
  readonly onClipProblem?: (key: string, problem: string) => void;
}

export interface ClipPlayer extends AnnouncementPlayer {
  /** Loads and decodes clips ahead of the first call. */
  preload(keys: readonly string[]): Promise<void>;
  /** Decoded clips held (bounded by the pack's clip count). */
  cachedClips(): number;
}

/**
 * Says an announcement by scheduling its clips back to back on the audio clock: each starts exactly where the
 * previous one ends, so there are no gaps between them (unlike `<audio>` elements chained on `ended` events).
 * Resolves when the audio clock has passed the end of the last clip.
 */
export function createClipPlayer(options: ClipPlayerOptions): ClipPlayer {
  const { output, manifest, timers } = options;
  const speed = options.speed ?? 1;
  const lead = options.leadSeconds ?? 0.05;
  /** One entry per clip key at most: the pack's size bounds it. A failed load is not cached. */
  const clips = new Map<string, Promise<DecodedClip | null>>();

  const clipOf = (key: string): Promise<DecodedClip | null> => {
    const cached = clips.get(key);
    if (cached) return cached;
    const file = manifest.clips[key];
    if (file === undefined) {
      options.onClipProblem?.(key, 'not in the voice pack');
      return Promise.resolve(null);
    }
    const loading = options
      .load(file)
      .then((data) => output.decode(data))
      .catch((error: unknown) => {
        clips.delete(key);
        options.onClipProblem?.(key, error instanceof Error ? error.message : String(error));
        return null;
      });
    clips.set(key, loading);
    return loading;
  };

  const waitUntil = (end: number): Promise<void> =>
    new Promise((resolve) => {
      const check = () => {
        const left = end - output.now();
        if (left <= 0 || output.running?.() === false) resolve();
        else timers.setTimeout(check, Math.max(1, Math.ceil(left * 1000)));
      };
      check();
    });

  return {
    async preload(keys) {
      await Promise.all(keys.map(clipOf));
    },
    cachedClips: () => clips.size,
    async play(announcement: Announcement) {
      const steps: { token: SpeechToken; clip: DecodedClip | null }[] = await Promise.all(
        announcement.tokens.map(async (token) => ({
          token,
          clip: token.kind === 'clip' ? await clipOf(token.key) : null,
        })),
      );
      let at = output.now() + lead;
      for (const { token, clip } of steps) {
        if (token.kind === 'pause') at += token.ms / 1000 / speed;
        else if (clip !== null) {
          output.schedule(clip, at, speed);
          at += clip.duration / speed;
        }
      }
      await waitUntil(at);
    },
  };
}

/** About how long an announcement takes to say, for the silent player: 0.4 s a clip plus the pauses. */
export function estimatedSpeechMs(announcement: Announcement): number {
  return announcement.tokens.reduce((sum, t) => sum + (t.kind === 'pause' ? t.ms : 400), 0);
}

/**
 * Says nothing, but takes as long as saying would: used when sound is off, not yet enabled, or the voice pack is
 * missing, so the screen still highlights each call in turn for as long as it would be heard.
 */
export function createSilentPlayer(options: {
  timers: QueueTimers;
  speed?: number;
  minMs?: number;
}): AnnouncementPlayer {
  const speed = options.speed ?? 1;
  const minMs = options.minMs ?? 2500;
  return {
    play: (announcement) =>
      new Promise<void>((resolve) => {
        options.timers.setTimeout(resolve, Math.max(minMs, estimatedSpeechMs(announcement)) / speed);
      }),
  };
}
