import { BusCodecError, type BusFrame } from './bus-codec.ts';

/** Command bytes of the HallQ bus v1 application layer. A reply carries `command | REPLY_FLAG`. */
export const BusCommand = {
  ping: 0x01,
  keypadPoll: 0x10,
  keypadDisplay: 0x11,
  signShow: 0x20,
  padRequest: 0x30,
  padPoll: 0x31,
  padEnd: 0x32,
} as const;
export type BusCommand = (typeof BusCommand)[keyof typeof BusCommand];

export const REPLY_FLAG = 0x80;
/** Negative acknowledgement: payload `[request command, reason]`. */
export const NAK_COMMAND = 0xff;

export const NakReason = {
  unknownCommand: 0x01,
  badPayload: 0x02,
  busy: 0x03,
} as const;
export type NakReason = keyof typeof NakReason;

export const DeviceType = {
  'caller-keypad': 0x01,
  'led-sign': 0x02,
  'evaluation-pad': 0x03,
} as const;
export type DeviceType = keyof typeof DeviceType;

export const PROTOCOL_VERSION = 1;

export function replyCommand(command: number): number {
  return command | REPLY_FLAG;
}

export function isReplyTo(frame: BusFrame, address: number, command: number): boolean {
  return (
    frame.address === address &&
    (frame.command === replyCommand(command) ||
      (frame.command === NAK_COMMAND && frame.payload[0] === command))
  );
}

export function encodeNak(command: number, reason: NakReason): Uint8Array {
  return Uint8Array.of(command, NakReason[reason]);
}

export function decodeNak(payload: Uint8Array): { command: number; reason: NakReason | 'unknown' } {
  if (payload.length !== 2)
    throw new BusCodecError('bad-payload', `NAK payload has 2 bytes, got ${payload.length}`);
  const code = payload[1]!;
  const reason =
    (Object.keys(NakReason) as NakReason[]).find((name) => NakReason[name] === code) ?? 'unknown';
  return { command: payload[0]!, reason };
}

export interface PingReply {
  readonly deviceType: DeviceType;
  readonly protocolVersion: number;
}

export function encodePingReply(reply: PingReply): Uint8Array {
  return Uint8Array.of(DeviceType[reply.deviceType], reply.protocolVersion);
}

export function decodePingReply(payload: Uint8Array): PingReply {
  if (payload.length !== 2)
    throw new BusCodecError('bad-payload', `ping reply has 2 bytes, got ${payload.length}`);
  const code = payload[0]!;
  const deviceType = (Object.keys(DeviceType) as DeviceType[]).find((name) => DeviceType[name] === code);
  if (!deviceType) throw new BusCodecError('bad-payload', `unknown device type 0x${code.toString(16)}`);
  return { deviceType, protocolVersion: payload[1]! };
}
