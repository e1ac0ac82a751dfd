import {
  type Appointment,
  type AppointmentRules,
  appointmentRules,
  appointmentToOffer,
  type BookingRefusal,
  blockOf,
  bookingHorizon,
  businessDayOf,
  checkInWindow,
  DEFAULT_APPOINTMENT_POLICY,
  decideBooking,
  decideCancel,
  decideCheckIn,
  isMissed,
  noShowHistoryOf,
  slotsFor,
  visitorClassFor,
} from '@hallq/core';
import type {
  AppointmentBlockView,
  AppointmentBookRequest,
  AppointmentChannel,
  AppointmentCheckIn,
  AppointmentKey,
  AppointmentOffer,
  AppointmentReport,
  AppointmentSlots,
  AppointmentView,
  ErrorBody,
  HallConfig,
  IdentityInput,
  IssuedTicket,
  LocalizedText,
} from '@hallq/protocol';
import { MAX_REPORT_DAYS } from '../admin/admin-services.ts';
import type { HubDatabase } from '../db/open-database.ts';
import type { HallService, Outcome } from '../hall-service.ts';
import { isValidIdNumber, maskIdNumber, maskName } from '../privacy/identity-check.ts';
import type { IdentityVault } from '../privacy/identity-vault.ts';
import type { SecretBox } from '../privacy/secret-box.ts';
import { type Actor, SYSTEM_ACTOR } from '../store/event-log.ts';
import type { PrintPermits } from '../tickets/print-permits.ts';
import { appointmentDay, appointmentReport } from './appointment-figures.ts';
import { appointmentMarkOf } from './appointment-marks.ts';
import {
  type AppointmentStore,
  createAppointmentStore,
  type StoredAppointment,
} from './appointment-store.ts';
import { cancelRefusalMessage, refusalMessage } from './appointment-wording.ts';
import { newBookingCode } from './booking-code.ts';

/** A booking refused by the rules: the typed refusal (for a page that words it itself) and the error body. */
export type BookingOutcome =
  | { readonly ok: true; readonly value: AppointmentView }
  | { readonly ok: false; readonly error: ErrorBody; readonly refusal: BookingRefusal | null };

/** What the sealed column holds: enough to check a visitor in by code (birth date → lane) and to call them. */
interface SealedVisitor {
  readonly cardType: string;
  readonly idNumber: string;
  readonly name: string;
  readonly phone: string;
}

const maskPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

const fail = (code: ErrorBody['code'], message: string) => ({ ok: false, error: { code, message } }) as const;

