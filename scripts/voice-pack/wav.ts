/** Just enough WAV for voice clips: 16-bit PCM mono in, trimmed, 16-bit PCM mono out. */
export interface PcmClip {
  readonly sampleRate: number;
  readonly samples: Int16Array;
}

export class WavError extends Error {
  readonly code = 'WAV_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

/** Reads a RIFF/WAVE file of 16-bit PCM, mono. espeak-ng writes these (its `data` size may be 0 or too big). */
export function parseWav(bytes: Uint8Array): PcmClip {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw new WavError('not a RIFF/WAVE file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let sampleRate = 0;
  let format: { channels: number; bits: number; tag: number } | null = null;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = {
        tag: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        bits: view.getUint16(body + 14, true),
      };
      sampleRate = view.getUint32(body + 4, true);
    } else if (id === 'data') {
      if (format === null) throw new WavError('data before fmt');
      if (format.tag !== 1 || format.bits !== 16 || format.channels !== 1) {
        throw new WavError(
          `need 16-bit PCM mono, got tag ${format.tag}, ${format.bits} bits, ${format.channels} channels`,
        );
      }
      // A streamed WAV may say 0 or 0xFFFFFFFF: take what is there.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      const count = Math.floor((end - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i += 1) samples[i] = view.getInt16(body + i * 2, true);
      return { sampleRate, samples };
    }
    at = body + size + (size % 2);
  }
  throw new WavError('no data chunk');
}

/**
 * Cuts the silence a synthesizer leaves before and after the speech, keeping `padMs` of it, so clips played back
 * to back sound like one sentence. `threshold` is a fraction of full scale.
 */
export function trimSilence(clip: PcmClip, options: { threshold?: number; padMs?: number } = {}): PcmClip {
  const limit = Math.round((options.threshold ?? 0.01) * 32767);
  const pad = Math.round(((options.padMs ?? 15) / 1000) * clip.sampleRate);
  const { samples } = clip;
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) <= limit) first += 1;
  if (first === samples.length) return { sampleRate: clip.sampleRate, samples: new Int16Array(0) };
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) <= limit) last -= 1;
  const start = Math.max(0, first - pad);
  const end = Math.min(samples.length, last + 1 + pad);
  return { sampleRate: clip.sampleRate, samples: samples.slice(start, end) };
}

export function encodeWav(clip: PcmClip): Uint8Array {
  const dataBytes = clip.samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i += 1) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, clip.sampleRate, true);
  view.setUint32(28, clip.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < clip.samples.length; i += 1) view.setInt16(44 + i * 2, clip.samples[i]!, true);
  return bytes;
}
