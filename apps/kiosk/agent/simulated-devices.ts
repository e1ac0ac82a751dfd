/**
 * `--simulate`: the agent's devices are simulators speaking the real bytes — a GA 467 reader on an in-memory
 * MockBinding cable (at real 115200-baud timing) and an ESC/POS printer on a local TCP port. For demos
 * (`npm start`), development and the e2e test; never used with real hardware.
 */
import {
  type BarcodeScannerProfile,
  createGa467Reader,
  createNetworkPrinterTransport,
  createSerialScanner,
  createTicketPrinter,
  type DeviceLogger,
  framingOf,
  type Ga467Reader,
  type IdCardReaderProfile,
  type SerialScanner,
  type TicketPrinter,
  type TicketPrinterProfile,
} from '@hallq/devices';
import {
  badCheckDigitResidentCard,
  createIdReaderSimulator,
  createMockSerialLink,
  createScannerSimulator,
  expiredResidentCard,
  foreignPermanent2017,
  foreignPermanent2023,
  hkMacaoTaiwanPermit,
  type IdReaderSimulator,
  type PrinterSimulator,
  residentCard,
  type ScannerSimulator,
  type SimulatedCard,
  simulatedCard,
  startPrinterSimulator,
} from '@hallq/devices/testing';

/** Cards a demo can place by name. */
export const SIMULATED_CARDS: Readonly<Record<string, () => SimulatedCard>> = {
  resident: () => simulatedCard(residentCard()),
  expired: () => simulatedCard(expiredResidentCard()),
  'bad-check-digit': () => simulatedCard(badCheckDigitResidentCard()),
  'hk-mo-tw': () => simulatedCard(hkMacaoTaiwanPermit()),
  'foreign-2017': () => simulatedCard(foreignPermanent2017()),
  'foreign-2023': () => simulatedCard(foreignPermanent2023()),
};

export interface SimulatedDevices {
  readonly reader: Ga467Reader;
  readonly readerSimulator: IdReaderSimulator;
  readonly printer: TicketPrinter;
  readonly printerSimulator: PrinterSimulator;
  /** A serial QR scanner on its own MockBinding cable, when a scanner profile was given. */
  readonly scanner: SerialScanner | null;
  readonly scannerSimulator: ScannerSimulator | null;
  close(): Promise<void>;
}

export interface SimulatedDevicesOptions {
  readonly readerProfile: IdCardReaderProfile;
  readonly printerProfile: TicketPrinterProfile;
  /** A serial scanner profile: the scanner simulator speaks its framing. */
  readonly scannerProfile?: BarcodeScannerProfile;
  /** TCP port of the printer simulator (0 = any free port). */
  readonly printerPort?: number;
  /** Answer at the wire time of each frame at this rate (default 115200); null = instantly. */
  readonly serialTimingBaud?: number | null;
  readonly timeZone?: string;
  readonly logger?: DeviceLogger;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSimulatedDevices(options: SimulatedDevicesOptions): Promise<SimulatedDevices> {
  const link = createMockSerialLink('/dev/hallq-simulated-id-reader');
  const baud = options.serialTimingBaud === undefined ? 115200 : options.serialTimingBaud;
  const readerSimulator = createIdReaderSimulator({
    endpoint: link.device,
    ...(baud !== null && { timing: { baudRate: baud, delay } }),
    haltAfterRead: true,
  });
  const reader = createGa467Reader({
    profile: options.readerProfile,
    path: link.path,
    binding: link.binding,
    presenceCheck: false,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
    ...(options.logger !== undefined && { logger: options.logger }),
  });
  const printerSimulator = await startPrinterSimulator({ port: options.printerPort ?? 0 });
  const printer = createTicketPrinter({
    transport: createNetworkPrinterTransport({ url: printerSimulator.url }),
    profile: options.printerProfile,
    ...(options.logger !== undefined && { logger: options.logger }),
  });
  let scanner: SerialScanner | null = null;
  let scannerSimulator: ScannerSimulator | null = null;
  if (options.scannerProfile?.interface === 'serial') {
    const scannerLink = createMockSerialLink();
    scanner = createSerialScanner({
      profile: options.scannerProfile,
      path: scannerLink.path,
      binding: scannerLink.binding,
      ...(options.logger !== undefined && { logger: options.logger }),
    });
    scannerSimulator = createScannerSimulator({
      endpoint: scannerLink.device,
      framing: framingOf(options.scannerProfile),
    });
  }
  return {
    reader,
    readerSimulator,
    printer,
    printerSimulator,
    scanner,
    scannerSimulator,
    async close() {
      readerSimulator.close();
      await printerSimulator.close();
    },
  };
}
