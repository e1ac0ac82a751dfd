import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signGatewayRequest } from './http-gateway-sender.ts';

export interface ReceivedSms {
  readonly msgId: string;
  readonly reference: string;
  readonly phone: string;
  readonly text: string;
  /** performance.timeOrigin + performance.now() when the gateway took it (for the latency figures). */
  readonly at: number;
}

/**
 * A stand-in for an HTTP SMS platform, speaking what the sender speaks: it checks the signature, takes JSON or
 * a form, answers `{ code, msgId, message }`, keeps a message's reference so that a repeat is answered with
 * the first msgId and not sent again (as such platforms do with a client reference), and serves delivery
 * reports. It can be taken down (connections refused), made to answer 503, or to refuse a code.
 */
export async function startHttpGatewaySimulator(options: {
  account: string;
  secret: string;
  signatureHeader?: string;
  port?: number;
  host?: string;
  onMessage?: (sms: ReceivedSms) => void;
  /** How long it takes to answer a message it took (a slow platform: a sender killed meanwhile sends again). */
  answerDelayMs?: number;
}) {
  const header = options.signatureHeader ?? 'x-sms-signature';
  const received: ReceivedSms[] = [];
  const byReference = new Map<string, ReceivedSms>();
  const unreported: ReceivedSms[] = [];
  let mode: 'up' | 'busy' | { code: string } = 'up';
  let requests = 0;
  let repeats = 0;

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    if (options.answerDelayMs) {
      setTimeout(() => answer(res, status, body), options.answerDelayMs);
      return;
    }
    answer(res, status, body);
  };
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const verified = (req: IncomingMessage, body: string) => {
    const timestamp = String(req.headers['x-sms-timestamp'] ?? '');
    const nonce = String(req.headers['x-sms-nonce'] ?? '');
    const given = Buffer.from(String(req.headers[header] ?? ''), 'utf8');
    const expected = Buffer.from(signGatewayRequest(options.secret, timestamp, nonce, body), 'utf8');
    return (
      req.headers['x-sms-account'] === options.account &&
      given.length === expected.length &&
      timingSafeEqual(given, expected)
    );
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verified(req, body)) return reply(res, 401, { code: '4001', message: 'bad signature' });
      if (req.method === 'GET' && req.url?.startsWith('/reports')) {
        const reports = unreported.splice(0).map((m) => ({ msgId: m.msgId, status: 'DELIVRD' }));
        return reply(res, 200, reports);
      }
      if (req.method !== 'POST') return reply(res, 405, { code: '4005', message: 'POST only' });
      if (mode === 'busy') return reply(res, 503, { code: '5003', message: 'busy' });
      if (typeof mode === 'object') return reply(res, 200, { code: mode.code, message: 'refused' });
      const form = String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded');
      let fields: Record<string, string>;
      try {
        fields = form
          ? Object.fromEntries(new URLSearchParams(body))
          : (JSON.parse(body) as Record<string, string>);
      } catch {
        return reply(res, 400, { code: '4000', message: 'unreadable body' });
      }
      const { mobile, content, reference } = fields;
      if (!mobile || !/^1[3-9]\d{9}$/.test(mobile) || !content || !reference)
        return reply(res, 200, { code: '4002', message: 'mobile, content and reference are required' });
      const repeat = byReference.get(reference);
      if (repeat) {
        repeats += 1;
        return reply(res, 200, { code: '0', msgId: repeat.msgId, message: 'duplicate reference' });
      }
      const sms: ReceivedSms = {
        msgId: randomUUID(),
        reference,
        phone: mobile,
        text: content,
        at: performance.timeOrigin + performance.now(),
      };
      byReference.set(reference, sms);
      received.push(sms);
      unreported.push(sms);
      options.onMessage?.(sms);
      return reply(res, 200, { code: '0', msgId: sms.msgId, message: 'ok' });
    });
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  let port = options.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  await listen();

  return {
    get url() {
      return `http://${host}:${port}/sms`;
    },
    get reportUrl() {
      return `http://${host}:${port}/reports`;
    },
    received,
    get requests() {
      return requests;
    },
    /** Messages sent again with a reference it already had (answered, not sent twice). */
    get repeats() {
      return repeats;
    },
    /** Answers 503 to every message, or a refusal code, until `up()`. */
    busy: () => {
      mode = 'busy';
    },
    refuse: (code: string) => {
      mode = { code };
    },
    up: () => {
      mode = 'up';
    },
    /** The gateway is gone: connections refused (same port when it comes back with `start`). */
    down: stop,
    start: listen,
    close: stop,
  };
}

export type HttpGatewaySimulator = Awaited<ReturnType<typeof startHttpGatewaySimulator>>;
