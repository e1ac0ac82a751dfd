import type { HallConfig } from '@hallq/protocol';
import type { AppointmentDesk } from '../appointments/appointment-desk.ts';
import type { HttpErrorReporter } from '../http/http-app.ts';
import { type AddressLimits, createAddressLimiter, DEFAULT_PUBLIC_LIMITS } from './address-limiter.ts';
import { createPerPersonLimiter, type PerPersonLimits } from './per-person-limiter.ts';
import { createPublicServer, type PublicListenerConfig } from './public-listener.ts';
import { createPublicRouter } from './public-router.ts';
import { publicRoutes } from './public-routes.ts';
import { createVisitorFiles } from './visitor-files.ts';

/** The hub's settings of its public listener (HubConfig.publicListener). */
export interface PublicSideConfig extends PublicListenerConfig {
  /** The built visitor app (apps/visitor/dist). */
  readonly visitorDir: string;
  /** Per-address limits; absent: DEFAULT_PUBLIC_LIMITS. */
  readonly limits?: AddressLimits;
  /** Per ID number on the booking page; absent: DEFAULT_PER_PERSON_LIMITS. */
  readonly personLimits?: PerPersonLimits;
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
  booking?: { appointments: AppointmentDesk; hall: () => HallConfig };
}) {
  const limiter = createAddressLimiter(deps.config.limits ?? DEFAULT_PUBLIC_LIMITS);
  const files = createVisitorFiles(deps.config.visitorDir);
  const handler = createPublicRouter({
    routes: publicRoutes({
      files,
      ...(deps.booking && {
        booking: {
          ...deps.booking,
          perPerson: createPerPersonLimiter(deps.config.personLimits),
          clock: deps.clock,
        },
      }),
    }),
    limiter,
    clock: deps.clock,
    tls: deps.tls !== null,
    onError: deps.onError,
  });
  const server = createPublicServer({ config: deps.config, tls: deps.tls, handler });
  return {
    listen: () => server.listen(),
    close: () => server.close(),
  };
}

export type PublicSide = ReturnType<typeof createPublicSide>;
