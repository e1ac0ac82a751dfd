import type { CentralLogEntry } from '@hallq/protocol';
import type { PoolClient } from 'pg';
import { projectHallServices } from './hall-services.ts';
import { type BatchProjection, projectBatch, rollupIn } from './project-batch.ts';

/** Milliseconds since the epoch as a timestamptz, in SQL. */
const ts = (column: string) => `timestamptz 'epoch' + ${column} * interval '1 millisecond'`;

async function upsertTickets(client: PoolClient, hallId: string, p: BatchProjection): Promise<void> {
  const rows = [...p.tickets.values()];
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO tickets (hall_id, ticket_id, number, business_day, service_id, issued_service_id, visitor_class,
       status, issued_at, first_called_at, started_at, ended_at, window_id, clerk_id, call_count, transfer_count,
       case_number, entry_id)
     SELECT $1, u.id, u.number, u.day::date, u.service, u.issued_service, u.class, u.status, ${ts('u.issued')},
       ${ts('u.called')}, ${ts('u.started')}, ${ts('u.ended')}, u.win, u.clerk, u.calls, u.transfers, u.case_no, u.entry
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
       $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::int[], $16::int[], $17::text[],
       $18::bigint[])
       AS u(id, number, day, service, issued_service, class, status, issued, called, started, ended, win, clerk,
            calls, transfers, case_no, entry)
     ON CONFLICT (hall_id, ticket_id) DO UPDATE SET
       service_id = excluded.service_id, status = excluded.status, first_called_at = excluded.first_called_at,
       started_at = excluded.started_at, ended_at = excluded.ended_at, window_id = excluded.window_id,
       clerk_id = excluded.clerk_id, call_count = excluded.call_count, transfer_count = excluded.transfer_count,
       case_number = excluded.case_number, entry_id = excluded.entry_id
     WHERE tickets.entry_id < excluded.entry_id`,
    [
      hallId,
      rows.map((t) => t.ticketId),
      rows.map((t) => t.number),
      rows.map((t) => t.businessDay),
      rows.map((t) => t.serviceId),
      rows.map((t) => t.issuedServiceId),
      rows.map((t) => t.visitorClass),
      rows.map((t) => t.status),
      rows.map((t) => t.issuedAt),
      rows.map((t) => t.firstCalledAt),
      rows.map((t) => t.startedAt),
      rows.map((t) => t.endedAt),
      rows.map((t) => t.windowId),
      rows.map((t) => t.clerkId),
      rows.map((t) => t.callCount),
      rows.map((t) => t.transferCount),
      rows.map((t) => t.caseNumber),
      rows.map((t) => t.entryId),
    ],
  );
}

async function upsertWindows(client: PoolClient, hallId: string, p: BatchProjection): Promise<void> {
  const rows = [...p.windows.values()];
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO windows (hall_id, window_id, status, pause_reason, clerk_id, current_ticket_id, since, entry_id)
     SELECT $1, u.id, u.status, u.reason, u.clerk, u.current, ${ts('u.since')}, u.entry
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
       AS u(id, status, reason, clerk, current, since, entry)
     ON CONFLICT (hall_id, window_id) DO UPDATE SET status = excluded.status, pause_reason = excluded.pause_reason,
       clerk_id = excluded.clerk_id, current_ticket_id = excluded.current_ticket_id, since = excluded.since,
       entry_id = excluded.entry_id
     WHERE windows.entry_id < excluded.entry_id`,
    [
      hallId,
      rows.map((w) => w.windowId),
      rows.map((w) => w.status),
      rows.map((w) => w.pauseReason),
      rows.map((w) => w.clerkId),
      rows.map((w) => w.currentTicketId),
      rows.map((w) => w.since),
      rows.map((w) => w.entryId),
    ],
  );
}

