import { CENTRAL_BATCH_MAX_ENTRIES, CentralBatch } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { readBatch } from './read-batch.ts';

const HASH = 'a'.repeat(64);

const entry = (id: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  hallSeq: id,
  at: 1_764_000_000_000 + id,
  type: 'ticket:issued',
  actorKind: 'device',
  actorId: null,
  deviceId: 'kiosk-1',
  payload: '{"ticket":{"id":"t1","number":"A001"}}',
  prevHash: HASH,
  hash: HASH,
  ...extra,
});

const rating = { level: 2, clerkId: 'c1', tags: ['态度'] };
const valid = () => ({
  hallId: 'hall-a.1_x',
  entries: [
    entry(1),
    entry(2, { rating: { ...rating } }),
    entry(3, { hallSeq: null, actorId: '王', rating: { ...rating, level: null, clerkId: null, tags: [] } }),
  ],
});

/** One change to a valid batch, named for the failure message. */
type Mutation = readonly [string, (batch: ReturnType<typeof valid>) => unknown];
const onEntry = (name: string, change: (e: Record<string, unknown>) => void): Mutation => [
  name,
  (b) => {
    change(b.entries[1]!);
    return b;
  },
];
const set = (key: string, value: unknown) =>
  onEntry(`${key} = ${JSON.stringify(value)}`, (e) => {
    e[key] = value;
  });
const drop = (key: string) =>
  onEntry(`without ${key}`, (e) => {
    delete e[key];
  });
const setRating = (key: string, value: unknown) =>
  onEntry(`rating.${key} = ${JSON.stringify(value)}`, (e) => {
    (e.rating as Record<string, unknown>)[key] = value;
  });

const MUTATIONS: readonly Mutation[] = [
  ['not an object', () => []],
  ['null', () => null],
  ['a string', () => 'batch'],
  ['an extra key', (b) => ({ ...b, more: 1 })],
  ['no hallId', (b) => ({ entries: b.entries })],
  ['no entries', (b) => ({ hallId: b.hallId })],
  ['an empty hallId', (b) => ({ ...b, hallId: '' })],
  ['a hallId of 64', (b) => ({ ...b, hallId: 'h'.repeat(64) })],
  ['a hallId of 65', (b) => ({ ...b, hallId: 'h'.repeat(65) })],
  ['a hallId with a space', (b) => ({ ...b, hallId: 'hall a' })],
  ['a hallId in Chinese', (b) => ({ ...b, hallId: '大厅' })],
  ['entries not an array', (b) => ({ ...b, entries: { 0: b.entries[0] } })],
  ['no entries at all', (b) => ({ ...b, entries: [] })],
  [
    'the most entries',
    (b) => ({ ...b, entries: Array.from({ length: CENTRAL_BATCH_MAX_ENTRIES }, (_, i) => entry(i + 1)) }),
  ],
  [
    'one entry too many',
    (b) => ({ ...b, entries: Array.from({ length: CENTRAL_BATCH_MAX_ENTRIES + 1 }, (_, i) => entry(i + 1)) }),
  ],
  ['an entry that is null', (b) => ({ ...b, entries: [b.entries[0], null] })],
  ['an entry that is an array', (b) => ({ ...b, entries: [[]] })],
  [
    'an inherited __proto__ key',
    (b) => ({ ...b, entries: [JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(entry(1)).slice(1)}`)] }),
  ],
  set('extra', 'x'),
  ...['id', 'hallSeq', 'at', 'type', 'actorKind', 'actorId', 'deviceId', 'payload', 'prevHash', 'hash'].map(
    drop,
  ),
  drop('rating'),
  set('id', 0),
  set('id', -1),
  set('id', 1.5),
  set('id', 2 ** 53),
  set('id', '2'),
  set('id', null),
  set('hallSeq', 0),
  set('hallSeq', 2.5),
  set('hallSeq', '1'),
  set('at', 0),
  set('at', -0),
  set('at', -1),
  set('at', 1.25),
  set('type', ''),
  set('type', 't'.repeat(64)),
  set('type', 't'.repeat(65)),
  set('type', null),
  set('actorKind', ''),
  set('actorKind', 'k'.repeat(33)),
  set('actorKind', null),
  set('actorId', 'a'.repeat(128)),
  set('actorId', 'a'.repeat(129)),
  set('actorId', 7),
  set('deviceId', 'd'.repeat(129)),
  set('deviceId', false),
  set('payload', ''),
  set('payload', 'p'.repeat(1_000_000)),
  set('payload', 'p'.repeat(1_000_001)),
  set('payload', null),
  set('payload', { ticket: 1 }),
  set('prevHash', 'a'.repeat(63)),
  set('prevHash', 'a'.repeat(65)),
  set('prevHash', null),
  set('hash', 'a'.repeat(63)),
  set('hash', 'å'.repeat(64)),
  set('hash', 64),
  set('rating', null),
  set('rating', []),
  set('rating', { ...rating, extra: true }),
  set('rating', { level: 1, clerkId: null }),
  setRating('level', 0),
  setRating('level', 5),
  setRating('level', 6),
  setRating('level', 2.5),
  setRating('level', '2'),
  setRating('clerkId', 'c'.repeat(128)),
  setRating('clerkId', 'c'.repeat(129)),
  setRating('tags', 'a'),
  setRating(
    'tags',
    Array.from({ length: 20 }, () => 't'),
  ),
  setRating(
    'tags',
    Array.from({ length: 21 }, () => 't'),
  ),
  setRating('tags', ['t'.repeat(64)]),
  setRating('tags', ['t'.repeat(65)]),
  setRating('tags', [1]),
];

describe('reading a batch', () => {
  it('takes a valid batch as it is, without the schema', () => {
    const batch = valid();
    const reading = readBatch(batch);
    expect(reading.ok).toBe(true);
    // The very object: nothing copied, nothing stripped.
    if (reading.ok) expect(reading.batch).toBe(batch);
    expect(CentralBatch.safeParse(batch).success).toBe(true);
  });

  it.each(MUTATIONS)('reaches the schema’s verdict on a batch with %s', (_name, mutate) => {
    const input = JSON.parse(JSON.stringify(mutate(valid()))) as unknown;
    const schema = CentralBatch.safeParse(input);
    const reading = readBatch(input);
    expect(reading.ok).toBe(schema.success);
    if (reading.ok && schema.success) expect(reading.batch).toEqual(schema.data);
    if (!reading.ok && !schema.success) expect(reading.issues).toEqual(schema.error.issues);
  });

  it('leaves what the schema strips to the schema (a rating with a key it does not know)', () => {
    const batch = valid();
    (batch.entries[1]!.rating as Record<string, unknown>).note = 'x';
    const reading = readBatch(batch);
    expect(reading.ok).toBe(true);
    if (reading.ok) {
      expect(reading.batch).not.toBe(batch);
      expect(reading.batch.entries[1]!.rating).toEqual(rating);
    }
  });
});
