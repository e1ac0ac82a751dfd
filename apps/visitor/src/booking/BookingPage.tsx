/**
 * 预约办事 on a phone: service → day → slot (free places refreshed live) → ID type and number, name, mobile →
 * the booking code and its QR code. A second tab finds or cancels a booking with its code and ID number.
 */
import { useState } from 'react';
import { type BookingApi, bookingApi } from './booking-api.ts';
import { B } from './booking-text.ts';
import './booking.css';
import { BookSteps } from './BookSteps.tsx';
import { Say } from './booking-parts.tsx';
import { ManageBooking } from './ManageBooking.tsx';

export function BookingPage(props: { api?: BookingApi }) {
  const api = props.api ?? bookingApi;
  const [tab, setTab] = useState<'book' | 'manage'>('book');
  return (
    <section className="booking" data-testid="booking">
      <h1 className="booking-title">
        <Say text={B.title} />
      </h1>
      <div className="booking-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'book'}
          data-testid="tab-book"
          onClick={() => setTab('book')}
        >
          <Say text={B.bookTab} />
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'manage'}
          data-testid="tab-manage"
          onClick={() => setTab('manage')}
        >
          <Say text={B.manageTab} />
        </button>
      </div>
      {tab === 'book' ? <BookSteps api={api} /> : <ManageBooking api={api} />}
    </section>
  );
}
