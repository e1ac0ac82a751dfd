/**
 * The agent's configuration file: which devices this kiosk has, picked by hardware-profile id, and where they are
 * attached. Model facts (baud rate, paper width, polling) come from the profile; the file holds installation data.
 */
import { readFile } from 'node:fs/promises';
import {
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
    /** Web origins allowed to connect, e.g. ["http://hub.local:8080"]; "loopback" allows any 127.0.0.1/localhost page. */
    allowedOrigins: z.array(z.string().min(1)).min(1).default(['loopback']),
    /** The hall's zone, for the card validity check ("today"). */
    timeZone: z.string().default('Asia/Shanghai'),
    printerPollMs: z.number().int().min(0).max(600_000).default(15_000),
    idReader: z
      .object({ profile: z.string().min(1), path: z.string().min(1) })
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

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** The origin check for the agent's Socket.IO server. */
export function originPolicy(allowed: readonly string[]): (origin: string) => boolean {
  const exact = new Set(allowed.filter((o) => o !== 'loopback').map((o) => o.replace(/\/$/, '')));
  const loopback = allowed.includes('loopback');
  return (origin) => exact.has(origin) || (loopback && LOOPBACK.test(origin));
}
