import {
  businessDayOf,
  idleWindowState,
  initialQueueState,
  outlookDue,
  type QueueCommand,
  type QueueEvent,
  type QueueState,
  serviceQueueFigures,
  serviceSpreads,
  type Ticket,
  transition,
  withFreshOutlook,
} from '@hallq/core';
import {
  type CallAnnouncement,
  type ErrorBody,
  HallConfig,
  type HallSnapshot,
  type HallUpdate,
  type LostCommitsView,
  type Notice,
  type ServiceFigures,
  type TicketAppointmentMark,
} from '@hallq/protocol';
import type { Logger } from 'pino';
import { appointmentMarkOf } from './appointments/appointment-marks.ts';
import { createAppointmentStore } from './appointments/appointment-store.ts';
import { createCommitBatcher } from './db/commit-batcher.ts';
import type { HighWaterMark, MarkFile } from './db/high-water-mark.ts';
import { findLostCommits, logEndOf, type WitnessName } from './db/lost-commits.ts';
import type { HubDatabase } from './db/open-database.ts';
import { createEstimatorInputs } from './estimator/estimator-inputs.ts';
import { type Actor, createEventLog, type EventLog, SYSTEM_ACTOR } from './store/event-log.ts';
import { createQueueStore, type QueueStore } from './store/queue-store.ts';
import { callAnnouncement, hallChangeOf, ticketView } from './views.ts';

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ErrorBody };

export interface CommandEffects {
  readonly events: readonly QueueEvent[];
  readonly state: QueueState;
}

/** Work that must commit in the same transaction as the command's own changes (request ids, identities). */
export type InTransaction = (events: readonly QueueEvent[], now: number) => void;

const RECENT_CALLS = 20;

/** `meta` keys of a storage loss: the open incident (until an admin accepts it) and the numbering floor. */
const LOST_COMMITS_KEY = 'lost_commits';
/** The longest deferred bookkeeping waits for a batch to ride in before it gets one of its own. */
const BOOKKEEPING_SOON_MS = 1000;
const SEQUENCE_FLOOR_KEY = 'sequence_floor';
/** The witnessed marks whose loss was recorded, newest last (a witness repeating one is not a new incident). */
const WITNESSED_LOSSES_KEY = 'witnessed_losses';
const WITNESSED_LOSSES_KEPT = 20;

interface WitnessedLoss {
  readonly eventId: number;
  readonly hash: string;
  /** The event ids the loss covered. */
  readonly from: number;
  readonly to: number;
}

interface SequenceFloor {
  readonly businessDay: string;
  readonly lastSequence: Readonly<Record<string, number>>;
}

/**
 * The hall's one writer. Each command: run the pure transition, persist its events and the log entries in
 * one SQLite transaction, and only once that commit succeeded adopt the new state and publish the updates.
 * A failed commit (disk full, read-only file) leaves both the database and the memory as they were.
 */
