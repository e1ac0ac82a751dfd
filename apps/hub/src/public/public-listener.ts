import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { refuseTunnel } from '../http/http-app.ts';

/** Where the public listener listens: its own address and port, apart from the staff listener's. */
export interface PublicListenerConfig {
  readonly host: string;
  readonly port: number;
}

/**
 * The public listener's server: a second HTTP(S) server that shares nothing with the staff one but the TLS
 * certificate. It carries only the public router; no Socket.IO of the staff's is attached to it.
 */
export function createPublicServer(deps: {
  config: PublicListenerConfig;
  tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}) {
  const server: Server = deps.tls ? createHttpsServer(deps.tls, deps.handler) : createServer(deps.handler);
  server.on('connect', refuseTunnel);
  // An Upgrade (WebSocket) nobody here listens for: closed, never left hanging.
  server.on('upgrade', (_req, socket: Socket) => socket.destroy());
  // A phone on a slow link gets a minute for its request's headers; a stalled one is not kept forever.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  const connections = new Set<Socket>();
  server.on('connection', (connection: Socket) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });

  return {
    server,
    async listen(): Promise<{ url: string; port: number }> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(deps.config.port, deps.config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      const host = deps.config.host.includes(':') ? `[${deps.config.host}]` : deps.config.host;
      return { url: `${deps.tls ? 'https' : 'http'}://${host}:${port}`, port };
    },
    /** Closes it, ending every connection (a page's stream would otherwise hold it open). */
    close(): Promise<void> {
      if (!server.listening) return Promise.resolve();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) connection.destroy();
      return closed;
    },
  };
}

export type PublicServer = ReturnType<typeof createPublicServer>;
