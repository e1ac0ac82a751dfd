/**
 * Chinese 2nd-generation ID card readers speaking GA 467 "SAM" frames: codec → frame parser → driver →
 * `IdCardReader`. The reader simulator and card fixtures are exported from '@hallq/devices/testing'.
 */

export {
  decodeCommand,
  decodeFrame,
  decodeReadBody,
  decodeResponse,
  decodeSamId,
  encodeCommand,
  encodeFrame,
  encodeReadBody,
  encodeResponse,
  Ga467CodecError,
  KNOWN_SW3,
  READER_BAUD_RATES,
  type ReadBody,
  type ReaderBaudRate,
  type SamCommand,
  type SamCommandKind,
  type SamResponse,
  type SamStatus,
  type SamStatusCode,
  SamStatusError,
  samStatus,
  xorChecksum,
} from './codec.ts';
export { ETHNICITIES, type Ethnicity, ethnicityFromCode, ethnicityLabel } from './ethnicity.ts';
export {
  createFrameParser,
  type FrameIssue,
  type FrameIssueReason,
  type FrameParser,
} from './frame-parser.ts';
export { createGa467Reader, type Ga467Reader, type Ga467ReaderOptions } from './ga467-reader.ts';
export type { IdCardReader, IdCardReaderEvents } from './id-card-reader.ts';
export { idNumberCheckChar, isValidForeignPermanentNumber2017, isValidIdNumber } from './id-number.ts';
export {
  type CardRefusal,
  type CardRefusalCode,
  cardRefusal,
  checkCard,
  type IdentityCard,
  localDate,
} from './identity-card.ts';
export { maskIdNumber, maskName } from './mask.ts';
export {
  type CardText,
  type CardType,
  decodeTextBlock,
  encodeTextBlock,
  type ForeignPermanent2017Text,
  type ForeignPermanent2023Text,
  type Gender,
  type HkMacaoTaiwanPermitText,
  type ResidentCardText,
  TextBlockError,
  type ValidUntil,
} from './text-block.ts';
