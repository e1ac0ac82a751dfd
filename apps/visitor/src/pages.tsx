import { useLanguage } from '@hallq/ui/language';
import { lazy, type ReactNode, Suspense } from 'react';
import type { VisitorRoute } from './route.ts';
import { TicketPage } from './ticket/TicketPage.tsx';
import { NotFound } from './VisitorApp.tsx';

/**
 * The booking pages load only when asked for: a phone following its ticket (the QR code on every ticket) must
 * not download the booking form and its QR encoder (the ticket page stays under 100 kB gzipped).
 */
const BookingPage = lazy(() =>
  import('./booking/BookingPage.tsx').then((module) => ({ default: module.BookingPage })),
);

function NotFoundPage() {
  return <NotFound language={useLanguage()} />;
}

/** The page of each route: add a page here and its route in route.ts (and on the hub, in public-routes.ts). */
export function pageOf(route: VisitorRoute): ReactNode {
  switch (route.page) {
    case 'ticket':
      return <TicketPage token={route.token} />;
    case 'book':
      return (
        <Suspense fallback={null}>
          <BookingPage />
        </Suspense>
      );
    case 'not-found':
      return <NotFoundPage />;
  }
}
