import type { CentralRatingDetail } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';

/** A rating's level, clerk and tags from the hub's ratings table (no comment: free text may name people). */
export function ratingDetailReader(db: HubDatabase): (ticketId: string) => CentralRatingDetail | null {
  const read = db.prepare<[string], { level: number | null; clerk_id: string | null; tags: string }>(
    'SELECT level, clerk_id, tags FROM ratings WHERE ticket_id = ?',
  );
  return (ticketId) => {
    const row = read.get(ticketId);
    if (!row) return null;
    const tags = (JSON.parse(row.tags) as unknown[]).filter((t): t is string => typeof t === 'string');
    return { level: row.level, clerkId: row.clerk_id, tags: tags.slice(0, 20).map((t) => t.slice(0, 64)) };
  };
}
