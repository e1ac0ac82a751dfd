import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BusFrame, fromHex, toHex } from './bus-codec.ts';
import { encodePadEnd, encodePadRequest, encodePadState } from './evaluator/evaluation-pad-messages.ts';
import { hallqBusAsciiCodec } from './hallq-bus-ascii-codec.ts';
import { hallqBusV1Codec } from './hallq-bus-v1-codec.ts';
import { BusCommand, encodeNak, encodePingReply } from './hallq-bus-v1-commands.ts';
import { encodeKeypadDisplay, encodeKeypadPoll, encodeKeypadPollReply } from './keypad/keypad-messages.ts';
import { encodeSignShow } from './led-sign/led-sign-messages.ts';

const doc = readFileSync(new URL('../../../../docs/protocols/hallq-bus-v1.md', import.meta.url), 'utf8');

/** `| E7 | `A5 01 …` | meaning |` rows of §7. */
const examples = new Map(
  [...doc.matchAll(/^\|\s*(E\d+)\s*\|\s*`([0-9A-F ]+)`\s*\|/gm)].map(
    (match) => [match[1]!, match[2]!] as const,
  ),
);

const none = new Uint8Array(0);
const expected: Record<string, BusFrame> = {
  E1: { address: 1, command: BusCommand.ping, payload: none },
  E2: {
    address: 1,
    command: 0x81,
    payload: encodePingReply({ deviceType: 'caller-keypad', protocolVersion: 1 }),
  },
  E3: { address: 1, command: BusCommand.keypadPoll, payload: encodeKeypadPoll(0) },
  E4: { address: 1, command: 0x90, payload: encodeKeypadPollReply(null) },
  E5: { address: 1, command: 0x90, payload: encodeKeypadPollReply({ seq: 1, key: 'call' }) },
  E6: { address: 1, command: BusCommand.keypadPoll, payload: encodeKeypadPoll(1) },
  E7: {
    address: 1,
    command: BusCommand.keypadDisplay,
    payload: encodeKeypadDisplay(['A001 服务中', '等候 5 人']),
  },
  E8: { address: 1, command: 0x91, payload: none },
  E9: {
    address: 11,
    command: BusCommand.signShow,
    payload: encodeSignShow({ text: 'A001 请到3号窗口', effect: 'static', brightness: 0 }),
  },
  E10: { address: 11, command: 0xa0, payload: none },
  E11: {
    address: 0,
    command: BusCommand.signShow,
    payload: encodeSignShow({ text: '暂停服务', effect: 'scroll', brightness: 8 }),
  },
  E12: {
    address: 21,
    command: BusCommand.padRequest,
    payload: encodePadRequest(1, { ticket: 'A001', clerkNo: '007', clerkName: '张三', service: '社保' }),
  },
  E13: { address: 21, command: 0xb0, payload: none },
  E14: { address: 21, command: BusCommand.padPoll, payload: none },
  E15: { address: 21, command: 0xb1, payload: encodePadState({ requestId: 1, rating: null }) },
  E16: { address: 21, command: 0xb1, payload: encodePadState({ requestId: 1, rating: 'very-satisfied' }) },
  E17: { address: 21, command: BusCommand.padEnd, payload: encodePadEnd(1) },
  E18: { address: 21, command: 0xb2, payload: encodePadState({ requestId: 1, rating: 'very-satisfied' }) },
  E19: { address: 1, command: 0xff, payload: encodeNak(BusCommand.signShow, 'unknownCommand') },
};

describe('docs/protocols/hallq-bus-v1.md worked examples', () => {
  it('lists every example the test knows, and no other', () => {
    expect([...examples.keys()].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [id, frame] of Object.entries(expected)) {
    it(`${id} encodes byte for byte and decodes back`, () => {
      const hex = examples.get(id);
      expect(hex).toBeDefined();
      expect(toHex(hallqBusV1Codec.encode(frame))).toBe(hex);
      expect(hallqBusV1Codec.decode(fromHex(hex!))).toEqual(frame);
    });
  }

  it('the ASCII codec example of §8 is E3 as ":01100100EE" CR LF', () => {
    expect(doc).toContain('`:01100100EE`');
    const bytes = hallqBusAsciiCodec.encode(expected.E3!);
    expect(new TextDecoder().decode(bytes)).toBe(':01100100EE\r\n');
  });
});
