import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { PRINT_PERMIT_KEY_PATH } from '@hallq/protocol';
import { contentTypeOf } from './content-types.ts';

/** A web app the hub serves: `/kiosk/…` from `apps/kiosk/dist`, falling back to its index.html (client routing). */
export interface WebApp {
  readonly mount: string;
  readonly dir: string;
}

/** What the handler reports when a request fails inside it (never personal data: the path is not logged). */
export type HttpErrorReporter = (error: unknown, request: { method: string; status: number }) => void;

/**
 * The path of a request target, decoded, or null when it cannot be one: not origin-form (`/…`), a broken
 * %-escape, or a NUL byte. Parsed by hand because `new URL()` and `decodeURIComponent` throw on such input.
 */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith('/')) return null;
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return path.includes('\0') ? null : path;
}

/** The answer to CONNECT (a proxy tunnel request): Node leaves such a socket unanswered unless told otherwise. */
export function refuseTunnel(_request: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

/** HSTS over TLS: a browser that once reached the hub over https never falls back to plain http for a year. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** A router mounted under a prefix (the open API, `/api/v1`): it takes every request whose raw URL it handles. */
export interface MountedRouter {
  handles(rawUrl: string | undefined): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export function createHttpHandler(deps: {
  health: () => Record<string, unknown>;
  apps: readonly WebApp[];
  /** The open API: answers its own errors (JSON, the hub's error codes). */
  api?: MountedRouter;
  /** The public key of the hub's print permits (PEM), for the kiosks' device agents. */
  printKeyPem?: string;
  /** True when the hub serves https: every answer carries HSTS. */
  tls?: boolean;
  onError?: HttpErrorReporter;
}) {
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    if (deps.tls) res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    if (deps.api?.handles(req.url)) {
      deps.api.handle(req, res);
      return;
    }
    const path = requestPath(req.url);
    if (path === null) {
      send(res, 400, 'bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed');
      return;
    }
    if (path === '/healthz') {
      const body = JSON.stringify(deps.health());
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    if (path === PRINT_PERMIT_KEY_PATH && deps.printKeyPem) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file', 'cache-control': 'no-cache' });
      res.end(deps.printKeyPem);
      return;
    }
    if (path === '/') {
      res.writeHead(302, { location: '/kiosk/' });
      res.end();
      return;
    }
    if (path === '/favicon.ico') {
      // A browser asks the root for an icon whatever page it opened (and hallctl's links, a bare hub address):
      // the first app's icon (each app's public/favicon.ico, all the same HallQ icon) answers for the hub.
      const withIcon = deps.apps.find((app) => existsSync(join(app.dir, 'favicon.ico')));
      if (withIcon) {
        serveFile(res, withIcon, 'favicon.ico', deps.onError);
        return;
      }
    }
    for (const app of deps.apps) {
      if (path === app.mount) {
        res.writeHead(301, { location: `${app.mount}/` });
        res.end();
        return;
      }
      if (path.startsWith(`${app.mount}/`)) {
        serveFile(res, app, path.slice(app.mount.length + 1), deps.onError);
        return;
      }
    }
    send(res, 404, 'not found');
  };
  // The last-resort guard: whatever a request does inside the handler ends that request, never the hub.
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      route(req, res);
    } catch (error) {
      deps.onError?.(error, { method: String(req.method).slice(0, 16), status: 500 });
      if (res.headersSent) res.destroy();
      else send(res, 500, 'internal error');
    }
  };
}

/**
 * What the hall's screens may load and talk to: their own files and their hub, plus the kiosk's device agent on
 * the same machine (127.0.0.1 / localhost, any port). Inline styles stay allowed for the charts' style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' http://127.0.0.1:* ws://127.0.0.1:* http://localhost:* ws://localhost:*",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves a built web app's file (index.html for a path it does not have), never from outside its folder. */
export function serveFile(
  res: ServerResponse,
  app: WebApp,
  relative: string,
  onError?: HttpErrorReporter,
): void {
  if (!existsSync(join(app.dir, 'index.html'))) {
    send(res, 503, `this app is not built yet: run \`npm run build:web\` (${app.mount})`);
    return;
  }
  const root = normalize(app.dir);
  let file = normalize(join(root, relative));
  // Never serve outside the app's folder, whatever the path says.
  if (file !== root && !file.startsWith(root + sep)) {
    send(res, 403, 'forbidden');
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  const type = contentTypeOf(file);
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
  });
  // A file that vanishes or cannot be read mid-answer ends this answer, not the process.
  createReadStream(file)
    .on('error', (error) => {
      onError?.(error, { method: 'GET', status: 500 });
      res.destroy();
    })
    .pipe(res);
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
