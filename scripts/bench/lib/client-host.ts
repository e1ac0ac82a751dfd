/**
 * A child process that holds many Socket.IO connections (lobby displays, counters, signs, kiosks) and reports,
 * over IPC, when every one of its sockets received a `hall:update`. Receive times are `monotonicMs()`
 * (CLOCK_MONOTONIC, the same clock in every process of this machine), taken in the socket's event handler.
 */
import { PROTOCOL_VERSION } from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';
import { monotonicMs } from './stats.ts';

export type HostCommand =
  | {
      readonly type: 'connect';
      /** A name for this group of sockets (one per server), reported back with each round. */
      readonly set: string;
      readonly url: string;
      readonly auths: readonly Readonly<Record<string, string>>[];
    }
  | { readonly type: 'ping'; readonly t: number }
  | { readonly type: 'close' };

export type HostReport =
  | {
      readonly type: 'connected';
      readonly set: string;
      readonly count: number;
      readonly failed: number;
      readonly error: string | null;
    }
  | { readonly type: 'pong'; readonly t: number; readonly childT: number }
  /** Every socket of `set` received the update `seq`; `times` are their receive instants. */
  | {
      readonly type: 'round';
      readonly set: string;
      readonly changeType: string;
      readonly seq: number;
      readonly times: readonly number[];
    };

interface UpdateShape {
  readonly seq?: unknown;
  readonly change?: { readonly type?: unknown };
}

const sets = new Map<string, Socket[]>();
const pending = new Map<string, { times: number[]; changeType: string; seq: number }>();

function send(report: HostReport): void {
  process.send?.(report);
}

function connectOne(url: string, auth: Readonly<Record<string, string>>): Promise<Socket> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 30_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

async function connectSet(set: string, url: string, auths: readonly Readonly<Record<string, string>>[]) {
  const sockets: Socket[] = [];
  sets.set(set, sockets);
  let failed = 0;
  let error: string | null = null;
  const size = () => sockets.length;
  // Batches of 20, so the server is not asked for 100 handshakes (and snapshots) in one instant.
  for (let i = 0; i < auths.length; i += 20) {
    const batch = await Promise.allSettled(auths.slice(i, i + 20).map((auth) => connectOne(url, auth)));
    for (const outcome of batch) {
      if (outcome.status === 'fulfilled') {
        const socket = outcome.value;
        socket.on('hall:update', (update: UpdateShape) => {
          const t = monotonicMs();
          const seq = typeof update.seq === 'number' ? update.seq : -1;
          const changeType = typeof update.change?.type === 'string' ? update.change.type : 'unknown';
          const key = `${set}#${seq}`;
          let round = pending.get(key);
          if (!round) {
            round = { times: [], changeType, seq };
            pending.set(key, round);
          }
          round.times.push(t);
          if (round.times.length === size()) {
            pending.delete(key);
            send({ type: 'round', set, changeType, seq, times: round.times });
          }
        });
        sockets.push(socket);
      } else {
        failed += 1;
        error ??= String(outcome.reason);
      }
    }
  }
  send({ type: 'connected', set, count: sockets.length, failed, error });
}

process.on('message', (command: HostCommand) => {
  switch (command.type) {
    case 'connect':
      void connectSet(command.set, command.url, command.auths);
      return;
    case 'ping':
      send({ type: 'pong', t: command.t, childT: monotonicMs() });
      return;
    case 'close':
      for (const sockets of sets.values()) for (const s of sockets) s.disconnect();
      setTimeout(() => process.exit(0), 50);
      return;
  }
});
process.on('disconnect', () => process.exit(0));
