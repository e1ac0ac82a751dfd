/**
 * Every message a client may send has a bounded size by its schema: each string a maximum length, each array a
 * maximum count, each object a closed set of keys. An unbounded field lets one message cost the hub as much
 * work as its sender likes (a window listing 450,000 service ids was validated element by element), so the
 * class is closed here for the whole catalog, not field by field.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HandshakeAuth } from './auth.ts';
import { COMMAND_NAMES, Commands } from './commands.ts';
import { HallConfig } from './hall-schema.ts';
import { QrRatingRequest } from './visitor-page.ts';

type JsonSchema = Record<string, unknown>;

/** Paths in a JSON Schema where a string, array or object has no upper bound. */
function unbounded(
  schema: unknown,
  path: string,
  defs: Record<string, unknown>,
  seen = new Set<string>(),
): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as JsonSchema;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace(/^#\/(\$defs|definitions)\//, '');
    if (seen.has(name)) return [];
    return unbounded(defs[name], path, defs, new Set([...seen, name]));
  }
  const found: string[] = [];
  const isEnum = Array.isArray(node.enum) || 'const' in node;
  if (node.type === 'string' && !isEnum && typeof node.maxLength !== 'number') found.push(`${path}: string`);
  if (node.type === 'array' && typeof node.maxItems !== 'number') found.push(`${path}: array`);
  if (node.type === 'object') {
    const extra = node.additionalProperties;
    if (extra !== false && extra !== undefined) found.push(`${path}: open object`);
    for (const [key, value] of Object.entries((node.properties as JsonSchema | undefined) ?? {}))
      found.push(...unbounded(value, `${path}.${key}`, defs, seen));
  }
  if (node.items) found.push(...unbounded(node.items, `${path}[]`, defs, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const [i, part] of ((node[key] as unknown[] | undefined) ?? []).entries())
      found.push(...unbounded(part, `${path}|${i}`, defs, seen));
  return found;
}

const problemsOf = (schema: z.ZodType, name: string) => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const defs = { ...((json.$defs as Record<string, unknown>) ?? {}) };
  return unbounded(json, name, defs);
};

describe('request size limits', () => {
  it('bounds every string and array of every command payload', () => {
    const problems = COMMAND_NAMES.flatMap((name) => problemsOf(Commands[name].request, name));
    expect(problems).toEqual([]);
  });

  it('bounds the handshake and the hall file', () => {
    expect(problemsOf(HandshakeAuth, 'handshake')).toEqual([]);
    expect(problemsOf(HallConfig, 'hall')).toEqual([]);
  });

  it('bounds what a visitor’s phone sends the public listener (a rating by QR)', () => {
    expect(problemsOf(QrRatingRequest, 'qr rating')).toEqual([]);
  });

  it('refuses a window listing more services than a hall can have, without one error per element', () => {
    const ids = Array.from({ length: 450_000 }, (_, i) => i);
    const started = performance.now();
    const parsed = HallConfig.shape.windows.element.shape.serviceIds.safeParse(ids);
    const tookMs = performance.now() - started;
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.length).toBeLessThanOrEqual(1);
    expect(tookMs).toBeLessThan(200);
  });
});
