/**
 * A child process that floods a hub with anonymous Socket.IO traffic, as an attacker on the hall's LAN would:
 * `hall:configure` with a window listing 450,000 service ids (1.9 MB), deeply nested 1.9 MB frames, and small
 * commands sent as fast as the socket takes them, from many sockets that reconnect as soon as the hub closes or
 * refuses them. It reports what it sent and how the hub answered.
 */
import { PROTOCOL_VERSION } from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';

export type FloodCommand =
  | { readonly type: 'start'; readonly url: string; readonly sockets: number; readonly addresses: number }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'close' };

export interface FloodCounts {
  sent: number;
  sentBytes: number;
  answers: Record<string, number>;
  connected: number;
  refused: number;
  closedByHub: number;
}

export type FloodReport =
  | { readonly type: 'ready' }
  | { readonly type: 'counts'; readonly counts: FloodCounts };

const counts: FloodCounts = { sent: 0, sentBytes: 0, answers: {}, connected: 0, refused: 0, closedByHub: 0 };
let running = false;
let stopped = false;
const live = new Set<Socket>();
/** The pumps of the connected sockets, to start them again after a pause. */
const pumps = new Set<() => void>();
/** Attackers that lost their socket during a pause, to come back at the next flood phase. */
const waiting: (() => void)[] = [];

const serviceIds = Array.from({ length: 450_000 }, () => 'a');
const huge = { hall: { name: { zh: 'x', en: 'x' }, windows: [{ id: 'w1', serviceIds }] } };
let nested: unknown = 1;
for (let i = 0; i < 2_000; i += 1) nested = [nested, 'x'.repeat(900)];
const nestedFrame = { hall: nested };
const small = { hall: { name: { zh: '厅', en: 'hall' } } };
/**
 * The two large frames are encoded once and written to the engine as they are (a Socket.IO EVENT packet
 * without an ack id): an attacker on another machine would not spend this machine's CPU encoding 1.9 MB per send,
 * and the bench shares two cores between the hub and this process.
 */
const RAW_FRAMES = [
  `2${JSON.stringify(['hall:configure', huge])}`,
  `2${JSON.stringify(['hall:configure', nestedFrame])}`,
];
const FRAMES: readonly { readonly event: string; readonly payload: unknown; readonly bytes: number }[] = [
  ...Array.from({ length: 8 }, () => ({ event: 'hall:configure', payload: small, bytes: 60 })),
  {
    event: 'session:login',
    payload: { username: 'admin', password: 'x'.repeat(100), windowId: null },
    bytes: 150,
  },
];

function send(report: FloodReport): void {
  process.send?.(report);
}

/** One attacking socket: sends with up to 20 frames in flight; when the hub ends it, another takes its place. */
function attacker(url: string, localAddress: string, index: number): void {
  if (stopped) return;
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    localAddress,
  } as Parameters<typeof io>[1]);
  live.add(socket);
  let inFlight = 0;
  let next = index;
  const pump = () => {
    while (running && socket.connected && inFlight < 20) {
      if (next % 4 === 0) {
        // A large frame, written raw; the hub answers none (it ends the connection at the frame's header).
        const raw = RAW_FRAMES[((next / 4) % RAW_FRAMES.length) | 0]!;
        next += 1;
        counts.sent += 1;
        counts.sentBytes += raw.length;
        socket.io.engine.write(raw);
        continue;
      }
      const frame = FRAMES[next % FRAMES.length]!;
      next += 1;
      inFlight += 1;
      counts.sent += 1;
      counts.sentBytes += frame.bytes;
      socket
        .timeout(10_000)
        .emitWithAck(frame.event, frame.payload)
        .then((answer: { ok: boolean; error?: { code?: string } }) => {
          const code = answer.ok ? 'ok' : (answer.error?.code ?? '?');
          counts.answers[code] = (counts.answers[code] ?? 0) + 1;
        })
        .catch(() => {
          counts.answers['no answer'] = (counts.answers['no answer'] ?? 0) + 1;
        })
        .finally(() => {
          inFlight -= 1;
          setImmediate(pump);
        });
    }
  };
  socket.on('connect', () => {
    counts.connected += 1;
    pumps.add(pump);
    pump();
  });
  const again = () => {
    pumps.delete(pump);
    live.delete(socket);
    socket.removeAllListeners();
    socket.disconnect();
    // Back again at once: an attacker does not wait (a short pause only keeps this process from spinning).
    // While the flood is paused (a baseline phase) it waits for the next phase, so the baseline is quiet.
    const reconnect = () => setTimeout(() => attacker(url, localAddress, index + 1), 20);
    if (running) reconnect();
    else waiting.push(reconnect);
  };
  socket.on('connect_error', () => {
    counts.refused += 1;
    again();
  });
  socket.on('disconnect', () => {
    counts.closedByHub += 1;
    again();
  });
}

process.on('message', (command: FloodCommand) => {
  switch (command.type) {
    case 'start': {
      running = true;
      for (let i = 0; i < command.sockets; i += 1)
        attacker(command.url, `127.0.2.${(i % command.addresses) + 1}`, i);
      send({ type: 'ready' });
      break;
    }
    case 'pause':
      running = false;
      send({ type: 'counts', counts });
      break;
    case 'resume':
      running = true;
      for (const pump of pumps) pump();
      for (const reconnect of waiting.splice(0)) reconnect();
      break;
    case 'close':
      stopped = true;
      running = false;
      for (const socket of live) socket.disconnect();
      send({ type: 'counts', counts });
      setTimeout(() => process.exit(0), 50);
      break;
  }
});
process.on('disconnect', () => process.exit(0));
