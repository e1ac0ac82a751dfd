import { type BookingRouteDeps, bookingRoutes } from './booking-routes.ts';
import type { PublicRoute } from './public-router.ts';
import type { TicketPageFeed } from './ticket-page-feed.ts';
import type { VisitorFiles } from './visitor-files.ts';

/** What the public routes are made of; each feature of the visitor's pages adds its service here. */
export interface PublicRouteDeps {
  readonly files: VisitorFiles;
  /** 预约: the booking page's data routes. */
  readonly booking?: BookingRouteDeps;
  readonly ticketPages: TicketPageFeed;
}

/**
 * EVERY route of the public listener, in one place: a path not listed here is 404 on it. Pages are the visitor
 * app's index.html (the app reads its own route from the address); data a page needs has a route of its own
 * beside its page. See /work/wt/PUBLIC-LISTENER.md (docs) for how to add one.
 */
export function publicRoutes(deps: PublicRouteDeps): PublicRoute[] {
  const page: PublicRoute['handle'] = ({ req }, res) => deps.files.page(req, res);
  return [
    // The visitor app's own files.
    {
      method: 'GET',
      path: '/assets/*',
      handle: ({ req, rest }, res) => deps.files.file(req, res, `assets/${rest}`),
    },
    {
      method: 'GET',
      path: '/favicon.ico',
      handle: ({ req }, res) => deps.files.file(req, res, 'favicon.ico'),
    },
    // A ticket's page, by the token its QR code carries, and its data: the live stream, the view, the rating.
    { method: 'GET', path: '/t/:token', handle: page },
    // The booking page's data (before the page itself, which takes every other /book/ path).
    ...(deps.booking ? bookingRoutes(deps.booking) : []),
    ...deps.ticketPages.routes,
    // The booking pages (预约).
    { method: 'GET', path: '/book/*', handle: page },
  ];
}
