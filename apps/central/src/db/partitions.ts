import type { Pool } from 'pg';

/** The month (UTC) an instant falls in, as the partition's name suffix: 2026_11. */
export const monthOf = (atMs: number): string => {
  const d = new Date(atMs);
  return `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

const PARTITION_LOCK = 7_302_017;

/**
 * The raw log's monthly partitions, created when the first entry of a month arrives. Creating one locks the
 * parent table, so it happens in a short transaction of its own, before the batch's, never inside it; the
 * months already there are remembered, so a batch of a known month costs nothing here.
 */
export function createPartitions(pool: Pool) {
  const known = new Set<string>();
  /** The instants [from, to) of the months known to be there: most instants are tested against them alone. */
  const knownRanges: { from: number; to: number }[] = [];
  const inKnownMonth = (at: number) => knownRanges.some((r) => at >= r.from && at < r.to);

  async function create(month: string): Promise<void> {
    const [year, mm] = month.split('_').map(Number) as [number, number];
    const from = new Date(Date.UTC(year, mm - 1, 1)).toISOString();
    const to = new Date(Date.UTC(year, mm, 1)).toISOString();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Two centres (or two batches) creating the same month take turns; the second finds it there.
      await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS events_${month} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    /** Makes sure every month these instants fall in has its partition. */
    async ensureFor(instants: readonly number[]): Promise<void> {
      // Two comparisons an instant (it runs for every entry stored), the month's name only for one not known.
      const months = new Set<string>();
      for (const at of instants) if (!inKnownMonth(at)) months.add(monthOf(at));
      for (const month of months) {
        if (known.has(month)) continue;
        await create(month);
        known.add(month);
        const [year, mm] = month.split('_').map(Number) as [number, number];
        knownRanges.push({ from: Date.UTC(year, mm - 1, 1), to: Date.UTC(year, mm, 1) });
      }
    },
    /** The partitions there are, oldest first. */
    async list(): Promise<string[]> {
      const rows = await pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events' ORDER BY c.relname`,
      );
      return rows.rows.map((r) => r.name);
    },
  };
}

export type Partitions = ReturnType<typeof createPartitions>;
