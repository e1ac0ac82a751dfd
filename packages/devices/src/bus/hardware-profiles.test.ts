import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CallerKeypadProfile,
  EvaluationPadProfile,
  KeypadKeyName,
  LedSignProfile,
} from '../profiles/profile-schema.ts';
import { hallqBusAsciiCodec } from './hallq-bus-ascii-codec.ts';
import { hallqBusV1Codec } from './hallq-bus-v1-codec.ts';
import { KEYPAD_KEYS } from './keypad/keypad-messages.ts';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../hardware-profiles/${name}`, import.meta.url), 'utf8'));

describe('HallQ bus v1 hardware profiles', () => {
  it('validate against their schemas', () => {
    expect(CallerKeypadProfile.parse(read('caller-keypad-hallq-bus-v1.json')).keys).toEqual(KEYPAD_KEYS);
    expect(LedSignProfile.parse(read('led-sign-hallq-bus-v1.json')).protocol).toBe(hallqBusV1Codec.name);
    expect(EvaluationPadProfile.parse(read('evaluation-pad-hallq-bus-v1.json')).ratingTimeoutMs).toBe(30000);
  });

  it('name protocols that have a codec, and the keys the keypad codec knows', () => {
    expect(KeypadKeyName.options).toEqual(KEYPAD_KEYS);
    expect(CallerKeypadProfile.shape.protocol.options).toEqual([
      hallqBusV1Codec.name,
      hallqBusAsciiCodec.name,
    ]);
  });

  it('reject an unknown protocol or a display wider than 40 columns', () => {
    const keypad = read('caller-keypad-hallq-bus-v1.json') as Record<string, unknown>;
    expect(CallerKeypadProfile.safeParse({ ...keypad, protocol: 'modbus-rtu' }).success).toBe(false);
    expect(CallerKeypadProfile.safeParse({ ...keypad, displayColumns: 41 }).success).toBe(false);
  });
});
