import { z } from 'zod';
import { API_COMPONENTS, API_PREFIX, API_SCOPES, type ApiOperation, ApiOperations } from './api.ts';

type JsonSchema = Record<string, unknown>;

/** The status codes every authenticated operation may answer, whatever it does. */
const COMMON_ERRORS: Readonly<Record<number, string>> = {
  400: '请求有误 · Bad request (malformed JSON, a parameter or body that does not fit its schema)',
  401: '未认证 · No or wrong `Authorization: Bearer <client id>.<secret>`',
  403: '无权限 · The client lacks the scope this operation needs',
  429: '请求过多 · Over the client’s rate limit; see `Retry-After`',
};
const OTHER_ERRORS: Readonly<Record<number, string>> = {
  404: '不存在 · No such resource (or not this client’s)',
  409: '冲突 · Conflict',
  413: '请求过大 · The body is over the size limit',
  503: '暂不可用 · The hub could not save; try again',
};

const strip = (schema: JsonSchema): JsonSchema => {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
};

/** One schema, inline and self-contained, in JSON Schema 2020-12 (OpenAPI 3.1's dialect). */
const inline = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  strip(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema);

/** The named schemas, each referring to the others by `#/components/schemas/<name>`. */
function components(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, component] of Object.entries(API_COMPONENTS)) registry.add(component, { id });
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(Object.entries(generated.schemas).map(([id, s]) => [id, strip(s)]));
}

function reference(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const name = Object.entries(API_COMPONENTS).find(([, s]) => s === schema)?.[0];
  return name ? { $ref: `#/components/schemas/${name}` } : inline(schema, io);
}

/** The fields of a parameter object (a refined object keeps its shape: zod 4 refinements are checks on it). */
const fieldsOf = (schema: z.ZodType): Record<string, z.ZodType> =>
  schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};

function parameters(operation: ApiOperation): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', operation.params],
    ['query', operation.query],
  ] as const) {
    for (const [name, field] of Object.entries(fieldsOf(schema))) {
      const required = !field.safeParse(undefined).success;
      list.push({ name, in: where, required, schema: inline(field, 'input') });
    }
  }
  return list;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
});

/**
 * The OpenAPI 3.1 document of the open API, generated from the route table and its zod schemas with zod's own
 * `z.toJSONSchema()` (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect).
 */
export function openApiDocument(info: { version: string; serverUrl?: string } = { version: '1' }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, operation] of Object.entries(ApiOperations) as [string, ApiOperation][]) {
    const responses: Record<string, unknown> = {
      [operation.status]: operation.response
        ? {
            description: 'OK',
            content: { 'application/json': { schema: reference(operation.response, 'output') } },
          }
        : { description: 'Done (no body)' },
    };
    for (const [status, description] of Object.entries(COMMON_ERRORS)) {
      responses[status] = errorResponse(description);
    }
    for (const status of operation.errors) responses[status] = errorResponse(OTHER_ERRORS[status]!);
    const entry: Record<string, unknown> = {
      operationId,
      summary: operation.summary,
      tags: [operation.path.split('/')[1]],
      security: [{ apiClient: [operation.scope] }],
      'x-hallq-scope': operation.scope,
      parameters: parameters(operation),
      responses,
    };
    if (operation.body) {
      entry.requestBody = {
        required: true,
        content: { 'application/json': { schema: reference(operation.body, 'input') } },
      };
    }
    paths[operation.path] = { ...paths[operation.path], [operation.method]: entry };
  }
  const schemas = components();
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'HallQ open API · 政务大厅排队叫号开放接口',
      version: info.version,
      description:
        'Read the hall’s queue, tickets, ratings and figures, and manage webhook subscriptions. Every request ' +
        'carries `Authorization: Bearer <client id>.<secret>` from `hallctl api-client add`. Errors answer ' +
        '`{ "error": { "code", "message" } }` with the hub’s error codes.',
    },
    servers: [{ url: info.serverUrl ?? API_PREFIX }],
    security: [{ apiClient: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiClient: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: '<client id>.<secret>',
          description: `Scopes: ${API_SCOPES.join(', ')}`,
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
