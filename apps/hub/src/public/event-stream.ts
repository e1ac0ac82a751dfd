import type { ServerResponse } from 'node:http';

/**
 * A server-sent event stream (EventSource) to one visitor's page: one-way, so nothing a visitor sends can reach a
 * command. A comment line every `keepAliveMs` keeps proxies and phones from dropping an idle stream.
 */
export function openEventStream(res: ServerResponse, options: { keepAliveMs: number; onClose: () => void }) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx buffers proxied answers unless told not to: a stream must go through as it is written.
    'x-accel-buffering': 'no',
  });
  // The retry hint: a phone that lost the stream comes back after 2 s.
  res.write('retry: 2000\n\n');
  let open = true;
  const keepAlive = setInterval(() => res.write(': \n\n'), options.keepAliveMs);
  keepAlive.unref();
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(keepAlive);
    options.onClose();
  };
  res.on('close', close);
  res.on('error', close);
  return {
    /** Sends one event; `data` is JSON-encoded (one line: JSON has no raw newlines). */
    send(event: string, data: unknown): void {
      if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    /** Ends the stream from our side (the ticket ended, or the hub is closing). */
    end(): void {
      if (!open) return;
      res.end();
      close();
    },
    get open() {
      return open;
    },
  };
}

export type EventStream = ReturnType<typeof openEventStream>;
