import type { Report } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import {
  DAY_SUMMARY_VERSION,
  type DaySummary,
  decodeDaySummary,
  encodeDaySummary,
  summarizeDay,
  type TicketFact,
  type TransferFact,
} from './day-summary.ts';
import { buildReport, enumerateDays, type ReportNames } from './report-figures.ts';

/** A ticket's facts as the reports read them (one row of tickets joined with its rating). */
export interface TicketFactRow {
  issued_service_id: string;
  service_id: string;
  window_id: string | null;
  clerk_id: string | null;
  status: string;
  issued_at: number;
  first_called_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  transfer_count: number;
  rated: number;
  level: number | null;
  tags: string | null;
}

/**
 * Reports from the hub's database. Each business day is summed once into `report_days`; triggers drop a day's
 * summary whenever one of its tickets or ratings changes, so a stored summary is always current, and a
 * missing one is rebuilt from the tickets (indexed by business day). The current day is summed afresh.
 */
export function createReportStore(db: HubDatabase) {
  const dayTickets = db.prepare<[string], TicketFactRow>(`
    SELECT t.issued_service_id, t.service_id, t.window_id, t.clerk_id, t.status, t.issued_at, t.first_called_at,
           t.started_at, t.ended_at, t.transfer_count, r.ticket_id IS NOT NULL AS rated, r.level, r.tags
    FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id
    WHERE t.business_day = ?`);
  const dayTransfers = db.prepare<
    [string],
    {
      ticket_id: string;
      from_service_id: string;
      from_window_id: string | null;
      from_clerk_id: string | null;
    }
  >(
    'SELECT ticket_id, from_service_id, from_window_id, from_clerk_id FROM ticket_transfers WHERE business_day = ?',
  );
  const storedDays = db.prepare<[string, string, number], { business_day: string; data: Buffer }>(
    'SELECT business_day, data FROM report_days WHERE business_day BETWEEN ? AND ? AND version = ?',
  );
  const saveDay = db.prepare(
    `INSERT INTO report_days (business_day, version, data) VALUES (?, ?, ?)
     ON CONFLICT (business_day) DO UPDATE SET version = excluded.version, data = excluded.data`,
  );

  function summarize(day: string, timeZone: string): DaySummary {
    const tickets = dayTickets.all(day).map(
      (r): TicketFact => ({
        issuedServiceId: r.issued_service_id,
        serviceId: r.service_id,
        windowId: r.window_id,
        clerkId: r.clerk_id,
        status: r.status,
        issuedAt: r.issued_at,
        firstCalledAt: r.first_called_at,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        transferCount: r.transfer_count,
        rated: r.rated === 1,
        level: r.level,
        tags: r.tags,
      }),
    );
    const transfers = dayTransfers.all(day).map(
      (r): TransferFact => ({
        ticketId: r.ticket_id,
        fromServiceId: r.from_service_id,
        fromWindowId: r.from_window_id,
        fromClerkId: r.from_clerk_id,
      }),
    );
    return summarizeDay(day, tickets, transfers, timeZone);
  }

  /** Builds and stores the summary of a closed day (the generator and the day change call this). */
  function storeDay(day: string, timeZone: string): DaySummary {
    const summary = summarize(day, timeZone);
    saveDay.run(day, DAY_SUMMARY_VERSION, encodeDaySummary(summary));
    return summary;
  }

  return {
    summarize,
    storeDay,
    /**
     * The report for business days `from`–`to` (inclusive). Days before `openDay` that have no summary yet
     * are summed and stored; `openDay` and later are summed each time (they are still changing).
     */
    report(query: {
      from: string;
      to: string;
      timeZone: string;
      openDay: string;
      names: ReportNames;
    }): Report {
      const stored = new Map<string, DaySummary>();
      for (const row of storedDays.all(query.from, query.to, DAY_SUMMARY_VERSION)) {
        stored.set(row.business_day, decodeDaySummary(row.data));
      }
      const days = enumerateDays(query.from, query.to).map((day) => {
        const ready = stored.get(day);
        if (ready) return ready;
        return day < query.openDay ? storeDay(day, query.timeZone) : summarize(day, query.timeZone);
      });
      return buildReport({
        from: query.from,
        to: query.to,
        timeZone: query.timeZone,
        days,
        names: query.names,
      });
    },
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
