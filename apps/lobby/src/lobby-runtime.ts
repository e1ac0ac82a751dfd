import { createHubClient, createStore, type HubClient, type ReadableStore } from '@hallq/client';
import type { CallAnnouncement } from '@hallq/protocol';
import { boundedSet, callId, callInZone, unseenCalls } from './model/lobby-model.ts';
import type { LobbyOptions } from './model/lobby-options.ts';
import { type Announcement, buildAnnouncement } from './voice/announcement.ts';
import {
  type AnnouncementPlayer,
  type AnnouncementQueue,
  createAnnouncementQueue,
  type QueueLogEntry,
  type QueueOutcome,
  type QueueTimers,
} from './voice/announcement-queue.ts';
import { type ClipPlayer, createClipPlayer, createSilentPlayer } from './voice/clip-player.ts';
import { parseVoicePackManifest, type VoicePackManifest } from './voice/voice-pack.ts';
import { webAudioOutput } from './web-audio-output.ts';

/**
 * - `off`: display only (the address said `sound=off`);
 * - `locked`: the browser holds sound back until someone clicks once (not in the Electron shell);
 * - `loading`: reading the voice pack; `ready`: calls are heard;
 * - `no-pack`: the voice pack is missing or broken: calls are shown, not heard.
 */
export type SoundState = 'off' | 'locked' | 'loading' | 'ready' | 'no-pack';

export interface SpeechState {
  /** The announcement being said now (highlighted on screen). */
  readonly current: Announcement | null;
  readonly pending: number;
  /** When the last announcement ended (local clock), for the highlight that lingers after it. */
  readonly lastEndedAt: number;
  readonly lastAnnouncement: Announcement | null;
}

/** What the e2e tests (and a technician with the devtools) can read on `window.__hallqLobby`. */
export interface LobbyProbe {
  log(): readonly QueueLogEntry[];
  counts(): Readonly<Record<QueueOutcome, number>>;
  current(): string | null;
  pending(): number;
  sound(): SoundState;
  zone(): string | null;
  connection(): string;
  clipProblems(): readonly string[];
}

export interface LobbyRuntime {
  readonly client: HubClient;
  readonly speech: ReadableStore<SpeechState>;
  readonly sound: ReadableStore<SoundState>;
  /** Local time minus hub time, from the last snapshot: the clock shows the hub's time. */
  readonly hubClockOffset: () => number;
  /** The click that lets a browser play sound. */
  enableSound(): void;
  readonly probe: LobbyProbe;
  dispose(): void;
}