export function createHallService(deps: {
  db: HubDatabase;
  clock: () => number;
  logger: Logger;
  epoch: string;
  publish: (update: HallUpdate) => void;
  /** The out-of-band high-water mark, checked at start and written after every committed batch. */
  mark?: MarkFile | null;
  /** After each committed batch has been published and answered (the WAL checkpoint's turn). */
  onBatchAnswered?: () => void;
}) {
  const { db, clock, logger, epoch, publish } = deps;
  const store: QueueStore = createQueueStore(db);
  const log: EventLog = createEventLog(db);
  const mark = deps.mark ?? null;
  const readJson = <T>(key: string): T | null => {
    const stored = store.getMeta(key);
    return stored === null ? null : (JSON.parse(stored) as T);
  };
  let lostCommits = readJson<LostCommitsView>(LOST_COMMITS_KEY);
  let sequenceFloor = readJson<SequenceFloor>(SEQUENCE_FLOOR_KEY);
  let witnessedLosses = readJson<WitnessedLoss[]>(WITNESSED_LOSSES_KEY) ?? [];
  /** Where the log ended before this run wrote to it: what every witness's mark is compared with. */
  const startEnd = logEndOf(db);

  /**
   * Compares the log with a witness's mark and records what it shows lost, the one way for every witness: the
   * mark at start, the city centre whenever it answers. Safe mode: the loss is recorded (log, incident, floors)
   * in one transaction, so no number and no hall position that may already have been handed out is handed out
   * again, even after another crash. A mark whose loss was recorded already (the centre says the same at each
   * hello until someone repairs its copy), or one that only confirms a recorded loss and raises no floor (the
   * centre holding part of what the mark file found lost), writes no second incident. `joinBatch` puts the
   * writes in the open commit batch at run time; at start there is none yet.
   */
  function recordWitnessedLoss(
    witness: WitnessName,
    witnessed: HighWaterMark,
    joinBatch: () => void,
  ): LostCommitsView | null {
    if (witnessedLosses.some((w) => w.eventId === witnessed.eventId && w.hash === witnessed.hash))
      return null;
    const lost = findLostCommits(db, witnessed, clock(), witness, startEnd);
    if (!lost) return null;
    const floor = mergeFloor(sequenceFloor, {
      businessDay: lost.businessDay,
      lastSequence: lost.lastSequence,
    });
    // The mark file always records: its verdict is about this start. The centre's may be an echo of it.
    const confirmsRecorded =
      witness === 'city centre' &&
      witnessedLosses.some((w) => w.from <= witnessed.eventId && witnessed.eventId <= w.to) &&
      JSON.stringify(floor) === JSON.stringify(sequenceFloor) &&
      witnessed.hallSeq <= log.hallSeq();
    const seen: WitnessedLoss[] = [
      ...witnessedLosses,
      { eventId: witnessed.eventId, hash: witnessed.hash, from: lost.eventIds.from, to: lost.eventIds.to },
    ].slice(-WITNESSED_LOSSES_KEPT);
    joinBatch();
    db.transaction(() => {
      store.setMeta(WITNESSED_LOSSES_KEY, JSON.stringify(seen));
      if (confirmsRecorded) return;
      store.setMeta(SEQUENCE_FLOOR_KEY, JSON.stringify(floor));
      store.setMeta(LOST_COMMITS_KEY, JSON.stringify(lost));
      log.raiseHallSeqFloor(witnessed.hallSeq);
      log.append(clock(), 'storage:commits-lost', SYSTEM_ACTOR, lost, false);
    })();
    witnessedLosses = seen;
    if (confirmsRecorded) {
      logger.warn({ witness, lost: lost.eventIds }, `the ${witness} confirms the loss already recorded`);
      return null;
    }
    lostCommits = lost;
    sequenceFloor = floor;
    logger.fatal(
      { lost: { eventIds: lost.eventIds, hallSeqs: lost.hallSeqs }, numberingFrom: lost.lastSequence },
      `the storage lost acknowledged commits: ${lost.reason}. Numbering continues past the lost tickets. ` +
        'Restore the newest good backup, or accept the loss (hallctl storage accept-loss).',
    );
    return lost;
  }
  const entryHashOf = db.prepare<[number], { hash: string }>('SELECT hash FROM events WHERE id = ?');
  const markedAtStart = mark?.read() ?? null;
  if (markedAtStart) recordWitnessedLoss('high-water mark', markedAtStart, () => {});
  /** Raises each service's last number to the floor, for the floor's business day. */
  const withSequenceFloor = (s: QueueState): QueueState => {
    if (!sequenceFloor || sequenceFloor.businessDay !== s.businessDay) return s;
    const lastSequence = { ...s.lastSequence };
    let raised = false;
    for (const [serviceId, n] of Object.entries(sequenceFloor.lastSequence)) {
      if ((lastSequence[serviceId] ?? 0) < n) {
        lastSequence[serviceId] = n;
        raised = true;
      }
    }
    return raised ? { ...s, lastSequence } : s;
  };

  const storedHall = store.getMeta('hall');
  if (storedHall === null) throw new Error('the database has no hall configuration; seed it first');
  let hall: HallConfig = HallConfig.parse(JSON.parse(storedHall));
  // The business day the stored state belongs to; a new database starts on today's.
  if (store.getMeta('business_day') === null) {
    store.setMeta('business_day', initialQueueState(hall, clock()).businessDay);
  }
  let state: QueueState = withSequenceFloor(
    store.loadState(
      businessDayOf(clock(), hall.rules.timeZone),
      hall.services.map((s) => s.id),
    ),
  );
  const maskedNames = store.activeMaskedNames();
  /** Case numbers (办件编号) of active tickets, beside the state like the masked names (the core knows none). */
  const caseNumbers = store.activeCaseNumbers();
  /** 预约 marks (the slot) of active appointment tickets, kept beside the state like the case numbers. */
  const appointments = createAppointmentStore(db);
  const appointmentMarks = new Map<string, TicketAppointmentMark>();
  const loadAppointmentMarks = () => {
    appointmentMarks.clear();
    for (const a of appointments.ofActiveTickets()) {
      if (a.ticketId) appointmentMarks.set(a.ticketId, appointmentMarkOf(a));
    }
  };
  loadAppointmentMarks();
  const loadRecentCalls = (): CallAnnouncement[] =>
    log
      .recent(['ticket:called', 'ticket:recalled'], RECENT_CALLS)
      .map((e) => (JSON.parse(e.payload) as { call: CallAnnouncement }).call);
  let recentCalls = loadRecentCalls();

  /** After a rolled-back batch: the database is the truth again. */
  function reloadFromDatabase(): void {
    log.reload();
    batchEndId = durableLogId;
    durableNoteQueued = false;
    hall = HallConfig.parse(JSON.parse(store.getMeta('hall') ?? 'null'));
    state = withSequenceFloor(
      store.loadState(
        businessDayOf(clock(), hall.rules.timeZone),
        hall.services.map((s) => s.id),
      ),
    );
    maskedNames.clear();
    unnamed.clear();
    for (const [id, name] of store.activeMaskedNames()) maskedNames.set(id, name);
    caseNumbers.clear();
    for (const [id, number] of store.activeCaseNumbers()) caseNumbers.set(id, number);
    loadAppointmentMarks();
    recentCalls = loadRecentCalls();
  }
  function writeMark(): void {
    const tail = log.tail();
    mark?.write({
      eventId: tail.id,
      hash: tail.hash,
      hallSeq: log.hallSeq(),
      businessDay: state.businessDay,
      lastSequence: state.lastSequence,
    });
  }
  const batch = createCommitBatcher(db, {
    logger,
    onRollback: reloadFromDatabase,
    onCommitted: mark ? writeMark : undefined,
    onAnswered: deps.onBatchAnswered,
  });
  // The mark starts where the database (with any loss now recorded) stands.
  writeMark();

  /**
   * The last log entry known to be durable, and who wants to hear when it moves: the outbox's consumers read
   * only up to it, so nothing leaves the hall before it is committed ("commit first, deliver after").
   */
  let durableLogId = log.lastId();
  const durableListeners = new Set<() => void>();
  let durableNoteQueued = false;
  /** The last entry the open batch holds. */
  let batchEndId = durableLogId;
  /** Called after each write joins the batch: once the batch commits, the log is durable up to its end. */
  function noteDurableAfterCommit(): void {
    batchEndId = log.lastId();
    if (durableNoteQueued) return;
    durableNoteQueued = true;
    batch.afterCommit(() => {
      durableNoteQueued = false;
      durableLogId = Math.max(durableLogId, batchEndId);
      for (const listener of durableListeners) listener();
    });
  }

  /** Active tickets known to carry no name: a snapshot of a long queue must not ask the database per ticket. */
  const unnamed = new Set<string>();
  const maskedName = (ticketId: string): string | null => {
    const known = maskedNames.get(ticketId);
    if (known !== undefined || unnamed.has(ticketId)) return known ?? null;
    const stored = store.maskedNameOf(ticketId);
    if (stored === null && state.tickets.has(ticketId)) unnamed.add(ticketId);
    return stored;
  };
  // Every active ticket with a case number is in `caseNumbers` (loaded at start, kept by case-numbers.ts): the
  // database is asked only about tickets that ended (or one being issued), not once per ticket per snapshot.
  const caseNumberOf = (ticketId: string): string | null =>
    caseNumbers.get(ticketId) ?? (state.tickets.has(ticketId) ? null : store.caseNumberOf(ticketId));
  const appointmentOf = (ticketId: string): TicketAppointmentMark | null => {
    const known = appointmentMarks.get(ticketId);
    if (known !== undefined || state.tickets.has(ticketId)) return known ?? null;
    const stored = appointments.byTicket(ticketId);
    return stored ? appointmentMarkOf(stored) : null;
  };
  /** A ticket as clients see it, with its masked name, case number and appointment slot. */
  const view = (ticket: Ticket) =>
    ticketView(ticket, maskedName(ticket.id), caseNumberOf(ticket.id), appointmentOf(ticket.id));
  /**
   * Per-service figures for a state, remembered for the last state asked: the figures play the queue forward (at
   * most FORECAST_HORIZON tickets one by one, the rest line by line), so they are computed once per committed
   * batch (when its updates are published), not per command; the next issue's estimate reads the same forecast.
   */
  let figuresCache: { state: QueueState; hall: HallConfig; figures: ServiceFigures[] } | null = null;
  const figures = (s: QueueState): ServiceFigures[] => {
    if (figuresCache?.state !== s || figuresCache.hall !== hall) {
      figuresCache = { state: s, hall, figures: withSpreads(s, serviceQueueFigures(hall, s)) };
    }
    return figuresCache.figures;
  };
  /** The wait estimator's inputs now (schedule, history); undefined while the history is too short. */
  const estimatorInputs = createEstimatorInputs(db);
  /** The tiles' figures with the simulated estimate and its range, when the estimator has its inputs. */
  const withSpreads = (s: QueueState, plain: ServiceFigures[]): ServiceFigures[] => {
    const now = clock();
    const inputs = estimatorInputs(hall, s.businessDay, now);
    if (!inputs) return plain;
    const spreads = serviceSpreads(hall, s, inputs, now);
    return plain.map((f) => {
      const spread = spreads.get(f.serviceId);
      return spread
        ? {
            ...f,
            estimatedWaitMs: spread.pointMs,
            estimatedWaitRange: { lowMs: spread.lowMs, highMs: spread.highMs },
          }
        : f;
    });
  };
  /**
   * The estimator's outlook (the queue simulated forward, 3–4 ms with 120 waiting) is simulated here, between
   * commands, and carried in the state: from the tick (every 2 s), and right after a batch when the hall, the
   * inputs or the day changed. A command then finds one that fits (OUTLOOK_REFRESH_MS old at most, inside the
   * core's reuse limit) and reads it instead of simulating the queue on its own path.
   */
  function refreshOutlook(): void {
    try {
      const now = clock();
      const inputs = estimatorInputs(hall, state.businessDay, now);
      if (inputs && outlookDue(hall, state, inputs, now)) state = withFreshOutlook(hall, state, inputs, now);
    } catch (error) {
      // A derived figure only: the commands go on, each simulating what it needs as before.
      logger.error({ err: error }, 'wait outlook not refreshed');
    }
  }
  let outlookRefreshQueued = false;
  function queueOutlookRefresh(): void {
    if (outlookRefreshQueued) return;
    outlookRefreshQueued = true;
    setImmediate(() => {
      outlookRefreshQueued = false;
      refreshOutlook();
    });
  }
  /** Publishes an update once its batch is committed, with the figures of the hall as it is then. */
  const publishCommitted = (update: Omit<HallUpdate, 'figures'>) =>
    batch.afterCommit(() => {
      publish({ ...update, figures: figures(state) });
      queueOutlookRefresh();
    });

  function persist(event: QueueEvent): void {
    if ('ticket' in event) store.saveTicket(event.ticket, maskedNames.get(event.ticket.id) ?? null);
    if ('window' in event && event.window) store.saveWindow(event.window);
    if (event.type === 'ticket:transferred' && event.fromWindow) store.saveWindow(event.fromWindow);
    if (event.type === 'day:changed') store.setMeta('business_day', event.businessDay);
  }

  /**
   * When the last ticket was issued. Two tickets issued in the same millisecond would stand in line by their ids
   * rather than by who came first, and the queue forecast is carried past a new ticket only when it stands last
   * (otherwise the next issue plays the forecast anew, up to FORECAST_HORIZON tickets one by one): each ticket
   * gets an instant of its own, a millisecond later than the one before when a burst lands in one.
   */
  let lastIssueAt = 0;

  function execute(
    command: QueueCommand,
    actor: Actor,
    options: {
      inTransaction?: InTransaction;
      issuedMaskedName?: string | null;
      /** The appointment an issued ticket was checked in from (its 预约 mark, published with the issue). */
      issuedAppointment?: TicketAppointmentMark;
    } = {},
  ): Outcome<CommandEffects> {
    const now = command.type === 'ticket:issue' ? Math.max(clock(), lastIssueAt + 1) : clock();
    // After a storage loss on this business day, the day change must happen on its own first so that the
    // floor applies to the new day's numbering before a ticket is issued in it.
    if (
      sequenceFloor &&
      command.type !== 'clock:tick' &&
      sequenceFloor.businessDay !== state.businessDay &&
      sequenceFloor.businessDay === businessDayOf(now, hall.rules.timeZone)
    ) {
      execute({ type: 'clock:tick' }, SYSTEM_ACTOR);
    }
    const estimator =
      command.type === 'ticket:issue' ? estimatorInputs(hall, state.businessDay, now) : undefined;
    const result = transition(
      withSequenceFloor(state),
      command,
      estimator ? { hall, now, estimator } : { hall, now },
    );
    if (!result.ok) return { ok: false, error: result.violation };
    if (result.events.length === 0) return { ok: true, value: { events: [], state } };
    const issued = result.events.find((e) => e.type === 'ticket:issued');
    if (issued && options.issuedMaskedName) maskedNames.set(issued.ticket.id, options.issuedMaskedName);
    if (issued && options.issuedAppointment)
      appointmentMarks.set(issued.ticket.id, options.issuedAppointment);
    let updates: Omit<HallUpdate, 'figures'>[];
    try {
      batch.join();
      updates = db.transaction(() => {
        const out: Omit<HallUpdate, 'figures'>[] = [];
        for (const event of result.events) {
          persist(event);
          if (event.type === 'ticket:issued') {
            store.saveSequence(
              event.ticket.businessDay,
              event.ticket.serviceId,
              sequenceOf(result.state, event),
            );
          }
          const change = hallChangeOf(hall, event, maskedName, caseNumberOf, appointmentOf);
          const seq = log.append(now, event.type, actor, change, true);
          out.push({ seq: seq!, epoch, at: now, change });
        }
        options.inTransaction?.(result.events, now);
        return out;
      })();
    } catch (error) {
      log.reload();
      if (issued) {
        maskedNames.delete(issued.ticket.id);
        appointmentMarks.delete(issued.ticket.id);
      }
      logger.error({ err: error, command: command.type }, 'command not committed');
      return { ok: false, error: storageError(error) };
    }
    state = result.state;
    if (command.type === 'ticket:issue') lastIssueAt = now;
    noteDurableAfterCommit();
    for (const event of result.events) {
      if ('ticket' in event && isEnded(event.ticket.status)) {
        maskedNames.delete(event.ticket.id);
        unnamed.delete(event.ticket.id);
        caseNumbers.delete(event.ticket.id);
        appointmentMarks.delete(event.ticket.id);
      }
    }
    for (const update of updates) {
      const change = update.change;
      if (change.type === 'ticket:called' || change.type === 'ticket:recalled') {
        recentCalls = [...recentCalls, change.call].slice(-RECENT_CALLS);
      }
      publishCommitted(update);
    }
    return { ok: true, value: { events: result.events, state } };
  }

  /**
   * Records a change that is not a queue command (ratings, configuration) in the log and the hall stream.
   * `after` runs in the same transaction once the change's entry is in the log (a follow-up opened by a
   * rating is logged after the rating it follows).
   */
  function record(
    change: HallUpdate['change'],
    actor: Actor,
    write: () => void,
    after?: (now: number) => void,
  ): Outcome<HallUpdate> {
    const now = clock();
    let update: HallUpdate;
    try {
      batch.join();
      update = db.transaction(() => {
        write();
        const seq = log.append(now, change.type, actor, change, true);
        after?.(now);
        return { seq: seq!, epoch, at: now, change, figures: figures(state) };
      })();
    } catch (error) {
      log.reload();
      logger.error({ err: error, change: change.type }, 'change not committed');
      return { ok: false, error: storageError(error) };
    }
    noteDurableAfterCommit();
    publishCommitted(update);
    return { ok: true, value: update };
  }

  /** Records an audited action that is not part of the hall stream (device added, password reset …). */
  function audit(type: string, actor: Actor, payload: unknown, write: () => void = () => {}): Outcome<null> {
    try {
      batch.join();
      db.transaction(() => {
        write();
        log.append(clock(), type, actor, payload, false);
      })();
      noteDurableAfterCommit();
      return { ok: true, value: null };
    } catch (error) {
      log.reload();
      logger.error({ err: error, type }, 'audit entry not committed');
      return { ok: false, error: storageError(error) };
    }
  }

  /**
   * A decision and its writes in one transaction, in the open commit batch: `decide` reads what it needs,
   * writes, and names the audit entry to log with them (null: it refused and wrote nothing). better-sqlite3 is
   * synchronous, so no other request runs between the read and the write: 200 bookings for the last places of
   * a slot are decided one after another against what the ones before wrote.
   */
  function transact<T>(
    actor: Actor,
    decide: (now: number) => { readonly value: T; readonly audit: { type: string; payload: unknown } | null },
  ): Outcome<T> {
    const now = clock();
    try {
      batch.join();
      const decided = db.transaction(() => {
        const d = decide(now);
        if (d.audit) log.append(now, d.audit.type, actor, d.audit.payload, false);
        return d;
      })();
      if (decided.audit) noteDurableAfterCommit();
      return { ok: true, value: decided.value };
    } catch (error) {
      log.reload();
      logger.error({ err: error }, 'decision not committed');
      return { ok: false, error: storageError(error) };
    }
  }

  /**
   * Writes that are not hall changes and need no log entry (an outbox cursor, a delivery record), in the open
   * commit batch: they share its one fsync instead of costing one each on the event loop.
   */
  function bookkeeping(write: () => void): Outcome<null> {
    try {
      batch.join();
      db.transaction(write)();
      return { ok: true, value: null };
    } catch (error) {
      logger.error({ err: error }, 'bookkeeping not committed');
      return { ok: false, error: storageError(error) };
    }
  }

  /**
   * Bookkeeping nobody waits for (a cursor moved past entries that needed nothing): it rides in the next commit
   * batch, or one of its own within a second when the hall is quiet, instead of a batch and an fsync of its own.
   */
  function bookkeepingSoon(write: () => void): void {
    batch.joinSoon(write, BOOKKEEPING_SOON_MS);
  }

  function notices(): Notice[] {
    return db
      .prepare<[], { id: string; title: string; body: string; scrolling: number; enabled: number }>(
        'SELECT id, title, body, scrolling, enabled FROM notices ORDER BY position',
      )
      .all()
      .map((n) => ({ ...n, scrolling: n.scrolling === 1, enabled: n.enabled === 1 }));
  }

  return {
    execute,
    record,
    audit,
    transact,
    refreshOutlook,
    /** Acknowledged commits the storage lost, until an admin accepts the loss. */
    lostCommits: (): LostCommitsView | null => lostCommits,
    /** The admin accepts the loss: the incident closes; the numbering floor stays. */
    acceptLostCommits(actor: Actor): Outcome<null> {
      if (!lostCommits) {
        return {
          ok: false,
          error: { code: 'NOT_FOUND', message: '没有待确认的数据丢失 · No loss to accept' },
        };
      }
      const accepted = lostCommits;
      const outcome = audit('storage:loss-accepted', actor, accepted, () =>
        db.prepare('DELETE FROM meta WHERE key = ?').run(LOST_COMMITS_KEY),
      );
      if (outcome.ok) lostCommits = null;
      return outcome;
    },
    /**
     * A witness that answers after start (the city centre, at each hello): its mark is compared with the log and
     * a loss recorded as the mark file's is at start. The numbering and hall-sequence floors are in place for the
     * very next command; what was issued between start and this answer is the known window (docs/quality.md).
     * Returns the loss recorded now, or null (nothing lost, or already recorded).
     */
    witnessLoss(witness: WitnessName, witnessed: HighWaterMark): LostCommitsView | null {
      try {
        const lost = recordWitnessedLoss(witness, witnessed, () => batch.join());
        if (!lost) return null;
        state = withSequenceFloor(state);
        noteDurableAfterCommit();
        return lost;
      } catch (error) {
        log.reload();
        logger.error({ err: error, witness }, 'the loss a witness showed could not be recorded');
        return null;
      }
    },
    /** Whether the log holds this very entry (its id and hash): a witness that agrees, without its whole mark. */
    holdsEntry(eventId: number, hash: string): boolean {
      return entryHashOf.get(eventId)?.hash === hash;
    },
    bookkeeping,
    bookkeepingSoon,
    /** The id of the last log entry that is committed (what the outbox may hand out). */
    durableLogId: () => durableLogId,
    /** Calls `listener` each time more of the log became durable; returns the unsubscribe. */
    onDurable(listener: () => void): () => void {
      durableListeners.add(listener);
      return () => durableListeners.delete(listener);
    },
    /** Resolves true once every change made so far is durable; false if the batch holding it was rolled back. */
    settled: () => batch.settled(),
    flush: () => batch.flush(),
    hall: (): HallConfig => hall,
    state: (): QueueState => state,
    store,
    log,
    maskedNames,
    caseNumbers,
    caseNumberOf,
    view,
    notices,
    /** Replaces the hall configuration; takes effect at once for every following command. */
    configure(next: HallConfig, actor: Actor): Outcome<HallUpdate> {
      const previous = hall;
      const outcome = record({ type: 'hall:configured', hall: next }, actor, () =>
        store.setMeta('hall', JSON.stringify(next)),
      );
      if (!outcome.ok) hall = previous;
      else hall = next;
      return outcome;
    },
    snapshot(clerks: HallSnapshot['clerks']): HallSnapshot {
      return {
        seq: log.hallSeq(),
        epoch,
        serverTime: clock(),
        businessDay: state.businessDay,
        hall,
        tickets: [...state.tickets.values()].map(view),
        windows: hall.windows.map((w) => state.windows[w.id] ?? idleWindowState(w.id, clock())),
        figures: figures(state),
        // Newest first, as the clients' reducer keeps them (apply-hall-update prepends each new call).
        recentCalls: [...recentCalls].reverse(),
        clerks,
        notices: notices(),
      };
    },
    callAnnouncement: (ticketId: string, windowId: string, recall: boolean) => {
      const ticket = state.tickets.get(ticketId);
      const window = state.windows[windowId];
      return ticket && window ? callAnnouncement(hall, ticket, window, recall) : null;
    },
  };
}

