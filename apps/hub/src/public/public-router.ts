import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRINT_PERMIT_KEY_PATH } from '@hallq/protocol';
import { type HttpErrorReporter, requestPath } from '../http/http-app.ts';
import type { AddressLimiter } from './address-limiter.ts';
import { sendText, setPublicHeaders } from './public-headers.ts';

/** What a route's handler gets: the decoded path, its `:name` parameters and `*` rest, the client's address. */
export interface PublicRequest {
  readonly req: IncomingMessage;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** What a trailing `*` matched ('' for the folder itself). */
  readonly rest: string;
  readonly query: URLSearchParams;
  readonly address: string;
}

/**
 * One route of the public listener. `path` is literal segments, `:name` parameters (one segment each, never
 * empty) and an optional trailing `*` (the rest of the path, any depth). GET routes answer HEAD too.
 */
export interface PublicRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** What a request costs from its address's bucket (default 1): dearer for what makes the hub write. */
  readonly cost?: number;
  handle(request: PublicRequest, res: ServerResponse): void | Promise<void>;
}

/**
 * Paths of the staff listener. None is ever a public route (the router refuses to register one), and each
 * answers 404 here, whatever follows: the public listener shows nothing of what the staff listener serves.
 */
export const STAFF_PATH_PREFIXES: readonly string[] = [
  '/api',
  '/socket.io',
  '/admin',
  '/counter',
  '/kiosk',
  '/lobby',
  '/rate',
  '/healthz',
  PRINT_PERMIT_KEY_PATH,
];

/** Longer request targets are refused before any parsing (no page of the public listener has one). */
export const MAX_TARGET_LENGTH = 2048;

export const isStaffPath = (path: string): boolean => {
  const lower = path.toLowerCase();
  return STAFF_PATH_PREFIXES.some(
    (prefix) => lower === prefix || lower.startsWith(`${prefix}/`) || lower.startsWith(`${prefix}?`),
  );
};

interface CompiledRoute {
  readonly route: PublicRoute;
  readonly segments: readonly string[];
  readonly wildcard: boolean;
}

function compile(route: PublicRoute): CompiledRoute {
  if (!route.path.startsWith('/')) throw new Error(`public route ${route.path}: must start with /`);
  if (isStaffPath(route.path)) throw new Error(`public route ${route.path}: a staff path is never public`);
  const parts = route.path.split('/').slice(1);
  const wildcard = parts[parts.length - 1] === '*';
  return { route, segments: wildcard ? parts.slice(0, -1) : parts, wildcard };
}

function match(
  compiled: CompiledRoute,
  parts: readonly string[],
): { params: Record<string, string>; rest: string } | null {
  const { segments, wildcard } = compiled;
  if (wildcard ? parts.length < segments.length : parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (segment.startsWith(':')) {
      if (part === '') return null;
      params[segment.slice(1)] = part;
    } else if (segment !== part) return null;
  }
  return { params, rest: parts.slice(segments.length).join('/') };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The client's address, for its limits: the socket's; or, when the hall's reverse proxy on this machine is trusted
 * (`trustProxy`), the address that proxy appended last to X-Forwarded-For (what a client wrote there itself comes
 * before it and is ignored). Without the proxy's word every phone behind it would share one bucket.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const own = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy || !LOOPBACK.has(own)) return own;
  const forwarded = req.headers['x-forwarded-for'];
  const list = Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '');
  const last = list.split(',').at(-1)?.trim() ?? '';
  return /^[0-9A-Fa-f.:]{2,45}$/.test(last) ? last : own;
}

/**
 * The public listener's request handler: only the routes it is given, each under the address's rate limit, with
 * the public headers on every answer. Staff paths are 404, a target that is not a clean path is 400, and whatever
 * goes wrong inside a route ends that request, never the hub.
 */
export function createPublicRouter(deps: {
  routes: readonly PublicRoute[];
  limiter: AddressLimiter;
  clock: () => number;
  tls: boolean;
  /** Take the client's address from X-Forwarded-For set by a reverse proxy on this machine (see clientAddress). */
  trustProxy?: boolean;
  onError?: HttpErrorReporter;
}) {
  const routes = deps.routes.map(compile);
  const addressOf = (req: IncomingMessage) => clientAddress(req, deps.trustProxy ?? false);

  const fail = (error: unknown, req: IncomingMessage, res: ServerResponse) => {
    deps.onError?.(error, { method: String(req.method).slice(0, 16), status: 500 });
    if (res.headersSent) res.destroy();
    else sendText(res, 500, 'internal error');
  };

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    setPublicHeaders(res, deps.tls);
    const target = req.url;
    const path = target !== undefined && target.length <= MAX_TARGET_LENGTH ? requestPath(target) : null;
    // A path that names a folder upwards or carries a backslash is not one a page of ours ever asks for.
    if (path === null || path.includes('\\') || path.split('/').some((p) => p === '..' || p === '.')) {
      sendText(res, 400, 'bad request');
      return;
    }
    if (isStaffPath(path)) {
      sendText(res, 404, 'not found');
      return;
    }
    if (!deps.limiter.take(addressOf(req), deps.clock())) {
      sendText(res, 429, 'too many requests', { 'retry-after': '1' });
      return;
    }
    const parts = path.split('/').slice(1);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    let pathMatched = false;
    for (const compiled of routes) {
      const found = match(compiled, parts);
      if (!found) continue;
      pathMatched = true;
      if (compiled.route.method !== method) continue;
      const cost = compiled.route.cost ?? 1;
      if (cost > 1 && !deps.limiter.take(addressOf(req), deps.clock(), cost - 1)) {
        sendText(res, 429, 'too many requests', { 'retry-after': '1' });
        return;
      }
      const query = new URLSearchParams(safeQuery(target ?? ''));
      const request: PublicRequest = { req, path, ...found, query, address: addressOf(req) };
      const handled = compiled.route.handle(request, res);
      if (handled instanceof Promise) handled.catch((error: unknown) => fail(error, req, res));
      return;
    }
    if (pathMatched) sendText(res, 405, 'method not allowed');
    else sendText(res, 404, 'not found');
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      route(req, res);
    } catch (error) {
      fail(error, req, res);
    }
  };
}

/** The query string of a target, or '' when it has none; URLSearchParams never throws on a broken escape. */
function safeQuery(target: string): string {
  const at = target.indexOf('?');
  if (at < 0) return '';
  return target.slice(at + 1).split('#', 1)[0] ?? '';
}

/** Why a body could not be read. */
export type BodyError = 'too-large' | 'not-json' | 'aborted';

/** A JSON request body of at most `maxBytes`, read without ever holding more. */
export function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; error: BodyError }> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > maxBytes) {
      resolve({ ok: false, error: 'too-large' });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: { ok: true; value: unknown } | { ok: false; error: BodyError }) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, error: 'too-large' });
        req.resume();
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('error', () => finish({ ok: false, error: 'aborted' }));
    req.on('aborted', () => finish({ ok: false, error: 'aborted' }));
    req.on('end', () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        finish({ ok: false, error: 'not-json' });
      }
    });
  });
}
