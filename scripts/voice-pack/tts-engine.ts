import { execFile } from 'node:child_process';
import { pinyin } from 'pinyin-pro';
import type { ClipSpec } from '../../apps/lobby/src/voice/clips.ts';

/**
 * What renders one clip of a voice pack. The default is Debian's espeak-ng; a hall with a better offline engine
 * (or a recording studio) implements this, or simply drops its own files and manifest into the pack folder.
 */
export interface TtsEngine {
  /** Shown in the pack's manifest, e.g. `espeak-ng 1.51 (cmn-latn-pinyin, en)`. */
  describe(): Promise<string>;
  /** False when the engine is not installed here. */
  available(): Promise<boolean>;
  /** The clip as a WAV file (16-bit PCM mono). */
  render(clip: ClipSpec): Promise<Uint8Array>;
}

/**
 * Tone-numbered pinyin for espeak-ng's `cmn-latn-pinyin` voice: 请 → `qing3`, 号窗口 → `hao4 chuang1 kou3`.
 * (Its `cmn` voice speaks the tone digits of its own dictionary as English numbers: espeak-ng issue 1236.)
 * A lone Latin letter is passed as it is: the voice says A as “ei4”, B as “bi4”, as people in a hall do.
 */
export function toTonePinyin(text: string): string {
  if (/^[A-Z]$/.test(text)) return text;
  return pinyin(text, { toneType: 'num', type: 'array', nonZh: 'removed' })
    .map((syllable) => syllable.replace(/0$/, '5'))
    .join(' ');
}

const run = (file: string, args: readonly string[]) =>
  new Promise<{ stdout: Buffer; stderr: string }>((resolve, reject) => {
    execFile(file, args, { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} failed: ${error.message} ${stderr.toString()}`.trim()));
      else resolve({ stdout, stderr: stderr.toString() });
    });
  });

export interface EspeakNgOptions {
  readonly binary?: string;
  /** Words per minute (espeak-ng `-s`); the default 150 is slow enough for a hall. */
  readonly wordsPerMinute?: number;
  readonly chineseVoice?: string;
  readonly englishVoice?: string;
}

export function createEspeakNgEngine(options: EspeakNgOptions = {}): TtsEngine {
  const binary = options.binary ?? 'espeak-ng';
  const wpm = String(options.wordsPerMinute ?? 150);
  const zhVoice = options.chineseVoice ?? 'cmn-latn-pinyin';
  const enVoice = options.englishVoice ?? 'en';
  return {
    async describe() {
      const { stdout } = await run(binary, ['--version']);
      const version = /(\d+\.\d+(?:\.\d+)?)/.exec(stdout.toString())?.[1] ?? 'unknown';
      return `espeak-ng ${version} (${zhVoice} from pinyin-pro tone-numbered pinyin; ${enVoice})`;
    },
    async available() {
      try {
        const { stdout } = await run(binary, ['--voices=cmn']);
        return stdout.toString().includes(zhVoice);
      } catch {
        return false;
      }
    },
    async render(clip) {
      const voice = clip.language === 'zh' ? zhVoice : enVoice;
      const text = clip.language === 'zh' ? toTonePinyin(clip.text) : clip.text;
      const { stdout } = await run(binary, ['-v', voice, '-s', wpm, '--stdout', text]);
      return new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength);
    },
  };
}
