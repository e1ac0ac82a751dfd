import { localized, useLanguage } from '@hallq/ui/language';
import type { ReactNode } from 'react';
import type { VisitorRoute } from './route.ts';
import { FRAME_TEXT, NotFound } from './VisitorApp.tsx';

/** The booking pages' place (预约), until they come. */
function BookingPlaceholder() {
  const language = useLanguage();
  return (
    <section className="card" data-testid="booking">
      <h1>{localized(FRAME_TEXT.booking, language)}</h1>
    </section>
  );
}

function NotFoundPage() {
  return <NotFound language={useLanguage()} />;
}

/** The page of each route: add a page here and its route in route.ts (and on the hub, in public-routes.ts). */
export function pageOf(route: VisitorRoute): ReactNode {
  switch (route.page) {
    case 'ticket':
      return <NotFoundPage />;
    case 'book':
      return <BookingPlaceholder />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
