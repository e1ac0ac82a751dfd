import { detectDescriptorLimit } from './descriptor-limit.ts';
import type { AdmissionSettings } from './socket-admission.ts';

/**
 * A hall's defaults. A hall has a few dozen devices and a handful of people at admin consoles; anonymous
 * sockets exist only between opening the console (or running hallctl) and signing in.
 */
export const DEFAULT_ADMISSION_SETTINGS: AdmissionSettings = {
  payloadChars: { anonymous: 4 * 1024, device: 16 * 1024, person: 16 * 1024 },
  anonymousMax: 128,
  anonymousPerAddress: 16,
  anonymousGraceMs: 10_000,
  handshakesMax: 128,
  handshakesPerAddress: 32,
  handshakeTimeoutMs: 5_000,
  reservedForAuthenticated: 256,
  // Sign-ins have their own throttle per address and for the hub (auth/login-throttle.ts), which answers a
  // guessing flood itself; this bucket only bounds what anything else anonymous may cost.
  anonymousPerSecond: 10,
  anonymousBurst: 50,
  // One visitor every 5 s for as long as it likes, and a family of 20 at once: far above a real kiosk's pace,
  // far below the 51 s it took a stolen token to drain six services' numbers.
  issuesPerMinute: 12,
  issueBurst: 20,
  // Three oversized anonymous frames at once, then one every five seconds; past that the address waits 5 s, then
  // 10, 20 … 60 s while it keeps on. Nothing a hall runs sends them: a device never sends anonymously, and an
  // anonymous console sends only sign-ins of a few hundred bytes against a limit of 4 KiB.
  // Their connections meanwhile are held unread until the block ends (8 an address, 64 in all), so reconnecting
  // at once costs the hub nothing; after it they come back one a second, not all at once.
  penalty: {
    burst: 3,
    perSecond: 0.2,
    blockMs: 5_000,
    maxBlockMs: 60_000,
    maxAddresses: 4_096,
    maxHeldPerAddress: 8,
    maxHeld: 64,
    // After a block, one connection a second from that address until it has been clean for a minute.
    probationGapMs: 1_000,
  },
  descriptorLimit: () => detectDescriptorLimit(),
};
