/** Test helpers for serial device drivers: import from '@hallq/devices/testing', never from production code. */

export {
  createGsmModemSimulator,
  type GsmModemSimulator,
  type ModemSimulatorPort,
  type SimulatedSms,
} from './gsm-modem/gsm-modem-simulator.ts';
export {
  badCheckDigitResidentCard,
  dummyPhoto,
  expiredResidentCard,
  foreignPermanent2017,
  foreignPermanent2023,
  hkMacaoTaiwanPermit,
  residentCard,
  type SimulatedCard,
  simulatedCard,
} from './id-card/simulator/card-fixtures.ts';
export {
  createIdReaderSimulator,
  type IdReaderSimulator,
  type IdReaderSimulatorOptions,
  type SerialTiming,
} from './id-card/simulator/reader-simulator.ts';
export {
  type PrinterSimulator,
  type PrinterSimulatorOptions,
  type ReceivedTicket,
  type SimulatedPrinterState,
  sampleTicketPrint,
  simulatedStatusReplies,
  startPrinterSimulator,
} from './printer/printer-simulator.ts';
export { createScannerSimulator, type ScannerSimulator } from './scanner/simulator/scanner-simulator.ts';
export { connectionEndpoint, type DeviceEndpoint } from './serial/testing/device-endpoint.ts';
export { createManualTimers, type ManualTimers } from './serial/testing/manual-timers.ts';
export {
  createMockSerialLink,
  type MockSerialLink,
  type MockSerialLinkOptions,
} from './serial/testing/mock-link.ts';
export { SocatError, type SocatPair, type SocatPairOptions, startSocatPair } from './serial/testing/socat.ts';
