import { randomBytes } from 'node:crypto';
import type { HubDatabase } from '../db/open-database.ts';

/** 18 random bytes: 144 bits, written as 24 base64url characters. */
const TOKEN_BYTES = 18;
/** What a token looks like; anything else is no token (and costs no database read). */
export const TICKET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;

export const newTicketToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');

/**
 * The tokens of tickets' pages: a ticket's QR code opens `<public base URL>/t/<token>`. A token is random (144 bits
 * from the system's CSPRNG), says nothing of the ticket (not its id, number, day or service), and is the only way to
 * its page. One per ticket, made when the ticket's QR code is first needed (at issue) and kept, so a retried
 * issue prints the same code.
 */
export function createTicketTokens(deps: {
  db: HubDatabase;
  clock: () => number;
  /** Writes in the hub's open commit batch (hall.bookkeeping): a token costs no fsync of its own. */
  persist: (write: () => void) => { ok: boolean };
  /** Tests: a source of tokens of their choosing (a collision). */
  generate?: () => string;
}) {
  const generate = deps.generate ?? newTicketToken;
  const byTicket = deps.db.prepare<[string], { token: string }>(
    'SELECT token FROM ticket_tokens WHERE ticket_id = ?',
  );
  const byToken = deps.db.prepare<[string], { ticket_id: string }>(
    'SELECT ticket_id FROM ticket_tokens WHERE token = ?',
  );
  const purge = deps.db.prepare('DELETE FROM ticket_tokens WHERE created_at < ?');
  const insert = deps.db.prepare(
    'INSERT OR IGNORE INTO ticket_tokens (token, ticket_id, created_at) VALUES (?, ?, ?)',
  );

  return {
    /** The ticket's token, made now if it has none; null when it could not be stored (no page for it, then). */
    tokenFor(ticketId: string): string | null {
      const known = byTicket.get(ticketId);
      if (known) return known.token;
      // A collision of 144-bit random tokens will not happen; if the generator ever repeats, try again.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const token = generate();
        let stored = false;
        const outcome = deps.persist(() => {
          stored = insert.run(token, ticketId, deps.clock()).changes === 1;
        });
        if (!outcome.ok) return null;
        if (stored) return token;
        const raced = byTicket.get(ticketId);
        if (raced) return raced.token;
      }
      return null;
    },
    /** Forgets tokens made before `olderThan` (the identity retention): their pages are gone. Returns how many. */
    purge: (olderThan: number): number => purge.run(olderThan).changes,
    /** The ticket a token opens, or null (a malformed or unknown token: the same answer). */
    ticketOf(token: string): string | null {
      if (!TICKET_TOKEN_PATTERN.test(token)) return null;
      return byToken.get(token)?.ticket_id ?? null;
    },
  };
}

export type TicketTokens = ReturnType<typeof createTicketTokens>;
