import type { CentralHallTail } from '@hallq/protocol';
import type { Pool, PoolClient } from 'pg';

/**
 * What the centre's copy says the hall had handed out, for a hub whose storage lost commits the centre holds: the
 * last hall-stream position, the hall's business day (its last day change, or its latest ticket's day) and, per
 * service, the tickets of that day that show its highest number. Two per service at most: the one issued last and
 * the one whose number sorts highest, so neither a clock that stepped back nor a prefix changed during the day
 * hides the highest; the hub reads the sequences out of them with its own prefixes and keeps the larger. Asked
 * at a hub's hello only: three index reads and a day's tickets of one hall.
 */
export async function hallTailOf(client: Pool | PoolClient, hallId: string): Promise<CentralHallTail> {
  const seq = await client.query<{ hall_seq: number }>(
    `SELECT hall_seq FROM events WHERE hall_id = $1 AND hall_seq IS NOT NULL ORDER BY entry_id DESC LIMIT 1`,
    [hallId],
  );
  const day = await client.query<{ day: string | null }>(
    `SELECT GREATEST(
       (SELECT business_day FROM hall_days WHERE hall_id = $1),
       (SELECT max(business_day) FROM tickets WHERE hall_id = $1))::text AS day`,
    [hallId],
  );
  const businessDay = day.rows[0]?.day ?? null;
  const numbers =
    businessDay === null
      ? []
      : (
          await client.query<{ service_id: string; number: string }>(
            `SELECT DISTINCT service_id, number FROM (
               (SELECT DISTINCT ON (issued_service_id) issued_service_id AS service_id, number FROM tickets
                 WHERE hall_id = $1 AND business_day = $2::date
                 ORDER BY issued_service_id, issued_at DESC)
               UNION ALL
               (SELECT DISTINCT ON (issued_service_id) issued_service_id, number FROM tickets
                 WHERE hall_id = $1 AND business_day = $2::date
                 ORDER BY issued_service_id, length(number) DESC, number DESC)
             ) AS last
             ORDER BY service_id, number`,
            [hallId, businessDay],
          )
        ).rows;
  return {
    hallSeq: seq.rows[0]?.hall_seq ?? 0,
    businessDay,
    lastNumbers: numbers.map((r) => ({ serviceId: r.service_id, number: r.number })),
  };
}
