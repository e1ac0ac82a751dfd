import { request } from 'node:http';
import {
  ApiError,
  type ApiOperation,
  type ApiOperationId,
  ApiOperations,
  type ApiScope,
  type OpenApiDocument,
  openApiDocument,
} from '@hallq/protocol';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { SYSTEM_ACTOR } from '../store/event-log.ts';
import type { TestHub } from '../testing/test-hub.ts';

/** An API client registered the way an admin does it; returns its bearer token. */
export function addApiClient(hub: TestHub, scopes: ApiScope[], name = `client ${scopes.join(' ')}`) {
  const added = hub.hub.admin.apiClients.add({ name, scopes }, SYSTEM_ACTOR);
  if (!added.ok) throw new Error(added.error.message);
  return { id: added.value.client.id, token: added.value.token };
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * One HTTP request with node:http, byte for byte what the test says: the path is not normalised (bad
 * percent-encoding reaches the hub as sent), and a body can be sent chunked, without a length.
 */
export function send(
  baseUrl: string,
  options: {
    method?: string;
    path: string;
    token?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
  },
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined && !options.chunked
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    // The hub may answer and close before a too-large body is all written: that is the expected outcome.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The document as the hub serves it (api.test.ts checks `/api/v1/openapi.json` is exactly this JSON). */
const DOCUMENT = JSON.parse(JSON.stringify(openApiDocument({ version: '1.0.0' }))) as OpenApiDocument;
const DOCUMENT_URI = 'https://hub.invalid/api/v1/openapi.json';

/**
 * A JSON Schema 2020-12 validator (OpenAPI 3.1's dialect) holding the whole served document, so a response
 * schema's `$ref: '#/components/schemas/…'` resolves in it as any OpenAPI tool would resolve it. The document's
 * own fields (paths, info …) are declared as a vocabulary with no meaning, so strict mode still rejects any
 * keyword the generator emits inside a schema that JSON Schema does not know.
 */
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addVocabulary(['openapi', 'jsonSchemaDialect', 'info', 'servers', 'security', 'paths', 'components']);
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addSchema(DOCUMENT, DOCUMENT_URI);

const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

const validators = new Map<string, ValidateFunction>();
/** The validator of one documented response body: the document's own schema for that status, $refs and all. */
function documentedSchema(operation: ApiOperation, status: number): ValidateFunction {
  const ref = `${DOCUMENT_URI}#/${pointer('paths', operation.path, operation.method, 'responses', String(status), 'content', 'application/json', 'schema')}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

/**
 * The contract: the answer's status is one the OpenAPI document lists for the operation, and its body
 * validates both against the JSON Schema the served document gives for that status (checked with ajv, the way
 * an outside system's tooling would read it) and against the zod schema the document was generated from.
 */
export function expectContract(operationId: ApiOperationId, answer: Answer): unknown {
  const operation = ApiOperations[operationId];
  const documented = (
    DOCUMENT.paths[operation.path] as Record<string, { responses: Record<string, unknown> }>
  )[operation.method];
  expect(documented, `${operationId} is in the document`).toBeDefined();
  expect(Object.keys(documented!.responses), `${operationId} documents status ${answer.status}`).toContain(
    String(answer.status),
  );
  if (answer.status === 204) {
    expect(answer.text).toBe('');
    return null;
  }
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body: unknown = JSON.parse(answer.text);
  const validate = documentedSchema(operation, answer.status);
  validate(body);
  expect(
    validate.errors ?? null,
    `${operationId} ${answer.status} body against the OpenAPI document`,
  ).toBeNull();
  if (answer.status === operation.status && operation.response) {
    const parsed = operation.response.safeParse(body);
    expect(parsed.success ? null : parsed.error.issues, `${operationId} ${answer.status} body`).toBeNull();
  } else {
    const parsed = ApiError.safeParse(body);
    expect(
      parsed.success ? null : parsed.error.issues,
      `${operationId} ${answer.status} error body`,
    ).toBeNull();
  }
  return body;
}
