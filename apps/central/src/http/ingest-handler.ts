import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { HallRegistry } from '../halls/hall-registry.ts';
import type { Ingest } from '../ingest/ingest.ts';
import { readBatch } from './read-batch.ts';

/** A batch of 2,000 entries of a busy hall is a few MB; anything far larger is not a hub's. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(text);
}

const bearer = (request: IncomingMessage): string | null => {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : null;
};

/**
 * POST /v1/ingest: a hub's batch. 200 with the centre's acknowledgement, 409 when the batch is refused (the body
 * says why, with the acknowledgement to continue from), 401 for an unknown hall or a wrong credential, 403 for a
 * revoked hub, 400 for a malformed batch, 503 while PostgreSQL cannot be reached (the hub tries again later).
 */
export function createIngestHandler(deps: { halls: HallRegistry; ingest: Ingest; logger: Logger }) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const token = bearer(request);
    if (token === null) return sendJson(response, 401, { error: 'a hub credential is required' });
    let body: Buffer;
    try {
      body = await readBody(request, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendJson(response, 413, { error: 'batch too large' });
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(response, 400, { error: 'the body is not JSON' });
    }
    const reading = readBatch(json);
    if (!reading.ok) {
      return sendJson(response, 400, { error: 'not a batch', issues: reading.issues.slice(0, 5) });
    }
    const { hallId, entries } = reading.batch;
    try {
      const identity = await deps.halls.identify(hallId, token);
      if (identity === 'unknown')
        return sendJson(response, 401, { error: 'unknown hall or wrong credential' });
      if (identity === 'revoked') return sendJson(response, 403, { error: 'this hub has been revoked' });
      if (entries.length === 0) return sendJson(response, 200, await deps.ingest.hello(hallId));
      const outcome = await deps.ingest.ingest(hallId, entries);
      if (outcome.ok) return sendJson(response, 200, outcome.ack);
      if (outcome.refusal.refused !== 'ahead') {
        deps.logger.error({ hallId, refusal: outcome.refusal }, 'hall log refused: chain broken');
      }
      return sendJson(response, 409, outcome.refusal);
    } catch (error) {
      deps.logger.warn({ err: error, hallId }, 'batch not stored (database unavailable?)');
      return sendJson(response, 503, { error: 'the centre cannot store batches right now; try again later' });
    }
  };
}
