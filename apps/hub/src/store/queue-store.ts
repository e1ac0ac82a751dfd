import type { QueueState, Ticket, WindowState } from '@hallq/core';
import type { HubDatabase } from '../db/open-database.ts';

interface TicketRow {
  id: string;
  number: string;
  business_day: string;
  service_id: string;
  issued_service_id: string;
  visitor_class: string;
  status: string;
  issued_at: number;
  queued_at: number;
  target_window_id: string | null;
  window_id: string | null;
  clerk_id: string | null;
  call_count: number;
  first_called_at: number | null;
  last_called_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  transfer_count: number;
  visitor_key: string | null;
  visitor_name_masked: string | null;
  kiosk_id: string | null;
}

interface WindowRow {
  window_id: string;
  status: string;
  pause_reason: string | null;
  pause_note: string | null;
  paused_at: number | null;
  current_ticket_id: string | null;
  clerk_id: string | null;
  since: number;
}

export function ticketFromRow(row: TicketRow): Ticket {
  return {
    id: row.id,
    number: row.number,
    businessDay: row.business_day,
    serviceId: row.service_id,
    issuedServiceId: row.issued_service_id,
    visitorClass: row.visitor_class as Ticket['visitorClass'],
    status: row.status as Ticket['status'],
    issuedAt: row.issued_at,
    queuedAt: row.queued_at,
    targetWindowId: row.target_window_id,
    windowId: row.window_id,
    clerkId: row.clerk_id,
    callCount: row.call_count,
    firstCalledAt: row.first_called_at,
    lastCalledAt: row.last_called_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    transferCount: row.transfer_count,
    visitorKey: row.visitor_key,
    kioskId: row.kiosk_id,
  };
}

function windowFromRow(row: WindowRow): WindowState {
  return {
    windowId: row.window_id,
    status: row.status as WindowState['status'],
    pauseReason: row.pause_reason as WindowState['pauseReason'],
    pauseNote: row.pause_note,
    pausedAt: row.paused_at,
    currentTicketId: row.current_ticket_id,
    clerkId: row.clerk_id,
    since: row.since,
  };
}

/** How many finished tickets per service feed the wait estimate after a restart. */
const RECENT_PER_SERVICE = 20;

