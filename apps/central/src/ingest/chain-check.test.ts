import { entryHash, GENESIS_HASH } from '@hallq/hub/event-log';
import type { CentralLogEntry } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { checkBatch, firstAlteredIndex, receivedEntryHash } from './chain-check.ts';

/** Entries chained as the hub chains them (its own entryHash), with payloads full of what JSON escapes. */
function chain(payloads: readonly string[]): CentralLogEntry[] {
  let prevHash = GENESIS_HASH;
  return payloads.map((payload, i) => {
    const base = {
      id: i + 1,
      hallSeq: i % 2 === 0 ? null : i,
      at: Date.UTC(2026, 11, 7, 1, 2, 3, i),
      type: i % 3 === 0 ? 'ticket:issued' : 'rating:recorded',
      actorKind: 'device',
      actorId: i % 2 === 0 ? null : '张三',
      deviceId: i % 2 === 0 ? 'kiosk-1' : null,
      payload,
      prevHash,
    };
    const entry = { ...base, hash: entryHash(base) };
    prevHash = entry.hash;
    return i % 3 === 1 ? { ...entry, rating: { level: 1, clerkId: 'c1', tags: ['慢'] } } : entry;
  });
}

const PAYLOADS = [
  '{"ticket":{"id":"t1","number":"A001"}}',
  '{"note":"a\\\\b\\tc\\nd\\re \\"q\\" 张*三 \\u0000"}',
  'tab\there\nnewline\rcr\\N\\ \u2028\u2029 😀 \ud800',
  '',
  '"',
];

describe('the chain check', () => {
  it('hashes a received entry exactly as the hub hashed it', () => {
    for (const entry of chain(PAYLOADS)) {
      const { hash, rating: _rating, ...hashed } = entry;
      expect(receivedEntryHash(entry)).toBe(entryHash(hashed));
      expect(receivedEntryHash(entry)).toBe(hash);
    }
  });

  it('takes an intact chain and refuses an entry whose content changed under its hash', () => {
    const entries = chain(PAYLOADS);
    const cursor = { storedThrough: 0, lastHash: GENESIS_HASH };
    expect(checkBatch(cursor, entries, new Map())).toEqual({ ok: true, fresh: entries });
    const altered = entries.map((e) => (e.id === 3 ? { ...e, payload: `${e.payload} ` } : e));
    expect(checkBatch(cursor, altered, new Map())).toMatchObject({
      ok: false,
      refused: 'altered',
      entryId: 3,
    });
  });
});

describe('the chain check with its hashes computed apart', () => {
  it('gives the same verdict as the whole check, whatever comes first: an altered entry or a rewritten one', () => {
    const entries = chain(PAYLOADS);
    const rewrittenStored = new Map(entries.map((e) => [e.id, e.hash]));
    rewrittenStored.set(4, 'f'.repeat(64));
    const altered = entries.map((e) => (e.id === 2 || e.id === 5 ? { ...e, payload: `${e.payload}!` } : e));
    const cases = [
      { cursor: { storedThrough: 0, lastHash: GENESIS_HASH }, batch: altered, stored: new Map() },
      { cursor: { storedThrough: 5, lastHash: entries[4]!.hash }, batch: entries, stored: rewrittenStored },
      { cursor: { storedThrough: 5, lastHash: entries[4]!.hash }, batch: altered, stored: rewrittenStored },
      {
        cursor: { storedThrough: 3, lastHash: entries[2]!.hash },
        batch: altered.slice(3),
        stored: new Map(),
      },
    ];
    for (const { cursor, batch, stored } of cases) {
      const whole = checkBatch(cursor, batch, stored);
      expect(checkBatch(cursor, batch, stored, firstAlteredIndex(batch))).toEqual(whole);
      expect(whole.ok).toBe(false);
    }
    expect(firstAlteredIndex(altered)).toBe(1);
    expect(firstAlteredIndex(altered, 2)).toBe(4);
    expect(firstAlteredIndex(altered, 2, 4)).toBe(-1);
  });
});
