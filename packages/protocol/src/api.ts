import { z } from 'zod';
import { DurationFigures, RatingFigures } from './admin-views.ts';
import {
  AppointmentBookRequest,
  AppointmentSlots,
  AppointmentSlotsQuery,
  AppointmentView,
  BookingCode,
} from './appointment-views.ts';
import { CaseNumber } from './case-records.ts';
import { ErrorBody } from './errors.ts';
import { LocalizedText } from './hall-schema.ts';
import { WebhookEventType, WebhookTicket } from './webhooks.ts';

/**
 * The open API (`/api/v1`): what outside systems (the approval system 审批, the portal, the province) may read
 * and manage, over HTTP with JSON. Each operation below is one row of the route table: its method and path,
 * the scope a client needs, and the zod schemas of its parameters, body and answer. The hub validates with
 * these schemas, and the OpenAPI document (`openApiDocument`) is generated from them, so the two cannot drift.
 *
 * To add an endpoint: add a row to `ApiOperations` (and a handler in the hub's `api-handlers.ts`; the handler
 * map's type demands one per row).
 */

export const ApiScope = z.enum([
  'queue:read',
  'tickets:read',
  /** 预约 for the provincial platform: list slots, book, look up and cancel appointments. */
  'appointments:write',
  'ratings:read',
  'webhooks:manage',
  /** The approval (审批) system attaches its case number (办件编号) to a ticket. */
  'cases:write',
]);
export type ApiScope = z.infer<typeof ApiScope>;
export const API_SCOPES = ApiScope.options;

/** Every error answer: the hub's error code and a message (Chinese first, then English). */
export const ApiError = z.object({ error: ErrorBody });
export type ApiError = z.infer<typeof ApiError>;

const Id = z.string().min(1).max(80);
const Epoch = z.number().int();
/** A calendar day that exists (2026-02-30 does not). */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(
    (day) => {
      const at = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(day);
    },
    { message: 'no such day' },
  );

// ---- API clients (registered by an admin: hallctl api-client add, the admin socket commands) ----

export const ApiClientName = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

export const ApiClientView = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(ApiScope),
  /** Requests per second the client may make on average, and how many at once. */
  ratePerSecond: z.number().positive(),
  burst: z.number().int().positive(),
  createdAt: Epoch,
  revokedAt: Epoch.nullable(),
  lastUsedAt: Epoch.nullable(),
});
export type ApiClientView = z.infer<typeof ApiClientView>;

/**
 * A client's rate limit: requests per second on average (a tenth to a thousand) and how many at once (1 to
 * 10,000). The bucket starts full, so `burst` is also what a client may send after a quiet spell.
 */
const RATE_WORDS = '每秒请求数须在 0.1–1000 之间 · requests a second: 0.1 to 1000';
const BURST_WORDS = '瞬时上限须为 1–10000 的整数 · burst: a whole number, 1 to 10,000';
export const ApiRatePerSecond = z
  .number({ error: RATE_WORDS })
  .min(0.1, { error: RATE_WORDS })
  .max(1000, { error: RATE_WORDS });
export const ApiBurst = z
  .number({ error: BURST_WORDS })
  .int({ error: BURST_WORDS })
  .min(1, { error: BURST_WORDS })
  .max(10_000, { error: BURST_WORDS });
export const ApiRateLimit = z.object({ ratePerSecond: ApiRatePerSecond, burst: ApiBurst }).strict();
export type ApiRateLimit = z.infer<typeof ApiRateLimit>;
/** A new client's limit unless the admin gives one: 10 requests a second on average, 40 at once. */
export const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { ratePerSecond: 10, burst: 40 };

export const ApiClientAdd = z
  .object({
    name: ApiClientName,
    scopes: z
      .array(ApiScope)
      .min(1)
      .max(API_SCOPES.length)
      .refine((s) => new Set(s).size === s.length, { message: 'a scope is listed twice' }),
    /** Left out: the hub's default (10 a second, 40 at once). */
    ratePerSecond: ApiRatePerSecond.optional(),
    burst: ApiBurst.optional(),
  })
  .strict();
export type ApiClientAdd = z.infer<typeof ApiClientAdd>;

/** An admin changes a client's rate limit; it applies from the client's next request. */
export const ApiClientLimit = z
  .object({ clientId: Id, ratePerSecond: ApiRatePerSecond, burst: ApiBurst })
  .strict();
export type ApiClientLimit = z.infer<typeof ApiClientLimit>;

export const ApiClientAdded = z.object({
  client: ApiClientView,
  /** `Authorization: Bearer <token>`; shown once, the hub keeps only its hash. */
  token: z.string(),
});
export type ApiClientAdded = z.infer<typeof ApiClientAdded>;

