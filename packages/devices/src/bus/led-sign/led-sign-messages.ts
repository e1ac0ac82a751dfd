import { BusCodecError } from '../bus-codec.ts';
import { decodeGb18030, encodeGb18030 } from '../gb18030.ts';

export const SignEffectCode = { static: 0x00, scroll: 0x01, blink: 0x02 } as const;
export type SignEffect = keyof typeof SignEffectCode;

export const MAX_BRIGHTNESS = 16;

export interface SignContent {
  readonly text: string;
  readonly effect: SignEffect;
  /** 1..16; 0 keeps the sign's current brightness. */
  readonly brightness: number;
}

/** SHOW request `[effect, brightness, GB18030 text…]` (text length = LEN − 2); the reply is an empty ACK. */
export function encodeSignShow(content: SignContent, maxPayload = 255): Uint8Array {
  const { effect, brightness } = content;
  if (!(effect in SignEffectCode)) throw new BusCodecError('bad-payload', `unknown effect ${effect}`);
  if (!Number.isInteger(brightness) || brightness < 0 || brightness > MAX_BRIGHTNESS) {
    throw new BusCodecError('bad-payload', `brightness ${brightness} is outside 0..${MAX_BRIGHTNESS}`);
  }
  const text = encodeGb18030(content.text);
  if (text.length + 2 > maxPayload) {
    throw new BusCodecError(
      'payload-too-large',
      `sign text is ${text.length} bytes, at most ${maxPayload - 2}`,
    );
  }
  const out = new Uint8Array(2 + text.length);
  out[0] = SignEffectCode[effect];
  out[1] = brightness;
  out.set(text, 2);
  return out;
}

export function decodeSignShow(payload: Uint8Array): SignContent {
  if (payload.length < 2) throw new BusCodecError('bad-payload', 'SHOW payload has at least 2 bytes');
  const code = payload[0]!;
  const effect = (Object.keys(SignEffectCode) as SignEffect[]).find((name) => SignEffectCode[name] === code);
  if (!effect) throw new BusCodecError('bad-payload', `unknown effect code ${code}`);
  const brightness = payload[1]!;
  if (brightness > MAX_BRIGHTNESS) throw new BusCodecError('bad-payload', `brightness ${brightness}`);
  return { effect, brightness, text: decodeGb18030(payload.subarray(2)) };
}
