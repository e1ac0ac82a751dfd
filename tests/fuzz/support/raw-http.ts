/**
 * HTTP exchanges over a bare TCP socket (node:net): the request goes out byte for byte as written, so nothing
 * (fetch, undici, node:http's client) normalises a malformed path, escape, method or header before the server
 * sees it.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  /** The status code of the first status line, or null when the server closed without answering. */
  readonly status: number | null;
  /** True when nothing came back within the time allowed (the socket was then closed by us). */
  readonly timedOut: boolean;
}

/**
 * `halfClose` ends our side after the request: for bytes that are not a complete request (the server then ends
 * the exchange at once rather than after its header timeout). A complete request keeps the socket open, as a
 * browser does, so an answer that is streamed (a file) is not cut short.
 */
export function rawExchange(
  port: number,
  request: Buffer | string,
  options: { readonly halfClose?: boolean; readonly timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let settled = false;
    const finish = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ status: null, timedOut: true }), timeoutMs);
    socket.on('connect', () => {
      // The server may answer (and close) before it has read everything: a write after that is not an error here.
      // The server may answer (and close) before it has read everything: a write after that is not an error here.
      if (options.halfClose) socket.end(request);
      else socket.write(request, () => {});
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      // Skip interim answers (100 Continue): the final status line is the answer.
      const finalLine = /(?:^|\r\n)HTTP\/1\.[01] ([2-9]\d\d)/.exec(received);
      if (finalLine?.[1]) finish({ status: Number(finalLine[1]), timedOut: false });
      else if (received.length > 64 && !received.startsWith('HTTP/')) finish({ status: -1, timedOut: false });
    });
    socket.on('error', () => finish({ status: null, timedOut: false }));
    socket.on('close', () => finish({ status: null, timedOut: false }));
  });
}
