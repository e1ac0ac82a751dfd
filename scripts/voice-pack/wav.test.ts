import { describe, expect, it } from 'vitest';
import { toTonePinyin } from './tts-engine.ts';
import { encodeWav, parseWav, trimSilence, WavError } from './wav.ts';

describe('WAV', () => {
  it('round-trips 16-bit mono PCM', () => {
    const samples = Int16Array.from([0, 1000, -1000, 32767, -32768]);
    expect(parseWav(encodeWav({ sampleRate: 22050, samples }))).toEqual({ sampleRate: 22050, samples });
  });

  it('reads a streamed WAV whose data size is 0 (as espeak-ng --stdout writes)', () => {
    const bytes = encodeWav({ sampleRate: 22050, samples: Int16Array.from([5, 6, 7]) });
    new DataView(bytes.buffer).setUint32(40, 0, true);
    expect(Array.from(parseWav(bytes).samples)).toEqual([5, 6, 7]);
  });

  it('refuses what it cannot read', () => {
    expect(() => parseWav(new Uint8Array(10))).toThrow(WavError);
    const stereo = encodeWav({ sampleRate: 8000, samples: new Int16Array(4) });
    new DataView(stereo.buffer).setUint16(22, 2, true);
    expect(() => parseWav(stereo)).toThrow(/mono/);
  });

  it('trims the silence around speech, keeping a little padding', () => {
    const samples = new Int16Array(1000);
    samples.fill(3000, 400, 600);
    const trimmed = trimSilence({ sampleRate: 1000, samples }, { padMs: 10 });
    expect(trimmed.samples.length).toBe(220);
    expect(trimSilence({ sampleRate: 1000, samples: new Int16Array(50) }).samples.length).toBe(0);
  });
});

describe('tone-numbered pinyin for espeak-ng cmn-latn-pinyin', () => {
  it.each([
    ['请', 'qing3'],
    ['号窗口', 'hao4 chuang1 kou3'],
    ['办理', 'ban4 li3'],
    ['重复呼叫', 'chong2 fu4 hu1 jiao4'],
    ['二十三', 'er4 shi2 san1'],
    ['零', 'ling2'],
    ['A', 'A'],
  ])('%s → %s', (text, expected) => {
    expect(toTonePinyin(text)).toBe(expected);
  });
});