export type HallService = ReturnType<typeof createHallService>;

function mergeFloor(previous: SequenceFloor | null, next: SequenceFloor): SequenceFloor {
  if (!previous || previous.businessDay !== next.businessDay) return next;
  const lastSequence: Record<string, number> = { ...previous.lastSequence };
  for (const [serviceId, n] of Object.entries(next.lastSequence)) {
    lastSequence[serviceId] = Math.max(lastSequence[serviceId] ?? 0, n);
  }
  return { businessDay: next.businessDay, lastSequence };
}

function sequenceOf(state: QueueState, event: Extract<QueueEvent, { type: 'ticket:issued' }>): number {
  return state.lastSequence[event.ticket.serviceId] ?? 0;
}

const isEnded = (status: string) =>
  status === 'done' || status === 'no-show' || status === 'cancelled' || status === 'expired';

/** A storage failure in words a clerk can act on; the cause goes to the log, not to the screen. */
function storageError(error: unknown): ErrorBody {
  const code = (error as { code?: string }).code ?? '';
  const reason =
    code === 'SQLITE_FULL'
      ? '磁盘已满 · the disk is full'
      : code.startsWith('SQLITE_READONLY')
        ? '数据库只读 · the database is read-only'
        : '存储失败 · storage failed';
  return {
    code: 'STORAGE_FAILURE',
    message: `未保存，请稍后重试 (${reason}) · Not saved, try again shortly`,
  };
}