// ---- answers ----

export const ApiService = z.object({
  id: Id,
  name: LocalizedText,
  prefix: z.string(),
  enabled: z.boolean(),
  /** Tickets waiting in this service's line now. */
  waiting: z.number().int().nonnegative(),
  /** How long a ticket taken now would wait, as the kiosk shows it. */
  estimatedWaitMs: z.number().nonnegative(),
  longestWaitingSince: Epoch.nullable(),
});
export type ApiService = z.infer<typeof ApiService>;

export const ApiServices = z.object({
  businessDay: Day,
  serverTime: Epoch,
  services: z.array(ApiService),
});
export type ApiServices = z.infer<typeof ApiServices>;

export const ApiWindow = z.object({ id: Id, number: z.number().int(), name: LocalizedText });
export type ApiWindow = z.infer<typeof ApiWindow>;

export const ApiTicketStatus = z.object({
  ticket: WebhookTicket,
  /** Waiting tickets that will be called before this one in its line; null once it is no longer waiting. */
  peopleAhead: z.number().int().nonnegative().nullable(),
  /** The window that called or serves it (or last did); null before its first call. */
  window: ApiWindow.nullable(),
});
export type ApiTicketStatus = z.infer<typeof ApiTicketStatus>;

export const ApiRating = z.object({
  ticketId: Id,
  ticketNumber: z.string(),
  businessDay: Day,
  serviceId: Id,
  windowId: Id,
  windowNumber: z.number().int().nullable(),
  clerkId: Id.nullable(),
  /** 5 非常满意 … 1 非常不满意; null: the visitor did not rate before the pad timed out. */
  level: z.number().int().min(1).max(5).nullable(),
  tags: z.array(z.string()),
  comment: z.string(),
  ratedAt: Epoch,
});
export type ApiRating = z.infer<typeof ApiRating>;

export const ApiRatings = z.object({
  from: Day,
  to: Day,
  ratings: z.array(ApiRating),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ApiRatings = z.infer<typeof ApiRatings>;

export const ApiServiceFigures = z.object({
  serviceId: Id,
  name: LocalizedText,
  issued: z.number().int().nonnegative(),
  served: z.number().int().nonnegative(),
  noShow: z.number().int().nonnegative(),
  waiting: z.number().int().nonnegative(),
  estimatedWaitMs: z.number().nonnegative(),
  wait: DurationFigures,
});

export const ApiTodayFigures = z.object({
  businessDay: Day,
  timeZone: z.string(),
  issued: z.number().int().nonnegative(),
  served: z.number().int().nonnegative(),
  noShow: z.number().int().nonnegative(),
  transferred: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  /** Waiting now, and at a window now (called or being served). */
  waiting: z.number().int().nonnegative(),
  atWindows: z.number().int().nonnegative(),
  /** Issue → first call, in seconds (median, average, 90th percentile). */
  wait: DurationFigures,
  /** Start → finish, in seconds. */
  service: DurationFigures,
  ratings: RatingFigures,
  byService: z.array(ApiServiceFigures),
});
export type ApiTodayFigures = z.infer<typeof ApiTodayFigures>;

export const ApiWebhookSubscription = z.object({
  id: Id,
  url: z.string(),
  eventTypes: z.array(WebhookEventType),
  /** `failing` after 24 h of failed attempts; it keeps its place and catches up once the receiver answers. */
  status: z.enum(['active', 'failing']),
  failures: z.number().int().nonnegative(),
  failingSince: Epoch.nullable(),
  createdAt: Epoch,
  /** How far behind the hall's event log it is: entries not yet delivered, and the oldest one's age. */
  lag: z.object({
    cursor: z.number().int().nonnegative(),
    behind: z.number().int().nonnegative(),
    seconds: z.number().int().nonnegative(),
  }),
});
export type ApiWebhookSubscription = z.infer<typeof ApiWebhookSubscription>;

export const ApiWebhookCreate = z
  .object({
    url: z
      .string()
      .max(2000)
      .refine(
        (url) => {
          try {
            const parsed = new URL(url);
            return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.username === '';
          } catch {
            return false;
          }
        },
        { message: 'an http(s) URL without credentials' },
      ),
    eventTypes: z
      .array(WebhookEventType)
      .min(1)
      .max(WebhookEventType.options.length)
      .refine((t) => new Set(t).size === t.length, { message: 'an event type is listed twice' }),
  })
  .strict();
export type ApiWebhookCreate = z.infer<typeof ApiWebhookCreate>;

export const ApiWebhookCreated = z.object({
  subscription: ApiWebhookSubscription,
  /** The Standard Webhooks signing secret (`whsec_…`); shown once. */
  secret: z.string(),
});

export const ApiWebhookList = z.object({ subscriptions: z.array(ApiWebhookSubscription) });

/** The 审批 system's case number for a ticket (letters, digits, hyphens; up to 64). */
export const ApiCaseAttach = z.object({ caseNumber: CaseNumber }).strict();
export type ApiCaseAttach = z.infer<typeof ApiCaseAttach>;

export const ApiWebhookReplay = z
  .object({
    /**
     * Deliver again every event after this log entry (the number in a `webhook-id` `msg_hallq_<entry>_<hash>`);
     * 0 replays the whole log.
     */
    afterEntryId: z.number().int().nonnegative(),
  })
  .strict();
export type ApiWebhookReplay = z.infer<typeof ApiWebhookReplay>;

export const ApiWebhookDelivery = z.object({
  entryId: z.number().int(),
  webhookId: z.string(),
  eventType: z.string(),
  attempt: z.number().int().positive(),
  at: Epoch,
  /** The receiver's HTTP status; null when it did not answer (timeout, refused). */
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
});
export const ApiWebhookDeliveries = z.object({ deliveries: z.array(ApiWebhookDelivery) });

// ---- parameters ----

const TicketIdParam = z.object({
  id: z.string().regex(/^\d{4}-\d{2}-\d{2}\/[A-Z]{1,2}\d{2,4}$/, 'a ticket id: YYYY-MM-DD/A001'),
});
const SubscriptionIdParam = z.object({ id: z.uuid() });
const NoParams = z.object({}).strict();
const BookingCodeParam = z.object({ code: BookingCode }).strict();

export const ApiRatingsQuery = z
  .object({
    from: Day,
    to: Day,
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,15}~.{1,80}$/, 'a cursor from a previous page')
      .optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range must end on or after its first day', path: ['to'] });
export type ApiRatingsQuery = z.infer<typeof ApiRatingsQuery>;

const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }).strict();

