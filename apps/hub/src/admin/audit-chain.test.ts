import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubDatabase, openDatabase } from '../db/open-database.ts';
import { AUDIT_ANCHOR_KEY, createEventLog, verifyEventChain } from '../store/event-log.ts';

let db: HubDatabase;
const actor = { kind: 'user', id: 'u1', deviceId: null } as const;

beforeEach(() => {
  db = openDatabase(':memory:');
  const log = createEventLog(db);
  db.transaction(() => {
    for (let i = 1; i <= 5; i += 1) log.append(1000 + i, 'hall:configured', actor, { step: i }, i % 2 === 0);
  })();
});
afterEach(() => db.close());

describe('the tamper-evident audit trail', () => {
  it('verifies an untouched log, anchored at its last entry', () => {
    expect(verifyEventChain(db)).toEqual({ ok: true, checked: 5, firstBroken: null });
    const anchor = db.prepare('SELECT value FROM meta WHERE key = ?').get(AUDIT_ANCHOR_KEY) as {
      value: string;
    };
    expect(JSON.parse(anchor.value)).toMatchObject({ id: 5 });
  });

  it('detects an altered row', () => {
    db.prepare(`UPDATE events SET payload = '{"step":99}' WHERE id = 3`).run();
    expect(verifyEventChain(db).firstBroken).toEqual({ id: 3, reason: 'its content was altered' });
  });

  it('detects a removed row in the middle', () => {
    db.prepare('DELETE FROM events WHERE id = 2').run();
    expect(verifyEventChain(db).firstBroken).toEqual({ id: 3, reason: 'entry 2 is missing' });
  });

  it('detects removed rows at the end of the log, through the anchor', () => {
    db.prepare('DELETE FROM events WHERE id = 5').run();
    expect(verifyEventChain(db)).toMatchObject({
      ok: false,
      checked: 4,
      firstBroken: { id: 5, reason: 'entries 5–5 were removed from the end of the log' },
    });
    db.prepare('DELETE FROM events WHERE id >= 4').run();
    expect(verifyEventChain(db).firstBroken?.reason).toBe('entries 4–5 were removed from the end of the log');
  });

  it('detects a removed anchor, and a last entry rewritten to match a forged chain', () => {
    db.prepare('DELETE FROM meta WHERE key = ?').run(AUDIT_ANCHOR_KEY);
    expect(verifyEventChain(db).firstBroken?.reason).toMatch(/anchor of the log is missing/);
  });

  it('detects two rows swapped (reordered)', () => {
    const rows = db.prepare('SELECT * FROM events WHERE id IN (2, 3) ORDER BY id').all() as Record<
      string,
      unknown
    >[];
    const [a, b] = rows as [Record<string, unknown>, Record<string, unknown>];
    const put = db.prepare(
      'UPDATE events SET hall_seq = NULL, at = ?, type = ?, payload = ?, prev_hash = ?, hash = ? WHERE id = ?',
    );
    db.transaction(() => {
      put.run(b.at, b.type, b.payload, b.prev_hash, b.hash, 2);
      put.run(a.at, a.type, a.payload, a.prev_hash, a.hash, 3);
    })();
    expect(verifyEventChain(db)).toMatchObject({ ok: false, firstBroken: { id: 2 } });
  });

  it('keeps the anchor with the log after a failed transaction', () => {
    const log = createEventLog(db);
    expect(() =>
      db.transaction(() => {
        log.append(2000, 'x', actor, {}, false);
        throw new Error('disk full');
      })(),
    ).toThrow('disk full');
    log.reload();
    expect(verifyEventChain(db).ok).toBe(true);
    db.transaction(() => log.append(2001, 'y', actor, {}, false))();
    expect(verifyEventChain(db)).toEqual({ ok: true, checked: 6, firstBroken: null });
  });
});
