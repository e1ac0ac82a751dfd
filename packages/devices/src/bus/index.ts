/**
 * HallQ bus v1 (docs/protocols/hallq-bus-v1.md): caller keypads, window LED signs and evaluation pads on one
 * RS-485 bus, polled by the host. Layers: frame codec (`BusCodec`, pluggable) → stream parser → `BusMaster`
 * (one command at a time, over the serial layer's request queue) → device drivers → capability interfaces.
 * Simulators of each device reuse the same codecs from the device's side.
 */
export {
  BROADCAST_ADDRESS,
  type BusCodec,
  BusCodecError,
  type BusFrame,
  type BusFrameError,
  type BusFrameErrorCode,
  type BusFrameParser,
  type BusFrameParserHandlers,
  fromHex,
  MAX_UNIT_ADDRESS,
  MIN_UNIT_ADDRESS,
  toHex,
} from './bus-codec.ts';
export { BusNakError, BusReplyError, BusUsageError } from './bus-errors.ts';
export {
  type BusMaster,
  type BusMasterOptions,
  type BusRequestOptions,
  createBusMaster,
} from './bus-master.ts';
export {
  type BusSimulator,
  createBusSimulator,
  type SimulatedUnit,
  type SimulatorEndpoint,
  type UnitAnswer,
} from './bus-simulator.ts';
export type {
  CallerKeypad,
  EvaluationPad,
  KeypadKeyEvent,
  RequestRatingOptions,
  SignShowOptions,
  UnitStatusEvent,
  WindowSign,
} from './capabilities.ts';
export { crc16Modbus } from './crc16-modbus.ts';
export {
  createEvaluationPadDriver,
  type EvaluationPadDriver,
  type EvaluationPadDriverOptions,
} from './evaluator/evaluation-pad-driver.ts';
export {
  decodePadEnd,
  decodePadRequest,
  decodePadState,
  encodePadEnd,
  encodePadRequest,
  encodePadState,
  levelOfRating,
  type PadState,
  RATING_LABELS,
  RATINGS,
  type Rating,
  type RatingInfo,
  type RatingLevel,
  ratingFromLevel,
} from './evaluator/evaluation-pad-messages.ts';
export {
  createEvaluationPadSimulator,
  type EvaluationPadSimulator,
} from './evaluator/evaluation-pad-simulator.ts';
export { decodeGb18030, encodeGb18030, fitGb18030 } from './gb18030.ts';
export { hallqBusAsciiCodec } from './hallq-bus-ascii-codec.ts';
export {
  decodeHallqBusV1Frame,
  encodeHallqBusV1Frame,
  HALLQ_BUS_V1,
  HALLQ_BUS_V1_MAX_FRAME,
  hallqBusV1Codec,
} from './hallq-bus-v1-codec.ts';
export {
  BusCommand,
  DeviceType,
  decodeNak,
  decodePingReply,
  encodeNak,
  encodePingReply,
  NAK_COMMAND,
  NakReason,
  type PingReply,
  PROTOCOL_VERSION,
  REPLY_FLAG,
} from './hallq-bus-v1-commands.ts';
export { createHallqBusV1Parser } from './hallq-bus-v1-parser.ts';
export {
  type CallerKeypadDriver,
  type CallerKeypadDriverOptions,
  createCallerKeypadDriver,
} from './keypad/caller-keypad-driver.ts';
export { type CallerKeypadSimulator, createCallerKeypadSimulator } from './keypad/caller-keypad-simulator.ts';
export {
  decodeKeypadDisplay,
  decodeKeypadPoll,
  decodeKeypadPollReply,
  encodeKeypadDisplay,
  encodeKeypadPoll,
  encodeKeypadPollReply,
  KEYPAD_KEYS,
  type KeypadKey,
  KeypadKeyCode,
  type KeypadKeyReport,
} from './keypad/keypad-messages.ts';
export {
  createLedSignDriver,
  type LedSignDriver,
  type LedSignDriverOptions,
} from './led-sign/led-sign-driver.ts';
export {
  decodeSignShow,
  encodeSignShow,
  MAX_BRIGHTNESS,
  type SignContent,
  type SignEffect,
  SignEffectCode,
} from './led-sign/led-sign-messages.ts';
export { createLedSignSimulator, type LedSignSimulator } from './led-sign/led-sign-simulator.ts';