// ---- the route table ----

export type ApiMethod = 'get' | 'post' | 'put' | 'delete';

export interface ApiOperation {
  readonly method: ApiMethod;
  /** OpenAPI form, relative to `/api/v1`: `/tickets/{id}`. */
  readonly path: string;
  /** The scope a client needs. */
  readonly scope: ApiScope;
  readonly summary: string;
  readonly params: z.ZodType;
  readonly query: z.ZodType;
  /** null: the operation takes no body. */
  readonly body: z.ZodType | null;
  /** The success status and its body (null: no body, as 204). */
  readonly status: 200 | 201 | 204;
  readonly response: z.ZodType | null;
  /** The error statuses it may answer besides the ones every operation may (400, 401, 403, 429). */
  readonly errors: readonly (404 | 409 | 413 | 503)[];
}

const op = <T extends ApiOperation>(operation: T): T => operation;

export const ApiOperations = {
  listServices: op({
    method: 'get',
    path: '/services',
    scope: 'queue:read',
    summary: '业务及等候情况 · Services with people waiting and the estimated wait',
    params: NoParams,
    query: NoParams,
    body: null,
    status: 200,
    response: ApiServices,
    errors: [],
  }),
  getTicket: op({
    method: 'get',
    path: '/tickets/{id}',
    scope: 'tickets:read',
    summary: '号票状态 · A ticket: status, people ahead, window (the id is URL-encoded: 2026-11-28%2FA001)',
    params: TicketIdParam,
    query: NoParams,
    body: null,
    status: 200,
    response: ApiTicketStatus,
    errors: [404],
  }),
  attachCase: op({
    method: 'put',
    path: '/tickets/{id}/case',
    scope: 'cases:write',
    summary:
      '登记办件编号 · Attach the approval system’s case number (办件编号) to a ticket; audited, sent by webhook',
    params: TicketIdParam,
    query: NoParams,
    body: ApiCaseAttach,
    status: 200,
    response: ApiTicketStatus,
    errors: [404, 413, 503],
  }),
  listRatings: op({
    method: 'get',
    path: '/ratings',
    scope: 'ratings:read',
    summary: '评价记录 · Ratings of tickets of business days from–to (at most 400 days), oldest first',
    params: NoParams,
    query: ApiRatingsQuery,
    body: null,
    status: 200,
    response: ApiRatings,
    errors: [],
  }),
  getTodayFigures: op({
    method: 'get',
    path: '/figures/today',
    scope: 'queue:read',
    summary: '今日数据 · The business day so far: issued, served, waiting, waits, ratings',
    params: NoParams,
    query: NoParams,
    body: null,
    status: 200,
    response: ApiTodayFigures,
    errors: [],
  }),
  createWebhook: op({
    method: 'post',
    path: '/webhooks',
    scope: 'webhooks:manage',
    summary: '订阅事件 · Subscribe a URL to event types; the signing secret is returned once',
    params: NoParams,
    query: NoParams,
    body: ApiWebhookCreate,
    status: 201,
    response: ApiWebhookCreated,
    errors: [413],
  }),
  listWebhooks: op({
    method: 'get',
    path: '/webhooks',
    scope: 'webhooks:manage',
    summary: '我的订阅 · This client’s subscriptions and how far behind each is',
    params: NoParams,
    query: NoParams,
    body: null,
    status: 200,
    response: ApiWebhookList,
    errors: [],
  }),
  deleteWebhook: op({
    method: 'delete',
    path: '/webhooks/{id}',
    scope: 'webhooks:manage',
    summary: '取消订阅 · Remove a subscription (deliveries stop)',
    params: SubscriptionIdParam,
    query: NoParams,
    body: null,
    status: 204,
    response: null,
    errors: [404],
  }),
  replayWebhook: op({
    method: 'post',
    path: '/webhooks/{id}/replay',
    scope: 'webhooks:manage',
    summary: '重发 · Deliver again every event after a log entry, and clear any back-off',
    params: SubscriptionIdParam,
    query: NoParams,
    body: ApiWebhookReplay,
    status: 204,
    response: null,
    errors: [404, 413],
  }),
  listWebhookDeliveries: op({
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    scope: 'webhooks:manage',
    summary: '投递记录 · The latest delivery attempts, newest first (status codes, errors)',
    params: SubscriptionIdParam,
    query: DeliveriesQuery,
    body: null,
    status: 200,
    response: ApiWebhookDeliveries,
    errors: [404],
  }),
  listAppointmentSlots: op({
    method: 'get',
    path: '/appointments/slots',
    scope: 'appointments:write',
    summary:
      '预约时段 · The slots of a service on a day, with free places and whether each may be booked now',
    params: NoParams,
    query: AppointmentSlotsQuery,
    body: null,
    status: 200,
    response: AppointmentSlots,
    errors: [404],
  }),
  createAppointment: op({
    method: 'post',
    path: '/appointments',
    scope: 'appointments:write',
    summary:
      '预约 · Book a slot for a visitor (ID number check digit validated); 409 with the reason when the rules refuse',
    params: NoParams,
    query: NoParams,
    body: AppointmentBookRequest,
    status: 201,
    response: AppointmentView,
    errors: [409, 413, 503],
  }),
  getAppointment: op({
    method: 'get',
    path: '/appointments/{code}',
    scope: 'appointments:write',
    summary: '查询预约 · An appointment by its booking code (the person masked)',
    params: BookingCodeParam,
    query: NoParams,
    body: null,
    status: 200,
    response: AppointmentView,
    errors: [404],
  }),
  cancelAppointment: op({
    method: 'post',
    path: '/appointments/{code}/cancel',
    scope: 'appointments:write',
    summary: '取消预约 · Cancel a booked appointment before its cancellation deadline; 409 when too late',
    params: BookingCodeParam,
    query: NoParams,
    body: null,
    status: 200,
    response: AppointmentView,
    errors: [404, 409, 503],
  }),
} as const;

