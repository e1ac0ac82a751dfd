export { createAtParser, type ModemOutput } from './at-parser.ts';
export {
  createGsmModem,
  type GsmModem,
  type GsmModemOptions,
  ModemError,
  type SentSms,
} from './gsm-modem.ts';
export { type DecodedSubmit, decodeSmsSubmit, encodeSmsSubmit, PduError, type SubmitPdu } from './pdu.ts';
