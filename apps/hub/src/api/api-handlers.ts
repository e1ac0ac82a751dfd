import { compareForWindow, type QueueState, serviceQueueFigures, type Ticket } from '@hallq/core';
import type {
  ApiBody,
  ApiClientView,
  ApiOperationId,
  ApiParams,
  ApiQuery,
  ApiRating,
  ApiResponse,
  ApiWebhookSubscription,
  ErrorBody,
  HallConfig,
} from '@hallq/protocol';
import { type AdminServices, MAX_REPORT_DAYS } from '../admin/admin-services.ts';
import type { AppointmentDesk } from '../appointments/appointment-desk.ts';
import type { CaseRecordServices } from '../case-record-services.ts';
import type { HubDatabase } from '../db/open-database.ts';
import type { HallService } from '../hall-service.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { type WebhookStore, type WebhookSubscription, webhookConsumer } from '../outbox/webhook-store.ts';
import type { createWebhookSubscriptions } from '../outbox/webhook-subscriptions.ts';

/** What a handler answers: its operation's success body, or an error with the HTTP status to send. */
export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly error: ErrorBody };

export interface ApiRequest<O extends ApiOperationId> {
  readonly params: ApiParams<O>;
  readonly query: ApiQuery<O>;
  readonly body: ApiBody<O>;
  readonly client: ApiClientView;
}

type Handler<O extends ApiOperationId> = (request: ApiRequest<O>) => ApiResult<ApiResponse<O>>;
/** One handler per row of the protocol's route table: a row without a handler does not compile. */
export type ApiHandlers = { readonly [O in ApiOperationId]: Handler<O> };

export interface ApiDeps {
  readonly db: HubDatabase;
  readonly hall: HallService;
  readonly admin: () => AdminServices;
  readonly outbox: Outbox;
  readonly webhookStore: WebhookStore;
  readonly webhooks: ReturnType<typeof createWebhookSubscriptions>;
  /** The 办件编号 service (case-record-services.ts), for the 审批 system's PUT. */
  readonly attachCaseNumber: CaseRecordServices['attachCaseNumber'];
  /** 预约 for the provincial platform (appointments/appointment-desk.ts). */
  readonly appointments: () => AppointmentDesk;
  readonly clock: () => number;
}

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const fail = (status: number, error: ErrorBody): ApiResult<never> => ({ ok: false, status, error });
const statusOf = (error: ErrorBody): number =>
  error.code === 'NOT_FOUND'
    ? 404
    : error.code === 'STORAGE_FAILURE'
      ? 503
      : error.code === 'APPOINTMENT_REFUSED'
        ? 409
        : 400;

const NO_SUBSCRIPTION: ErrorBody = {
  code: 'NOT_FOUND',
  message: '没有这个订阅 · No such webhook subscription',
};

/**
 * Waiting tickets a window would call before this one: those of its line (same service, or sent to the same
 * window) ahead of it in the hall's call order. Tickets of other services that a shared window may call first
 * are not counted: they are not "ahead in the line", and the lobby does not show them so either.
 */
export function peopleAheadOf(hall: HallConfig, state: QueueState, ticket: Ticket): number {
  const window =
    hall.windows.find((w) => w.id === ticket.targetWindowId) ??
    hall.windows.find((w) => w.enabled && w.serviceIds.includes(ticket.serviceId)) ??
    hall.windows[0];
  if (!window) return 0;
  const compare = compareForWindow(window, hall.rules.callPolicy);
  let ahead = 0;
  for (const other of state.tickets.values()) {
    if (other.status !== 'waiting' || other.id === ticket.id) continue;
    const sameLine =
      ticket.targetWindowId !== null
        ? other.targetWindowId === ticket.targetWindowId
        : other.targetWindowId === null && other.serviceId === ticket.serviceId;
    if (sameLine && compare(other, ticket) < 0) ahead += 1;
  }
  return ahead;
}

interface RatingRow {
  ticket_id: string;
  number: string;
  business_day: string;
  service_id: string;
  window_id: string;
  clerk_id: string | null;
  level: number | null;
  tags: string;
  comment: string;
  at: number;
}

