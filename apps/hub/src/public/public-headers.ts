import type { ServerResponse } from 'node:http';
import { STRICT_TRANSPORT_SECURITY } from '../http/http-app.ts';

/**
 * What a visitor's page may load and talk to: its own files and its own listener, nothing else. Stricter than the
 * staff screens' policy (no device agent, no inline styles, no frames, no plugins).
 */
export const PUBLIC_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The headers of every answer of the public listener, whatever it is (a page, a file, an error). The page's URL
 * carries a ticket's token: `no-referrer` keeps it out of any request the page makes elsewhere.
 */
export function setPublicHeaders(res: ServerResponse, tls: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('content-security-policy', PUBLIC_CONTENT_SECURITY_POLICY);
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader(
    'permissions-policy',
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()',
  );
  if (tls) res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
}

/** A short plain-text answer (errors): never cached, never echoing the request. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** A JSON answer, never cached (it is about one visitor's ticket or booking, now). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
