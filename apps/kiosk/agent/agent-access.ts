/**
 * Who may talk to the device agent. It listens on 127.0.0.1, but a loopback address is not a guarantee: any page
 * the kiosk's browser opens, any local process, and a DNS-rebound name reach it too. So a request must name the
 * agent itself in Host (no rebinding), a Socket.IO connection must come from the kiosk page's own origin, and it
 * must carry the pairing secret that only the kiosk shell and its page hold, new at every boot.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Hosts by which the agent may be named: its loopback names with the port it listens on. */
export function agentHosts(port: number, listenHost: string): ReadonlySet<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  names.add(listenHost.includes(':') ? `[${listenHost}]` : listenHost);
  return new Set([...names].map((name) => `${name}:${port}`.toLowerCase()));
}

export const hostAllowed = (hosts: ReadonlySet<string>, host: string | undefined): boolean =>
  host !== undefined && hosts.has(host.toLowerCase());

/** Compares the pairing secret in constant time (both sides hashed, so their lengths never leak either). */
export function pairingMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** A per-boot pairing secret is long enough that it cannot be guessed through the loopback socket. */
export const MIN_PAIRING_SECRET_LENGTH = 16;

/**
 * The path of a request target, decoded, or null when it cannot be one (not `/…`, a broken %-escape, a NUL).
 * `decodeURIComponent` and `new URL()` throw on such input; an exception here used to end the agent.
 */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith('/')) return null;
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  try {
    const path = decodeURIComponent(raw);
    return path.includes('\0') ? null : path;
  } catch {
    return null;
  }
}
