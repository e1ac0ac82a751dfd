import type { AudioOutput, DecodedClip } from './voice/clip-player.ts';

/** The clip player's audio device on Web Audio: decoded buffers started at exact times on the audio clock. */
export function webAudioOutput(context: AudioContext): AudioOutput {
  const buffers = new WeakMap<DecodedClip, AudioBuffer>();
  return {
    now: () => context.currentTime,
    running: () => context.state === 'running',
    async decode(data) {
      const buffer = await context.decodeAudioData(data);
      const clip: DecodedClip = { duration: buffer.duration };
      buffers.set(clip, buffer);
      return clip;
    },
    schedule(clip, at, rate) {
      const buffer = buffers.get(clip);
      if (!buffer) return;
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.playbackRate.value = rate;
      source.connect(context.destination);
      source.onended = () => source.disconnect();
      source.start(Math.max(at, context.currentTime));
    },
  };
}
