/**
 * fast-check arbitraries from zod 4 schemas: valid-looking payloads for every command of the catalog, read from
 * the schema's own definition (`schema._zod.def`), so a new field or command is fuzzed without a change here.
 * Only what the protocol uses is understood; anything else becomes `fc.anything()` (still a useful input).
 */
import fc from 'fast-check';
import type { z } from 'zod';

interface CheckDef {
  readonly check: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly value?: number | bigint;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly length?: number;
}

interface SchemaDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly innerType?: z.ZodType;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const checksOf = (def: SchemaDef): CheckDef[] => (def.checks ?? []).map((c) => c._zod.def);

function stringArbitrary(def: SchemaDef): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const regex = checks.find((c) => c.format === 'regex' && c.pattern)?.pattern;
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 40, 200);
  if (regex) return fc.stringMatching(regex).filter((s) => s.length >= min && s.length <= max);
  if (checks.some((c) => c.format === 'uuid')) return fc.uuid();
  return fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' });
}

function numberArbitrary(def: SchemaDef): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const isInt = checks.some((c) => c.format === 'safeint' || c.format === 'int32');
  let min = isInt ? -1_000_000 : -1e6;
  let max = isInt ? 1_000_000 : 1e6;
  for (const c of checks) {
    if (c.check === 'greater_than' && typeof c.value === 'number') min = c.value + (c.inclusive ? 0 : 1);
    if (c.check === 'less_than' && typeof c.value === 'number') max = c.value - (c.inclusive ? 0 : 1);
  }
  if (max < min) max = min;
  return isInt
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of values shaped like `schema` (most of them valid). Recursion is cut at `depth`. */
export function arbitraryOf(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 8) return fc.constant(null);
  const next = (s: z.ZodType) => arbitraryOf(s, depth + 1);
  switch (def.type) {
    case 'string':
      return stringArbitrary(def);
    case 'number':
      return numberArbitrary(def);
    case 'int':
      return fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? { x: 'x' }));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'nullable':
      return fc.oneof(fc.constant(null), next(def.innerType!));
    case 'optional':
      return fc.oneof(fc.constant(undefined), next(def.innerType!));
    case 'default':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return next(def.innerType!);
    case 'pipe':
      return next(def.in!);
    case 'lazy':
      return next(def.getter!());
    case 'array': {
      const checks = checksOf(def);
      const minLength = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const maxLength = Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 4, 6);
      return fc.array(next(def.element!), { minLength, maxLength: Math.max(minLength, maxLength) });
    }
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map(next));
    case 'union':
      return fc.oneof(...(def.options ?? []).map(next));
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 12 }), next(def.valueType!), { maxKeys: 4 });
    case 'object': {
      const shape = def.shape ?? {};
      const entries = Object.entries(shape).map(([key, value]) => {
        const optional = defOf(value).type === 'optional';
        return [key, optional ? fc.option(next(value), { nil: undefined }) : next(value)] as const;
      });
      return fc.record(Object.fromEntries(entries)).map((record) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
        return out;
      });
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** Ways to break a payload: wrong types, missing and unknown keys, huge strings, deep nesting, odd shapes. */
export function mutationOf(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const wrongValue = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.string({ maxLength: 20 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.constant({}),
    fc.constant(Number.NaN),
    fc.constant('__proto__'),
  );
  const replaceKey = fc.tuple(valid, wrongValue, fc.nat()).map(([payload, value, pick]) => {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return value;
    const keys = Object.keys(payload);
    if (keys.length === 0) return { unexpected: value };
    return { ...payload, [keys[pick % keys.length]!]: value };
  });
  const dropKey = fc.tuple(valid, fc.nat()).map(([payload, pick]) => {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
    const keys = Object.keys(payload);
    const out: Record<string, unknown> = { ...payload };
    if (keys.length > 0) delete out[keys[pick % keys.length]!];
    return out;
  });
  const extraKey = fc
    .tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), wrongValue)
    .map(([payload, key, value]) =>
      payload !== null && typeof payload === 'object' && !Array.isArray(payload)
        ? { ...payload, [key]: value, constructor: { prototype: { polluted: true } } }
        : { [key]: value },
    );
  const hugeString = fc
    .tuple(valid, fc.integer({ min: 10_000, max: 400_000 }), fc.nat())
    .map(([payload, size, pick]) => {
      const huge = '号'.repeat(size);
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return huge;
      const keys = Object.keys(payload);
      return keys.length === 0 ? { huge } : { ...payload, [keys[pick % keys.length]!]: huge };
    });
  const deepNesting = fc.integer({ min: 50, max: 2_000 }).map((depth) => {
    let nested: unknown = { windowId: 'w1' };
    for (let i = 0; i < depth; i += 1) nested = i % 2 === 0 ? { a: nested } : [nested];
    return nested;
  });
  const oddShape = fc.oneof(
    fc.constant(null),
    fc.constant([]),
    fc.integer(),
    fc.string({ maxLength: 50 }),
    fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
    fc.anything({ maxDepth: 3 }),
  );
  return fc.oneof(
    { arbitrary: replaceKey, weight: 4 },
    { arbitrary: dropKey, weight: 3 },
    { arbitrary: extraKey, weight: 3 },
    { arbitrary: hugeString, weight: 1 },
    { arbitrary: deepNesting, weight: 1 },
    { arbitrary: oddShape, weight: 3 },
  );
}
