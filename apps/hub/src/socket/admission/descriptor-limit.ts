import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The process's open-file limit (RLIMIT_NOFILE): every socket, the database and its WAL each take one. */
export interface DescriptorLimit {
  readonly soft: number;
  readonly hard: number;
  /** The soft limit before it was raised at start, when it was. */
  readonly raisedFrom: number | null;
}

/** Parses `Max open files` from /proc/<pid>/limits ("unlimited" counts as a very large number). */
export function parseOpenFilesLimit(limits: string): { soft: number; hard: number } | null {
  const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  if (!line) return null;
  const value = (text: string | undefined) => (text === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(text));
  const soft = value(line[1]);
  const hard = value(line[2]);
  return Number.isFinite(soft) && Number.isFinite(hard) ? { soft, hard } : null;
}

/**
 * Reads the limit and, when the soft limit is below the hard one, raises it to the hard limit with `prlimit`
 * (Node has no setrlimit; Node itself raises it at start on most systems, so this is usually a no-op). Null
 * where the limit cannot be read (not Linux): the hub then says so and keeps its configured caps.
 */
export function detectDescriptorLimit(
  read: () => string = () => readFileSync('/proc/self/limits', 'utf8'),
  raise: (to: number) => void = (to) =>
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${to}:${to}`], { stdio: 'ignore' }),
): DescriptorLimit | null {
  let limit: { soft: number; hard: number } | null;
  try {
    limit = parseOpenFilesLimit(read());
  } catch {
    return null;
  }
  if (!limit) return null;
  if (limit.soft >= limit.hard) return { ...limit, raisedFrom: null };
  try {
    raise(limit.hard);
    const after = parseOpenFilesLimit(read());
    if (after && after.soft > limit.soft) return { ...after, raisedFrom: limit.soft };
  } catch {
    // prlimit missing or not allowed: the hub reports the limit as it is.
  }
  return { ...limit, raisedFrom: null };
}

/** Descriptors kept for what is not a connection: the database, its WAL and journal, logs, backups, serial ports. */
export const DESCRIPTORS_FOR_FILES = 64;

export interface ConnectionBudget {
  /** Connections the process can hold at all (the HTTP server refuses beyond). */
  readonly connections: number;
  /** Anonymous sockets (no device token, no session) at most. */
  readonly anonymous: number;
  /** Connections still in the Socket.IO handshake at most. */
  readonly handshakes: number;
  /** What is left for registered devices and signed-in people whatever the anonymous ones do. */
  readonly reserved: number;
}

/**
 * Splits the descriptors: files first, then a reserve for authenticated devices, and the anonymous and
 * handshaking connections share what is left (never more than their configured caps).
 */
export function connectionBudget(
  limit: DescriptorLimit | null,
  caps: { readonly anonymous: number; readonly handshakes: number; readonly reserved: number },
): ConnectionBudget {
  if (!limit) {
    return { connections: Number.POSITIVE_INFINITY, ...caps };
  }
  const connections = Math.max(1, limit.soft - DESCRIPTORS_FOR_FILES);
  const reserved = Math.min(caps.reserved, Math.floor(connections / 2));
  const share = Math.max(1, Math.floor((connections - reserved) / 2));
  return {
    connections,
    anonymous: Math.min(caps.anonymous, share),
    handshakes: Math.min(caps.handshakes, share),
    reserved: connections - Math.min(caps.anonymous, share) - Math.min(caps.handshakes, share),
  };
}