/** Reads and writes the queue's state: active tickets, window states, today's sequences. */
export function createQueueStore(db: HubDatabase) {
  const upsertTicket = db.prepare(`
    INSERT INTO tickets (id, number, business_day, service_id, issued_service_id, visitor_class, status, issued_at,
      queued_at, target_window_id, window_id, clerk_id, call_count, first_called_at, last_called_at, started_at,
      ended_at, transfer_count, visitor_key, visitor_name_masked, kiosk_id)
    VALUES (@id, @number, @businessDay, @serviceId, @issuedServiceId, @visitorClass, @status, @issuedAt, @queuedAt,
      @targetWindowId, @windowId, @clerkId, @callCount, @firstCalledAt, @lastCalledAt, @startedAt, @endedAt,
      @transferCount, @visitorKey, @visitorNameMasked, @kioskId)
    ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, status = excluded.status,
      queued_at = excluded.queued_at, target_window_id = excluded.target_window_id, window_id = excluded.window_id,
      clerk_id = excluded.clerk_id, call_count = excluded.call_count, first_called_at = excluded.first_called_at,
      last_called_at = excluded.last_called_at, started_at = excluded.started_at, ended_at = excluded.ended_at,
      transfer_count = excluded.transfer_count`);
  const upsertWindow = db.prepare(`
    INSERT INTO window_states (window_id, status, pause_reason, pause_note, paused_at, current_ticket_id, clerk_id, since)
    VALUES (@windowId, @status, @pauseReason, @pauseNote, @pausedAt, @currentTicketId, @clerkId, @since)
    ON CONFLICT (window_id) DO UPDATE SET status = excluded.status, pause_reason = excluded.pause_reason,
      pause_note = excluded.pause_note, paused_at = excluded.paused_at,
      current_ticket_id = excluded.current_ticket_id, clerk_id = excluded.clerk_id, since = excluded.since`);
  const upsertSequence = db.prepare(`
    INSERT INTO sequences (business_day, service_id, last_sequence) VALUES (?, ?, ?)
    ON CONFLICT (business_day, service_id) DO UPDATE SET last_sequence = excluded.last_sequence`);
  const setMeta = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const maskedNames = db.prepare<[], { id: string; visitor_name_masked: string }>(
    `SELECT id, visitor_name_masked FROM tickets
     WHERE status IN ('waiting', 'called', 'serving') AND visitor_name_masked IS NOT NULL`,
  );
  const ticketById = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?');
  const activeCaseNumbers = db.prepare<[], { id: string; case_number: string }>(
    `SELECT id, case_number FROM tickets
     WHERE status IN ('waiting', 'called', 'serving') AND case_number IS NOT NULL`,
  );
  const caseNumberById = db.prepare<[string], { case_number: string | null }>(
    'SELECT case_number FROM tickets WHERE id = ?',
  );
  const setCaseNumber = db.prepare('UPDATE tickets SET case_number = ? WHERE id = ?');
  const maskedNameById = db.prepare<[string], { visitor_name_masked: string | null }>(
    'SELECT visitor_name_masked FROM tickets WHERE id = ?',
  );

  const recentDone = db.prepare<[string, number], { ms: number }>(
    `SELECT ended_at - started_at AS ms FROM tickets INDEXED BY tickets_done_by_service
     WHERE status = 'done' AND service_id = ? AND started_at IS NOT NULL AND ended_at IS NOT NULL
     ORDER BY ended_at DESC LIMIT ?`,
  );

  const insertRequest = db.prepare(
    'INSERT INTO issue_requests (request_id, ticket_id, people_ahead, estimated_wait_ms, at) VALUES (?, ?, ?, ?, ?)',
  );
  const requestById = db.prepare<
    [string],
    { ticket_id: string; people_ahead: number; estimated_wait_ms: number }
  >('SELECT ticket_id, people_ahead, estimated_wait_ms FROM issue_requests WHERE request_id = ?');
  const insertIdentity = db.prepare(
    'INSERT INTO identities (ticket_id, visitor_key, iv, ciphertext, tag, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );

  return {
    saveIssueRequest(
      requestId: string,
      ticketId: string,
      peopleAhead: number,
      estimatedWaitMs: number,
      at: number,
    ): void {
      insertRequest.run(requestId, ticketId, peopleAhead, estimatedWaitMs, at);
    },
    /** The ticket an earlier request with this id produced, so a retried issue returns it again. */
    issueRequest(
      requestId: string,
    ): { ticketId: string; peopleAhead: number; estimatedWaitMs: number } | null {
      const row = requestById.get(requestId);
      return row
        ? { ticketId: row.ticket_id, peopleAhead: row.people_ahead, estimatedWaitMs: row.estimated_wait_ms }
        : null;
    },
    saveIdentity(
      ticketId: string,
      visitorKey: string,
      sealed: { iv: Buffer; ciphertext: Buffer; tag: Buffer },
      at: number,
    ): void {
      insertIdentity.run(ticketId, visitorKey, sealed.iv, sealed.ciphertext, sealed.tag, at);
    },
    /** Removes identity data older than the retention period; the tickets themselves stay for reports. */
    purgeIdentities(olderThan: number): number {
      return db.prepare('DELETE FROM identities WHERE created_at < ?').run(olderThan).changes;
    },
    getMeta(key: string): string | null {
      return getMeta.get(key)?.value ?? null;
    },
    setMeta(key: string, value: string): void {
      setMeta.run(key, value);
    },
    saveTicket(ticket: Ticket, visitorNameMasked: string | null = null): void {
      upsertTicket.run({ ...ticket, visitorNameMasked });
    },
    saveWindow(window: WindowState): void {
      upsertWindow.run(window);
    },
    saveSequence(businessDay: string, serviceId: string, sequence: number): void {
      upsertSequence.run(businessDay, serviceId, sequence);
    },
    ticket(id: string): Ticket | null {
      const row = ticketById.get(id);
      return row ? ticketFromRow(row) : null;
    },
    maskedNameOf(ticketId: string): string | null {
      return maskedNameById.get(ticketId)?.visitor_name_masked ?? null;
    },
    caseNumberOf(ticketId: string): string | null {
      return caseNumberById.get(ticketId)?.case_number ?? null;
    },
    /** Case numbers of active tickets, kept beside the state like the masked names. */
    activeCaseNumbers(): Map<string, string> {
      return new Map(activeCaseNumbers.all().map((r) => [r.id, r.case_number]));
    },
    saveCaseNumber(ticketId: string, caseNumber: string): void {
      setCaseNumber.run(caseNumber, ticketId);
    },
    /** Masked names of active tickets: shown to clerks, kept beside the state rather than in the core. */
    activeMaskedNames(): Map<string, string> {
      return new Map(maskedNames.all().map((r) => [r.id, r.visitor_name_masked]));
    },
    /** The queue state as the database holds it, for the business day recorded in it. */
    loadState(fallbackBusinessDay: string, serviceIds: readonly string[]): QueueState {
      const businessDay = getMeta.get('business_day')?.value ?? fallbackBusinessDay;
      const tickets = new Map<string, Ticket>();
      for (const row of db
        .prepare<[], TicketRow>("SELECT * FROM tickets WHERE status IN ('waiting', 'called', 'serving')")
        .all()) {
        tickets.set(row.id, ticketFromRow(row));
      }
      const windows: Record<string, WindowState> = {};
      for (const row of db.prepare<[], WindowRow>('SELECT * FROM window_states').all()) {
        windows[row.window_id] = windowFromRow(row);
      }
      const lastSequence: Record<string, number> = {};
      for (const row of db
        .prepare<[string], { service_id: string; last_sequence: number }>(
          'SELECT service_id, last_sequence FROM sequences WHERE business_day = ?',
        )
        .all(businessDay)) {
        lastSequence[row.service_id] = row.last_sequence;
      }
      // Each service's last finished tickets, newest first from the index, then put back in time order: a
      // fixed amount of reading whatever the size of the history.
      const recentServiceMs: Record<string, number[]> = {};
      for (const serviceId of serviceIds) {
        const rows = recentDone.all(serviceId, RECENT_PER_SERVICE);
        if (rows.length > 0) recentServiceMs[serviceId] = rows.reverse().map((r) => r.ms);
      }
      return { businessDay, lastSequence, tickets, windows, recentServiceMs };
    },
  };
}

export type QueueStore = ReturnType<typeof createQueueStore>;
