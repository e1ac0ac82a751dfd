/**
 * The agent's configuration file: which devices this kiosk has, picked by hardware-profile id, and where they are
 * attached. Model facts (baud rate, paper width, polling) come from the profile; the file holds installation data.
 */
import { readFile } from 'node:fs/promises';
import {
  type BarcodeScannerProfile,
  createFilePrinterTransport,
  createNetworkPrinterTransport,
  createSerialPrinterTransport,
  type HardwareProfile,
  type IdCardReaderProfile,
  type PrinterTransport,
  type TicketPrinterProfile,
} from '@hallq/devices';
import { z } from 'zod';

export const AgentConfig = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8091),
    /**
     * The hub that serves this kiosk's page: its origin is the only web origin allowed to connect (unless
     * `allowedOrigins` says otherwise), and its print-permit key decides which tickets may be printed.
     */
    hubUrl: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8080'),
    /** Web origins allowed to connect, exactly (e.g. ["https://hub.local:8443"]); default: the hub's origin. */
    allowedOrigins: z
      .array(
        z
          .string()
          .min(1)
          .refine((o) => o !== 'loopback', {
            message:
              '"loopback" (any local page) is no longer accepted: list the kiosk page\'s origin, e.g. "https://hub.local:8443"',
          }),
      )
      .min(1)
      .optional(),
    /** The hall's zone, for the card validity check ("today"). */
    timeZone: z.string().default('Asia/Shanghai'),
    printerPollMs: z.number().int().min(0).max(600_000).default(15_000),
    idReader: z
      .object({ profile: z.string().min(1), path: z.string().min(1) })
      .strict()
      .nullable()
      .default(null),
    /**
     * A QR / barcode scanner: a serial one at `path`, or a keyboard-wedge (HID) one, which needs no path (its
     * reads arrive in the page as keystrokes).
     */
    scanner: z
      .object({ profile: z.string().min(1), path: z.string().min(1).optional() })
      .strict()
      .nullable()
      .default(null),
    printer: z
      .object({
        profile: z.string().min(1),
        /** `tcp://host:9100` for a network printer, a tty for a serial one, `/dev/usb/lp0` for a device file. */
        address: z.string().min(1),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type AgentConfig = z.infer<typeof AgentConfig>;

export class AgentConfigError extends Error {
  readonly code = 'AGENT_CONFIG_INVALID';
}

export function parseAgentConfig(value: unknown, source: string): AgentConfig {
  const result = AgentConfig.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new AgentConfigError(`${source}: invalid agent config\n${issues.join('\n')}`);
}

export async function readAgentConfig(file: string): Promise<AgentConfig> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AgentConfigError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAgentConfig(value, file);
}

const findProfile = <K extends HardwareProfile['kind']>(
  profiles: readonly HardwareProfile[],
  id: string,
  kind: K,
): Extract<HardwareProfile, { kind: K }> => {
  const profile = profiles.find((p) => p.id === id);
  if (!profile)
    throw new AgentConfigError(
      `no hardware profile "${id}" (known: ${profiles.map((p) => p.id).join(', ')})`,
    );
  if (profile.kind !== kind)
    throw new AgentConfigError(`hardware profile "${id}" is a ${profile.kind}, not a ${kind}`);
  return profile as Extract<HardwareProfile, { kind: K }>;
};

export const readerProfileOf = (profiles: readonly HardwareProfile[], id: string): IdCardReaderProfile =>
  findProfile(profiles, id, 'id-card-reader');

export const scannerProfileOf = (profiles: readonly HardwareProfile[], id: string): BarcodeScannerProfile =>
  findProfile(profiles, id, 'barcode-scanner');

export const printerProfileOf = (profiles: readonly HardwareProfile[], id: string): TicketPrinterProfile =>
  findProfile(profiles, id, 'ticket-printer');

/** The transport the printer profile's interface asks for, at the configured address. */
export function printerTransportOf(profile: TicketPrinterProfile, address: string): PrinterTransport {
  switch (profile.interface) {
    case 'network':
      return createNetworkPrinterTransport({ url: address });
    case 'serial':
      return createSerialPrinterTransport({ path: address, baudRate: profile.baudRate ?? 9600 });
    case 'file':
      return createFilePrinterTransport({ path: address });
  }
}

/** The origin check for the agent's Socket.IO server: exact origins only (a page on another port is another origin). */
export function originPolicy(allowed: readonly string[]): (origin: string) => boolean {
  const exact = new Set(allowed.map((o) => o.replace(/\/$/, '')));
  return (origin) => exact.has(origin);
}

/** The origins the agent accepts: the configured ones, else the origin of the hub serving the kiosk page. */
export const allowedOriginsOf = (config: Pick<AgentConfig, 'hubUrl' | 'allowedOrigins'>): readonly string[] =>
  config.allowedOrigins ?? [new URL(config.hubUrl).origin];
