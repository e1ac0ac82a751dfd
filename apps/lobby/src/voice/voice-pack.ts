/**
 * A voice pack is a folder the hall can replace: `public/voice/<pack>/manifest.json` plus its clips (any format
 * the browser decodes: WAV, MP3, Ogg). Keys are those of `clipCatalog()`; a pack may leave clips out (they are
 * skipped, and listed as missing), and names its own recall phrase (the text its `zh.recall` clip says).
 *
 * ```json
 * { "format": "hallq-voice-pack/1", "name": "default", "generator": "espeak-ng …",
 *   "phrases": { "recall": { "zh": "重复呼叫", "en": "Calling again" } },
 *   "clips": { "zh.please": "zh/please.wav", "zh.digit.0": "zh/digit-0.wav", … } }
 * ```
 */
export const VOICE_PACK_FORMAT = 'hallq-voice-pack/1';

export interface VoicePackManifest {
  readonly format: typeof VOICE_PACK_FORMAT;
  readonly name: string;
  readonly generator: string;
  readonly phrases: { readonly recall: { readonly zh: string; readonly en: string } };
  /** Clip key → file path relative to the manifest. */
  readonly clips: Readonly<Record<string, string>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const SAFE_PATH = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]{0,120}$/;

/** Checks a manifest read from JSON. Returns the problems instead of throwing: a screen shows them and goes on. */
export function parseVoicePackManifest(
  value: unknown,
): { ok: true; manifest: VoicePackManifest } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(value)) return { ok: false, problems: ['manifest is not an object'] };
  if (value.format !== VOICE_PACK_FORMAT) problems.push(`format must be "${VOICE_PACK_FORMAT}"`);
  const name = typeof value.name === 'string' ? value.name : '';
  if (name === '') problems.push('name is missing');
  const generator = typeof value.generator === 'string' ? value.generator : '';
  const phrases = isRecord(value.phrases) ? value.phrases : {};
  const recall = isRecord(phrases.recall) ? phrases.recall : {};
  const zh = typeof recall.zh === 'string' && recall.zh !== '' ? recall.zh : '重复呼叫';
  const en = typeof recall.en === 'string' && recall.en !== '' ? recall.en : 'Calling again';
  const clips: Record<string, string> = {};
  if (!isRecord(value.clips)) problems.push('clips is not an object');
  else {
    for (const [key, file] of Object.entries(value.clips)) {
      if (typeof file !== 'string' || !SAFE_PATH.test(file)) problems.push(`clip ${key}: bad file name`);
      else clips[key] = file;
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    manifest: { format: VOICE_PACK_FORMAT, name, generator, phrases: { recall: { zh, en } }, clips },
  };
}

/** The keys of `wanted` the pack has no clip for. */
export function missingClips(manifest: VoicePackManifest, wanted: readonly string[]): string[] {
  return wanted.filter((key) => !Object.hasOwn(manifest.clips, key));
}
