import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  API_OPERATION_IDS,
  API_PREFIX,
  type ApiClientView,
  type ApiOperation,
  type ApiOperationId,
  ApiOperations,
  type ErrorBody,
  type ErrorCode,
  openApiDocument,
} from '@hallq/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { TalliedAudit } from '../auth/login-audit.ts';
import type { HallService } from '../hall-service.ts';
import { createRateLimiter } from '../socket/rate-limit.ts';
import type { Actor } from '../store/event-log.ts';
import type { ApiClients } from './api-clients.ts';
import { apiDocsPage } from './api-docs.ts';
import type { ApiHandlers, ApiRequest, ApiResult } from './api-handlers.ts';

/** The largest request body the API reads; its bodies are a URL and a few names. */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Failed authentications per source address: a few a second, then 429 (a wrong token is not retried fast). */
const FAILED_AUTH = { perSecond: 1, burst: 10 } as const;
const MAX_TRACKED_ADDRESSES = 10_000;

interface Route {
  readonly id: ApiOperationId;
  readonly operation: ApiOperation;
  /** Path segments after the prefix; `{name}` captures one segment. */
  readonly segments: readonly string[];
}

const ROUTES: readonly Route[] = API_OPERATION_IDS.map((id) => ({
  id,
  operation: ApiOperations[id],
  segments: ApiOperations[id].path.split('/').slice(1),
}));

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The first problem zod found, for a person: `to: the range must end on or after its first day`. */
function describeIssue(error: z.ZodError, where: string): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where} 不符合要求 · ${where} is not valid — ${path}${issue?.message ?? 'invalid'}`;
}

function matchRoute(segments: readonly string[]): { route: Route; params: Record<string, string> }[] {
  const found: { route: Route; params: Record<string, string> }[] = [];
  for (const route of ROUTES) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = route.segments.every((part, i) => {
      const value = segments[i]!;
      if (part.startsWith('{') && part.endsWith('}')) {
        params[part.slice(1, -1)] = value;
        return value.length > 0;
      }
      return part === value;
    });
    if (fits) found.push({ route, params });
  }
  return found;
}

/** Reads a JSON body of at most MAX_API_BODY_BYTES; never throws past its promise. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_API_BODY_BYTES) {
    return Promise.reject(
      new ApiFailure(413, 'BAD_REQUEST', `请求过大 · The body is over ${MAX_API_BODY_BYTES} bytes`),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_API_BODY_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        reject(new ApiFailure(413, 'BAD_REQUEST', `请求过大 · The body is over ${MAX_API_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    // A client that goes away mid-body: nothing to answer, but nothing left waiting either.
    req.once('close', () => {
      if (!req.complete) reject(new ApiFailure(400, 'BAD_REQUEST', '请求不完整 · The body was cut short'));
    });
    req.once('error', (error) => reject(new ApiFailure(400, 'BAD_REQUEST', `请求中断 · ${error.message}`)));
  });
}

function queryObject(search: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of search) {
    if (Object.hasOwn(query, key)) {
      throw new ApiFailure(400, 'BAD_REQUEST', `参数重复 · The query parameter "${key}" is given twice`);
    }
    query[key] = value;
  }
  return query;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiFailure(400, 'BAD_REQUEST', '路径编码有误 · The path is not valid percent-encoding');
  }
}

/**
 * The open API on the hub's HTTP listener: `/api/v1/…` routed from the protocol's route table. Each request is
 * authenticated (bearer token of an API client), rate-limited per client, checked against the operation's
 * scope and schemas, answered, and audited in the event log with the client as who. Any bad input answers 4xx
 * with the hub's error codes; nothing a request carries can throw past this handler.
 */
