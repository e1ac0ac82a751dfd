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
 * The two large frames (Socket.IO EVENT packets without an ack id, in Engine.IO message packets) are encoded
 * once, as whole WebSocket frames, and written to the TCP socket as they are: an attacker on another machine would
 * not spend this machine's CPU encoding 1.9 MB per send, and the bench shares two cores between the hub and this
 * process.
 */
const RAW_FRAMES = [
  `2${JSON.stringify(['hall:configure', huge])}`,
  `2${JSON.stringify(['hall:configure', nestedFrame])}`,
].map((socketIoPacket) => webSocketFrame(`4${socketIoPacket}`));

/**
 * A whole client-to-server WebSocket text frame (RFC 6455 §5.2) for an Engine.IO message, built once. The
 * masking key is zero (valid, and what lets the same bytes go out every time): a client library masks each send
 * with a fresh key, XOR-ing 1.9 MB per frame, and that cost (a full core at this pace) would land on the machine
 * the hub runs on, which an attacker on another machine does not do to it. The hub receives the same bytes.
 */
function webSocketFrame(engineIoPacket: string): Buffer {
  const payload = Buffer.from(engineIoPacket, 'utf8');
  const header = Buffer.alloc(2 + 8 + 4);
  header[0] = 0x81; // FIN, text
  header[1] = 0x80 | 127; // masked, 64-bit length follows
  header.writeBigUInt64BE(BigInt(payload.length), 2);
  // Bytes 10–13, the masking key, stay zero.
  return Buffer.concat([header, payload]);
}

interface RawWritable {
  write(chunk: Buffer): boolean;
}

/** The TCP socket under a connected Socket.IO client's WebSocket (engine.io-client over ws), when it has one. */
function tcpSocketOf(socket: Socket): RawWritable | undefined {
  const transport = socket.io.engine?.transport as { ws?: { _socket?: unknown } } | undefined;
  const tcp = transport?.ws?._socket as Partial<RawWritable> | null | undefined;
  return typeof tcp?.write === 'function' ? (tcp as RawWritable) : undefined;
}
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
        const frame = RAW_FRAMES[((next / 4) % RAW_FRAMES.length) | 0]!;
        const tcp = tcpSocketOf(socket);
        if (!tcp) throw new Error('the flood needs the WebSocket transport over ws');
        next += 1;
        counts.sent += 1;
        counts.sentBytes += frame.length;
        // A whole frame written between ws's own whole-frame writes keeps the stream's framing intact.
        tcp.write(frame);
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
