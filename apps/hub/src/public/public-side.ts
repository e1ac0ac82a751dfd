import type { HallUpdate } from '@hallq/protocol';
import { ticketPageUrl } from '@hallq/protocol';
import type { AppointmentDesk } from '../appointments/appointment-desk.ts';
import type { HallService } from '../hall-service.ts';
import type { HttpErrorReporter } from '../http/http-app.ts';
import type { RatingDesk } from '../rating-desk.ts';
import type { TicketTokens } from '../tickets/ticket-tokens.ts';
import { type AddressLimits, createAddressLimiter, DEFAULT_PUBLIC_LIMITS } from './address-limiter.ts';
import { createPerPersonLimiter, type PerPersonLimits } from './per-person-limiter.ts';
import { createPublicServer, type PublicListenerConfig } from './public-listener.ts';
import { createPublicRouter } from './public-router.ts';
import { publicRoutes } from './public-routes.ts';
import { createTicketPageFeed } from './ticket-page-feed.ts';
import { createVisitorFiles } from './visitor-files.ts';

/** The hub's settings of its public listener (HubConfig.publicListener). */
export interface PublicSideConfig extends PublicListenerConfig {
  /** The built visitor app (apps/visitor/dist). */
  readonly visitorDir: string;
  /** Per-address limits; absent: DEFAULT_PUBLIC_LIMITS. */
  readonly limits?: AddressLimits;
  /** Per ID number on the booking page; absent: DEFAULT_PER_PERSON_LIMITS. */
  readonly personLimits?: PerPersonLimits;
  /**
   * The address phones reach the listener at (behind a reverse proxy, the proxy's): what tickets' QR codes open.
   * Absent or null: the listener's own address.
   */
  readonly baseUrl?: string | null;
  /** A reverse proxy on this machine fronts the listener: limits go by the address it forwards (X-Forwarded-For). */
  readonly trustProxy?: boolean;
}

/**
 * Everything the public listener is made of: its server, its router with the routes of public-routes.ts, and the
 * rate limits per address. Built from the hub's services by create-hub.ts; nothing of the staff side is shared.
 */
export function createPublicSide(deps: {
  config: PublicSideConfig;
  tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  clock: () => number;
  onError: HttpErrorReporter;
  /** The booking page's services (预约); absent: the booking routes answer 404. */
  booking?: { appointments: AppointmentDesk };
  hall: HallService;
  tokens: TicketTokens;
  ratings: RatingDesk;
}) {
  const limiter = createAddressLimiter(deps.config.limits ?? DEFAULT_PUBLIC_LIMITS);
  const files = createVisitorFiles(deps.config.visitorDir);
  const ticketPages = createTicketPageFeed({
    hall: deps.hall,
    tokens: deps.tokens,
    ratings: deps.ratings,
    limiter,
    clock: deps.clock,
  });
  let baseUrl: string | null = deps.config.baseUrl ?? null;
  const handler = createPublicRouter({
    routes: publicRoutes({
      files,
      ticketPages,
      ...(deps.booking && {
        booking: {
          appointments: deps.booking.appointments,
          hall: () => deps.hall.hall(),
          perPerson: createPerPersonLimiter(deps.config.personLimits),
          clock: deps.clock,
        },
      }),
    }),
    limiter,
    clock: deps.clock,
    tls: deps.tls !== null,
    trustProxy: deps.config.trustProxy ?? false,
    onError: deps.onError,
  });
  const server = createPublicServer({ config: deps.config, tls: deps.tls, handler });
  return {
    async listen(): Promise<{ url: string; port: number }> {
      const listening = await server.listen();
      baseUrl ??= listening.url;
      return listening;
    },
    /** The address of a ticket's page (its QR code), or null before the listener listens or without a token. */
    ticketPageUrl(ticketId: string): string | null {
      if (baseUrl === null) return null;
      const token = deps.tokens.tokenFor(ticketId);
      return token === null ? null : ticketPageUrl(baseUrl, token);
    },
    onUpdate: (update: HallUpdate) => ticketPages.onUpdate(update),
    openStreams: () => ticketPages.openStreams(),
    close(): Promise<void> {
      ticketPages.close();
      return server.close();
    },
  };
}

export type PublicSide = ReturnType<typeof createPublicSide>;
