import { useLanguage } from '@hallq/ui/language';
import type { ReactNode } from 'react';
import { BookingPage } from './booking/BookingPage.tsx';
import type { VisitorRoute } from './route.ts';
import { TicketPage } from './ticket/TicketPage.tsx';
import { NotFound } from './VisitorApp.tsx';

function NotFoundPage() {
  return <NotFound language={useLanguage()} />;
}

/** The page of each route: add a page here and its route in route.ts (and on the hub, in public-routes.ts). */
export function pageOf(route: VisitorRoute): ReactNode {
  switch (route.page) {
    case 'ticket':
      return <TicketPage token={route.token} />;
    case 'book':
      return <BookingPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