/** Ratings, and what they add to the roll-up of their ticket's day, service, window and clerk. */
async function upsertRatings(client: PoolClient, hallId: string, p: BatchProjection): Promise<void> {
  if (p.ratings.length === 0) return;
  const byTicket = new Map(p.ratings.map((r) => [r.ticketId, r]));
  const rows = [...byTicket.values()];
  const inserted = await client.query<{ ticket_id: string }>(
    `INSERT INTO ratings (hall_id, ticket_id, window_id, clerk_id, level, tags, at)
     SELECT $1, u.id, u.win, u.clerk, u.level, ARRAY(SELECT json_array_elements_text(u.tags::json)), ${ts('u.at')}
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[])
       AS u(id, win, clerk, level, tags, at)
     ON CONFLICT (hall_id, ticket_id) DO NOTHING
     RETURNING ticket_id`,
    [
      hallId,
      rows.map((r) => r.ticketId),
      rows.map((r) => r.windowId),
      rows.map((r) => r.clerkId),
      rows.map((r) => r.level),
      rows.map((r) => JSON.stringify(r.tags)),
      rows.map((r) => r.at),
    ],
  );
  const fresh = inserted.rows.map((r) => r.ticket_id);
  if (fresh.length === 0) return;
  const tickets = await client.query<{ ticket_id: string; business_day: string; service_id: string }>(
    `SELECT ticket_id, to_char(business_day, 'YYYY-MM-DD') AS business_day, service_id FROM tickets
     WHERE hall_id = $1 AND ticket_id = ANY($2::text[])`,
    [hallId, fresh],
  );
  for (const t of tickets.rows) {
    const rating = byTicket.get(t.ticket_id)!;
    if (rating.level === null) continue;
    const row = rollupIn(p.rollups, t.business_day, t.service_id, rating.windowId, rating.clerkId);
    row.rated += 1;
    row.ratingSum += rating.level;
    // 不满意 and 非常不满意, the levels that open a follow-up at the hall.
    if (rating.level <= 2) row.badRatings += 1;
  }
}

async function upsertFollowUps(client: PoolClient, hallId: string, p: BatchProjection): Promise<void> {
  const rows = [...p.followUps.values()];
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO follow_ups (hall_id, follow_up_id, ticket_id, case_number, level, status, assignee_id, due_day,
       due_at, opened_at, updated_at)
     SELECT $1, u.id, u.ticket, u.case_no, u.level, u.status, u.assignee, u.due_day::date, ${ts('u.due_at')},
       ${ts('u.at')}, ${ts('u.at')}
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::bigint[],
       $10::bigint[]) AS u(id, ticket, case_no, level, status, assignee, due_day, due_at, at)
     ON CONFLICT (hall_id, follow_up_id) DO UPDATE SET status = excluded.status, assignee_id = excluded.assignee_id,
       case_number = excluded.case_number, updated_at = excluded.updated_at`,
    [
      hallId,
      rows.map((f) => f.followUpId),
      rows.map((f) => f.ticketId),
      rows.map((f) => f.caseNumber),
      rows.map((f) => f.level),
      rows.map((f) => f.status),
      rows.map((f) => f.assigneeId),
      rows.map((f) => f.dueDay),
      rows.map((f) => f.dueAt),
      rows.map((f) => f.at),
    ],
  );
}

async function upsertDevices(client: PoolClient, hallId: string, p: BatchProjection): Promise<void> {
  const rows = [...p.devices.values()];
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO devices (hall_id, device_id, kind, name, window_id, components, last_seen_at)
     SELECT $1, u.id, u.kind, u.name, u.win, u.components::jsonb, ${ts('u.seen')}
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
       AS u(id, kind, name, win, components, seen)
     ON CONFLICT (hall_id, device_id) DO UPDATE SET kind = coalesce(excluded.kind, devices.kind),
       name = coalesce(excluded.name, devices.name), window_id = coalesce(excluded.window_id, devices.window_id),
       components = coalesce(excluded.components, devices.components),
       last_seen_at = greatest(devices.last_seen_at, excluded.last_seen_at)`,
    [
      hallId,
      rows.map((d) => d.deviceId),
      rows.map((d) => d.kind),
      rows.map((d) => d.name),
      rows.map((d) => d.windowId),
      rows.map((d) => (d.components === null ? null : JSON.stringify(d.components))),
      rows.map((d) => d.lastSeenAt),
    ],
  );
}

