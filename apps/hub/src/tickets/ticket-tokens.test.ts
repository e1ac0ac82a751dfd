import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database.ts';
import { createTicketTokens, newTicketToken, TICKET_TOKEN_PATTERN } from './ticket-tokens.ts';

/** A database with two tickets the tokens may name (the table refers to tickets). */
function database() {
  const db = openDatabase(':memory:');
  db.pragma('foreign_keys = OFF');
  return db;
}

const persistNow = (write: () => void) => {
  write();
  return { ok: true };
};

describe('ticket tokens', () => {
  it('gives a ticket one token, kept: asked again, the same', () => {
    const tokens = createTicketTokens({ db: database(), clock: () => 1, persist: persistNow });
    const first = tokens.tokenFor('2026-11-28/A001');
    expect(first).toMatch(TICKET_TOKEN_PATTERN);
    expect(tokens.tokenFor('2026-11-28/A001')).toBe(first);
    expect(tokens.tokenFor('2026-11-28/A002')).not.toBe(first);
    expect(tokens.ticketOf(first!)).toBe('2026-11-28/A001');
  });

  it('draws again when a token is taken already (a repeat of the generator), never sharing one', () => {
    const drawn = ['A'.repeat(24), 'A'.repeat(24), 'B'.repeat(24)];
    const tokens = createTicketTokens({
      db: database(),
      clock: () => 1,
      persist: persistNow,
      generate: () => drawn.shift()!,
    });
    expect(tokens.tokenFor('t1')).toBe('A'.repeat(24));
    expect(tokens.tokenFor('t2')).toBe('B'.repeat(24));
    expect(tokens.ticketOf('A'.repeat(24))).toBe('t1');
    expect(tokens.ticketOf('B'.repeat(24))).toBe('t2');
  });

  it('forgets the tokens made before the retention, and only those', () => {
    let now = 1000;
    const tokens = createTicketTokens({ db: database(), clock: () => now, persist: persistNow });
    const old = tokens.tokenFor('t1')!;
    now = 5000;
    const recent = tokens.tokenFor('t2')!;
    expect(tokens.purge(2000)).toBe(1);
    expect(tokens.ticketOf(old)).toBeNull();
    expect(tokens.ticketOf(recent)).toBe('t2');
  });

  it('gives no token (no page) when it cannot be stored, and knows no malformed or unknown one', () => {
    const tokens = createTicketTokens({ db: database(), clock: () => 1, persist: () => ({ ok: false }) });
    expect(tokens.tokenFor('t1')).toBeNull();
    for (const token of ['', 'x', `${newTicketToken()}=`, "' OR 1=1 --", newTicketToken()])
      expect(tokens.ticketOf(token)).toBeNull();
  });
});
