/**
 * A child process of the login-flood bench: an attacker on the hall's LAN. One anonymous socket per source
 * address sends `session:login` with wrong passwords, keeping `inFlight` attempts open at all times, until told
 * to stop; when the hub closes the socket it connects again at once. It then reports how the hub answered.
 */
import { PROTOCOL_VERSION } from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';

export type FlooderCommand =
  | { type: 'start'; url: string; addresses: string[]; inFlight: number }
  | { type: 'stop' }
  | { type: 'close' };
export type FlooderReport =
  | { type: 'flooding' }
  | { type: 'stopped'; answers: Record<string, number>; sent: number; connections: number; ms: number };

const answers: Record<string, number> = {};
let sockets: Socket[] = [];
let running = false;
let sent = 0;
let connections = 0;
let startedAt = 0;

const tally = (key: string) => {
  answers[key] = (answers[key] ?? 0) + 1;
};

function keepSending(socket: Socket, n: number): void {
  if (!running || !socket.connected) return;
  sent += 1;
  socket
    .timeout(30_000)
    .emitWithAck('session:login', { username: 'admin', password: `wrong guess ${n}`, windowId: null })
    .then((answer: { ok: boolean; error?: { code: string; message: string } }) => {
      if (answer.ok) tally('ok');
      else if (answer.error?.code === 'RATE_LIMITED')
        tally(answer.error.message.includes('busy') ? 'RATE_LIMITED busy' : 'RATE_LIMITED');
      else tally(answer.error?.code ?? '?');
    })
    .catch(() => tally('no answer'))
    .finally(() => keepSending(socket, n + 1));
}

/** Connects from an address and floods; connects again whenever the hub closes the connection. */
function flood(url: string, localAddress: string, inFlight: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const socket = io(url, {
      auth: { protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      // engine.io-client passes this to the WebSocket in Node; its option type does not list it.
      ...{ localAddress },
    });
    sockets.push(socket);
    socket.once('connect', () => {
      connections += 1;
      for (let i = 0; i < inFlight; i += 1) keepSending(socket, i * 1_000_000);
      resolve();
    });
    socket.once('connect_error', () => {
      tally('connect refused');
      sockets = sockets.filter((s) => s !== socket);
      resolve();
      if (running) setTimeout(() => void flood(url, localAddress, inFlight), 100);
    });
    socket.once('disconnect', () => {
      sockets = sockets.filter((s) => s !== socket);
      if (running) void flood(url, localAddress, inFlight);
    });
  });
}

process.on('message', async (command: FlooderCommand) => {
  if (command.type === 'start') {
    running = true;
    startedAt = performance.now();
    await Promise.all(command.addresses.map((address) => flood(command.url, address, command.inFlight)));
    process.send?.({ type: 'flooding' } satisfies FlooderReport);
  } else if (command.type === 'stop') {
    running = false;
    const report: FlooderReport = {
      type: 'stopped',
      answers: { ...answers },
      sent,
      connections,
      ms: performance.now() - startedAt,
    };
    for (const key of Object.keys(answers)) delete answers[key];
    sent = 0;
    connections = 0;
    for (const socket of sockets) socket.disconnect();
    sockets = [];
    process.send?.(report);
  } else {
    running = false;
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  }
});