async function upsertRollups(client: PoolClient, hallId: string, p: BatchProjection): Promise<void> {
  const rows = [...p.rollups.values()];
  if (rows.length === 0) return;
  const col = (pick: (r: (typeof rows)[number]) => number) => rows.map(pick);
  await client.query(
    `INSERT INTO daily_rollups (hall_id, business_day, service_id, window_id, clerk_id, issued, served, no_shows,
       cancelled, expired, wait_ms_sum, wait_ms_max, service_ms_sum, rated, rating_sum, bad_ratings)
     SELECT $1, u.day::date, u.service, u.win, u.clerk, u.issued, u.served, u.no_shows, u.cancelled, u.expired,
       u.wait_sum, u.wait_max, u.service_sum, u.rated, u.rating_sum, u.bad
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[],
       $10::int[], $11::bigint[], $12::bigint[], $13::bigint[], $14::int[], $15::int[], $16::int[])
       AS u(day, service, win, clerk, issued, served, no_shows, cancelled, expired, wait_sum, wait_max, service_sum,
            rated, rating_sum, bad)
     ON CONFLICT (hall_id, business_day, service_id, window_id, clerk_id) DO UPDATE SET
       issued = daily_rollups.issued + excluded.issued, served = daily_rollups.served + excluded.served,
       no_shows = daily_rollups.no_shows + excluded.no_shows,
       cancelled = daily_rollups.cancelled + excluded.cancelled, expired = daily_rollups.expired + excluded.expired,
       wait_ms_sum = daily_rollups.wait_ms_sum + excluded.wait_ms_sum,
       wait_ms_max = greatest(daily_rollups.wait_ms_max, excluded.wait_ms_max),
       service_ms_sum = daily_rollups.service_ms_sum + excluded.service_ms_sum,
       rated = daily_rollups.rated + excluded.rated, rating_sum = daily_rollups.rating_sum + excluded.rating_sum,
       bad_ratings = daily_rollups.bad_ratings + excluded.bad_ratings`,
    [
      hallId,
      rows.map((r) => r.businessDay),
      rows.map((r) => r.serviceId),
      rows.map((r) => r.windowId),
      rows.map((r) => r.clerkId),
      col((r) => r.issued),
      col((r) => r.served),
      col((r) => r.noShows),
      col((r) => r.cancelled),
      col((r) => r.expired),
      col((r) => r.waitMsSum),
      col((r) => r.waitMsMax),
      col((r) => r.serviceMsSum),
      col((r) => r.rated),
      col((r) => r.ratingSum),
      col((r) => r.badRatings),
    ],
  );
}

/**
 * Brings the projections up to date with a batch's new entries, in the batch's transaction: a batch is counted
 * exactly when it is stored, never twice (a repeat stores nothing new, so it projects nothing either).
 */
export async function applyProjections(
  client: PoolClient,
  hallId: string,
  fresh: readonly CentralLogEntry[],
): Promise<void> {
  const p = projectBatch(fresh);
  await upsertTickets(client, hallId, p);
  await upsertWindows(client, hallId, p);
  await upsertRatings(client, hallId, p);
  await upsertFollowUps(client, hallId, p);
  await upsertDevices(client, hallId, p);
  await upsertRollups(client, hallId, p);
  await projectHallServices(client, hallId, fresh);
  if (p.day) {
    await client.query(
      `INSERT INTO hall_days (hall_id, business_day, changed_at) VALUES ($1, $2::date, ${ts('$3::bigint')})
       ON CONFLICT (hall_id) DO UPDATE SET business_day = excluded.business_day, changed_at = excluded.changed_at`,
      [hallId, p.day.businessDay, p.day.at],
    );
  }
}