export type ApiOperationId = keyof typeof ApiOperations;
export const API_OPERATION_IDS = Object.keys(ApiOperations) as ApiOperationId[];
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
export type ApiParams<O extends ApiOperationId> = z.infer<(typeof ApiOperations)[O]['params']>;
export type ApiQuery<O extends ApiOperationId> = z.infer<(typeof ApiOperations)[O]['query']>;
export type ApiBody<O extends ApiOperationId> = Infer<(typeof ApiOperations)[O]['body']>;
export type ApiResponse<O extends ApiOperationId> = Infer<(typeof ApiOperations)[O]['response']>;

/** Where the API lives on the hub. */
export const API_PREFIX = '/api/v1';

/** Named schemas, shown under `components.schemas` in the OpenAPI document. */
export const API_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  ApiError,
  ErrorBody,
  LocalizedText,
  AppointmentBookRequest,
  AppointmentSlots,
  AppointmentView,
  WebhookTicket,
  WebhookEventType,
  DurationFigures,
  RatingFigures,
  ApiService,
  ApiServices,
  ApiWindow,
  ApiTicketStatus,
  ApiRating,
  ApiRatings,
  ApiServiceFigures,
  ApiTodayFigures,
  ApiWebhookSubscription,
  ApiWebhookCreate,
  ApiWebhookCreated,
  ApiWebhookList,
  ApiWebhookReplay,
  ApiWebhookDelivery,
  ApiWebhookDeliveries,
};
