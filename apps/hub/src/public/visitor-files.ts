import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { contentTypeOf } from '../http/content-types.ts';
import { sendText } from './public-headers.ts';

/** Worth compressing: text. Images, fonts and sounds are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.ico']);

interface CachedFile {
  readonly mtimeMs: number;
  readonly type: string;
  readonly plain: Buffer;
  readonly gzip: Buffer | null;
}

/**
 * The built visitor app (apps/visitor/dist), served from memory, gzip-compressed for the phones that ask (all do):
 * the whole app is a few files of tens of kilobytes, and a phone on a hall's crowded Wi-Fi should get it in one go.
 * A file is read again when it changes on disk (a new build).
 */
export function createVisitorFiles(dir: string) {
  const root = normalize(dir);
  const cache = new Map<string, CachedFile>();

  function load(file: string): CachedFile | null {
    if (!existsSync(file)) return null;
    const stat = statSync(file);
    if (!stat.isFile()) return null;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached;
    const plain = readFileSync(file);
    const ext = extname(file);
    const loaded: CachedFile = {
      mtimeMs: stat.mtimeMs,
      type: contentTypeOf(file),
      plain,
      gzip: COMPRESSIBLE.has(ext) ? gzipSync(plain, { level: 9 }) : null,
    };
    cache.set(file, loaded);
    return loaded;
  }

  function send(req: IncomingMessage, res: ServerResponse, file: CachedFile, cacheControl: string): void {
    const gzip = file.gzip !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.plain;
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': cacheControl,
      'content-length': String(body.length),
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
  }

  return {
    /** The app's page (index.html), for every page route: the app reads its route from the address. */
    page(req: IncomingMessage, res: ServerResponse): void {
      const file = load(join(root, 'index.html'));
      if (!file) {
        sendText(res, 503, 'the visitor page is not built yet: run `npm run build:web`');
        return;
      }
      // The page names its files by content hash: it must be checked each time, the files never.
      send(req, res, file, 'no-cache');
    },
    /** A file of the build (`assets/…`, the icon), 404 when absent: never the page in its place. */
    file(req: IncomingMessage, res: ServerResponse, relative: string): void {
      const path = normalize(join(root, relative));
      if (!path.startsWith(root + sep)) {
        sendText(res, 404, 'not found');
        return;
      }
      const file = load(path);
      if (!file) {
        sendText(res, 404, 'not found');
        return;
      }
      const immutable = path.startsWith(join(root, 'assets') + sep);
      send(req, res, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  };
}

export type VisitorFiles = ReturnType<typeof createVisitorFiles>;