/** YYYY-MM-DD from a GB 11643 number's birth digits; null for the 2017 foreigner card (no birth date in it). */
function birthDateOf(visitor: { cardType: string; idNumber: string }): string | null {
  if (visitor.cardType === 'foreign-2017' || !/^[0-9]{17}[0-9X]$/.test(visitor.idNumber)) return null;
  const digits = visitor.idNumber.slice(6, 14);
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/**
 * 预约 at the hub: booking, cancelling and looking up (every channel: the public page, the open API, the help
 * desk, hallctl), check-in at the kiosk, the no-show sweep and blocks. Decisions are the core's
 * (appointment-*.ts); this desk reads SQLite, runs them and writes in one transaction through the hall's
 * write path, audited.
 */
export function createAppointmentDesk(deps: {
  db: HubDatabase;
  hall: HallService;
  vault: IdentityVault;
  /** Seals the visitor's ID number, name and phone (a secret box under the hall's identity key). */
  box: SecretBox;
  printPermits: PrintPermits;
  clock: () => number;
}) {
  const { hall, vault, box, clock } = deps;
  const store: AppointmentStore = createAppointmentStore(deps.db);

  const serviceOf = (h: HallConfig, serviceId: string) => h.services.find((s) => s.id === serviceId);
  const nameOf = (h: HallConfig, serviceId: string): LocalizedText =>
    serviceOf(h, serviceId)?.name ?? { zh: serviceId, en: serviceId };
  /** A service's rules; the defaults when the hall stopped taking appointments for it after the booking. */
  const rulesOf = (h: HallConfig, serviceId: string): AppointmentRules =>
    serviceOf(h, serviceId)?.appointments ?? appointmentRules();
  const policyOf = (h: HallConfig) => h.rules.appointmentPolicy ?? DEFAULT_APPOINTMENT_POLICY;

  function view(a: StoredAppointment): AppointmentView {
    const h = hall.hall();
    const rules = rulesOf(h, a.serviceId);
    const window = checkInWindow(a, rules);
    return {
      code: a.id,
      serviceId: a.serviceId,
      serviceName: nameOf(h, a.serviceId),
      day: a.day,
      slotStart: a.slotStart,
      slotEnd: a.slotEnd,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      status: a.status,
      channel: a.channel,
      visitorName: a.nameMasked,
      idNumber: a.idMasked,
      phone: a.phoneMasked,
      bookedAt: a.bookedAt,
      cancelledAt: a.cancelledAt,
      checkedInAt: a.checkedInAt,
      ticketId: a.ticketId,
      checkInOpensAt: window.opensAt,
      checkInClosesAt: window.closesAt,
      cancelDeadline: a.startsAt - rules.cancelDeadlineMinutes * 60_000,
    };
  }

  /** The person's appointments and the slot's: what decideBooking needs, each once. */
  function contextFor(visitorKey: string, serviceId: string, day: string, slotStart: string): Appointment[] {
    const byId = new Map<string, Appointment>();
    for (const a of store.slot(serviceId, day, slotStart)) byId.set(a.id, a);
    for (const a of store.ofVisitor(visitorKey)) byId.set(a.id, a);
    return [...byId.values()];
  }

  function blockFor(visitorKey: string, now: number): AppointmentBlockView | null {
    const h = hall.hall();
    const history = noShowHistoryOf(
      store.ofVisitor(visitorKey),
      visitorKey,
      (serviceId) => rulesOf(h, serviceId).checkInAfterMinutes,
      store.blockLiftedAt(visitorKey),
      now,
    );
    const block = blockOf(history, now, policyOf(h).noShowBlock);
    return block.blocked ? { until: block.until, missedAt: [...block.missedAt] } : null;
  }

  function slots(serviceId: string, day: string): Outcome<AppointmentSlots> {
    const h = hall.hall();
    const service = serviceOf(h, serviceId);
    if (!service?.enabled || !service.appointments) {
      return fail('NOT_FOUND', '该业务不接受预约 · This service takes no appointments');
    }
    const now = clock();
    const horizon = bookingHorizon(h, service.appointments, now);
    return {
      ok: true,
      value: {
        serviceId,
        serviceName: service.name,
        day,
        firstDay: horizon.firstDay,
        lastDay: horizon.lastDay,
        slots: slotsFor(h, serviceId, day, store.serviceDay(serviceId, day), now),
      },
    };
  }

  function book(request: AppointmentBookRequest, channel: AppointmentChannel, actor: Actor): BookingOutcome {
    const { visitor } = request;
    if (visitor.cardType !== 'foreign-2017' && !isValidIdNumber(visitor.idNumber)) {
      return { ...fail('INVALID_IDENTITY', '证件号码校验失败 · The ID number is not valid'), refusal: null };
    }
    const visitorKey = vault.visitorKey(visitor.idNumber);
    // Sealed before the transaction: the cipher work is not done while the write lock is held.
    const sealed = box.seal(
      JSON.stringify({
        cardType: visitor.cardType,
        idNumber: visitor.idNumber,
        name: visitor.name,
        phone: visitor.phone,
      } satisfies SealedVisitor),
    );
    let refusal: BookingRefusal | null = null;
    const outcome = hall.transact<StoredAppointment | null>(actor, (now) => {
      const h = hall.hall();
      const decision = decideBooking(
        { serviceId: request.serviceId, day: request.day, slotStart: request.slotStart, visitorKey },
        {
          hall: h,
          appointments: contextFor(visitorKey, request.serviceId, request.day, request.slotStart),
          blockLiftedAt: store.blockLiftedAt(visitorKey),
          now,
        },
      );
      if (!decision.ok) {
        refusal = decision.refusal;
        return { value: null, audit: null };
      }
      const { slot } = decision;
      const appointment: StoredAppointment = {
        id: newBookingCode(store.codeTaken),
        serviceId: slot.serviceId,
        day: slot.day,
        slotStart: slot.slotStart,
        slotEnd: slot.slotEnd,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        visitorKey,
        status: 'booked',
        channel,
        bookedAt: now,
        cancelledAt: null,
        checkedInAt: null,
        missedAt: null,
        ticketId: null,
        late: false,
        nameMasked: maskName(visitor.name),
        idMasked: maskIdNumber(visitor.idNumber),
        phoneMasked: maskPhone(visitor.phone),
        sealed,
      };
      store.insert(appointment);
      return {
        value: appointment,
        audit: {
          type: 'appointment:booked',
          payload: {
            code: appointment.id,
            serviceId: slot.serviceId,
            day: slot.day,
            slotStart: slot.slotStart,
            channel,
            idNumber: appointment.idMasked,
          },
        },
      };
    });
    if (!outcome.ok) return { ...outcome, refusal: null };
    if (outcome.value === null) {
      const refused = refusal as BookingRefusal | null;
      if (refused === null) return { ...fail('INTERNAL', 'no booking decision'), refusal: null };
      return {
        ok: false,
        error: { code: 'APPOINTMENT_REFUSED', message: refusalMessage(refused, hall.hall().rules.timeZone) },
        refusal: refused,
      };
    }
    return { ok: true, value: view(outcome.value) };
  }

  /**
   * Cancels a booked appointment before its deadline. `idNumber`: the visitor's own proof (the public page);
   * null for staff and API clients, who are audited as who they are. A code that does not match the ID number
   * answers as if there were no such code.
   */
  function cancel(code: string, idNumber: string | null, actor: Actor): Outcome<AppointmentView> {
    let problem: ErrorBody | null = null;
    const outcome = hall.transact<StoredAppointment | null>(actor, (now) => {
      const found = store.byCode(code);
      if (!found || (idNumber !== null && found.visitorKey !== vault.visitorKey(idNumber))) {
        problem = { code: 'NOT_FOUND', message: '没有这个预约 · No such appointment' };
        return { value: null, audit: null };
      }
      const h = hall.hall();
      const decision = decideCancel(found, h, now);
      if (!decision.ok) {
        problem = { code: 'APPOINTMENT_REFUSED', message: cancelRefusalMessage(decision, h.rules.timeZone) };
        return { value: null, audit: null };
      }
      store.cancel(code, now);
      return {
        value: { ...found, status: 'cancelled', cancelledAt: now },
        audit: {
          type: 'appointment:cancelled',
          payload: { code, serviceId: found.serviceId, day: found.day, slotStart: found.slotStart },
        },
      };
    });
    if (!outcome.ok) return outcome;
    if (outcome.value === null) {
      return { ok: false, error: problem ?? { code: 'INTERNAL', message: 'no cancel decision' } };
    }
    return { ok: true, value: view(outcome.value) };
  }

  /** One appointment by code; with `idNumber`, only if it is that person's (the public page's look-up). */
  function lookup(code: string, idNumber: string | null = null): AppointmentView | null {
    const found = store.byCode(code);
    if (!found || (idNumber !== null && found.visitorKey !== vault.visitorKey(idNumber))) return null;
    return view(found);
  }

  /** A person's appointments (newest first) and their no-show block, for the help desk. */
  function lookupPerson(idNumber: string): {
    appointments: AppointmentView[];
    block: AppointmentBlockView | null;
  } {
    const key = vault.visitorKey(idNumber);
    return { appointments: store.ofVisitor(key).slice(0, 50).map(view), block: blockFor(key, clock()) };
  }

  /** An admin lifts a person's no-show block; misses up to now no longer count. Audited with the reason. */
  function liftBlock(idNumber: string, reason: string, actor: Actor): Outcome<{ wasBlocked: boolean }> {
    const key = vault.visitorKey(idNumber);
    return hall.transact(actor, (now) => {
      const wasBlocked = blockFor(key, now) !== null;
      store.liftBlock(key, now);
      return {
        value: { wasBlocked },
        audit: {
          type: 'appointment:block-lifted',
          payload: { idNumber: maskIdNumber(idNumber), wasBlocked, reason },
        },
      };
    });
  }

  /** The appointment a kiosk key names, and what check-in would do now. */
  function offerFor(
    key: AppointmentKey,
    now: number,
  ): { stored: StoredAppointment; offer: AppointmentOffer } | null {
    const h = hall.hall();
    let stored: StoredAppointment | null;
    if (key.kind === 'code') {
      stored = store.byCode(key.code);
    } else {
      const visitorKey = vault.visitorKey(key.identity.idNumber);
      const mine = store.ofVisitor(visitorKey);
      // Lapsed and unused (swept to missed, no ticket): still offered, so the latecomer hears the late policy.
      const offerable = mine.map((a) =>
        a.status === 'missed' && a.ticketId === null ? { ...a, status: 'booked' as const } : a,
      );
      const best = appointmentToOffer(h, offerable, visitorKey, now);
      stored = best ? (mine.find((a) => a.id === best.appointment.id) ?? null) : null;
    }
    if (!stored) return null;
    // A code for another day is answered too: too early says when (that day) check-in opens. An appointment
    // the sweep marked missed, with no ticket yet, is still a latecomer the hall's late policy answers.
    const lapsedUnused = stored.status === 'missed' && stored.ticketId === null;
    const decision = decideCheckIn(
      lapsedUnused ? { ...stored, status: 'booked' } : stored,
      now,
      rulesOf(h, stored.serviceId),
    );
    return { stored, offer: { appointment: view(stored), decision } };
  }

  function offer(key: AppointmentKey): AppointmentOffer | null {
    return offerFor(key, clock())?.offer ?? null;
  }

  /**
   * Checks a visitor in at the kiosk. In the window: a ticket standing in line from the slot (from now when
   * late), marked 预约, in the same transaction as the appointment's change. After the window: per the hall,
   * refused (the appointment is missed) or an ordinary walk-in ticket. A retried request id answers the ticket
   * it already produced.
   */
  function checkIn(
    requestId: string,
    key: AppointmentKey,
    actor: Actor,
    kioskId: string | null,
  ): Outcome<AppointmentCheckIn> {
    const h = hall.hall();
    const replay = hall.store.issueRequest(requestId);
    if (replay) {
      const ticket = hall.state().tickets.get(replay.ticketId) ?? hall.store.ticket(replay.ticketId);
      const stored = store.byTicket(replay.ticketId);
      if (!ticket || !stored) return fail('CONFLICT', 'this request id was used for another ticket');
      return {
        ok: true,
        value: {
          outcome: 'checked-in',
          appointment: view(stored),
          late: stored.late,
          issued: issuedOf(ticket, replay, true),
        },
      };
    }
    const now = clock();
    const found = offerFor(key, now);
    if (!found) return { ok: true, value: { outcome: 'none' } };
    const { stored, offer: offered } = found;
    const { decision } = offered;
    const appointment = offered.appointment;
    switch (decision.kind) {
      case 'not-checkable':
        return { ok: true, value: { outcome: 'not-checkable', appointment } };
      case 'too-early':
        return { ok: true, value: { outcome: 'too-early', appointment, opensAt: decision.opensAt } };
      case 'too-late':
        if (decision.outcome === 'refused') {
          markMissed([stored]);
          return {
            ok: true,
            value: {
              outcome: 'refused-late',
              appointment: { ...appointment, status: 'missed' },
              closedAt: decision.closedAt,
            },
          };
        }
        return walkIn(requestId, stored, key, actor, kioskId, decision.closedAt);
      case 'in-window':
        break;
    }
    if (stored.day !== businessDayOf(now, h.rules.timeZone)) {
      return { ok: true, value: { outcome: 'not-checkable', appointment } };
    }
    const identity = key.kind === 'identity' ? key.identity : null;
    const mark = { ...appointmentMarkOf(stored), late: decision.late };
    const issued = issue(requestId, stored, identity, actor, kioskId, {
      slotStartsAt: stored.startsAt,
      mark,
      onIssued: (ticketId, at) => {
        store.checkIn(stored.id, at, ticketId, decision.late);
        hall.log.append(
          at,
          'appointment:checked-in',
          actor,
          { code: stored.id, ticketId, late: decision.late },
          false,
        );
      },
    });
    if (!issued.ok) return issued;
    const after = store.byCode(stored.id) ?? stored;
    return {
      ok: true,
      value: { outcome: 'checked-in', appointment: view(after), late: decision.late, issued: issued.value },
    };
  }

  function walkIn(
    requestId: string,
    stored: StoredAppointment,
    key: AppointmentKey,
    actor: Actor,
    kioskId: string | null,
    closedAt: number,
  ): Outcome<AppointmentCheckIn> {
    const identity = key.kind === 'identity' ? key.identity : null;
    const issued = issue(requestId, stored, identity, actor, kioskId, {
      onIssued: (ticketId, at) => {
        // The appointment lapsed (it counts as missed); the visitor queues from now like anyone arriving.
        store.lateWalkIn(stored.id, at, ticketId);
        hall.log.append(at, 'appointment:late-walk-in', actor, { code: stored.id, ticketId }, false);
      },
    });
    if (!issued.ok) return issued;
    const after = store.byCode(stored.id) ?? stored;
    return {
      ok: true,
      value: { outcome: 'walk-in', appointment: view(after), closedAt, issued: issued.value },
    };
  }

  function issuedOf(
    ticket: Parameters<HallService['view']>[0],
    figures: { peopleAhead: number; estimatedWaitMs: number },
    replayed: boolean,
  ): IssuedTicket {
    const h = hall.hall();
    const service = h.services.find((s) => s.id === ticket.issuedServiceId);
    const name = service?.name ?? { zh: ticket.serviceId, en: ticket.serviceId };
    return {
      ticket: hall.view(ticket),
      peopleAhead: figures.peopleAhead,
      estimatedWaitMs: figures.estimatedWaitMs,
      serviceName: name,
      waitingArea: service?.waitingArea ?? name,
      hallName: h.name,
      replayed,
      printPermit: deps.printPermits.permitFor(ticket, clock()),
    };
  }

  /** Issues the ticket of a check-in through the hall's one writer, with the appointment's writes in its transaction. */
  function issue(
    requestId: string,
    stored: StoredAppointment,
    identity: IdentityInput | null,
    actor: Actor,
    kioskId: string | null,
    options: {
      slotStartsAt?: number;
      mark?: ReturnType<typeof appointmentMarkOf>;
      onIssued: (ticketId: string, at: number) => void;
    },
  ): Outcome<IssuedTicket> {
    const h = hall.hall();
    const businessDay = hall.state().businessDay;
    const visitor = identity ?? openSealed(stored);
    const birthDate = identity ? identity.birthDate : visitor ? birthDateOf(visitor) : null;
    const outcome = hall.execute(
      {
        type: 'ticket:issue',
        serviceId: stored.serviceId,
        visitorClass: visitorClassFor(h.rules, birthDate, businessDay),
        visitorKey: stored.visitorKey,
        kioskId,
        ...(options.slotStartsAt === undefined ? {} : { slotStartsAt: options.slotStartsAt }),
      },
      actor,
      {
        issuedMaskedName: stored.nameMasked,
        ...(options.mark ? { issuedAppointment: options.mark } : {}),
        inTransaction: (events, now) => {
          const issued = events.find((e) => e.type === 'ticket:issued');
          if (issued?.type !== 'ticket:issued') return;
          hall.store.saveIssueRequest(
            requestId,
            issued.ticket.id,
            issued.peopleAhead,
            issued.estimatedWaitMs,
            now,
          );
          if (identity)
            hall.store.saveIdentity(issued.ticket.id, stored.visitorKey, vault.seal(identity), now);
          options.onIssued(issued.ticket.id, now);
        },
      },
    );
    if (!outcome.ok) return outcome;
    const issued = outcome.value.events.find((e) => e.type === 'ticket:issued');
    if (issued?.type !== 'ticket:issued') return fail('INTERNAL', 'no ticket was issued');
    const figures = { peopleAhead: issued.peopleAhead, estimatedWaitMs: issued.estimatedWaitMs };
    const ticket = hall.state().tickets.get(issued.ticket.id) ?? issued.ticket;
    const value = issuedOf(ticket, figures, false);
    // The view of a ticket just issued may not know its mark yet if the state moved on: keep the one we gave.
    return {
      ok: true,
      value: options.mark ? { ...value, ticket: { ...value.ticket, appointment: options.mark } } : value,
    };
  }

  function openSealed(stored: StoredAppointment): SealedVisitor | null {
    if (!stored.sealed) return null;
    try {
      return JSON.parse(box.open(stored.sealed)) as SealedVisitor;
    } catch {
      return null;
    }
  }

  /** Marks the given booked appointments missed (one audit entry for the lot). */
  function markMissed(appointments: readonly StoredAppointment[]): void {
    if (appointments.length === 0) return;
    hall.transact(SYSTEM_ACTOR, (at) => {
      for (const a of appointments) store.markMissed(a.id, at);
      return {
        value: null,
        audit: {
          type: 'appointment:missed',
          payload: { codes: appointments.map((a) => a.id).slice(0, 500) },
        },
      };
    });
  }

  /** The tick's sweep: booked appointments whose check-in window closed become missed. */
  function sweepMissed(): number {
    const now = clock();
    const h = hall.hall();
    const lapsed = store
      .bookedStartedBefore(now)
      .filter((a) => isMissed(a, rulesOf(h, a.serviceId).checkInAfterMinutes, now));
    markMissed(lapsed);
    return lapsed.length;
  }

  return {
    store,
    slots,
    book,
    cancel,
    lookup,
    lookupPerson,
    liftBlock,
    blockFor: (idNumber: string) => blockFor(vault.visitorKey(idNumber), clock()),
    offer,
    checkIn,
    sweepMissed,
    view,
    /** Today's (or a day's) slots: booked / checked in / missed, for the supervision view. */
    day: (day: string) => appointmentDay(hall.hall(), store, day),
    /** Appointment figures per service and day; at most MAX_REPORT_DAYS like the other reports. */
    report(from: string, to: string): Outcome<AppointmentReport> {
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
      if (!(days >= 1 && days <= MAX_REPORT_DAYS)) {
        return fail(
          'BAD_REQUEST',
          `报表最多${MAX_REPORT_DAYS}天 · A report covers at most ${MAX_REPORT_DAYS} days`,
        );
      }
      return { ok: true, value: appointmentReport(deps.db, hall.hall(), store, from, to) };
    },
    /** The visitor's mobile number, opened from the sealed record (for the SMS outbox only); null once purged. */
    phoneOf: (code: string): string | null => {
      const found = store.byCode(code);
      return found ? (openSealed(found)?.phone ?? null) : null;
    },
    /** Clears the personal data of appointments older than the identity retention. */
    purgeIdentities: (olderThan: number) => store.purgeIdentities(olderThan),
  };
}

export type AppointmentDesk = ReturnType<typeof createAppointmentDesk>;