/** The open API's operations, over the hub's services: each reads or changes through what the hub already has. */
export function createApiHandlers(deps: ApiDeps): ApiHandlers {
  const { db, hall, outbox, clock } = deps;
  const ratingsPage = db.prepare<[string, string, number, string, number], RatingRow>(`
    SELECT r.ticket_id, t.number, t.business_day, t.service_id, r.window_id, r.clerk_id, r.level, r.tags,
           r.comment, r.at
    FROM ratings r JOIN tickets t ON t.id = r.ticket_id
    WHERE t.business_day BETWEEN ? AND ? AND (r.at, r.ticket_id) > (?, ?)
    ORDER BY r.at, r.ticket_id LIMIT ?`);

  const subscriptionView = (s: WebhookSubscription): ApiWebhookSubscription => ({
    id: s.id,
    url: s.url,
    eventTypes: [...s.eventTypes],
    status: s.status,
    failures: s.failures,
    failingSince: s.failingSince,
    createdAt: s.createdAt,
    lag: outbox.lag(webhookConsumer(s.id), clock()),
  });
  /** A subscription of this client; another client's is as absent as a deleted one. */
  const ownSubscription = (id: string, client: ApiClientView): WebhookSubscription | null => {
    const sub = deps.webhookStore.get(id);
    return sub && sub.clientId === client.id ? sub : null;
  };
  const windowOf = (id: string | null) => {
    const w = id === null ? undefined : hall.hall().windows.find((x) => x.id === id);
    return w ? { id: w.id, number: w.number, name: w.name } : null;
  };

  /** A ticket as the API shows it: nothing personal, its case number, people ahead while it waits, its window. */
  const ticketStatusOf = (ticket: Ticket) => {
    const { visitorKey: _key, kioskId: _kiosk, ...view } = ticket;
    const caseNumber = hall.caseNumberOf(ticket.id);
    return {
      ticket: caseNumber === null ? view : { ...view, caseNumber },
      peopleAhead: ticket.status === 'waiting' ? peopleAheadOf(hall.hall(), hall.state(), ticket) : null,
      window: windowOf(ticket.windowId),
    };
  };

  const clientActor = (client: ApiClientView) => ({
    kind: 'api-client' as const,
    id: client.id,
    deviceId: null,
  });
  const NO_APPOINTMENT: ErrorBody = { code: 'NOT_FOUND', message: '没有这个预约 · No such appointment' };

  return {
    listAppointmentSlots({ query }) {
      const slots = deps.appointments().slots(query.serviceId, query.day);
      return slots.ok ? ok(slots.value) : fail(statusOf(slots.error), slots.error);
    },
    createAppointment({ body, client }) {
      const booked = deps.appointments().book(body, 'api', clientActor(client));
      return booked.ok ? ok(booked.value) : fail(statusOf(booked.error), booked.error);
    },
    getAppointment({ params }) {
      const found = deps.appointments().lookup(params.code);
      return found ? ok(found) : fail(404, NO_APPOINTMENT);
    },
    cancelAppointment({ params, client }) {
      const cancelled = deps.appointments().cancel(params.code, null, clientActor(client));
      return cancelled.ok ? ok(cancelled.value) : fail(statusOf(cancelled.error), cancelled.error);
    },
    listServices() {
      const config = hall.hall();
      const state = hall.state();
      const figures = new Map(serviceQueueFigures(config, state).map((f) => [f.serviceId, f]));
      return ok({
        businessDay: state.businessDay,
        serverTime: clock(),
        services: config.services.map((s) => {
          const f = figures.get(s.id);
          return {
            id: s.id,
            name: s.name,
            prefix: s.prefix,
            enabled: s.enabled,
            waiting: f?.waiting ?? 0,
            estimatedWaitMs: f?.estimatedWaitMs ?? 0,
            longestWaitingSince: f?.longestWaitingSince ?? null,
          };
        }),
      });
    },

    getTicket({ params }) {
      const state = hall.state();
      const ticket = state.tickets.get(params.id) ?? hall.store.ticket(params.id);
      if (!ticket) return fail(404, { code: 'TICKET_NOT_FOUND', message: '没有这张号票 · No such ticket' });
      return ok(ticketStatusOf(ticket));
    },

    attachCase({ params, body, client }) {
      const outcome = deps.attachCaseNumber(params.id, body.caseNumber, {
        kind: 'api-client',
        id: client.id,
        deviceId: null,
      });
      if (!outcome.ok) {
        const status = outcome.error.code === 'TICKET_NOT_FOUND' ? 404 : statusOf(outcome.error);
        return fail(status, outcome.error);
      }
      const ticket = hall.state().tickets.get(params.id) ?? hall.store.ticket(params.id);
      if (!ticket) return fail(404, { code: 'TICKET_NOT_FOUND', message: '没有这张号票 · No such ticket' });
      return ok(ticketStatusOf(ticket));
    },

    listRatings({ query }) {
      const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
      if (!(days <= MAX_REPORT_DAYS)) {
        return fail(400, {
          code: 'BAD_REQUEST',
          message: `最长 ${MAX_REPORT_DAYS} 天 · At most ${MAX_REPORT_DAYS} days (from–to must be real dates)`,
        });
      }
      const limit = query.limit ?? 500;
      const [afterAt, afterId] = query.cursor
        ? [
            Number(query.cursor.slice(0, query.cursor.indexOf('~'))),
            query.cursor.slice(query.cursor.indexOf('~') + 1),
          ]
        : [-1, ''];
      const rows = ratingsPage.all(query.from, query.to, afterAt, afterId, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const numbers = new Map(hall.hall().windows.map((w) => [w.id, w.number]));
      return ok({
        from: query.from,
        to: query.to,
        ratings: page.map(
          (r): ApiRating => ({
            ticketId: r.ticket_id,
            ticketNumber: r.number,
            businessDay: r.business_day,
            serviceId: r.service_id,
            windowId: r.window_id,
            windowNumber: numbers.get(r.window_id) ?? null,
            clerkId: r.clerk_id,
            level: r.level,
            tags: JSON.parse(r.tags) as string[],
            comment: r.comment,
            ratedAt: r.at,
          }),
        ),
        nextCursor: rows.length > limit && last ? `${last.at}~${last.ticket_id}` : null,
      });
    },

    getTodayFigures() {
      const config = hall.hall();
      const state = hall.state();
      const day = state.businessDay;
      const report = deps.admin().report({ from: day, to: day });
      if (!report.ok) return fail(statusOf(report.error), report.error);
      const { total, byService } = report.value;
      const live = new Map(serviceQueueFigures(config, state).map((f) => [f.serviceId, f]));
      let atWindows = 0;
      for (const t of state.tickets.values())
        if (t.status === 'called' || t.status === 'serving') atWindows += 1;
      const rows = new Map(byService.map((r) => [r.key, r]));
      return ok({
        businessDay: day,
        timeZone: config.rules.timeZone,
        issued: total.issued,
        served: total.served,
        noShow: total.noShow,
        transferred: total.transferred,
        cancelled: total.cancelled,
        waiting: [...live.values()].reduce((sum, f) => sum + f.waiting, 0),
        atWindows,
        wait: total.wait,
        service: total.service,
        ratings: total.ratings,
        byService: config.services.map((s) => {
          const row = rows.get(s.id);
          return {
            serviceId: s.id,
            name: s.name,
            issued: row?.issued ?? 0,
            served: row?.served ?? 0,
            noShow: row?.noShow ?? 0,
            waiting: live.get(s.id)?.waiting ?? 0,
            estimatedWaitMs: live.get(s.id)?.estimatedWaitMs ?? 0,
            wait: row?.wait ?? { count: 0, averageSeconds: null, medianSeconds: null, p90Seconds: null },
          };
        }),
      });
    },

    createWebhook({ body, client }) {
      const outcome = deps.webhooks.subscribe({
        clientId: client.id,
        url: body.url,
        eventTypes: body.eventTypes,
      });
      if (!outcome.ok) return fail(statusOf(outcome.error), outcome.error);
      return ok({ subscription: subscriptionView(outcome.value.subscription), secret: outcome.value.secret });
    },

    listWebhooks({ client }) {
      const own = deps.webhookStore.list().filter((s) => s.clientId === client.id);
      return ok({ subscriptions: own.map(subscriptionView) });
    },

    deleteWebhook({ params, client }) {
      if (!ownSubscription(params.id, client)) return fail(404, NO_SUBSCRIPTION);
      const outcome = deps.webhooks.remove(params.id);
      return outcome.ok ? ok(undefined) : fail(statusOf(outcome.error), outcome.error);
    },

    replayWebhook({ params, body, client }) {
      if (!ownSubscription(params.id, client)) return fail(404, NO_SUBSCRIPTION);
      const outcome = deps.webhooks.replay(params.id, Math.min(body.afterEntryId, hall.durableLogId()));
      return outcome.ok ? ok(undefined) : fail(statusOf(outcome.error), outcome.error);
    },

    listWebhookDeliveries({ params, query, client }) {
      if (!ownSubscription(params.id, client)) return fail(404, NO_SUBSCRIPTION);
      const deliveries = deps.webhookStore.deliveries(params.id, query.limit ?? 50);
      return ok({
        deliveries: deliveries.map(({ subscriptionId: _id, ...d }) => d),
      });
    },
  };
}