export function createApiRouter(deps: {
  clients: ApiClients;
  handlers: ApiHandlers;
  hall: HallService;
  clock: () => number;
  logger: Logger;
  version: string;
  /**
   * Calls refused over a client's rate limit, in the audit trail without letting a flood fill it: the first
   * of a minute at once, the rest counted into one entry a minute (`api:throttled`, `attempts`).
   */
  throttled: TalliedAudit<'api:throttled'>;
}) {
  const { clients, handlers, hall, clock, logger } = deps;
  const buckets = new Map<
    string,
    { bucket: ReturnType<typeof createRateLimiter>; ratePerSecond: number; burst: number }
  >();
  const failedAuth = new Map<string, ReturnType<typeof createRateLimiter>>();
  let documentJson: string | null = null;
  let docsHtml: string | null = null;
  const document = () => {
    documentJson ??= JSON.stringify(openApiDocument({ version: deps.version }));
    return documentJson;
  };

  /** The client's bucket; a new one (full) when an admin changed its limit since the last request. */
  function bucketFor(client: ApiClientView) {
    const held = buckets.get(client.id);
    if (held && held.ratePerSecond === client.ratePerSecond && held.burst === client.burst)
      return held.bucket;
    const bucket = createRateLimiter(client.ratePerSecond, client.burst, clock());
    buckets.set(client.id, { bucket, ratePerSecond: client.ratePerSecond, burst: client.burst });
    return bucket;
  }

  function authenticate(req: IncomingMessage): ApiClientView {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(header);
    const outcome = match ? clients.authenticate(match[1]!) : ({ ok: false, clientId: null } as const);
    if (outcome.ok) return outcome.client;
    const address = req.socket.remoteAddress ?? 'unknown';
    if (failedAuth.size > MAX_TRACKED_ADDRESSES) failedAuth.clear();
    let bucket = failedAuth.get(address);
    if (!bucket) {
      bucket = createRateLimiter(FAILED_AUTH.perSecond, FAILED_AUTH.burst, clock());
      failedAuth.set(address, bucket);
    }
    if (!bucket.take(clock())) {
      throw new ApiFailure(429, 'RATE_LIMITED', '失败次数过多 · Too many failed attempts; wait a little', {
        'retry-after': '1',
      });
    }
    // Logged with the claimed client id (never the secret) and where it came from; rate-limited with the answers.
    logger.warn({ address, clientId: outcome.clientId }, 'open API: authentication failed');
    throw new ApiFailure(
      401,
      'UNAUTHENTICATED',
      '需要有效的 API 客户端令牌 · A valid API client token is required (Authorization: Bearer <client id>.<secret>)',
      { 'www-authenticate': 'Bearer realm="hallq"' },
    );
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ApiFailure(400, 'BAD_REQUEST', describeIssue(parsed.error, where));
    return parsed.data;
  }

  async function body(req: IncomingMessage, route: Route): Promise<unknown> {
    const schema = route.operation.body;
    if (schema === null) return undefined;
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new ApiFailure(400, 'BAD_REQUEST', '请以 JSON 发送 · Send the body as application/json');
    }
    const raw = await readBody(req);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiFailure(400, 'BAD_REQUEST', 'JSON 格式有误 · The body is not valid JSON');
    }
    return parse(schema, json, 'body');
  }

  /** Runs one authenticated call; every outcome after authentication is audited. */
  async function call(req: IncomingMessage, url: URL, route: Route, params: Record<string, string>) {
    const client = authenticate(req);
    if (!bucketFor(client).take(clock())) {
      deps.throttled.note(
        'api:throttled',
        { kind: 'api-client', id: client.id, deviceId: null },
        { clientId: client.id, name: client.name, limit: `${client.ratePerSecond}/s, burst ${client.burst}` },
        clock(),
      );
      throw new ApiFailure(429, 'RATE_LIMITED', '请求过于频繁 · Over this client’s rate limit', {
        'retry-after': '1',
      });
    }
    const actor: Actor = { kind: 'api-client', id: client.id, deviceId: null };
    const audit = (status: number, code: ErrorCode | null) => {
      const outcome = hall.audit(
        'api:call',
        actor,
        {
          operation: route.id,
          method: route.operation.method.toUpperCase(),
          path: url.pathname.slice(0, 300),
          status,
          code,
        },
        () => clients.touch(client.id, clock()),
      );
      return outcome.ok;
    };
    let result: ApiResult<unknown>;
    try {
      if (!client.scopes.includes(route.operation.scope)) {
        throw new ApiFailure(
          403,
          'FORBIDDEN',
          `缺少权限 ${route.operation.scope} · This client lacks the scope`,
        );
      }
      const request = {
        params: parse(route.operation.params, params, 'path'),
        query: parse(route.operation.query, queryObject(url.searchParams), 'query'),
        body: await body(req, route),
        client,
      };
      const handler = handlers[route.id] as (r: ApiRequest<ApiOperationId>) => ApiResult<unknown>;
      result = handler(request as ApiRequest<ApiOperationId>);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      audit(error.status, error.code);
      throw error;
    }
    const status = result.ok ? route.operation.status : result.status;
    if (!audit(status, result.ok ? null : result.error.code) || !(await hall.settled())) {
      throw new ApiFailure(503, 'STORAGE_FAILURE', '未保存，请稍后重试 · Not saved, try again shortly');
    }
    return { status, body: result.ok ? result.value : { error: result.error } };
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const rest = url.pathname.slice(API_PREFIX.length);
    const method = (req.method ?? 'GET').toLowerCase();
    if (rest === '/openapi.json' || rest === '/docs' || rest === '' || rest === '/') {
      if (method !== 'get' && method !== 'head') {
        throw new ApiFailure(405, 'BAD_REQUEST', '不支持此方法 · Method not allowed', { allow: 'GET, HEAD' });
      }
      if (rest === '/openapi.json') {
        res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' });
        res.end(method === 'head' ? undefined : document());
        return;
      }
      if (rest === '/docs') {
        docsHtml ??= apiDocsPage(openApiDocument({ version: deps.version }));
        res.writeHead(200, {
          ...COMMON_HEADERS,
          'content-type': 'text/html; charset=utf-8',
          // The page is plain HTML with one style sheet inline: no script, nothing fetched.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        });
        res.end(method === 'head' ? undefined : docsHtml);
        return;
      }
      res.writeHead(302, { location: `${API_PREFIX}/docs` });
      res.end();
      return;
    }
    const segments = rest.split('/').slice(1).map(decodeSegment);
    const matches = matchRoute(segments);
    if (matches.length === 0) {
      throw new ApiFailure(
        404,
        'NOT_FOUND',
        `没有这个接口 · No such endpoint: ${url.pathname.slice(0, 200)}`,
      );
    }
    const match = matches.find((m) => m.route.operation.method === method);
    if (!match) {
      const allow = matches.map((m) => m.route.operation.method.toUpperCase()).join(', ');
      throw new ApiFailure(405, 'BAD_REQUEST', `不支持此方法 · Method not allowed (allowed: ${allow})`, {
        allow,
      });
    }
    const answer = await call(req, url, match.route, match.params);
    if (answer.status === 204) {
      res.writeHead(204, COMMON_HEADERS);
      res.end();
      return;
    }
    sendJson(res, answer.status, answer.body);
  }

  return {
    /** Whether a request's URL belongs to the API (checked on the raw URL, before anything decodes it). */
    handles: (rawUrl: string | undefined): boolean =>
      rawUrl !== undefined &&
      (rawUrl === API_PREFIX || rawUrl.startsWith(`${API_PREFIX}/`) || rawUrl.startsWith(`${API_PREFIX}?`)),
    handle(req: IncomingMessage, res: ServerResponse): void {
      route(req, res).catch((error: unknown) => {
        if (error instanceof ApiFailure) {
          sendError(res, error.status, { code: error.code, message: error.message }, error.headers);
          return;
        }
        logger.error({ err: error, url: req.url?.slice(0, 200) }, 'open API: request failed');
        sendError(res, 500, { code: 'INTERNAL', message: '内部错误 · Internal error' });
      });
    },
  };
}

export type ApiRouter = ReturnType<typeof createApiRouter>;

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  error: ErrorBody,
  headers: Record<string, string> = {},
) {
  // A body cut short (too large) is not read any further: the connection closes after the answer.
  sendJson(res, status, { error }, status === 413 ? { ...headers, connection: 'close' } : headers);
}