const timers: QueueTimers = {
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

/** Calls made while the display was away are still said if they are at most this old when it is back. */
const CATCH_UP_MS = 120_000;

export function startLobbyRuntime(deps: {
  hubUrl: string;
  deviceToken: string;
  options: LobbyOptions;
  packBaseUrl: string;
}): LobbyRuntime {
  const { options } = deps;
  const client = createHubClient({ url: deps.hubUrl, auth: { deviceToken: deps.deviceToken } });
  const sound = createStore<SoundState>(options.sound === 'off' ? 'off' : 'loading');
  const speech = createStore<SpeechState>({
    current: null,
    pending: 0,
    lastEndedAt: 0,
    lastAnnouncement: null,
  });
  const clipProblems: string[] = [];
  let manifest: VoicePackManifest | null = null;
  let clipPlayer: ClipPlayer | null = null;
  let context: AudioContext | null = null;
  let offset = 0;

  const silent = createSilentPlayer({ timers, speed: options.speed });
  const player: AnnouncementPlayer = {
    play: (a) => (sound.get() === 'ready' && clipPlayer !== null ? clipPlayer.play(a) : silent.play(a)),
  };
  const queue: AnnouncementQueue = createAnnouncementQueue({
    player,
    clock: () => Date.now(),
    timers,
    onError: (a, error) => console.warn(`[lobby] could not say ${a.text}:`, error),
  });
  const unsubscribeQueue = queue.subscribe(() => {
    const before = speech.get();
    const current = queue.current();
    const ended = before.current !== null && before.current !== current;
    speech.set({
      current,
      pending: queue.pending().length,
      lastEndedAt: ended ? Date.now() : before.lastEndedAt,
      lastAnnouncement: current ?? before.lastAnnouncement,
    });
  });

  const recallPhrase = () => manifest?.phrases.recall ?? { zh: '重复呼叫', en: 'Calling again' };
  const announce = (call: CallAnnouncement) =>
    queue.enqueue(
      buildAnnouncement(call, {
        repeat: options.repeat,
        english: options.english,
        recallPhrase: recallPhrase(),
      }),
    );

  // ---- calls -----------------------------------------------------------------------------------------------
  const seen = boundedSet(500);
  let firstSnapshot = true;
  const zone = () => client.view()?.viewer?.zone ?? null;
  const unsubscribeCalls = client.onCall((call) => {
    seen.add(callId(call));
    if (callInZone(call, zone())) announce(call);
  });
  const unsubscribeView = client.subscribe((view, change) => {
    if (change !== 'snapshot') return;
    offset = Date.now() - view.serverTime;
    if (firstSnapshot) {
      firstSnapshot = false;
      for (const call of view.recentCalls) seen.add(callId(call));
      return;
    }
    for (const call of unseenCalls(view, seen.view(), CATCH_UP_MS)) {
      seen.add(callId(call));
      announce(call);
    }
  });

  // ---- sound -----------------------------------------------------------------------------------------------
  const packUrl = `${deps.packBaseUrl}${options.pack}/`;
  const settleSound = () => {
    if (sound.get() === 'off' || manifest === null || context === null) return;
    sound.set(context.state === 'running' ? 'ready' : 'locked');
  };
  if (options.sound === 'on') {
    try {
      context = new AudioContext({ latencyHint: 'playback' });
      context.onstatechange = settleSound;
    } catch (error) {
      console.warn('[lobby] no Web Audio here:', error);
    }
    void (async () => {
      try {
        const response = await fetch(`${packUrl}manifest.json`, { cache: 'no-cache' });
        if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
        const parsed = parseVoicePackManifest(await response.json());
        if (!parsed.ok) throw new Error(parsed.problems.join('; '));
        if (context === null) throw new Error('no Web Audio');
        manifest = parsed.manifest;
        clipPlayer = createClipPlayer({
          output: webAudioOutput(context),
          manifest,
          timers,
          speed: options.speed,
          load: async (file) => {
            const clip = await fetch(packUrl + file);
            if (!clip.ok) throw new Error(`${file}: HTTP ${clip.status}`);
            return clip.arrayBuffer();
          },
          onClipProblem: (key, problem) => {
            if (clipProblems.length < 100) clipProblems.push(`${key}: ${problem}`);
          },
        });
        settleSound();
        // The words and digits of every call, ahead of the first one.
        await clipPlayer.preload(Object.keys(manifest.clips).filter((k) => /^zh\.(?!number|letter)/.test(k)));
      } catch (error) {
        console.warn('[lobby] voice pack unavailable; calls are shown without sound:', error);
        sound.set('no-pack');
      }
    })();
  }

  const probe: LobbyProbe = {
    log: () => queue.log(),
    counts: () => queue.counts(),
    current: () => queue.current()?.text ?? null,
    pending: () => queue.pending().length,
    sound: () => sound.get(),
    zone,
    connection: () => client.connection.get(),
    clipProblems: () => clipProblems.slice(),
  };

  return {
    client,
    speech,
    sound,
    hubClockOffset: () => offset,
    enableSound() {
      if (context === null || context.state === 'running') return;
      context
        .resume()
        .then(settleSound, (error: unknown) => console.warn('[lobby] sound still locked:', error));
    },
    probe,
    dispose() {
      unsubscribeQueue();
      unsubscribeCalls();
      unsubscribeView();
      queue.dispose();
      client.close();
      void context?.close();
    },
  };
}
